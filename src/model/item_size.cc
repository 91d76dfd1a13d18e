#include "dynastore/model/item_size.h"

#include "dynastore/model/item_codec.h"
#include "dynastore/model/number.h"

namespace dynastore::model {

namespace {

// DynamoDB's overheads (item_size.h), shared by both ways of measuring.
constexpr std::size_t kContainerBytes = 3;   // an M or L value itself
constexpr std::size_t kElementBytes = 1;     // each element of an M or L
constexpr std::size_t kBoolOrNullBytes = 1;  // a BOOL or NULL value

std::size_t number_size(std::string_view canonical) {
  auto number = Number::parse(canonical);
  return number.is_ok() ? number->storage_size() : canonical.size();
}

// The same rules as value_size(), applied to the walk of an encoded item.
class SizeVisitor final : public EncodedItemVisitor {
 public:
  std::size_t size() const { return size_; }

  void begin_map() override {
    if (depth_ > 0) size_ += element_overhead() + kContainerBytes;  // an M value, not the item itself
    ++depth_;
  }
  void name(std::string_view name) override { size_ += name.size(); }
  void end_map() override { --depth_; }
  void scalar(AttributeType type, std::string_view bytes) override {
    size_ += element_overhead() + (type == AttributeType::kNumber ? number_size(bytes) : bytes.size());
  }
  void boolean(bool) override { size_ += element_overhead() + kBoolOrNullBytes; }
  void null() override { size_ += element_overhead() + kBoolOrNullBytes; }
  void begin_list() override {
    size_ += element_overhead() + kContainerBytes;
    ++depth_;
  }
  void end_list() override { --depth_; }
  void begin_set(AttributeType type) override {
    size_ += element_overhead();
    number_set_ = type == AttributeType::kNumberSet;
  }
  void set_member(std::string_view bytes) override { size_ += number_set_ ? number_size(bytes) : bytes.size(); }
  void end_set() override {}

 private:
  // An element of a map or list (depth 2 and more) costs kElementBytes more
  // than a top-level attribute's value (depth 1: inside the item itself).
  std::size_t element_overhead() const { return depth_ > 1 ? kElementBytes : 0; }

  int depth_ = 0;
  std::size_t size_ = 0;
  bool number_set_ = false;  // sets hold scalars only, so one flag will do
};

}  // namespace

Result<std::size_t> encoded_item_size(std::string_view encoded) {
  SizeVisitor visitor;
  auto status = visit_encoded_item(encoded, visitor);
  if (!status.is_ok()) return status;
  return visitor.size();
}

std::size_t value_size(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeType::kString:
    case AttributeType::kBinary:
      return value.scalar().size();
    case AttributeType::kNumber:
      return number_size(value.scalar());
    case AttributeType::kBool:
    case AttributeType::kNull:
      return kBoolOrNullBytes;
    case AttributeType::kMap: {
      std::size_t size = kContainerBytes;
      for (const auto& [name, element] : value.map_value()) size += kElementBytes + name.size() + value_size(element);
      return size;
    }
    case AttributeType::kList: {
      std::size_t size = kContainerBytes;
      for (const auto& element : value.list_value()) size += kElementBytes + value_size(element);
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

namespace {

// Recursion is bounded: an item that passed validation is at most 32 levels
// deep and one update adds at most a 32-level path and a 32-level value.
bool nested_beyond(const AttributeValue& value, int level, int max_levels) {
  if (level >= max_levels) return true;
  if (value.type() == AttributeType::kMap) {
    for (const auto& [name, element] : value.map_value()) {
      if (nested_beyond(element, level + 1, max_levels)) return true;
    }
  } else if (value.type() == AttributeType::kList) {
    for (const auto& element : value.list_value()) {
      if (nested_beyond(element, level + 1, max_levels)) return true;
    }
  }
  return false;
}

}  // namespace

bool item_nested_beyond(const Item& item, int max_levels) {
  for (const auto& [name, value] : item) {
    if (nested_beyond(value, 0, max_levels)) return true;
  }
  return false;
}

std::size_t item_size(const Item& item) {
  std::size_t size = 0;
  for (const auto& [name, value] : item) size += name.size() + value_size(value);
  return size;
}

}  // namespace dynastore::model
