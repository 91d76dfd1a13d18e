// Fuzz: random and mutated expression strings through every parser (fixed seed, bounded
// count). Parsing must never crash and must either succeed or fail with a DynamoDB-style
// "Invalid <parameter>: " message; whatever parses is then evaluated / applied / projected
// against random items, which must not crash either.
#include "dynastore/expr/condition.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "dynastore/expr/key_condition.h"
#include "dynastore/expr/projection.h"
#include "dynastore/expr/update.h"
#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

const std::vector<std::string>& fragments() {
  static const std::vector<std::string> kFragments = {
      "a", "b", "c", "#n", "#m", "#zz", ":v", ":w", ":s", ":l", ":zz", "(", ")", "((", "))", "[", "]", "[0]",
      "[1]", "[99999999999]", ".", ",", "=", "<>", "<", "<=", ">", ">=", "+", "-", " AND ", " OR ", " NOT ",
      " BETWEEN ", " IN ", "SET ", "REMOVE ", "ADD ", "DELETE ", "size", "attribute_exists", "attribute_type",
      "begins_with", "contains", "if_not_exists", "list_append", "foo", "name", " ", "\"q\"", "'", "_", "0",
      "12", "ü", "\xff", "\x00", "#", ":", "!", "\t"};
  return kFragments;
}

Placeholders fuzz_placeholders() {
  return Placeholders({{"#n", "n"}, {"#m", "x.y"}},
                      {{":v", N("1")}, {":w", S("w")}, {":s", SS({"a", "b"})}, {":l", L({N("1")})}});
}

model::Item random_item(std::mt19937& rng) {
  std::uniform_int_distribution<int> d(0, 3);
  model::Item item;
  if (d(rng)) item.emplace("a", N("5"));
  if (d(rng)) item.emplace("b", L({S("x"), M({{"c", N("1")}}), SS({"a"})}));
  if (d(rng)) item.emplace("c", M({{"a", L({N("1"), N("2")})}, {"b", S("s")}}));
  if (d(rng)) item.emplace("n", SS({"a", "z"}));
  return item;
}

void exercise(const std::string& text, std::mt19937& rng) {
  const std::string kPrefix = "Invalid ";
  for (ExpressionKind kind : {ExpressionKind::kCondition, ExpressionKind::kFilter}) {
    Placeholders ph = fuzz_placeholders();
    auto c = parse_condition(text, kind, ph);
    if (c.is_ok()) {
      model::Item item = random_item(rng);
      (void)evaluate(c.value(), &item);
      (void)evaluate(c.value(), nullptr);
      (void)ph.check_all_used();
    } else {
      ASSERT_EQ(c.status().message().rfind(kPrefix, 0), 0u) << text;
    }
  }
  {
    Placeholders ph = fuzz_placeholders();
    const std::vector<model::KeyAttribute> hash = {{"a", model::ScalarType::kString}};
    const std::vector<model::KeyAttribute> range = {{"b", model::ScalarType::kNumber}};
    auto k = parse_key_condition(text, ph, {hash, range});
    if (k.is_ok() && k->sort) (void)k->sort->matches(N("1"));
  }
  {
    Placeholders ph = fuzz_placeholders();
    auto u = parse_update(text, ph);
    if (u.is_ok()) {
      model::Item item = random_item(rng);
      Status s = apply_update(u.value(), item, true);
      s.ignore_error();
      model::Item empty;
      apply_update(u.value(), empty, false).ignore_error();
      (void)project(Projection::from_paths(u->modified_paths()), item);
    } else {
      ASSERT_EQ(u.status().message().rfind(kPrefix, 0), 0u) << text;
    }
  }
  {
    Placeholders ph = fuzz_placeholders();
    auto p = parse_projection(text, ph);
    if (p.is_ok()) {
      (void)project(p.value(), random_item(rng));
    } else {
      ASSERT_EQ(p.status().message().rfind(kPrefix, 0), 0u) << text;
    }
  }
}

TEST(Fuzz, RandomFragmentStrings) {
  std::mt19937 rng(7);
  const auto& frags = fragments();
  std::uniform_int_distribution<std::size_t> pick(0, frags.size() - 1);
  std::uniform_int_distribution<int> length(1, 14);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int n = length(rng);
    for (int k = 0; k < n; ++k) text += frags[pick(rng)];
    exercise(text, rng);
  }
}

TEST(Fuzz, RandomBytes) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 40);
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    int n = length(rng);
    for (int k = 0; k < n; ++k) text += static_cast<char>(byte(rng));
    exercise(text, rng);
  }
}

TEST(Fuzz, MutatedValidExpressions) {
  const std::vector<std::string> seeds = {
      "a = :v AND (b.c[1] <> :w OR NOT attribute_exists(#n))",
      "size(b) BETWEEN :v AND :v AND c.a[0] IN (:v, :w)",
      "SET a = if_not_exists(a, :v) + :v, b[5] = :w REMOVE c.a[0] ADD n :s DELETE #n :s",
      "SET c.a = list_append(c.a, :l) REMOVE b[0], b[1]",
      "a, b[1].c, c.a[0], #m",
      "a = :v AND b = :w",
  };
  std::mt19937 rng(13);
  const auto& frags = fragments();
  std::uniform_int_distribution<std::size_t> pick(0, frags.size() - 1);
  for (int i = 0; i < 20000; ++i) {
    std::string text = seeds[i % seeds.size()];
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.erase(at, 1 + rng() % 3); break;
        case 1: text.insert(at, frags[pick(rng)]); break;
        default: text[at] = static_cast<char>(rng() % 128); break;
      }
    }
    exercise(text, rng);
  }
}

TEST(Fuzz, PathologicalNestingAndLength) {
  std::mt19937 rng(17);
  exercise(std::string(1500, '(') + "a = :v" + std::string(1500, ')'), rng);
  exercise(std::string(2000, '(') + "a" + std::string(2000, ')') + " = :v", rng);
  std::string nots;
  for (int i = 0; i < 900; ++i) nots += "NOT ";
  exercise(nots + "a = :v", rng);
  std::string calls;
  for (int i = 0; i < 600; ++i) calls += "size(";
  exercise(calls + "a" + std::string(600, ')') + " = :v", rng);
  std::string ands = "a = :v";
  for (int i = 0; i < 400; ++i) ands += " AND a = :v";
  Placeholders ph = fuzz_placeholders();
  auto c = parse_condition(ands, ExpressionKind::kCondition, ph);
  ASSERT_FALSE(c.is_ok());
  EXPECT_EQ(c.status().message(), "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4406");
  exercise(std::string(5000, 'a'), rng);
  // Deep nesting within the size limit is rejected, not a stack overflow.
  Placeholders deep = fuzz_placeholders();
  auto nested = parse_condition(std::string(2000, '(') + "a = :v" + std::string(2000, ')'),
                                ExpressionKind::kCondition, deep);
  ASSERT_FALSE(nested.is_ok());
  EXPECT_EQ(nested.status().message().rfind("Invalid ConditionExpression: Syntax error; token: \"(\"", 0), 0u)
      << nested.status().message();
}

}  // namespace
}  // namespace dynastore::expr
