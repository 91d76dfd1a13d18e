#include "dynastore/model/key_schema.h"

namespace dynastore::model {

std::string_view scalar_type_name(ScalarType type) {
  switch (type) {
    case ScalarType::kString: return "S";
    case ScalarType::kNumber: return "N";
    case ScalarType::kBinary: return "B";
  }
  return "?";
}

std::optional<ScalarType> parse_scalar_type(std::string_view name) {
  if (name == "S") return ScalarType::kString;
  if (name == "N") return ScalarType::kNumber;
  if (name == "B") return ScalarType::kBinary;
  return std::nullopt;
}

AttributeType attribute_type_of(ScalarType type) {
  switch (type) {
    case ScalarType::kString: return AttributeType::kString;
    case ScalarType::kNumber: return AttributeType::kNumber;
    case ScalarType::kBinary: return AttributeType::kBinary;
  }
  return AttributeType::kString;
}

}  // namespace dynastore::model
