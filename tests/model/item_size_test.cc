#include "dynastore/model/item_size.h"

#include <gtest/gtest.h>

#include <functional>

#include <string>

#include "dynastore/model/item_codec.h"
#include "dynastore/model/number.h"

namespace dynastore::model {
namespace {

std::size_t number_bytes(std::string_view text) {
  auto n = Number::parse(text);
  EXPECT_TRUE(n.is_ok()) << text;
  return n.is_ok() ? n->storage_size() : 0;
}

TEST(ItemSizeTest, MaxItemSizeIs400KiB) { EXPECT_EQ(kMaxItemSize, 409600u); }

TEST(ItemSizeTest, StringCountsUtf8Bytes) {
  EXPECT_EQ(value_size(AttributeValue::string("")), 0u);
  EXPECT_EQ(value_size(AttributeValue::string("abc")), 3u);
  EXPECT_EQ(value_size(AttributeValue::string("h\xc3\xa9llo")), 6u);      // é is 2 bytes
  EXPECT_EQ(value_size(AttributeValue::string("\xe2\x98\xba")), 3u);      // ☺ is 3 bytes
  EXPECT_EQ(value_size(AttributeValue::string("\xf0\x9f\x98\x80")), 4u);  // 😀 is 4 bytes
}

TEST(ItemSizeTest, BinaryCountsRawBytesNotBase64) {
  EXPECT_EQ(value_size(AttributeValue::binary("")), 0u);
  EXPECT_EQ(value_size(AttributeValue::binary(std::string("\0\x01\xFF", 3))), 3u);
}

TEST(ItemSizeTest, NumbersUseNumberStorageSize) {
  for (const char* text : {"0", "1", "-1", "123", "1.5", "15", "100.5", "0.15", "3.14159", "-42", "123456",
                           "12345678901234567890123456789012345678", "1E125", "1E-130", "-0.000001"}) {
    EXPECT_EQ(value_size(AttributeValue::number(Number::parse(text)->to_string())), number_bytes(text)) << text;
  }
  // Measured against DynamoDB (see number.cc): spot-check the values themselves.
  EXPECT_EQ(value_size(AttributeValue::number("0")), 1u);
  EXPECT_EQ(value_size(AttributeValue::number("1")), 2u);
  EXPECT_EQ(value_size(AttributeValue::number("123")), 3u);
  EXPECT_EQ(value_size(AttributeValue::number("3.14159")), 5u);
  EXPECT_EQ(value_size(AttributeValue::number("-42")), 3u);
}

TEST(ItemSizeTest, BoolAndNullCountOneByte) {
  EXPECT_EQ(value_size(AttributeValue::boolean(true)), 1u);
  EXPECT_EQ(value_size(AttributeValue::boolean(false)), 1u);
  EXPECT_EQ(value_size(AttributeValue::null()), 1u);
}

TEST(ItemSizeTest, EmptyMapAndListCountThreeBytes) {
  EXPECT_EQ(value_size(AttributeValue::map({})), 3u);
  EXPECT_EQ(value_size(AttributeValue::list({})), 3u);
}

TEST(ItemSizeTest, ListCountsThreePlusOnePerElementPlusElements) {
  const auto list = AttributeValue::list({AttributeValue::string("xy"), AttributeValue::boolean(true),
                                          AttributeValue::number("123")});
  EXPECT_EQ(value_size(list), 3u + (1 + 2) + (1 + 1) + (1 + 3));
}

TEST(ItemSizeTest, MapCountsElementNamesToo) {
  const auto map = AttributeValue::map({{"a", AttributeValue::string("xy")}, {"long_name", AttributeValue::null()}});
  EXPECT_EQ(value_size(map), 3u + (1 + 1 + 2) + (1 + 9 + 1));
}

TEST(ItemSizeTest, NestedDocumentsCountEveryLevel) {
  const auto inner = AttributeValue::map({{"k", AttributeValue::string("v")}});        // 3 + 1 + 1 + 1 = 6
  const auto list = AttributeValue::list({inner, AttributeValue::list({})});            // 3 + (1+6) + (1+3) = 14
  const auto outer = AttributeValue::map({{"inner", inner}, {"list", list}});           // 3 + (1+5+6) + (1+4+14)
  EXPECT_EQ(value_size(inner), 6u);
  EXPECT_EQ(value_size(list), 14u);
  EXPECT_EQ(value_size(outer), 3u + (1 + 5 + 6) + (1 + 4 + 14));
}

TEST(ItemSizeTest, SetsSumTheirMembers) {
  EXPECT_EQ(value_size(AttributeValue::set(AttributeType::kStringSet, {"a", "bc", "h\xc3\xa9"})), 1u + 2 + 3);
  EXPECT_EQ(value_size(AttributeValue::set(AttributeType::kBinarySet, {std::string("\0", 1), "xyz"})), 1u + 3);
  EXPECT_EQ(value_size(AttributeValue::set(AttributeType::kNumberSet, {"1", "123", "-42", "3.14159"})),
            number_bytes("1") + number_bytes("123") + number_bytes("-42") + number_bytes("3.14159"));
}

TEST(ItemSizeTest, ItemSumsNamesAndValues) {
  EXPECT_EQ(item_size(Item{}), 0u);
  const Item item{
      {"pk", AttributeValue::string("key")},                                   // 2 + 3
      {"n", AttributeValue::number("123")},                                    // 1 + 3
      {"flag", AttributeValue::boolean(true)},                                 // 4 + 1
      {"l", AttributeValue::list({AttributeValue::string("xy")})},             // 1 + 3 + 1 + 2
      {"m", AttributeValue::map({{"ab", AttributeValue::null()}})},            // 1 + 3 + 1 + 2 + 1
      {"ss", AttributeValue::set(AttributeType::kStringSet, {"a", "b"})},      // 2 + 2
      {"h\xc3\xa9", AttributeValue::binary("12345")},                          // 3 + 5
  };
  EXPECT_EQ(item_size(item), 5u + 4 + 5 + 7 + 8 + 4 + 8);
}

TEST(ItemSizeTest, EmptyAttributeNameCountsOnlyTheValue) {
  EXPECT_EQ(item_size(Item{{"", AttributeValue::string("abc")}}), 3u);
}

TEST(ItemSizeTest, ItemOfExactlyTheLimit) {
  // 2 ("pk") + 1 ("k") + 4 ("data") + payload == 400 KiB.
  const std::size_t payload = kMaxItemSize - 7;
  Item item{{"pk", AttributeValue::string("k")}, {"data", AttributeValue::string(std::string(payload, 'x'))}};
  EXPECT_EQ(item_size(item), kMaxItemSize);
  item["data"] = AttributeValue::string(std::string(payload + 1, 'x'));
  EXPECT_EQ(item_size(item), kMaxItemSize + 1);
}

// Reading the size off the stored bytes gives what the decoded item gives,
// for every kind of value at the top level and nested.
TEST(ItemSizeTest, EncodedItemSizeMatchesTheDecodedItem) {
  const auto n = [](const char* text) { return AttributeValue::number(Number::parse(text)->to_string()); };
  const auto s = [](const char* text) { return AttributeValue::string(text); };
  const AttributeValue all_kinds = AttributeValue::map({
      {"s", s("h\xc3\xa9llo")},
      {"n", n("-123.4500")},
      {"b", AttributeValue::binary(std::string("\0\x01\xFF", 3))},
      {"t", AttributeValue::boolean(true)},
      {"z", AttributeValue::null()},
      {"ss", AttributeValue::set(AttributeType::kStringSet, {"a", "bcd"})},
      {"ns", AttributeValue::set(AttributeType::kNumberSet, {"1", "12345678901234567890", "0.001"})},
      {"bs", AttributeValue::set(AttributeType::kBinarySet, {"x", "yz"})},
      {"em", AttributeValue::map({})},
      {"el", AttributeValue::list({})},
  });
  const std::vector<Item> items = {
      {},
      {{"pk", s("a")}},
      all_kinds.map_value(),
      {{"pk", n("7")}, {"m", all_kinds}, {"l", AttributeValue::list({all_kinds, n("1E125"), s(""), all_kinds})}},
      {{"deep", AttributeValue::list({AttributeValue::list({AttributeValue::map({{"x", AttributeValue::list(
                                                                                  {AttributeValue::null()})}})})})}},
  };
  for (const Item& item : items) {
    std::string encoded;
    encode_item(item, encoded);
    auto size = encoded_item_size(encoded);
    ASSERT_TRUE(size.is_ok()) << size.status().to_string();
    EXPECT_EQ(size.value(), item_size(item));
  }
}

// The bound holds for the cases closest to it: lists of NULLs and of empty
// containers (a byte of encoding for DynamoDB's two), and for random items.
TEST(ItemSizeTest, EncodedItemSizeBoundHolds) {
  std::vector<Item> items = {
      {{"l", AttributeValue::list(AttributeList(1000, AttributeValue::null()))}},
      {{"l", AttributeValue::list(AttributeList(500, AttributeValue::list({})))}},
      {{"m", AttributeValue::map({{"a", AttributeValue::map({})}, {"b", AttributeValue::null()}})}},
      {{"", AttributeValue::null()}},
      {{"n", AttributeValue::number("-0.000000000000000000000000000000000001")}},
  };
  std::uint32_t state = 12345;
  auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  std::function<AttributeValue(int)> random_value = [&](int depth) {
    switch (next() % (depth > 3 ? 5 : 7)) {
      case 0: return AttributeValue::string(std::string(next() % 20, 's'));
      case 1: return AttributeValue::number(std::to_string(static_cast<int>(next() % 200000) - 100000));
      case 2: return AttributeValue::boolean(next() % 2 == 0);
      case 3: return AttributeValue::null();
      case 4: return AttributeValue::set(AttributeType::kStringSet, {"a", std::string(next() % 9 + 2, 'b')});
      case 5: {
        AttributeList list;
        for (std::uint32_t i = next() % 6; i > 0; --i) list.push_back(random_value(depth + 1));
        return AttributeValue::list(std::move(list));
      }
      default: {
        AttributeMap map;
        for (std::uint32_t i = next() % 6; i > 0; --i) map[std::string(next() % 4, 'k')] = random_value(depth + 1);
        return AttributeValue::map(std::move(map));
      }
    }
  };
  for (int i = 0; i < 500; ++i) {
    Item item;
    for (std::uint32_t n = next() % 8; n > 0; --n) item[std::string(next() % 5 + 1, 'a')] = random_value(0);
    items.push_back(std::move(item));
  }
  for (const Item& item : items) {
    std::string encoded;
    encode_item(item, encoded);
    EXPECT_LE(item_size(item), encoded_item_size_bound(encoded)) << encoded.size();
  }
}

TEST(ItemSizeTest, EncodedItemSizeOfCorruptBytesIsAnError) {
  std::string encoded;
  encode_item({{"pk", AttributeValue::string("abc")}, {"l", AttributeValue::list({AttributeValue::null()})}}, encoded);
  for (std::size_t length = 0; length < encoded.size(); ++length) {
    EXPECT_EQ(encoded_item_size(std::string_view(encoded).substr(0, length)).status().code(), StatusCode::kCorruption)
        << length;
  }
}

}  // namespace
}  // namespace dynastore::model
