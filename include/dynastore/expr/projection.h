// ProjectionExpression: which attributes (or nested parts) of an item to return.
//
// The result has the item's shape: a projected map keeps only its projected members, a
// projected list keeps only its projected elements, collected in index order into a shorter
// list; missing paths (or paths through the wrong type) are omitted, and a container left with
// nothing is omitted too (scylladb test_projection_expression.py, run against DynamoDB).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/expr/document_path.h"
#include "dynastore/expr/placeholders.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::expr {

// Immutable once built; concurrent project() calls are safe.
class Projection {
 public:
  // A tree node: either a leaf (take the whole value) or the members / elements to keep.
  struct Node {
    bool leaf = false;
    std::map<std::string, Node, std::less<>> members;
    std::map<std::uint32_t, Node> elements;
  };

  Projection() = default;
  // From paths that neither overlap nor conflict (as parse_projection and UpdatePlan guarantee).
  static Projection from_paths(const std::vector<DocumentPath>& paths);

  const Node& root() const { return root_; }
  const std::vector<DocumentPath>& paths() const { return paths_; }
  // Top-level attribute names projected; those projected through a nested path.
  const std::set<std::string>& top_level_names() const { return top_level_names_; }
  const std::set<std::string>& nested_top_level_names() const { return nested_top_level_names_; }

 private:
  Node root_;
  std::vector<DocumentPath> paths_;
  std::set<std::string> top_level_names_;
  std::set<std::string> nested_top_level_names_;
};

// Errors ("Invalid ProjectionExpression: ..."): empty, too long, syntax error, reserved
// keyword, undefined name placeholder, then "Two document paths overlap with each other; ..."
// / "Two document paths conflict with each other; ..." (path one is the earlier path).
[[nodiscard]] Result<Projection> parse_projection(std::string_view text, Placeholders& placeholders);

// The projected copy of `item`.
model::Item project(const Projection& projection, const model::Item& item);

}  // namespace dynastore::expr
