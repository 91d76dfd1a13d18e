// A stored stream record (partition/stream_record.h) as GetRecords returns
// it (API Reference, DynamoDB Streams, "Record" and "StreamRecord").
#pragma once

#include <cstdint>
#include <string_view>

#include "api/request_context.h"
#include "dynastore/catalog/table_info.h"
#include "dynastore/json/json.h"

namespace dynastore::api {

// Writes the record; returns its bytes as the 1 MB page limit counts them.
// Throws InternalServerError on corrupt bytes.
std::size_t write_stream_record(json::Writer& writer, const RequestContext& context,
                                const catalog::StreamInfo& stream, std::uint64_t sequence, std::string_view bytes);

}  // namespace dynastore::api
