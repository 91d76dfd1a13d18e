#include "dynastore/model/attribute_value.h"

#include <algorithm>

namespace dynastore::model {

std::string_view type_descriptor(AttributeType type) {
  switch (type) {
    case AttributeType::kString: return "S";
    case AttributeType::kNumber: return "N";
    case AttributeType::kBinary: return "B";
    case AttributeType::kBool: return "BOOL";
    case AttributeType::kNull: return "NULL";
    case AttributeType::kMap: return "M";
    case AttributeType::kList: return "L";
    case AttributeType::kStringSet: return "SS";
    case AttributeType::kNumberSet: return "NS";
    case AttributeType::kBinarySet: return "BS";
  }
  return "?";
}

bool is_set_type(AttributeType type) {
  return type == AttributeType::kStringSet || type == AttributeType::kNumberSet ||
         type == AttributeType::kBinarySet;
}

AttributeValue AttributeValue::boolean(bool b) {
  AttributeValue v(AttributeType::kBool, {});
  v.bool_ = b;
  return v;
}

AttributeValue AttributeValue::null() {
  AttributeValue v(AttributeType::kNull, {});
  v.bool_ = true;  // DynamoDB's NULL is always {"NULL": true}
  return v;
}

AttributeValue AttributeValue::map(AttributeMap m) {
  AttributeValue v(AttributeType::kMap, {});
  v.map_ = std::move(m);
  return v;
}

AttributeValue AttributeValue::list(AttributeList l) {
  AttributeValue v(AttributeType::kList, {});
  v.list_ = std::move(l);
  return v;
}

AttributeValue AttributeValue::set(AttributeType kind, std::vector<std::string> members) {
  AttributeValue v(kind, {});
  v.set_ = std::move(members);
  return v;
}

bool operator==(const AttributeValue& a, const AttributeValue& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case AttributeType::kString:
    case AttributeType::kNumber:  // canonical text: equal numbers have equal text
    case AttributeType::kBinary:
      return a.scalar_ == b.scalar_;
    case AttributeType::kBool:
      return a.bool_ == b.bool_;
    case AttributeType::kNull:
      return true;
    case AttributeType::kMap:
      return a.map_ == b.map_;
    case AttributeType::kList:
      return a.list_ == b.list_;
    case AttributeType::kStringSet:
    case AttributeType::kNumberSet:
    case AttributeType::kBinarySet: {
      if (a.set_.size() != b.set_.size()) return false;
      // Members are unique, so equal size + every member of a in b is equality.
      return std::all_of(a.set_.begin(), a.set_.end(), [&](const std::string& m) {
        return std::find(b.set_.begin(), b.set_.end(), m) != b.set_.end();
      });
    }
  }
  return false;
}

}  // namespace dynastore::model
