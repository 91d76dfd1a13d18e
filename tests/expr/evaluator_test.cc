// Evaluation semantics across types: rows of (item, condition, placeholder values, expected).
#include "dynastore/expr/condition.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

// Values available to every row, written in test_util's compact form.
const std::map<std::string, std::string>& value_texts() {
  static const std::map<std::string, std::string> kValues = {
      {":s1", "Sabc"},  {":s2", "Sabd"},   {":sA", "SA"},     {":sx", "Sx"},      {":se", "S"},
      {":n1", "N1"},    {":n3", "N3"},     {":n10", "N10"},   {":n2", "N2"},     {":nneg", "N-5.5"}, {":n100", "N1e2"},
      {":b1", "B\x01"}, {":b2", "B\x02"},  {":bff", "B\xff"}, {":t", "T"},        {":f", "F"},
      {":z", "Z"},      {":l", "[N1,Sx]"}, {":l2", "[Sx,N1]"}, {":m", "{k:N1}"},  {":ss", "<Sa|b>"},
      {":ss2", "<Sb|a>"}, {":ns", "<N1|2>"}, {":bs", "<B\x01>"}, {":tS", "SS"}, {":tN", "SN"},
      {":tL", "SL"},    {":tM", "SM"},     {":tSS", "SSS"},   {":tNULL", "SNULL"}, {":tBOOL", "SBOOL"},
      {":sa", "Sa"},
  };
  return kValues;
}

struct EvalCase {
  const char* item;  // "" for no item
  const char* condition;
  bool expected;
};

class EvaluateTest : public ::testing::TestWithParam<EvalCase> {};

