#include "dynastore/expr/placeholders.h"

#include <gtest/gtest.h>

#include "dynastore/expr/condition.h"
#include "dynastore/expr/projection.h"
#include "dynastore/expr/update.h"
#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

TEST(Placeholders, LookupMarksUse) {
  Placeholders ph({{"#a", "x"}, {"#b", "y"}}, {{":v", S("1")}, {":w", S("2")}});
  EXPECT_EQ(*ph.name("#a"), "x");
  EXPECT_EQ(ph.name("#zz"), nullptr);
  EXPECT_EQ(ph.value(":v")->scalar(), "1");
  EXPECT_EQ(ph.value(":zz"), nullptr);
  EXPECT_EQ(ph.check_all_used().message(), "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
  ph.name("#b");
  EXPECT_EQ(ph.check_all_used().message(), "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
  ph.value(":w");
  EXPECT_TRUE(ph.check_all_used().is_ok());
}

TEST(Placeholders, UnusedKeysAreListed) {
  Placeholders ph({{"#b", "y"}, {"#a", "x"}}, {});
  EXPECT_EQ(ph.check_all_used().message(),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}");
}

TEST(Placeholders, UseIsTrackedAcrossAllExpressionsOfARequest) {
  Placeholders ph({{"#a", "a"}, {"#p", "p"}, {"#u", "u"}}, {{":v", N("1")}, {":c", N("2")}});
  ASSERT_TRUE(parse_update("SET #u = :v", ph).is_ok());
  ASSERT_TRUE(parse_condition("#a = :c", ExpressionKind::kCondition, ph).is_ok());
  EXPECT_FALSE(ph.check_all_used().is_ok());
  ASSERT_TRUE(parse_projection("#p", ph).is_ok());
  EXPECT_TRUE(ph.check_all_used().is_ok());
}

TEST(Placeholders, KeySyntax) {
  EXPECT_TRUE(Placeholders({{"#a_1", "x"}}, {{":B9", S("1")}}).check_keys().is_ok());
  EXPECT_EQ(Placeholders({{"a", "x"}}, {}).check_keys().message(),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
  EXPECT_EQ(Placeholders({{"#", "x"}}, {}).check_keys().message(),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\"");
  EXPECT_EQ(Placeholders({}, {{"b", S("1")}}).check_keys().message(),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"b\"");
  EXPECT_EQ(Placeholders({}, {{":a-b", S("1")}}).check_keys().message(),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \":a-b\"");
}

TEST(Placeholders, NameMayHoldAnyCharacters) {
  Placeholders ph({{"#n", "3can include any character!.#="}}, {{":v", N("4")}});
  auto plan = parse_update("SET #n = :v", ph);
  ASSERT_TRUE(plan.is_ok());
  model::Item item;
  ASSERT_TRUE(apply_update(plan.value(), item, false).is_ok());
  EXPECT_EQ(item.begin()->first, "3can include any character!.#=");
}

}  // namespace
}  // namespace dynastore::expr
