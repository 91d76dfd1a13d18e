// When an item expires under Time to Live: its TTL attribute read as whole
// epoch seconds (Developer Guide, "Time to Live": a Number of seconds since
// the epoch; any other type, or a value before 1970, never expires).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dynastore/model/attribute_value.h"

namespace dynastore::partition {

std::optional<std::uint64_t> ttl_expiry(const model::Item& item, const std::string& attribute);

}  // namespace dynastore::partition