TEST_P(EvaluateTest, Row) {
  const EvalCase& c = GetParam();
  std::map<std::string, model::AttributeValue> values;
  for (const auto& [k, v] : value_texts()) values.emplace(k, parse_value(v));
  Placeholders ph({{"#d", "x.y"}}, values);
  auto cond = parse_condition(c.condition, ExpressionKind::kCondition, ph);
  ASSERT_TRUE(cond.is_ok()) << c.condition << ": " << cond.status().message();
  if (std::string(c.item).empty()) {
    EXPECT_EQ(evaluate(cond.value(), nullptr), c.expected) << c.condition << " on no item";
  } else {
    model::Item item = parse_item(c.item);
    EXPECT_EQ(evaluate(cond.value(), &item), c.expected) << c.condition << " on " << c.item;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, EvaluateTest, ::testing::Values(
    // Equality across types; missing attributes.
    EvalCase{"{a:Sabc}", "a = :s1", true},
    EvalCase{"{a:Sabc}", "a = :s2", false},
    EvalCase{"{a:Sabc}", "a <> :s2", true},
    EvalCase{"{a:N1}", "a = :s1", false},
    EvalCase{"{a:N1}", "a <> :s1", true},
    EvalCase{"{}", "a = :s1", false},
    EvalCase{"{}", "a <> :s1", true},
    EvalCase{"", "a <> :s1", true},
    EvalCase{"", "attribute_not_exists(a)", true},
    EvalCase{"", "attribute_exists(a)", false},
    EvalCase{"{a:N1.0}", "a = :n1", true},
    EvalCase{"{a:N100}", "a = :n100", true},
    EvalCase{"{a:T}", "a = :t", true},
    EvalCase{"{a:T}", "a = :f", false},
    EvalCase{"{a:Z}", "a = :z", true},
    EvalCase{"{a:[N1,Sx]}", "a = :l", true},
    EvalCase{"{a:[N1,Sx]}", "a = :l2", false},
    EvalCase{"{a:{k:N1}}", "a = :m", true},
    EvalCase{"{a:<Sa|b>}", "a = :ss2", true},   // sets equal regardless of order
    EvalCase{"{a:<Sa|b>}", "a = :ns", false},
    EvalCase{"{a:<N1|2>}", "a = :ns", true},
    // Ordering: numbers as decimals, strings/binary bytewise unsigned, other types false.
    EvalCase{"{a:N2}", "a < :n10", true},       // not "2" < "10" as text
    EvalCase{"{a:N-5.5}", "a < :n1", true},
    EvalCase{"{a:N1}", "a > :nneg", true},
    EvalCase{"{a:N1}", "a <= :n1", true},
    EvalCase{"{a:N1}", "a >= :n2", false},
    EvalCase{"{a:Sabc}", "a < :s2", true},
    EvalCase{"{a:Sa}", "a > :sA", true},        // 'a' (0x61) > 'A' (0x41)
    EvalCase{"{a:Sa}", "a > :se", true},        // any string > ""
    EvalCase{"{a:B\x02}", "a > :b1", true},
    EvalCase{"{a:B\xff}", "a > :b1", true},     // unsigned bytes
    EvalCase{"{a:Sabc}", "a < :n1", false},     // type mismatch is false, not an error
    EvalCase{"{a:T}", "a < :n1", false},
    EvalCase{"{}", "a < :n1", false},
    EvalCase{"{a:N5,b:N3}", "a > b", true},
    EvalCase{"{a:N5}", "a > b", false},
    // BETWEEN, IN.
    EvalCase{"{a:N5}", "a BETWEEN :n1 AND :n10", true},
    EvalCase{"{a:N1}", "a BETWEEN :n1 AND :n10", true},
    EvalCase{"{a:N10}", "a BETWEEN :n1 AND :n10", true},
    EvalCase{"{a:N11}", "a BETWEEN :n1 AND :n10", false},
    EvalCase{"{a:Sabc}", "a BETWEEN :n1 AND :n10", false},
    EvalCase{"{a:Sabc}", "a BETWEEN :s1 AND :s2", true},
    EvalCase{"{}", "a BETWEEN :n1 AND :n10", false},
    EvalCase{"{a:N2}", "a IN (:n1, :n2)", true},
    EvalCase{"{a:N3}", "a IN (:n1, :n2)", false},
    EvalCase{"{a:Sx}", "a IN (:n1, :sx)", true},
    EvalCase{"{}", "a IN (:n1, :n2)", false},
    EvalCase{"{a:[N1,Sx]}", "a IN (:l, :m)", true},
    // Functions.
    EvalCase{"{a:N1}", "attribute_exists(a)", true},
    EvalCase{"{a:{b:[N1]}}", "attribute_exists(a.b[0])", true},
    EvalCase{"{a:{b:[N1]}}", "attribute_exists(a.b[1])", false},
    EvalCase{"{a:{b:[N1]}}", "attribute_exists(a[0])", false},
    EvalCase{"{x.y:N1}", "attribute_exists(#d)", true},
    EvalCase{"{x:{y:N1}}", "attribute_exists(#d)", false},
    EvalCase{"{a:Sabc}", "attribute_type(a, :tS)", true},
    EvalCase{"{a:Sabc}", "attribute_type(a, :tN)", false},
    EvalCase{"{a:<Sa>}", "attribute_type(a, :tSS)", true},
    EvalCase{"{a:Z}", "attribute_type(a, :tNULL)", true},
    EvalCase{"{a:F}", "attribute_type(a, :tBOOL)", true},
    EvalCase{"{a:[]}", "attribute_type(a, :tL)", true},
    EvalCase{"{a:{}}", "attribute_type(a, :tM)", true},
    EvalCase{"{}", "attribute_type(a, :tS)", false},
    EvalCase{"{a:Sabcdef}", "begins_with(a, :s1)", true},
    EvalCase{"{a:Sab}", "begins_with(a, :s1)", false},
    EvalCase{"{a:B\x01\x02}", "begins_with(a, :b1)", true},
    EvalCase{"{a:N1}", "begins_with(a, :s1)", false},
    EvalCase{"{a:Sxabcx}", "contains(a, :s1)", true},
    EvalCase{"{a:Sxabx}", "contains(a, :s1)", false},
    EvalCase{"{a:<Sa|b>}", "contains(a, :sa)", true},
    EvalCase{"{a:<Sa|b>}", "contains(a, :sx)", false},
    EvalCase{"{a:<N1|2>}", "contains(a, :n1)", true},
    EvalCase{"{a:<N1|2>}", "contains(a, :sa)", false},
    EvalCase{"{a:[N1,Sx]}", "contains(a, :sx)", true},
    EvalCase{"{a:[N1,[N1,Sx]]}", "contains(a, :l)", true},
    EvalCase{"{a:[{k:N1}]}", "contains(a, :m)", true},
    EvalCase{"{a:N1}", "contains(a, :n1)", false},
    EvalCase{"{}", "contains(a, :n1)", false},
    EvalCase{"{}", "NOT contains(a, :n1)", true},
    EvalCase{"{a:Sabc}", "size(a) = :n1", false},
    EvalCase{"{a:Sx}", "size(a) = :n1", true},
    EvalCase{"{a:Sé}", "size(a) = :n1", true},     // UTF-16 code units, not UTF-8 bytes
    EvalCase{"{a:Sé𝄞}", "size(a) = :n3", true},    // a surrogate pair counts 2 (verified on DynamoDB)
    EvalCase{"{a:B\xc3\xa9}", "size(a) = :n2", true},
    EvalCase{"{a:[N1,N2]}", "size(a) = :n2", true},
    EvalCase{"{a:{k:N1}}", "size(a) = :n1", true},
    EvalCase{"{a:<N1|2>}", "size(a) > :n1", true},
    EvalCase{"{a:N12345}", "size(a) > :n1", false},  // size of a number is undefined
    EvalCase{"{a:T}", "size(a) <> :n1", true},
    EvalCase{"{}", "size(a) < :n10", false},
    // Boolean structure and precedence: NOT > AND > OR.
    EvalCase{"{a:N1,b:N2}", "a = :n1 AND b = :n2", true},
    EvalCase{"{a:N1,b:N2}", "a = :n2 OR b = :n2", true},
    EvalCase{"{a:N1,b:N2}", "NOT a = :n2", true},
    EvalCase{"{a:N1}", "a = :n2 AND a = :n2 OR a = :n1", true},     // (F AND F) OR T
    EvalCase{"{a:N1}", "a = :n1 OR a = :n2 AND a = :n2", true},     // T OR (F AND F)
    EvalCase{"{a:N1}", "(a = :n1 OR a = :n2) AND a = :n2", false},
    EvalCase{"{a:N1}", "NOT a = :n1 AND a = :n1", false},           // (NOT T) AND T
    EvalCase{"{a:N1}", "NOT (a = :n1 AND a = :n2)", true},
    EvalCase{"{a:N1}", "NOT NOT a = :n1", true},
    // Constants on both sides are legal and evaluated.
    EvalCase{"{}", ":n1 < :n2", true},
    EvalCase{"{}", ":n1 = :s1", false}
));

}  // namespace
}  // namespace dynastore::expr
