// The parser's output before validation: placeholders are still unresolved token texts
// pointing into the source string, and grouping parentheses are remembered (DynamoDB rejects
// redundant ones). The validators (condition_validator.cc, update_parser.cc, projection.cc)
// turn it into the public AST of ast.h.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "dynastore/expr/ast.h"
#include "dynastore/expr/update.h"

namespace dynastore::expr {

struct RawPathElement {
  enum class Kind { kName, kNameSub, kIndex };
  Kind kind = Kind::kName;
  std::string_view text;  // name or "#sub" as written; digits for an index
  std::uint32_t index = 0;
};

struct RawPath {
  std::vector<RawPathElement> elements;
};

struct RawOperand {
  enum class Kind { kPath, kValueSub, kFunction, kPlus, kMinus };
  Kind kind = Kind::kPath;
  RawPath path;            // kPath
  std::string_view text;   // kValueSub: ":v"; kFunction: the function name
  std::vector<RawOperand> args;
  bool parenthesized = false;
};

struct RawCondition {
  enum class Kind { kAnd, kOr, kNot, kCompare, kBetween, kIn, kFunction };
  Kind kind = Kind::kCompare;
  CompareOp op = CompareOp::kEq;
  std::vector<RawCondition> children;  // kAnd / kOr: two; kNot: one
  std::vector<RawOperand> operands;    // kFunction: operands[0] is the call
  bool parenthesized = false;
};

struct RawUpdateAction {
  RawPath path;
  RawOperand value;  // kSet: value expression; kAdd / kDelete: the :value; kRemove: unused
};

struct RawUpdateSection {
  UpdateAction::Kind kind = UpdateAction::Kind::kSet;
  std::string_view keyword;  // as written, for nothing but diagnostics
  std::vector<RawUpdateAction> actions;
};

}  // namespace dynastore::expr
