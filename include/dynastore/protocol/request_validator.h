// The first check of every request: its members against the operation's
// modelled shape (request_shapes.h), as DynamoDB's request validator does
// before anything else looks at the request.
#pragma once

#include "dynastore/json/json.h"
#include "dynastore/protocol/request_shapes.h"

namespace dynastore::protocol {

// Throws SerializationException for a member of the wrong JSON type (as
// wire.h's getters do), else ValidationException listing every violated
// constraint — required members, lengths (in UTF-16 code units, as Java
// counts them), value ranges, enum sets, patterns — in DynamoDB's order:
// "N validation errors detected: Value 'x' at 'keySchema.1.member.keyType'
// failed to satisfy constraint: Member must satisfy enum value set: [HASH,
// RANGE]; ...". Unknown members are ignored, as DynamoDB ignores them;
// AttributeValues and table ARNs are left to the operation. A valid request
// costs no allocation.
void validate_request_shape(RequestShape shape, const json::Value& request);

}  // namespace dynastore::protocol
