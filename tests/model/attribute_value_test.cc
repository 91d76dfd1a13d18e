#include "dynastore/model/attribute_value.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace dynastore::model {
namespace {

const std::vector<AttributeType> kAllTypes = {
    AttributeType::kString, AttributeType::kNumber,    AttributeType::kBinary,
    AttributeType::kBool,   AttributeType::kNull,      AttributeType::kMap,
    AttributeType::kList,   AttributeType::kStringSet, AttributeType::kNumberSet,
    AttributeType::kBinarySet,
};

// One representative value of each type, in kAllTypes order.
std::vector<AttributeValue> one_of_each() {
  return {
      AttributeValue::string("x"),
      AttributeValue::number("1"),
      AttributeValue::binary("x"),
      AttributeValue::boolean(true),
      AttributeValue::null(),
      AttributeValue::map({{"a", AttributeValue::string("x")}}),
      AttributeValue::list({AttributeValue::string("x")}),
      AttributeValue::set(AttributeType::kStringSet, {"x"}),
      AttributeValue::set(AttributeType::kNumberSet, {"1"}),
      AttributeValue::set(AttributeType::kBinarySet, {"x"}),
  };
}

TEST(AttributeTypeTest, DescriptorsAreDynamoDbTypeNames) {
  EXPECT_EQ(type_descriptor(AttributeType::kString), "S");
  EXPECT_EQ(type_descriptor(AttributeType::kNumber), "N");
  EXPECT_EQ(type_descriptor(AttributeType::kBinary), "B");
  EXPECT_EQ(type_descriptor(AttributeType::kBool), "BOOL");
  EXPECT_EQ(type_descriptor(AttributeType::kNull), "NULL");
  EXPECT_EQ(type_descriptor(AttributeType::kMap), "M");
  EXPECT_EQ(type_descriptor(AttributeType::kList), "L");
  EXPECT_EQ(type_descriptor(AttributeType::kStringSet), "SS");
  EXPECT_EQ(type_descriptor(AttributeType::kNumberSet), "NS");
  EXPECT_EQ(type_descriptor(AttributeType::kBinarySet), "BS");
}

TEST(AttributeTypeTest, FrozenNumericValuesMatchTheStorageFormat) {
  // docs/storage-format.md: 1 S, 2 N, 3 B, 4 BOOL, 5 NULL, 6 M, 7 L, 8 SS, 9 NS, 10 BS.
  for (std::size_t i = 0; i < kAllTypes.size(); ++i) {
    EXPECT_EQ(static_cast<int>(kAllTypes[i]), static_cast<int>(i) + 1) << type_descriptor(kAllTypes[i]);
  }
}

TEST(AttributeTypeTest, OnlySsNsBsAreSetTypes) {
  for (auto type : kAllTypes) {
    const bool expected = type == AttributeType::kStringSet || type == AttributeType::kNumberSet ||
                          type == AttributeType::kBinarySet;
    EXPECT_EQ(is_set_type(type), expected) << type_descriptor(type);
  }
}

TEST(AttributeValueTest, FactoriesSetTypeAndPayload) {
  const auto values = one_of_each();
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(values[i].type(), kAllTypes[i]);
  EXPECT_EQ(values[0].scalar(), "x");
  EXPECT_EQ(values[1].scalar(), "1");
  EXPECT_TRUE(values[3].bool_value());
  EXPECT_EQ(values[5].map_value().size(), 1u);
  EXPECT_EQ(values[6].list_value().size(), 1u);
  EXPECT_EQ(values[7].set_members(), std::vector<std::string>{"x"});
  EXPECT_FALSE(AttributeValue::boolean(false).bool_value());
}

TEST(AttributeValueTest, DefaultConstructedIsNullAndEqualsNull) {
  AttributeValue v;
  EXPECT_EQ(v.type(), AttributeType::kNull);
  EXPECT_EQ(v, AttributeValue::null());
}

TEST(AttributeValueTest, ValuesOfDifferentTypesAreNeverEqual) {
  const auto values = one_of_each();
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = 0; j < values.size(); ++j) {
      EXPECT_EQ(values[i] == values[j], i == j) << type_descriptor(kAllTypes[i]) << " vs "
                                                << type_descriptor(kAllTypes[j]);
    }
  }
}

TEST(AttributeValueTest, SamePayloadDifferentScalarTypeIsUnequal) {
  EXPECT_NE(AttributeValue::string("1"), AttributeValue::number("1"));
  EXPECT_NE(AttributeValue::string("ab"), AttributeValue::binary("ab"));
  EXPECT_NE(AttributeValue::set(AttributeType::kStringSet, {"1"}),
            AttributeValue::set(AttributeType::kNumberSet, {"1"}));
  EXPECT_NE(AttributeValue::set(AttributeType::kStringSet, {"a"}),
            AttributeValue::set(AttributeType::kBinarySet, {"a"}));
}

