// The answers of a request over a throughput limit (ThroughputLimiter), as
// DynamoDB gives them: the exception, its message and ThrottlingReasons.
#pragma once

#include <string>

#include "api/request_context.h"
#include "api/throughput_limiter.h"
#include "dynastore/catalog/table_info.h"
#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api {

// ProvisionedThroughputExceededException (provisioned) or
// ThrottlingException (an on-demand maximum), with ThrottlingReasons naming
// the table's or index's ARN and e.g. "TableWriteProvisionedThroughputExceeded".
protocol::DynamoError throttle_error(const RequestContext& context, const catalog::TableInfo& table,
                                     const Throttle& throttle);

// A transaction's CancellationReasons entry for the same:
// ProvisionedThroughputExceeded or ThrottlingError, and its message.
struct ThrottleReason {
  std::string code;
  std::string message;
};
ThrottleReason throttle_reason(const Throttle& throttle);

// Throws throttle_error when the server enforces capacity and a request
// reading (writing) `table` (or reading `gsi`) would pass a limit now.
inline void check_throughput(RequestContext& context, const catalog::TableInfo& table, Access access,
                             const catalog::IndexInfo* gsi = nullptr) {
  if (context.limiter == nullptr) return;
  if (auto throttle = context.limiter->check(table, access, gsi)) throw throttle_error(context, table, *throttle);
}

}  // namespace dynastore::api
