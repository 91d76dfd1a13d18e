// Which attributes a read returns: all, the legacy AttributesToGet list, or
// (with the expressions issue) a ProjectionExpression. Shared by GetItem,
// BatchGetItem, Query and Scan.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "dynastore/json/json.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::api {

class AttributeSelection {
 public:
  bool selects_all() const { return !names_; }
  // Keeps only the selected attributes of `item`.
  model::Item apply(model::Item item) const;

 private:
  friend AttributeSelection parse_attribute_selection(const json::Value& spec);
  std::optional<std::set<std::string, std::less<>>> names_;
};

// Query/Scan's Select, checked against the selection it goes with.
enum class Select { kAllAttributes, kAllProjectedAttributes, kSpecificAttributes, kCount };
// Reads Select (default: SPECIFIC_ATTRIBUTES when attributes are selected,
// else ALL_ATTRIBUTES) and applies DynamoDB's combination rules. Throws.
Select parse_select(const json::Value& request, const AttributeSelection& selection, bool uses_index);

// Reads AttributesToGet / ProjectionExpression from `spec` (the request, or a
// BatchGetItem table entry). Throws ValidationException.
AttributeSelection parse_attribute_selection(const json::Value& spec);

}  // namespace dynastore::api
