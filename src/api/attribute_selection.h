// Which attributes a read returns: all, the legacy AttributesToGet list, or a
// ProjectionExpression. Shared by GetItem, BatchGetItem, Query and Scan.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "api/request_expressions.h"
#include "dynastore/expr/projection.h"
#include "dynastore/json/json.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::api {

class AttributeSelection {
 public:
  bool selects_all() const { return !names_ && !projection_; }
  // Keeps only the selected attributes of `item`.
  model::Item apply(model::Item item) const;
  // Writes the selected attributes of a stored item (model/item_codec.h);
  // all of them straight from its bytes, without decoding. Throws on
  // corrupt bytes (InternalServerError), after writing part of the item.
  void write_stored(json::Writer& writer, std::string_view encoded) const;
  // The top-level attributes a selection asks for (empty when selects_all()).
  std::set<std::string, std::less<>> top_level_names() const;

 private:
  friend AttributeSelection parse_attribute_selection(const json::Value& spec, RequestExpressions& expressions);
  std::optional<std::set<std::string, std::less<>>> names_;
  std::optional<expr::Projection> projection_;
};

// Reads AttributesToGet or ProjectionExpression from `spec` (the request, or
// a BatchGetItem table entry). Throws ValidationException.
AttributeSelection parse_attribute_selection(const json::Value& spec, RequestExpressions& expressions);

// Query/Scan's Select, checked against the selection it goes with.
enum class Select { kAllAttributes, kAllProjectedAttributes, kSpecificAttributes, kCount };
// Reads Select (default: SPECIFIC_ATTRIBUTES when attributes are selected,
// else ALL_ATTRIBUTES on a table and ALL_PROJECTED_ATTRIBUTES on an index)
// and applies DynamoDB's combination rules. Throws.
Select parse_select(const json::Value& request, const AttributeSelection& selection, bool uses_index);

}  // namespace dynastore::api
