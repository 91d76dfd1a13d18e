// write_encoded_item: a stored item straight to wire JSON, without building
// the model::Item in between (see wire.h).
#include "dynastore/model/item_codec.h"
#include "dynastore/protocol/base64.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::protocol {

namespace {

using model::AttributeType;

// Writes what write_item() writes for the decoded item: every value as
// {"<type>": ...}, names in stored (sorted) order.
class JsonItemWriter final : public model::EncodedItemVisitor {
 public:
  explicit JsonItemWriter(json::Writer& writer) : writer_(writer) {}

  void begin_map() override {
    // The item itself is a bare object; a map inside it is a value.
    if (map_depth_++ > 0) begin_value(AttributeType::kMap);
    writer_.StartObject();
  }
  void name(std::string_view name) override { write_key(writer_, name); }
  void end_map() override {
    writer_.EndObject();
    if (--map_depth_ > 0) writer_.EndObject();
  }
  void scalar(AttributeType type, std::string_view bytes) override {
    begin_value(type);
    write_member(type == AttributeType::kBinary, bytes);
    writer_.EndObject();
  }
  void boolean(bool value) override {
    begin_value(AttributeType::kBool);
    writer_.Bool(value);
    writer_.EndObject();
  }
  void null() override {
    begin_value(AttributeType::kNull);
    writer_.Bool(true);
    writer_.EndObject();
  }
  void begin_list() override {
    begin_value(AttributeType::kList);
    writer_.StartArray();
  }
  void end_list() override {
    writer_.EndArray();
    writer_.EndObject();
  }
  void begin_set(AttributeType type) override {
    begin_value(type);
    binary_set_ = type == AttributeType::kBinarySet;
    writer_.StartArray();
  }
  void set_member(std::string_view bytes) override { write_member(binary_set_, bytes); }
  void end_set() override {
    writer_.EndArray();
    writer_.EndObject();
  }

 private:
  void begin_value(AttributeType type) {
    writer_.StartObject();
    write_key(writer_, model::type_descriptor(type));
  }
  void write_member(bool binary, std::string_view bytes) {
    if (binary) {
      write_string(writer_, base64_encode(bytes));
    } else {
      write_string(writer_, bytes);
    }
  }

  json::Writer& writer_;
  int map_depth_ = 0;
  bool binary_set_ = false;  // sets hold scalars only, so one flag will do
};

}  // namespace

Status write_encoded_item(json::Writer& writer, std::string_view encoded) {
  JsonItemWriter visitor(writer);
  return model::visit_encoded_item(encoded, visitor);
}

}  // namespace dynastore::protocol
