// UpdateExpression (SET / REMOVE / ADD / DELETE) and its application to an item; legacy
// AttributeUpdates are expressed through the same UpdatePlan (legacy.h).
//
// Semantics (Developer Guide, "Update expressions"; behaviour observed on DynamoDB by dynalite
// test/updateItem.js and scylladb test_update_expression.py):
//  - every operand reads the item as it was before the update ("SET a = b, b = a" swaps);
//  - list indexes refer to the original positions: "REMOVE a[1], a[3]" removes both original
//    elements, and "REMOVE a[1] SET a[3] = :v" sets the original a[3];
//  - SET of an index past a list's end appends; several appends go in index order;
//  - REMOVE of a missing attribute, map member or list element is a no-op; REMOVE through a
//    missing or mistyped parent is an error, except when the item does not exist at all;
//  - ADD of a number to a missing attribute starts from 0, of a set to a missing attribute
//    creates it; DELETE of set members that empties the set removes the attribute.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/expr/ast.h"
#include "dynastore/expr/placeholders.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::expr {

struct UpdateAction {
  enum class Kind { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  DocumentPath path;
  // kSet: the value expression (Operand kinds kPath, kValue, kIfNotExists, kListAppend,
  // kPlus, kMinus); kAdd / kDelete: a kValue operand; kRemove: unused. For the legacy dialect
  // a kDelete with a default-constructed kPath operand (no value) removes the attribute.
  Operand value;
};

// Which parameter the plan came from: the two differ in runtime error texts ("An operand in
// the update expression has an incorrect data type" vs "Type mismatch for attribute to
// update") and legacy ADD also appends lists (scylladb test_item.py test_update_item_add).
enum class UpdateDialect { kExpression, kAttributeUpdates };

// A validated update. Immutable; apply_update() on it may run concurrently on different items.
class UpdatePlan {
 public:
  UpdatePlan() = default;
  UpdatePlan(std::vector<UpdateAction> actions, UpdateDialect dialect);

  const std::vector<UpdateAction>& actions() const { return actions_; }
  UpdateDialect dialect() const { return dialect_; }

  // The top-level attributes the update writes or removes. The caller rejects key attributes:
  // "One or more parameter values were invalid: Cannot update attribute pk. This attribute is
  // part of the key" (dynalite test/updateItem.js).
  const std::set<std::string>& modified_top_level_names() const { return modified_names_; }
  // Every path the update writes or removes (mutually non-overlapping). For ReturnValues
  // UPDATED_OLD / UPDATED_NEW, project the old / new item onto them (see projection.h
  // Projection::from_paths): DynamoDB returns exactly what a projection of these paths returns
  // (dynalite test "should update nested attributes").
  std::vector<DocumentPath> modified_paths() const;
  // Top-level attributes read through nested paths or written through nested paths.
  const std::set<std::string>& nested_top_level_names() const { return nested_names_; }

 private:
  std::vector<UpdateAction> actions_;
  UpdateDialect dialect_ = UpdateDialect::kExpression;
  std::set<std::string> modified_names_;
  std::set<std::string> nested_names_;
};

// Parses and validates an UpdateExpression. Errors are "Invalid UpdateExpression: ..." (empty,
// too long, syntax, redundant parentheses, reserved keyword, unknown or misplaced function,
// repeated section, undefined placeholder, overlapping / conflicting paths, ADD/DELETE operand
// type, function operand count/type), in dynalite's (AWS-recorded) priority order.
[[nodiscard]] Result<UpdatePlan> parse_update(std::string_view text, Placeholders& placeholders);

// Applies `plan` to `item`, which holds the old item (or is empty when there was none;
// `item_exists` tells the two apart, as an absent item makes REMOVE through missing parents a
// no-op). On error `item` is left unchanged. Errors (DynamoDB's texts, no prefix):
//   "The provided expression refers to an attribute that does not exist in the item"
//   "An operand in the update expression has an incorrect data type"
//   "The document path provided in the update expression is invalid for update"
//   "Type mismatch for attribute to update" (legacy dialect)
//   model::Number's overflow / underflow texts for ADD and +/- results.
[[nodiscard]] Status apply_update(const UpdatePlan& plan, model::Item& item, bool item_exists);

}  // namespace dynastore::expr
