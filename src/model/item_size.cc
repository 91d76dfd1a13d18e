#include "dynastore/model/item_size.h"

#include "dynastore/model/number.h"

namespace dynastore::model {

namespace {

std::size_t number_size(const std::string& canonical) {
  auto number = Number::parse(canonical);
  return number.is_ok() ? number->storage_size() : canonical.size();
}

}  // namespace

std::size_t value_size(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeType::kString:
    case AttributeType::kBinary:
      return value.scalar().size();
    case AttributeType::kNumber:
      return number_size(value.scalar());
    case AttributeType::kBool:
    case AttributeType::kNull:
      return 1;
    case AttributeType::kMap: {
      std::size_t size = 3;
      for (const auto& [name, element] : value.map_value()) size += 1 + name.size() + value_size(element);
      return size;
    }
    case AttributeType::kList: {
      std::size_t size = 3;
      for (const auto& element : value.list_value()) size += 1 + value_size(element);
      return size;
    }
    case AttributeType::kStringSet:
    case AttributeType::kBinarySet: {
      std::size_t size = 0;
      for (const auto& member : value.set_members()) size += member.size();
      return size;
    }
    case AttributeType::kNumberSet: {
      std::size_t size = 0;
      for (const auto& member : value.set_members()) size += number_size(member);
      return size;
    }
  }
  return 0;
}

std::size_t item_size(const Item& item) {
  std::size_t size = 0;
  for (const auto& [name, value] : item) size += name.size() + value_size(value);
  return size;
}

}  // namespace dynastore::model
