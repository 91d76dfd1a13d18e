#include "dynastore/model/item_codec.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace dynastore::model {
namespace {

std::string all_bytes() {
  std::string out;
  for (int i = 0; i < 256; ++i) out.push_back(static_cast<char>(i));
  return out;
}

Item item_with_all_types() {
  return Item{
      {"s", AttributeValue::string("h\xc3\xa9llo w\xe2\x98\xbarld")},
      {"n", AttributeValue::number("-123.456")},
      {"b", AttributeValue::binary(all_bytes())},
      {"t", AttributeValue::boolean(true)},
      {"f", AttributeValue::boolean(false)},
      {"z", AttributeValue::null()},
      {"m", AttributeValue::map({{"x", AttributeValue::number("1")}, {"y", AttributeValue::string("why")}})},
      {"l", AttributeValue::list({AttributeValue::string("a"), AttributeValue::number("2"), AttributeValue::null()})},
      {"ss", AttributeValue::set(AttributeType::kStringSet, {"b", "a", "c"})},
      {"ns", AttributeValue::set(AttributeType::kNumberSet, {"1", "-2.5", "100"})},
      {"bs", AttributeValue::set(AttributeType::kBinarySet, {std::string("\0", 1), "\xff", "abc"})},
  };
}

std::string encode(const Item& item) {
  std::string out;
  encode_item(item, out);
  return out;
}

Item round_trip(const Item& item) {
  auto decoded = decode_item(encode(item));
  EXPECT_TRUE(decoded.is_ok()) << decoded.status().to_string();
  return decoded.is_ok() ? decoded.value() : Item{};
}

// Exact member order is kept too, not only set equality.
void expect_identical_sets(const Item& a, const Item& b) {
  for (const auto& [name, value] : a) {
    if (!is_set_type(value.type())) continue;
    ASSERT_TRUE(b.contains(name));
    EXPECT_EQ(value.set_members(), b.at(name).set_members()) << name;
  }
}

TEST(ItemCodecTest, RoundTripsEveryAttributeType) {
  const Item item = item_with_all_types();
  const Item decoded = round_trip(item);
  EXPECT_EQ(decoded, item);
  expect_identical_sets(item, decoded);
  EXPECT_EQ(decoded.at("b").scalar(), all_bytes());
  EXPECT_EQ(decoded.at("n").scalar(), "-123.456");
  EXPECT_TRUE(decoded.at("t").bool_value());
  EXPECT_FALSE(decoded.at("f").bool_value());
}

TEST(ItemCodecTest, EncodingStartsWithFormatVersionOne) {
  const std::string bytes = encode(item_with_all_types());
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(static_cast<std::uint8_t>(bytes[0]), 1);
}

TEST(ItemCodecTest, EncodeAppendsToExistingOutput) {
  std::string out = "prefix";
  encode_item(Item{{"a", AttributeValue::string("b")}}, out);
  ASSERT_GT(out.size(), 6u);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  auto decoded = decode_item(std::string_view(out).substr(6));
  ASSERT_TRUE(decoded.is_ok());
  EXPECT_EQ(decoded.value(), (Item{{"a", AttributeValue::string("b")}}));
}

TEST(ItemCodecTest, EncodingIsDeterministic) {
  EXPECT_EQ(encode(item_with_all_types()), encode(item_with_all_types()));
}

TEST(ItemCodecTest, RoundTripsEmptyItemAndEmptyValues) {
  EXPECT_EQ(round_trip(Item{}), Item{});
  const Item item{
      {"empty_s", AttributeValue::string("")},
      {"empty_b", AttributeValue::binary("")},
      {"empty_m", AttributeValue::map({})},
      {"empty_l", AttributeValue::list({})},
      {"", AttributeValue::string("empty name")},
      {"ss_with_empty", AttributeValue::set(AttributeType::kStringSet, {""})},
      {"bs_with_empty", AttributeValue::set(AttributeType::kBinarySet, {""})},
      {"nested_empty", AttributeValue::map({{"s", AttributeValue::string("")}, {"b", AttributeValue::binary("")}})},
  };
  EXPECT_EQ(round_trip(item), item);
}

TEST(ItemCodecTest, RoundTripsEmbeddedNulsAndLongValues) {
  const Item item{
      {std::string("na\0me", 5), AttributeValue::string(std::string("a\0b\0", 4))},
      {"long", AttributeValue::string(std::string(300000, 'x'))},  // multi-byte varint length
      {"many", AttributeValue::list(AttributeList(1000, AttributeValue::number("7")))},
  };
  const Item decoded = round_trip(item);
  EXPECT_EQ(decoded, item);
  EXPECT_TRUE(decoded.contains(std::string("na\0me", 5)));
  EXPECT_FALSE(decoded.contains("na"));
}

AttributeValue nested_maps(int levels, AttributeValue leaf) {
  AttributeValue v = std::move(leaf);
  for (int i = 0; i < levels; ++i) v = AttributeValue::map({{"n" + std::to_string(i), std::move(v)}});
  return v;
}

TEST(ItemCodecTest, RoundTripsDeeplyNestedDocuments) {
  // DynamoDB's 32 levels, alternating maps and lists, each level with siblings.
  AttributeValue v = AttributeValue::string("bottom");
  for (int i = 0; i < 32; ++i) {
    if (i % 2 == 0) {
      v = AttributeValue::map({{"child", std::move(v)}, {"i", AttributeValue::number(std::to_string(i))}});
    } else {
      v = AttributeValue::list({AttributeValue::null(), std::move(v), AttributeValue::boolean(i % 3 == 0)});
    }
  }
  const Item item{{"doc", v}, {"maps", nested_maps(32, AttributeValue::set(AttributeType::kNumberSet, {"1"}))}};
  EXPECT_EQ(round_trip(item), item);
}

TEST(ItemCodecTest, EmptyInputAndUnknownVersionAreCorruption) {
  for (std::string bytes : {std::string(), std::string("\x00", 1), std::string("\x02\x00", 2), std::string("{}")}) {
    auto decoded = decode_item(bytes);
    ASSERT_FALSE(decoded.is_ok());
    EXPECT_EQ(decoded.status().code(), StatusCode::kCorruption);
  }
}

TEST(ItemCodecTest, EveryTruncationIsCorruption) {
  const std::string bytes = encode(item_with_all_types());
  for (std::size_t len = 0; len < bytes.size(); ++len) {
    auto decoded = decode_item(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(decoded.is_ok()) << "prefix of " << len << " bytes decoded";
    EXPECT_EQ(decoded.status().code(), StatusCode::kCorruption);
  }
}

TEST(ItemCodecTest, TrailingBytesAreCorruption) {
  std::string bytes = encode(item_with_all_types());
  bytes.push_back('\0');
  auto decoded = decode_item(bytes);
  ASSERT_FALSE(decoded.is_ok());
  EXPECT_EQ(decoded.status().code(), StatusCode::kCorruption);
}

TEST(ItemCodecTest, UnknownTypeByteIsCorruption) {
  for (int type : {0, 11, 0x7F, 0xFF}) {
    // version, count 1, name "a", value with an unknown type byte.
    std::string bytes = {'\x01', '\x01', '\x01', 'a', static_cast<char>(type)};
    auto decoded = decode_item(bytes);
    ASSERT_FALSE(decoded.is_ok()) << type;
    EXPECT_EQ(decoded.status().code(), StatusCode::kCorruption);
  }
}

TEST(ItemCodecTest, HugeCountsAndLengthsAreCorruptionNotAllocation) {
  // Count of 2^63 attributes.
  std::string huge_count = "\x01";
  huge_count += std::string(9, '\xFF');
  huge_count += '\x01';
  // One attribute whose name claims 2^56 bytes.
  std::string huge_name = "\x01\x01";
  huge_name += std::string(8, '\xFF');
  huge_name += '\x01';
  // A list claiming a billion elements.
  std::string huge_list = {'\x01', '\x01', '\x01', 'a', '\x07', '\x80', '\x94', '\xEB', '\xDC', '\x03'};
  // A varint that never ends (11 continuation bytes).
  std::string endless_varint = "\x01";
  endless_varint += std::string(11, '\x80');
  for (const auto& bytes : {huge_count, huge_name, huge_list, endless_varint}) {
    auto decoded = decode_item(bytes);
    ASSERT_FALSE(decoded.is_ok());
    EXPECT_EQ(decoded.status().code(), StatusCode::kCorruption);
  }
}

TEST(ItemCodecTest, AbsurdNestingIsCorruptionWithoutStackOverflow) {
  // 100000 nested one-element lists: far deeper than anything valid.
  std::string bytes = {'\x01', '\x01', '\x01', 'a'};
  for (int i = 0; i < 100000; ++i) bytes += "\x07\x01";
  bytes += '\x05';
  auto decoded = decode_item(bytes);
  ASSERT_FALSE(decoded.is_ok());
  EXPECT_EQ(decoded.status().code(), StatusCode::kCorruption);
}

TEST(ItemCodecTest, RandomBytesNeverCrashAndFailAsCorruption) {
  std::mt19937 rng(20260101);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 96);
  int decoded_ok = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string bytes(static_cast<std::size_t>(length(rng)), '\0');
    for (auto& c : bytes) c = static_cast<char>(byte(rng));
    // Half the inputs get the right version byte, so the decoder goes deeper.
    if (round % 2 == 0 && !bytes.empty()) bytes[0] = '\x01';
    auto decoded = decode_item(bytes);
    if (decoded.is_ok()) {
      ++decoded_ok;
      // Whatever decodes must survive a re-encode.
      auto again = decode_item(encode(decoded.value()));
      ASSERT_TRUE(again.is_ok());
    } else {
      ASSERT_EQ(decoded.status().code(), StatusCode::kCorruption);
    }
  }
  EXPECT_LT(decoded_ok, 20000);
}

TEST(ItemCodecTest, MutatedEncodingsNeverCrash) {
  const std::string valid = encode(item_with_all_types());
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> position(0, valid.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 5000; ++round) {
    std::string bytes = valid;
    const int flips = 1 + round % 4;
    for (int i = 0; i < flips; ++i) bytes[position(rng)] = static_cast<char>(byte(rng));
    auto decoded = decode_item(bytes);
    if (!decoded.is_ok()) {
      ASSERT_EQ(decoded.status().code(), StatusCode::kCorruption);
    }
  }
}

}  // namespace
}  // namespace dynastore::model
