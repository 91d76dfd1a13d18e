// A PartiQL statement as DynamoDB runs it (Developer Guide, "PartiQL - a
// SQL-compatible query language for Amazon DynamoDB"): SELECT, INSERT,
// UPDATE and DELETE on one table, parsed into the pieces the DynamoDB
// operations they become need. Values are kept as the wire JSON of an
// AttributeValue (literals converted, `?` parameters copied), so the
// operations that run them validate them as they validate any request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/json/json.h"

namespace dynastore::api::partiql {

// One step of a document path: an attribute or map key name, or a list index.
struct PathStep {
  bool is_index = false;
  std::string name;
  std::uint32_t index = 0;
};
using Path = std::vector<PathStep>;

// Whether `a` and `b` both have at least `count` steps and agree on them.
inline bool same_steps(const Path& a, const Path& b, std::size_t count) {
  if (a.size() < count || b.size() < count) return false;
  for (std::size_t i = 0; i < count; ++i) {
    if (a[i].is_index != b[i].is_index || a[i].name != b[i].name || a[i].index != b[i].index) return false;
  }
  return true;
}

struct Operand {
  enum class Kind { kPath, kValue, kSize };  // kSize: size(path)
  Kind kind = Kind::kValue;
  Path path;
  std::string value_json;  // kValue: an AttributeValue, e.g. {"S":"x"}
  bool from_parameter = false;  // kValue given as ?
  bool is_set = false;          // kValue written as a <<set>>
};

struct Condition {
  // kIsNull: IS NULL (a missing attribute is null too, as in PartiQL);
  // kIsType: IS BOOL, IS STRING, ...
  enum class Kind { kCompare, kBetween, kIn, kAnd, kOr, kNot, kFunction, kMissing, kNotMissing, kIsNull, kIsType };
  Kind kind = Kind::kCompare;
  // kCompare: "=", "<>", "<", "<=", ">", ">="; kFunction: its name; kIsType:
  // the DynamoDB type ("BOOL", "S", ...)
  std::string op;
  std::vector<Operand> operands;
  std::vector<Condition> children;  // kAnd, kOr: two or more; kNot: one
};

// SET path = value | path + value | path - value | list_append(a, b), and
// set_add / set_delete (DynamoDB's ADD and DELETE actions), and REMOVE path.
struct UpdateAction {
  enum class Kind { kSet, kPlus, kMinus, kListAppend, kSetAdd, kSetDelete, kRemove };
  Kind kind = Kind::kSet;
  Path path;
  std::vector<Operand> operands;
};

struct Statement {
  // kExists: EXISTS(SELECT ...), a transaction's condition on one item.
  enum class Kind { kSelect, kInsert, kUpdate, kDelete, kExists };
  Kind kind = Kind::kSelect;
  std::string table;
  std::optional<std::string> index;  // SELECT ... FROM "table"."index"
  std::vector<Path> projection;      // SELECT: empty for *
  std::optional<Condition> where;
  // SELECT ... ORDER BY key [ASC | DESC], ...: the key attributes named,
  // each with whether it is descending.
  std::vector<std::pair<std::string, bool>> order_by;
  std::string item_json;  // INSERT: the VALUE, an AttributeValue (a map to be valid)
  std::vector<UpdateAction> actions;
  std::string returning;  // UPDATE, DELETE: "", or ReturnValues' ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW
};

// Parses `text`, taking `?` parameters from `parameters` (an array of
// AttributeValues, or nullptr) in order. Throws protocol::DynamoError
// (ValidationException) for a statement it cannot run.
Statement parse(std::string_view text, const json::Value* parameters);

}  // namespace dynastore::api::partiql
