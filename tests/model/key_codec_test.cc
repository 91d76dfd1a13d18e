#include "dynastore/model/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "dynastore/model/number.h"

namespace dynastore::model {
namespace {

// Bytewise comparison as unsigned bytes, spelled out so the oracle does not
// depend on char's signedness: -1, 0 or 1.
int unsigned_compare(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(a[i]);
    const auto y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

int sign_of(std::strong_ordering o) { return o < 0 ? -1 : (o > 0 ? 1 : 0); }

std::string item_key(std::uint32_t table, const AttributeValue& pk, const AttributeValue* sk) {
  std::string out = "garbage that must be cleared";
  encode_item_key(table, pk, sk, out);
  return out;
}

std::string big_endian64(std::uint64_t v) {
  std::string out;
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return out;
}

std::string random_bytes(std::mt19937& rng, std::size_t max_len) {
  // A small alphabet with the interesting bytes makes shared prefixes common.
  static const char kAlphabet[] = {'\x00', '\x01', 'a', 'b', '\x7F', '\x80', '\xFE', '\xFF'};
  std::uniform_int_distribution<std::size_t> len(0, max_len);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof kAlphabet - 1);
  std::string s(len(rng), '\0');
  for (auto& c : s) c = kAlphabet[pick(rng)];
  return s;
}

// Checks that, within one partition, encoded key order equals `expected_order`
// for every pair of sort values.
template <typename Compare>
void expect_sort_order_preserved(const std::vector<AttributeValue>& sort_values, Compare expected_order) {
  const AttributeValue pk = AttributeValue::string("partition");
  std::vector<std::string> keys;
  for (const auto& v : sort_values) keys.push_back(item_key(9, pk, &v));
  for (std::size_t i = 0; i < sort_values.size(); ++i) {
    for (std::size_t j = 0; j < sort_values.size(); ++j) {
      ASSERT_EQ(unsigned_compare(keys[i], keys[j]), expected_order(sort_values[i], sort_values[j]))
          << "values #" << i << " '" << sort_values[i].scalar() << "' and #" << j << " '" << sort_values[j].scalar()
          << "'";
    }
  }
}

TEST(KeyCodecTest, TablePrefixIsFourBytesBigEndian) {
  EXPECT_EQ(table_prefix(0x01020304), std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(table_prefix(1), std::string("\0\0\0\x01", 4));
  EXPECT_EQ(table_prefix(0xFFFFFFFF), std::string("\xFF\xFF\xFF\xFF", 4));
  EXPECT_EQ(table_prefix(7).size(), kTablePrefixSize);
}

TEST(KeyCodecTest, TablePrefixesSortByTableId) {
  const std::vector<std::uint32_t> ids = {0, 1, 2, 127, 128, 255, 256, 65535, 65536, 0x00FFFFFF, 0x01000000,
                                          0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
  for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
    EXPECT_EQ(unsigned_compare(table_prefix(ids[i]), table_prefix(ids[i + 1])), -1) << ids[i];
  }
}

TEST(KeyCodecTest, EveryKeyOfATableLiesWithinItsPrefixRange) {
  std::mt19937 rng(7);
  for (std::uint32_t table : {1u, 255u, 256u, 0x00FFFFFFu}) {
    const std::string lower = table_prefix(table);
    const std::string upper = table_prefix(table + 1);
    for (int i = 0; i < 200; ++i) {
      const auto pk = AttributeValue::binary(random_bytes(rng, 8) + "x");
      const auto sk = AttributeValue::binary(std::string(5, '\xFF') + random_bytes(rng, 8));
      const std::string key = item_key(table, pk, &sk);
      ASSERT_EQ(key.substr(0, kTablePrefixSize), lower);
      ASSERT_GE(unsigned_compare(key, lower), 0);
      ASSERT_EQ(unsigned_compare(key, upper), -1);
    }
  }
}

TEST(KeyCodecTest, PartitionHashIsXxh64SeedZero) {
  // Reference values of XXH64 with seed 0 (xxHash's own sanity vectors).
  EXPECT_EQ(partition_hash(""), 0xEF46DB3751D8E999ull);
  EXPECT_EQ(partition_hash("abc"), 0x44BC2CF5AD770999ull);
}

TEST(KeyCodecTest, ItemKeyLayoutMatchesTheStorageFormat) {
  const auto pk = AttributeValue::string("abc");
  const auto sk = AttributeValue::string("xyz");
  const std::string expected = std::string("\0\0\0\x07", 4) + big_endian64(0x44BC2CF5AD770999ull) + "abc" +
                               std::string("\0\x01", 2) + "xyz";
  EXPECT_EQ(item_key(7, pk, &sk), expected);
  // Hash-only tables end right after the partition terminator.
  EXPECT_EQ(item_key(7, pk, nullptr), expected.substr(0, expected.size() - 3));
}

TEST(KeyCodecTest, PartitionKeyNulBytesAreEscaped) {
  const auto pk = AttributeValue::binary(std::string("a\0b\0", 4));
  const std::string key = item_key(1, pk, nullptr);
  const std::string segment = key.substr(kTablePrefixSize + kHashSize);
  EXPECT_EQ(segment, std::string("a\0\xFF" "b\0\xFF" "\0\x01", 8));
  // The hash covers the raw (unescaped) key bytes.
  EXPECT_EQ(key.substr(kTablePrefixSize, kHashSize), big_endian64(partition_hash(std::string("a\0b\0", 4))));
}

TEST(KeyCodecTest, KeyValueBytesAreRawForStringAndBinaryAndOrderedForNumbers) {
  std::string out = "keep:";
  append_key_value_bytes(AttributeValue::string("h\xc3\xa9"), out);
  EXPECT_EQ(out, "keep:h\xc3\xa9");
  out.clear();
  append_key_value_bytes(AttributeValue::binary(std::string("\0\xFF", 2)), out);
  EXPECT_EQ(out, std::string("\0\xFF", 2));
  out.clear();
  append_key_value_bytes(AttributeValue::number("-12.5"), out);
  std::string expected;
  Number::parse("-12.5")->append_key(expected);
  EXPECT_EQ(out, expected);
}

TEST(KeyCodecTest, StringSortKeysOrderBytewiseUnsigned) {
  std::mt19937 rng(1);
  std::vector<AttributeValue> values;
  for (const char* fixed : {"", "a", "ab", "b", "\x7F", "\x80", "\xC3\xA9", "\xFF"}) {
    values.push_back(AttributeValue::string(fixed));
  }
  values.push_back(AttributeValue::string(std::string("a\0", 2)));
  for (int i = 0; i < 150; ++i) values.push_back(AttributeValue::string(random_bytes(rng, 10)));
  expect_sort_order_preserved(values, [](const AttributeValue& a, const AttributeValue& b) {
    return unsigned_compare(a.scalar(), b.scalar());
  });
}

TEST(KeyCodecTest, BinarySortKeysOrderBytewiseUnsigned) {
  std::mt19937 rng(2);
  std::vector<AttributeValue> values;
  for (int i = 0; i < 150; ++i) values.push_back(AttributeValue::binary(random_bytes(rng, 10)));
  values.push_back(AttributeValue::binary(std::string("\0", 1)));
  values.push_back(AttributeValue::binary(std::string("\0\0", 2)));
  values.push_back(AttributeValue::binary("\xFF\xFF"));
  expect_sort_order_preserved(values, [](const AttributeValue& a, const AttributeValue& b) {
    return unsigned_compare(a.scalar(), b.scalar());
  });
}

std::string random_number_text(std::mt19937& rng) {
  std::uniform_int_distribution<int> digits_count(1, Number::kMaxSignificantDigits);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> exponent(Number::kMinExponent, Number::kMaxExponent);
  std::uniform_int_distribution<int> coin(0, 3);
  std::string text = coin(rng) == 0 ? "-" : "";
  const int n = digits_count(rng);
  text += static_cast<char>('1' + digit(rng) % 9);  // leading digit non-zero
  text += '.';
  for (int i = 1; i < n; ++i) text += static_cast<char>('0' + digit(rng));
  // Small exponents are common so that numbers collide in exponent and differ in digits.
  const int e = coin(rng) == 0 ? exponent(rng) : exponent(rng) % 4;
  return text + "E" + std::to_string(e);
}

TEST(KeyCodecTest, NumberSortKeysOrderNumerically) {
  std::mt19937 rng(3);
  std::vector<std::string> texts = {"0",    "1",    "-1",  "1.2",  "1.23", "12",   "120", "-1.2", "-1.23",
                                    "-12",  "-120", "0.5", "-0.5", "1E-130", "-1E-130", "9.9999999999999999999999999999999999999E+125",
                                    "-9.9999999999999999999999999999999999999E+125", "10", "9", "99", "100", "101"};
  for (int i = 0; i < 200; ++i) texts.push_back(random_number_text(rng));
  std::vector<AttributeValue> values;
  for (const auto& text : texts) {
    auto n = Number::parse(text);
    ASSERT_TRUE(n.is_ok()) << text << ": " << n.status().to_string();
    values.push_back(AttributeValue::number(n->to_string()));
  }
  expect_sort_order_preserved(values, [](const AttributeValue& a, const AttributeValue& b) {
    return sign_of(Number::parse(a.scalar()).value() <=> Number::parse(b.scalar()).value());
  });
}

TEST(KeyCodecTest, NumberKeysOfEqualValueAreIdenticalWhateverTheText) {
  const auto canonical_one = AttributeValue::number("1");
  const std::string expected = item_key(3, AttributeValue::string("p"), &canonical_one);
  for (const char* text : {"1.0", "1e0", "10E-1", "+1", "01", "1.000"}) {
    auto parsed = Number::parse(text);
    ASSERT_TRUE(parsed.is_ok()) << text;
    EXPECT_EQ(parsed->to_string(), "1") << text;
    const auto canonical = AttributeValue::number(parsed->to_string());
    EXPECT_EQ(item_key(3, AttributeValue::string("p"), &canonical), expected) << text;
    // Even unnormalised text encodes to the same key bytes: the codec parses it.
    const auto raw = AttributeValue::number(text);
    EXPECT_EQ(item_key(3, AttributeValue::string("p"), &raw), expected) << text;
  }
  // Same for a numeric partition key.
  EXPECT_EQ(item_key(3, AttributeValue::number("1.0"), nullptr), item_key(3, AttributeValue::number("1"), nullptr));
}

std::vector<AttributeValue> tricky_partition_keys() {
  std::vector<AttributeValue> out;
  for (std::string s : {std::string("a"), std::string("a\0", 2), std::string("a\0b", 3), std::string("a\0\x01", 3),
                        std::string("a\0\xFF", 3), std::string("a\x01"), std::string("ab"), std::string("\0", 1),
                        std::string("\0\0", 2), std::string("\0\x01", 2), std::string("\xFF"), std::string("")}) {
    out.push_back(AttributeValue::binary(s));
  }
  for (const char* n : {"0", "1", "10", "-1", "0.001", "100"}) out.push_back(AttributeValue::number(n));
  return out;
}

TEST(KeyCodecTest, PartitionSegmentIsSelfDelimiting) {
  // The part after the hash: no partition's segment is a prefix of another
  // partition's key, whatever sort key follows (so colliding hashes could
  // never mix two partitions' items).
  const auto pks = tricky_partition_keys();
  const std::vector<AttributeValue> sort_keys = {
      AttributeValue::binary(""), AttributeValue::binary(std::string("\0", 1)),
      AttributeValue::binary(std::string("\xFF\x01", 2)), AttributeValue::binary(std::string("\0\x01", 2)),
      AttributeValue::binary("b\0\x01"), AttributeValue::binary(std::string("\x01", 1))};
  const std::size_t head = kTablePrefixSize + kHashSize;
  for (std::size_t i = 0; i < pks.size(); ++i) {
    const std::string segment_i = item_key(1, pks[i], nullptr).substr(head);
    for (std::size_t j = 0; j < pks.size(); ++j) {
      if (i == j) continue;
      for (const auto& sk : sort_keys) {
        const std::string other = item_key(1, pks[j], &sk).substr(head);
        EXPECT_FALSE(other.starts_with(segment_i)) << "partition #" << i << " is a prefix of #" << j;
      }
    }
  }
}

TEST(KeyCodecTest, FullKeysOfDifferentPartitionsNeverPrefixEachOther) {
  const auto pks = tricky_partition_keys();
  for (std::size_t i = 0; i < pks.size(); ++i) {
    for (std::size_t j = 0; j < pks.size(); ++j) {
      if (i == j) continue;
      const std::string a = item_key(5, pks[i], nullptr);
      const std::string b = item_key(5, pks[j], nullptr);
      EXPECT_NE(a, b);
      EXPECT_FALSE(b.starts_with(a)) << i << " vs " << j;
    }
  }
}

TEST(KeyCodecTest, SortKeyBytesFollowThePartitionSegmentVerbatim) {
  const auto pk = AttributeValue::string("p");
  const auto sk = AttributeValue::binary(std::string("\0\xFF", 2));
  EXPECT_EQ(item_key(2, pk, &sk), item_key(2, pk, nullptr) + std::string("\0\xFF", 2));
}

}  // namespace
}  // namespace dynastore::model
