// A stored stream record (partition/stream_record.h) as JSON: as GetRecords
// returns it (API Reference, DynamoDB Streams, "Record") or, for the stream
// trigger, as AWS Lambda receives it in an event ({"Records": [...]}: the
// same fields plus eventSourceARN, and userIdentity's keys in lower case).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dynastore/catalog/table_info.h"
#include "dynastore/common/status.h"
#include "dynastore/json/json.h"

namespace dynastore::streams {

struct RecordSource {
  std::string_view region;
  const catalog::StreamInfo* stream = nullptr;
  std::string_view stream_arn;  // written as eventSourceARN when lambda_event
  bool lambda_event = false;
};

// Writes the record; returns its size as the 1 MB page limit counts it.
// Corruption when the stored bytes are not a record.
Result<std::size_t> write_record_json(json::Writer& writer, const RecordSource& source, std::uint64_t sequence,
                                      std::string_view bytes);

}  // namespace dynastore::streams
