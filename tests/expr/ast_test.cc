// The public AST can be built by hand (as the legacy builders do) and evaluated.
#include "dynastore/expr/ast.h"

#include <gtest/gtest.h>

#include "dynastore/expr/condition.h"
#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

TEST(Ast, HandBuiltConditionEvaluates) {
  ConditionNode cmp;
  cmp.kind = ConditionNode::Kind::kCompare;
  cmp.op = CompareOp::kGt;
  Operand size;
  size.kind = Operand::Kind::kSize;
  size.args.push_back(Operand::of_path({PathElement::member("a")}));
  cmp.operands.push_back(std::move(size));
  cmp.operands.push_back(Operand::of_value(N("1")));
  Condition c(std::move(cmp));
  model::Item item = parse_item("{a:[N1,N2]}");
  EXPECT_TRUE(evaluate(c, &item));
  EXPECT_EQ(c.top_level_names(), (std::set<std::string>{"a"}));
  EXPECT_TRUE(evaluate(Condition(), nullptr));  // the default condition is always true
}

}  // namespace
}  // namespace dynastore::expr
