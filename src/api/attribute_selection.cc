#include "api/attribute_selection.h"

#include "api/status_mapping.h"
#include "dynastore/model/item_codec.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

void AttributeSelection::write_stored(json::Writer& writer, std::string_view encoded) const {
  if (selects_all()) {
    check(protocol::write_encoded_item(writer, encoded));
  } else {
    protocol::write_item(writer, apply(unwrap(model::decode_item(encoded))));
  }
}

model::Item AttributeSelection::apply(model::Item item) const {
  if (projection_) return expr::project(*projection_, item);
  if (names_) std::erase_if(item, [&](const auto& entry) { return !names_->contains(entry.first); });
  return item;
}

std::set<std::string, std::less<>> AttributeSelection::top_level_names() const {
  if (names_) return *names_;
  std::set<std::string, std::less<>> names;
  if (projection_) names.insert(projection_->top_level_names().begin(), projection_->top_level_names().end());
  return names;
}

AttributeSelection parse_attribute_selection(const json::Value& spec, RequestExpressions& expressions) {
  AttributeSelection selection;
  selection.projection_ = expressions.projection();
  const auto* array = protocol::get_array(spec, "AttributesToGet");
  if (array == nullptr) return selection;
  if (array->Empty()) {
    protocol::ConstraintErrors errors;
    errors.add("'[]'", "attributesToGet", "Member must have length greater than or equal to 1");
    errors.throw_if_any();
  }
  selection.names_.emplace();
  for (const auto& element : array->GetArray()) {
    if (!element.IsString()) throw protocol::DynamoError::serialization("Unexpected value type in payload");
    std::string name(element.GetString(), element.GetStringLength());
    if (!selection.names_->insert(name).second) {
      throw protocol::DynamoError::validation(
          "One or more parameter values were invalid: Duplicate value in attribute name: " + name);
    }
  }
  return selection;
}

Select parse_select(const json::Value& request, const AttributeSelection& selection, bool uses_index) {
  auto text = protocol::get_string(request, "Select");
  if (!text) {
    // DynamoDB's defaults: SPECIFIC_ATTRIBUTES with a projection, else
    // ALL_ATTRIBUTES on a table and ALL_PROJECTED_ATTRIBUTES on an index.
    if (!selection.selects_all()) return Select::kSpecificAttributes;
    return uses_index ? Select::kAllProjectedAttributes : Select::kAllAttributes;
  }
  Select select;
  if (*text == "ALL_ATTRIBUTES") select = Select::kAllAttributes;
  else if (*text == "ALL_PROJECTED_ATTRIBUTES") select = Select::kAllProjectedAttributes;
  else if (*text == "SPECIFIC_ATTRIBUTES") select = Select::kSpecificAttributes;
  else if (*text == "COUNT") select = Select::kCount;
  else {
    protocol::ConstraintErrors errors;
    errors.add(protocol::ConstraintErrors::quoted(*text), "select",
               "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
    errors.throw_if_any();
    return Select::kAllAttributes;
  }
  const bool has_attributes = protocol::find_member(request, "AttributesToGet") != nullptr;
  const bool has_projection = protocol::find_member(request, "ProjectionExpression") != nullptr;
  if (select != Select::kSpecificAttributes && (has_attributes || has_projection)) {
    const char* what = has_attributes ? "AttributesToGet" : "ProjectionExpression";
    if (select == Select::kCount) {
      throw protocol::DynamoError::validation(std::string("Cannot specify the ") + what +
                                              " when choosing to get only the Count");
    }
    throw protocol::DynamoError::validation(std::string("Cannot specify the ") + what + " when choosing to get " +
                                            std::string(*text));
  }
  if (select == Select::kSpecificAttributes && !has_attributes && !has_projection) {
    throw protocol::DynamoError::validation(
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
  }
  if (select == Select::kAllProjectedAttributes && !uses_index) {
    throw protocol::DynamoError::validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  return select;
}

}  // namespace dynastore::api
