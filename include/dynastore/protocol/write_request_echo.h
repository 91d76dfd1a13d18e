// BatchWriteItem's RequestItems as DynamoDB echoes them in a validation
// message: its Java model's toString, e.g.
//   {t=[WriteRequest(putRequest=PutRequest(item={pk=AttributeValue(s=a,
//   n=null, ...)}, workloadProfileName=null), deleteRequest=null)]}
// (captured in eu-west-2, ap-southeast-2 and eu-central-1, 2026-09-20:
// paritysuite/dynamodb-conformance captures/cross-region-latest.json,
// c_bw_over25; us-east-1 printed object hashes there instead). Maps come in
// the order a java.util.HashMap filled in request order iterates them.
#pragma once

#include <string>

#include "dynastore/json/json.h"

namespace dynastore::protocol {

// The whole map, quoted as a constraint message shows a value: '{...}'.
std::string quoted_write_requests(const json::Value& request_items);

}  // namespace dynastore::protocol
