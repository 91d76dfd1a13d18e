// The resolved syntax tree shared by conditions, filters, key conditions and update values:
// placeholders are already substituted (names into paths, values copied in), so a tree is
// self-contained and may outlive the Placeholders it was parsed with. Built by the parsers
// (condition.h, update.h) and by the legacy builders (legacy.h); read by the evaluators.
#pragma once

#include <vector>

#include "dynastore/expr/document_path.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::expr {

// A value-producing term: an attribute path, a constant, or a function of other operands.
struct Operand {
  enum class Kind {
    kPath,         // path
    kValue,        // value (an ExpressionAttributeValues constant)
    kSize,         // size(args[0])                         — conditions only
    kIfNotExists,  // if_not_exists(args[0] (a path), args[1]) — update SET only
    kListAppend,   // list_append(args[0], args[1])          — update SET only
    kPlus,         // args[0] + args[1]                      — update SET only
    kMinus,        // args[0] - args[1]                      — update SET only
  };
  Kind kind = Kind::kPath;
  DocumentPath path;
  model::AttributeValue value;
  std::vector<Operand> args;

  static Operand of_path(DocumentPath p) {
    Operand o;
    o.path = std::move(p);
    return o;
  }
  static Operand of_value(model::AttributeValue v) {
    Operand o;
    o.kind = Kind::kValue;
    o.value = std::move(v);
    return o;
  }
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

// One node of a condition tree.
struct ConditionNode {
  enum class Kind {
    kTrue,                // matches everything (an empty legacy Expected/filter)
    kAnd,                 // all children
    kOr,                  // any child
    kNot,                 // !children[0]
    kCompare,             // operands[0] <op> operands[1]
    kBetween,             // operands[1] <= operands[0] <= operands[2]
    kIn,                  // operands[0] equals one of operands[1..]
    kAttributeExists,     // operands[0] is a path that exists
    kAttributeNotExists,  // operands[0] is a path that does not exist
    kAttributeType,       // operands[0] exists and its type descriptor is operands[1] (an S)
    kBeginsWith,          // S/B prefix
    kContains,            // substring / subsequence / set member / list element
    // Legacy NOT_CONTAINS: false when the attribute is missing (unlike NOT contains(), and
    // unlike NE) — observed on DynamoDB by scylladb test_expected.py
    // test_update_expected_1_not_contains.
    kLegacyNotContains,
  };
  Kind kind = Kind::kTrue;
  CompareOp op = CompareOp::kEq;
  std::vector<ConditionNode> children;
  std::vector<Operand> operands;
};

}  // namespace dynastore::expr
