#include "api/operations.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

// DynamoDB answers with its regional endpoint ("dynamodb.us-east-1.amazonaws.com",
// a host name without scheme) and CachePeriodInMinutes 1440. Our endpoint is
// wherever the client reached us: the request's Host header (host[:port]),
// so that a server behind a port mapping or a proxy names the address the
// client can use again. SDKs add the scheme themselves (the Java SDK v2 uses
// its configured endpoint's).
void describe_endpoints(RequestContext& context, const json::Value&, json::Writer& response) {
  response.StartObject();
  protocol::write_key(response, "Endpoints");
  response.StartArray();
  response.StartObject();
  protocol::write_key(response, "Address");
  const std::string_view address = context.endpoint_address;
  response.String(address.data(), static_cast<json::SizeType>(address.size()));
  protocol::write_key(response, "CachePeriodInMinutes");
  response.Int64(1440);
  response.EndObject();
  response.EndArray();
  response.EndObject();
}

}  // namespace dynastore::api::ops
