// Helpers shared by the validators of conditions, updates and projections.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/expr/document_path.h"
#include "dynastore/expr/expression_kind.h"
#include "dynastore/expr/placeholders.h"
#include "expr/raw_ast.h"

namespace dynastore::expr {

// DynamoDB does not stop at the first problem it meets: it collects one error per category and
// reports the highest-priority category (dynalite's checkErrors(), whose order was matched
// against AWS). ErrorSlots keeps the first message recorded per slot; lower slot numbers win.
class ErrorSlots {
 public:
  explicit ErrorSlots(std::size_t count) : slots_(count) {}
  void record(std::size_t slot, std::string message) {
    if (!slots_[slot]) slots_[slot] = std::move(message);
  }
  bool has(std::size_t slot) const { return slots_[slot].has_value(); }
  const std::optional<std::string>& at(std::size_t slot) const { return slots_[slot]; }
  // The message of the lowest-numbered slot among [begin, end), if any.
  std::optional<std::string> first(std::size_t begin, std::size_t end) const {
    for (std::size_t i = begin; i < end && i < slots_.size(); ++i) {
      if (slots_[i]) return slots_[i];
    }
    return std::nullopt;
  }

 private:
  std::vector<std::optional<std::string>> slots_;
};

// "Invalid <parameter>: <message>".
Status invalid_expression(ExpressionKind kind, std::string_view message);

// The checks every expression gets before parsing: not empty, at most 4 KB.
Status check_expression_text(std::string_view text, ExpressionKind kind);

// Resolves a parsed path: bare names that are reserved words go to `reserved_slot`
// ("Attribute name is a reserved keyword; reserved keyword: X"), undefined "#n" placeholders
// to `name_slot`. Returns nullopt if a placeholder was undefined.
std::optional<DocumentPath> resolve_raw_path(const RawPath& raw, Placeholders& placeholders,
                                             ErrorSlots& errors, std::size_t reserved_slot,
                                             std::size_t name_slot);

// The undefined-value message for ":v".
std::string undefined_value_message(std::string_view key);

// Overlap / conflict between two resolved paths, as DynamoDB defines them (dynalite checkPaths):
// walking the common prefix, elements of different kinds (name vs index) conflict; different
// values of the same kind make the paths unrelated; if one path is a prefix of the other (or
// they are equal) they overlap.
enum class PathRelation { kUnrelated, kOverlap, kConflict };
PathRelation relate_paths(const DocumentPath& a, const DocumentPath& b);

// Checks each path against the earlier ones; records the first overlap in `overlap_slot` and
// the first conflict in `conflict_slot`, "path one" being the earlier path.
void check_path_set(const std::vector<const DocumentPath*>& paths, ErrorSlots& errors,
                    std::size_t overlap_slot, std::size_t conflict_slot);

}  // namespace dynastore::expr
