#include "dynastore/partition/stored_item.h"

#include <gtest/gtest.h>

#include <string>

#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"

namespace dynastore::partition {
namespace {

using model::AttributeValue;
using model::Item;

std::string encoded(const Item& item) {
  std::string out;
  model::encode_item(item, out);
  return out;
}

TEST(StoredItemTest, DefaultHoldsNothing) {
  const StoredItem none;
  EXPECT_FALSE(none.has_value());
  EXPECT_FALSE(none);
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.get(), nullptr);
}

TEST(StoredItemTest, MeasuresAndDecodesTheStoredBytes) {
  const Item item{{"id", AttributeValue::string("k")},
                  {"n", AttributeValue::number("12.5")},
                  {"m", AttributeValue::map({{"x", AttributeValue::boolean(true)}})}};
  auto stored = StoredItem::from_encoded(encoded(item));
  ASSERT_TRUE(stored.is_ok()) << stored.status().to_string();
  EXPECT_TRUE(stored->has_value());
  EXPECT_EQ(stored->size(), model::item_size(item));
  EXPECT_EQ(*stored.value(), item);
  ASSERT_NE(stored->get(), nullptr);
  EXPECT_EQ(stored->get(), stored->get());  // decoded once, then kept
  EXPECT_EQ(stored.value()->at("n"), AttributeValue::number("12.5"));
}

TEST(StoredItemTest, CopiesCarryTheItem) {
  const Item item{{"id", AttributeValue::string("k")}};
  auto stored = StoredItem::from_encoded(encoded(item));
  ASSERT_TRUE(stored.is_ok());
  const StoredItem copy = stored.value();
  EXPECT_EQ(*copy, item);
  EXPECT_EQ(copy.size(), stored->size());
}

TEST(StoredItemTest, CorruptBytesAreRefusedUpFront) {
  std::string bytes = encoded({{"id", AttributeValue::string("some value")}});
  for (const std::string& corrupt : {bytes.substr(0, bytes.size() - 3), std::string("\x07garbage"), std::string()}) {
    auto stored = StoredItem::from_encoded(corrupt);
    ASSERT_FALSE(stored.is_ok());
    EXPECT_EQ(stored.status().code(), StatusCode::kCorruption);
  }
}

}  // namespace
}  // namespace dynastore::partition
