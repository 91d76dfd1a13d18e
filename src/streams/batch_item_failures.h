// What a function's response says of the batch it was given, when the
// trigger reports batch item failures (Lambda's ReportBatchItemFailures,
// Developer Guide "Configuring partial batch response with DynamoDB and
// Lambda"): {"batchItemFailures": [{"itemIdentifier": "<SequenceNumber>"}]}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dynastore::streams {

struct BatchVerdict {
  enum class Kind {
    kSuccess,     // an empty or null list, an empty or null response, or no list at all
    kFailedFrom,  // records from `from` on failed; those before were delivered
    kFailed,      // the whole batch failed: an identifier empty, null, malformed or not in the batch
  };
  Kind kind = Kind::kSuccess;
  std::uint64_t from = 0;
  std::string reason;  // for kFailed and kFailedFrom
};

// `first` and `last`: the sequence numbers the batch held.
BatchVerdict read_batch_item_failures(std::string_view response, std::uint64_t first, std::uint64_t last);

}  // namespace dynastore::streams
