// Document paths: a top-level attribute name followed by map member names and list indexes,
// e.g. a.b[3].c. Names here are already resolved (a "#n" placeholder has been replaced by
// its ExpressionAttributeNames value), so a name may contain any character, dots included.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dynastore/model/attribute_value.h"

namespace dynastore::expr {

struct PathElement {
  // Exactly one of: a map member (or top-level attribute) name, or a list index.
  std::string name;
  std::uint32_t index = 0;
  bool is_index = false;

  static PathElement member(std::string n) { return PathElement{std::move(n), 0, false}; }
  static PathElement list_index(std::uint32_t i) { return PathElement{{}, i, true}; }
  bool operator==(const PathElement& other) const = default;
};

// Never empty once parsed; the first element is always a name.
using DocumentPath = std::vector<PathElement>;

// DynamoDB's rendering in overlap/conflict/distinct messages: "[a, b, [3], c]".
std::string path_to_string(const DocumentPath& path);

// The value at `path` in `item`, or nullptr when any step is missing or has the wrong type
// (a member of a non-map, an index of a non-list or past its end). Points into `item`.
const model::AttributeValue* resolve_path(const model::Item& item, const DocumentPath& path);

}  // namespace dynastore::expr
