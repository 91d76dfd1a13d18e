#include "dynastore/model/item_codec.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dynastore/common/varint.h"

namespace dynastore::model {

namespace {

constexpr std::uint8_t kFormatVersion = 1;
// Deeper than anything validation lets in (DynamoDB allows 32 levels); a
// guard against corrupt bytes recursing without end.
constexpr int kMaxDecodeDepth = 64;

void encode_value(const AttributeValue& v, std::string& out);

void encode_map(const AttributeMap& m, std::string& out) {
  append_varint(out, m.size());
  for (const auto& [name, value] : m) {
    append_length_prefixed(out, name);
    encode_value(value, out);
  }
}

void encode_value(const AttributeValue& v, std::string& out) {
  out.push_back(static_cast<char>(v.type()));
  switch (v.type()) {
    case AttributeType::kString:
    case AttributeType::kNumber:
    case AttributeType::kBinary:
      append_length_prefixed(out, v.scalar());
      break;
    case AttributeType::kBool:
      out.push_back(v.bool_value() ? 1 : 0);
      break;
    case AttributeType::kNull:
      break;
    case AttributeType::kMap:
      encode_map(v.map_value(), out);
      break;
    case AttributeType::kList:
      append_varint(out, v.list_value().size());
      for (const auto& element : v.list_value()) encode_value(element, out);
      break;
    case AttributeType::kStringSet:
    case AttributeType::kNumberSet:
    case AttributeType::kBinarySet:
      append_varint(out, v.set_members().size());
      for (const auto& member : v.set_members()) append_length_prefixed(out, member);
      break;
  }
}

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  bool varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) return false;
      const auto byte = static_cast<std::uint8_t>(in_.front());
      in_.remove_prefix(1);
      v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }

  bool bytes(std::string_view& out) {
    std::uint64_t len;
    if (!varint(len) || len > in_.size()) return false;
    out = in_.substr(0, len);
    in_.remove_prefix(len);
    return true;
  }

  bool count(std::uint64_t& n) {
    // Every element takes at least one byte, which bounds allocation on corrupt input.
    return varint(n) && n <= in_.size();
  }

  // Walks one map (the item itself, or an M value), reporting to `visitor`.
  bool visit_map(EncodedItemVisitor& visitor, int depth) {
    std::uint64_t n;
    if (!count(n)) return false;
    visitor.begin_map();
    for (std::uint64_t i = 0; i < n; ++i) {
      std::string_view name;
      if (!bytes(name)) return false;
      visitor.name(name);
      if (!visit_value(visitor, depth)) return false;
    }
    visitor.end_map();
    return true;
  }

  bool visit_value(EncodedItemVisitor& visitor, int depth) {
    if (depth > kMaxDecodeDepth || in_.empty()) return false;
    const auto type = static_cast<AttributeType>(static_cast<std::uint8_t>(in_.front()));
    in_.remove_prefix(1);
    switch (type) {
      case AttributeType::kString:
      case AttributeType::kNumber:
      case AttributeType::kBinary: {
        std::string_view s;
        if (!bytes(s)) return false;
        visitor.scalar(type, s);
        return true;
      }
      case AttributeType::kBool:
        if (in_.empty()) return false;
        visitor.boolean(in_.front() != 0);
        in_.remove_prefix(1);
        return true;
      case AttributeType::kNull:
        visitor.null();
        return true;
      case AttributeType::kMap:
        return visit_map(visitor, depth + 1);
      case AttributeType::kList: {
        std::uint64_t n;
        if (!count(n)) return false;
        visitor.begin_list();
        for (std::uint64_t i = 0; i < n; ++i) {
          if (!visit_value(visitor, depth + 1)) return false;
        }
        visitor.end_list();
        return true;
      }
      case AttributeType::kStringSet:
      case AttributeType::kNumberSet:
      case AttributeType::kBinarySet: {
        std::uint64_t n;
        if (!count(n)) return false;
        visitor.begin_set(type);
        for (std::uint64_t i = 0; i < n; ++i) {
          std::string_view member;
          if (!bytes(member)) return false;
          visitor.set_member(member);
        }
        visitor.end_set();
        return true;
      }
    }
    return false;
  }

  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace

void encode_item(const Item& item, std::string& out) {
  out.push_back(static_cast<char>(kFormatVersion));
  encode_map(item, out);
}

namespace {

Status unknown_version() { return Status::corruption("stored item has an unknown format version"); }
Status malformed() { return Status::corruption("stored item is truncated or malformed"); }
bool known_version(std::string_view bytes) {
  return !bytes.empty() && static_cast<std::uint8_t>(bytes.front()) == kFormatVersion;
}

// Builds the item from the walk: one frame per open map or list, each value
// added to the innermost one as it completes.
class ItemBuilder final : public EncodedItemVisitor {
 public:
  Item take() { return std::move(item_); }

  void begin_map() override { frames_.push_back(Frame{AttributeType::kMap, {}, {}, {}}); }
  void name(std::string_view name) override { frames_.back().name.assign(name); }
  void end_map() override {
    AttributeMap map = std::move(frames_.back().map);
    frames_.pop_back();
    if (frames_.empty()) {
      item_ = std::move(map);  // the item itself
    } else {
      add(AttributeValue::map(std::move(map)));
    }
  }
  void scalar(AttributeType type, std::string_view bytes) override {
    std::string text(bytes);
    add(type == AttributeType::kString   ? AttributeValue::string(std::move(text))
        : type == AttributeType::kNumber ? AttributeValue::number(std::move(text))
                                         : AttributeValue::binary(std::move(text)));
  }
  void boolean(bool value) override { add(AttributeValue::boolean(value)); }
  void null() override { add(AttributeValue::null()); }
  void begin_list() override { frames_.push_back(Frame{AttributeType::kList, {}, {}, {}}); }
  void end_list() override {
    AttributeList list = std::move(frames_.back().list);
    frames_.pop_back();
    add(AttributeValue::list(std::move(list)));
  }
  void begin_set(AttributeType type) override {
    set_type_ = type;
    set_members_.clear();
  }
  void set_member(std::string_view bytes) override { set_members_.emplace_back(bytes); }
  void end_set() override { add(AttributeValue::set(set_type_, std::move(set_members_))); }

 private:
  struct Frame {
    AttributeType kind;
    AttributeMap map;
    AttributeList list;
    std::string name;  // of the map member being read
  };

  void add(AttributeValue value) {
    Frame& frame = frames_.back();
    if (frame.kind == AttributeType::kMap) {
      frame.map.emplace(std::move(frame.name), std::move(value));
    } else {
      frame.list.push_back(std::move(value));
    }
  }

  std::vector<Frame> frames_;
  Item item_;
  AttributeType set_type_ = AttributeType::kStringSet;  // sets hold scalars: one at a time
  std::vector<std::string> set_members_;
};

}  // namespace

Result<Item> decode_item(std::string_view bytes) {
  ItemBuilder builder;
  auto status = visit_encoded_item(bytes, builder);
  if (!status.is_ok()) return status;
  return builder.take();
}

Status visit_encoded_item(std::string_view bytes, EncodedItemVisitor& visitor) {
  if (!known_version(bytes)) return unknown_version();
  Decoder decoder(bytes.substr(1));
  if (!decoder.visit_map(visitor, 0) || !decoder.done()) return malformed();
  return Status::ok();
}

}  // namespace dynastore::model