TEST(AttributeValueTest, ScalarEqualityComparesContent) {
  EXPECT_EQ(AttributeValue::string("abc"), AttributeValue::string("abc"));
  EXPECT_NE(AttributeValue::string("abc"), AttributeValue::string("abd"));
  EXPECT_NE(AttributeValue::string("abc"), AttributeValue::string("ab"));
  EXPECT_EQ(AttributeValue::string(""), AttributeValue::string(""));
  EXPECT_EQ(AttributeValue::binary(std::string("\0\xff", 2)), AttributeValue::binary(std::string("\0\xff", 2)));
  EXPECT_NE(AttributeValue::binary(std::string("\0", 1)), AttributeValue::binary(""));
  EXPECT_EQ(AttributeValue::number("-1.5"), AttributeValue::number("-1.5"));
  EXPECT_NE(AttributeValue::number("1.5"), AttributeValue::number("-1.5"));
  EXPECT_EQ(AttributeValue::boolean(true), AttributeValue::boolean(true));
  EXPECT_NE(AttributeValue::boolean(true), AttributeValue::boolean(false));
}

TEST(AttributeValueTest, SetsCompareUnordered) {
  for (auto kind : {AttributeType::kStringSet, AttributeType::kNumberSet, AttributeType::kBinarySet}) {
    const auto abc = AttributeValue::set(kind, {"1", "2", "3"});
    EXPECT_EQ(abc, AttributeValue::set(kind, {"3", "1", "2"})) << type_descriptor(kind);
    EXPECT_EQ(abc, AttributeValue::set(kind, {"2", "3", "1"})) << type_descriptor(kind);
    EXPECT_NE(abc, AttributeValue::set(kind, {"1", "2"})) << type_descriptor(kind);
    EXPECT_NE(abc, AttributeValue::set(kind, {"1", "2", "3", "4"})) << type_descriptor(kind);
    EXPECT_NE(abc, AttributeValue::set(kind, {"1", "2", "4"})) << type_descriptor(kind);
  }
}

TEST(AttributeValueTest, SetEqualityIsSymmetric) {
  const auto a = AttributeValue::set(AttributeType::kStringSet, {"a", "b"});
  const auto b = AttributeValue::set(AttributeType::kStringSet, {"b", "c"});
  EXPECT_FALSE(a == b);
  EXPECT_FALSE(b == a);
  const auto c = AttributeValue::set(AttributeType::kStringSet, {"b", "a"});
  EXPECT_TRUE(a == c);
  EXPECT_TRUE(c == a);
}

TEST(AttributeValueTest, ListsCompareInOrder) {
  const auto ab = AttributeValue::list({AttributeValue::string("a"), AttributeValue::string("b")});
  EXPECT_EQ(ab, AttributeValue::list({AttributeValue::string("a"), AttributeValue::string("b")}));
  EXPECT_NE(ab, AttributeValue::list({AttributeValue::string("b"), AttributeValue::string("a")}));
  EXPECT_NE(ab, AttributeValue::list({AttributeValue::string("a")}));
  EXPECT_EQ(AttributeValue::list({}), AttributeValue::list({}));
  EXPECT_NE(AttributeValue::list({}), AttributeValue::map({}));
}

TEST(AttributeValueTest, MapsCompareDeeplyWithUnorderedNestedSets) {
  auto build = [](std::vector<std::string> members, std::string leaf) {
    return AttributeValue::map({
        {"set", AttributeValue::set(AttributeType::kNumberSet, std::move(members))},
        {"inner", AttributeValue::map({{"list", AttributeValue::list({AttributeValue::string(std::move(leaf)),
                                                                       AttributeValue::null()})}})},
    });
  };
  EXPECT_EQ(build({"1", "2"}, "x"), build({"2", "1"}, "x"));
  EXPECT_NE(build({"1", "2"}, "x"), build({"1", "2"}, "y"));
  EXPECT_NE(build({"1", "2"}, "x"), build({"1", "3"}, "x"));

  // Same values under different names differ.
  EXPECT_NE(AttributeValue::map({{"a", AttributeValue::string("v")}}),
            AttributeValue::map({{"b", AttributeValue::string("v")}}));
  // A missing attribute differs from a NULL one.
  EXPECT_NE(AttributeValue::map({{"a", AttributeValue::null()}}), AttributeValue::map({}));
}

TEST(AttributeValueTest, ItemsCompareAsMaps) {
  Item a{{"pk", AttributeValue::string("k")}, {"ss", AttributeValue::set(AttributeType::kStringSet, {"x", "y"})}};
  Item b{{"ss", AttributeValue::set(AttributeType::kStringSet, {"y", "x"})}, {"pk", AttributeValue::string("k")}};
  EXPECT_EQ(a, b);
  b["extra"] = AttributeValue::boolean(false);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace dynastore::model
