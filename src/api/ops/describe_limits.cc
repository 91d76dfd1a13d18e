#include "api/operations.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

// DynamoDB's default quotas for an account in a region (Developer Guide,
// "Service, account, and table quotas").
void describe_limits(RequestContext&, const json::Value&, json::Writer& response) {
  response.StartObject();
  protocol::write_key(response, "AccountMaxReadCapacityUnits");
  response.Int64(80000);
  protocol::write_key(response, "AccountMaxWriteCapacityUnits");
  response.Int64(80000);
  protocol::write_key(response, "TableMaxReadCapacityUnits");
  response.Int64(40000);
  protocol::write_key(response, "TableMaxWriteCapacityUnits");
  response.Int64(40000);
  response.EndObject();
}

}  // namespace dynastore::api::ops
