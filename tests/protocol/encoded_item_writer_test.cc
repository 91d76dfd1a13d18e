#include <gtest/gtest.h>

#include <string>

#include "dynastore/model/item_codec.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::protocol {
namespace {

model::Item item_from_json(std::string_view text) {
  json::Document doc;
  EXPECT_EQ(json::parse(text, doc), "") << text;
  return parse_item(doc);
}

std::string via_item(const model::Item& item) {
  rapidjson::StringBuffer buffer;
  json::Writer writer(buffer);
  write_item(writer, item);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string via_encoding(std::string_view encoded, Status& status) {
  rapidjson::StringBuffer buffer;
  json::Writer writer(buffer);
  status = write_encoded_item(writer, encoded);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// Whatever the item holds, writing it from its stored bytes gives exactly
// what decoding it and writing the decoded item gives.
TEST(EncodedItemWriterTest, MatchesWritingTheDecodedItem) {
  const char* items[] = {
      R"({"pk":{"S":"a"}})",
      R"({})",
      R"({"pk":{"S":"key"},"n":{"N":"-12.5e3"},"b":{"B":"AAEC/w=="},"t":{"BOOL":true},"f":{"BOOL":false},)"
      R"("z":{"NULL":true},"e":{"S":""},"eb":{"B":""}})",
      R"({"pk":{"N":"1"},"ss":{"SS":["x","y","a\"quote"]},"ns":{"NS":["3","1","2.5"]},"bs":{"BS":["AQ==","Ag=="]}})",
      R"({"pk":{"S":"p"},"m":{"M":{"inner":{"M":{"deep":{"L":[{"S":"x"},{"M":{}},{"L":[]},{"NULL":true}]}}},)"
      R"("s":{"S":"\u00e9\n\t\\"}}},"l":{"L":[{"N":"0"},{"BOOL":false},{"SS":["q"]},{"M":{"k":{"B":"/w=="}}}]}})",
      R"({"pk":{"S":"unicode \ud83d\ude00"},"em":{"M":{}},"el":{"L":[]}})",
  };
  for (const char* text : items) {
    const model::Item item = item_from_json(text);
    std::string encoded;
    model::encode_item(item, encoded);
    Status status;
    EXPECT_EQ(via_encoding(encoded, status), via_item(item)) << text;
    EXPECT_TRUE(status.is_ok()) << text;
  }
}

TEST(EncodedItemWriterTest, CorruptBytesAreReportedNotWritten) {
  const model::Item item = item_from_json(R"({"pk":{"S":"a"},"m":{"M":{"x":{"L":[{"N":"1"}]}}}})");
  std::string encoded;
  model::encode_item(item, encoded);
  Status status;
  // Every truncation of a valid encoding is malformed.
  for (std::size_t length = 0; length < encoded.size(); ++length) {
    via_encoding(std::string_view(encoded).substr(0, length), status);
    EXPECT_EQ(status.code(), StatusCode::kCorruption) << length;
  }
  // Trailing bytes, and an unknown format version.
  via_encoding(encoded + "x", status);
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  std::string other_version = encoded;
  other_version[0] = 2;
  via_encoding(other_version, status);
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace dynastore::protocol
