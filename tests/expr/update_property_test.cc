// Property test: random documents x random update expressions (SET / REMOVE / ADD on random
// nested paths), checked against a deliberately different reference implementation:
// removals leave tombstones that are purged at the end instead of being ordered by index.
#include "dynastore/expr/update.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

const AttributeValue& tombstone() {
  static const AttributeValue kTombstone = S("\x01tombstone");
  return kTombstone;
}

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  AttributeValue value(int depth) {
    int kind = pick(depth > 0 ? 7 : 4);
    switch (kind) {
      case 0: return N(std::to_string(pick(21) - 10));
      case 1: return S(std::string(1, static_cast<char>('a' + pick(3))));
      case 2: return SS({std::string(1, static_cast<char>('a' + pick(2))), "z"});
      case 3: return BOOL(pick(2) == 1);
      case 4:
      case 5: {
        std::vector<AttributeValue> items;
        int n = pick(4);
        for (int i = 0; i < n; ++i) items.push_back(value(depth - 1));
        return L(std::move(items));
      }
      default: {
        model::AttributeMap m;
        for (const char* k : {"x", "y"}) {
          if (pick(3) > 0) m.emplace(k, value(depth - 1));
        }
        return AttributeValue::map(std::move(m));
      }
    }
  }

  model::Item item() {
    model::Item it;
    for (const char* k : {"a", "b", "c"}) {
      if (pick(4) > 0) it.emplace(k, value(3));
    }
    return it;
  }

  DocumentPath path() {
    static const char* kTop[] = {"a", "b", "c", "d"};
    DocumentPath p = {PathElement::member(kTop[pick(4)])};
    int extra = pick(3);
    for (int i = 0; i < extra; ++i) {
      if (pick(2) == 0) {
        p.push_back(PathElement::member(pick(2) == 0 ? "x" : "y"));
      } else {
        static const std::uint32_t kIndexes[] = {0, 1, 2, 5};
        p.push_back(PathElement::list_index(kIndexes[pick(4)]));
      }
    }
    return p;
  }

 private:
  std::mt19937 rng_;
};

std::string path_text(const DocumentPath& p) {
  std::string out;
  for (const auto& e : p) {
    if (e.is_index) {
      out += "[" + std::to_string(e.index) + "]";
    } else {
      if (!out.empty()) out += ".";
      out += e.name;
    }
  }
  return out;
}

struct Action {
  enum Kind { kSetValue, kSetCopy, kSetPlus, kRemove, kAddNumber, kAddSet } kind;
  DocumentPath path;
  DocumentPath source;  // kSetCopy / kSetPlus
  AttributeValue value;
};

// ---- the reference model ------------------------------------------------------------------

AttributeValue* find_mut(model::Item& item, const DocumentPath& p) {
  auto it = item.find(p[0].name);
  if (it == item.end()) return nullptr;
  AttributeValue* v = &it->second;
  for (std::size_t i = 1; i < p.size(); ++i) {
    if (p[i].is_index) {
      if (v->type() != AttributeType::kList || p[i].index >= v->list_value().size()) return nullptr;
      v = &v->list_value()[p[i].index];
    } else {
      if (v->type() != AttributeType::kMap) return nullptr;
      auto m = v->map_value().find(p[i].name);
      if (m == v->map_value().end()) return nullptr;
      v = &m->second;
    }
  }
  return v;
}

// nullptr parent: path invalid. For top-level paths the parent is the item (returned as nullptr
// with top=true).
struct ParentRef {
  bool ok = false;
  bool top = false;
  const AttributeValue* holder = nullptr;
};

ParentRef parent_of(const model::Item& item, const DocumentPath& p) {
  ParentRef r;
  if (p.size() == 1) {
    r.ok = r.top = true;
    return r;
  }
  DocumentPath prefix(p.begin(), p.end() - 1);
  const AttributeValue* h = resolve_path(item, prefix);
  if (h == nullptr) return r;
  if (p.back().is_index ? h->type() != AttributeType::kList : h->type() != AttributeType::kMap) return r;
  r.ok = true;
  r.holder = h;
  return r;
}

void purge(AttributeValue& v) {
  if (v.type() == AttributeType::kList) {
    auto& l = v.list_value();
    std::vector<AttributeValue> kept;
    for (auto& e : l) {
      if (e == tombstone()) continue;
      purge(e);
      kept.push_back(std::move(e));
    }
    l = std::move(kept);
  } else if (v.type() == AttributeType::kMap) {
    auto& m = v.map_value();
    for (auto it = m.begin(); it != m.end();) {
      if (it->second == tombstone()) {
        it = m.erase(it);
      } else {
        purge(it->second);
        ++it;
      }
    }
  }
}

// Returns the expected item, or the expected error message.
std::variant<model::Item, std::string> reference(const model::Item& original, const std::vector<Action>& actions) {
  struct Write {
    DocumentPath path;
    std::optional<AttributeValue> value;  // nullopt: remove
    bool append;
  };
  std::vector<Write> writes;
  for (const Action& a : actions) {
    ParentRef parent = parent_of(original, a.path);
    if (!parent.ok) return std::string("The document path provided in the update expression is invalid for update");
    const AttributeValue* current = resolve_path(original, a.path);
    bool append = a.path.back().is_index && parent.holder != nullptr &&
                  a.path.back().index >= parent.holder->list_value().size();
    switch (a.kind) {
      case Action::kSetValue: writes.push_back({a.path, a.value, append}); break;
      case Action::kSetCopy:
      case Action::kSetPlus: {
        const AttributeValue* src = resolve_path(original, a.source);
        if (src == nullptr) return std::string("The provided expression refers to an attribute that does not exist in the item");
        if (a.kind == Action::kSetCopy) {
          writes.push_back({a.path, *src, append});
        } else {
          if (src->type() != AttributeType::kNumber) return std::string("An operand in the update expression has an incorrect data type");
          long sum = std::stol(src->scalar()) + std::stol(a.value.scalar());
          writes.push_back({a.path, N(std::to_string(sum)), append});
        }
        break;
      }
      case Action::kRemove:
        if (current != nullptr) writes.push_back({a.path, std::nullopt, false});
        break;
      case Action::kAddNumber:
        if (current == nullptr) {
          writes.push_back({a.path, a.value, append});
        } else if (current->type() != AttributeType::kNumber) {
          return std::string("An operand in the update expression has an incorrect data type");
        } else {
          writes.push_back({a.path, N(std::to_string(std::stol(current->scalar()) + std::stol(a.value.scalar()))), false});
        }
        break;
      case Action::kAddSet:
        if (current == nullptr) {
          writes.push_back({a.path, a.value, append});
        } else if (current->type() != AttributeType::kStringSet) {
          return std::string("An operand in the update expression has an incorrect data type");
        } else {
          std::vector<std::string> members = current->set_members();
          for (const auto& m : a.value.set_members()) {
            if (std::find(members.begin(), members.end(), m) == members.end()) members.push_back(m);
          }
          writes.push_back({a.path, SS(members), false});
        }
        break;
    }
  }
  model::Item work = original;
  std::map<std::string, std::vector<std::pair<std::uint32_t, AttributeValue>>> appends;  // by parent text
  for (auto& w : writes) {
    if (w.append) {
      DocumentPath prefix(w.path.begin(), w.path.end() - 1);
      appends[path_text(prefix)].emplace_back(w.path.back().index, *w.value);
      continue;
    }
    if (w.path.size() == 1) {
      if (w.value) {
        work[w.path[0].name] = *w.value;
      } else {
        work[w.path[0].name] = tombstone();
      }
      continue;
    }
    AttributeValue* target = find_mut(work, w.path);
    if (target != nullptr) {
      *target = w.value ? *w.value : tombstone();
    } else {  // a new map member
      DocumentPath prefix(w.path.begin(), w.path.end() - 1);
      find_mut(work, prefix)->map_value()[w.path.back().name] = *w.value;
    }
  }
  for (auto& [parent_text, items] : appends) {
    std::stable_sort(items.begin(), items.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto& w : writes) {
      if (!w.append) continue;
      DocumentPath prefix(w.path.begin(), w.path.end() - 1);
      if (path_text(prefix) != parent_text) continue;
      AttributeValue* list = find_mut(work, prefix);
      for (auto& [index, v] : items) list->list_value().push_back(v);
      break;
    }
  }
  for (auto it = work.begin(); it != work.end();) {
    if (it->second == tombstone()) {
      it = work.erase(it);
    } else {
      purge(it->second);
      ++it;
    }
  }
  return work;
}

bool overlapping(const std::vector<Action>& actions) {
  for (std::size_t i = 0; i < actions.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const auto& a = actions[i].path;
      const auto& b = actions[j].path;
      bool related = true;
      for (std::size_t k = 0; k < std::min(a.size(), b.size()); ++k) {
        if (a[k].is_index != b[k].is_index) break;  // conflict counts as related
        if (!(a[k] == b[k])) {
          related = false;
          break;
        }
      }
      if (related) return true;
    }
  }
  return false;
}

TEST(UpdateProperty, MatchesReferenceModel) {
  Generator gen(20240611);
  int applied = 0, errors = 0, rejected = 0;
  for (int iteration = 0; iteration < 10000; ++iteration) {
    model::Item item = gen.item();
    std::vector<Action> actions;
    int count = 1 + gen.pick(4);
    for (int i = 0; i < count; ++i) {
      Action a;
      a.kind = static_cast<Action::Kind>(gen.pick(6));
      a.path = gen.path();
      if (a.kind == Action::kSetCopy || a.kind == Action::kSetPlus) a.source = gen.path();
      if (a.kind == Action::kSetValue) a.value = gen.value(2);
      if (a.kind == Action::kSetPlus || a.kind == Action::kAddNumber) a.value = N(std::to_string(gen.pick(9) - 4));
      if (a.kind == Action::kAddSet) a.value = SS({"z", "q"});
      actions.push_back(std::move(a));
    }
    // Render as an UpdateExpression, one clause per action kind.
    std::map<std::string, model::AttributeValue> values;
    std::string set, remove, add;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      const Action& a = actions[i];
      std::string v = ":v" + std::to_string(i);
      std::string target = path_text(a.path);
      auto append_to = [](std::string& clause, const std::string& text) {
        clause += clause.empty() ? text : ", " + text;
      };
      switch (a.kind) {
        case Action::kSetValue: append_to(set, target + " = " + v); values[v] = a.value; break;
        case Action::kSetCopy: append_to(set, target + " = " + path_text(a.source)); break;
        case Action::kSetPlus: append_to(set, target + " = " + path_text(a.source) + " + " + v); values[v] = a.value; break;
        case Action::kRemove: append_to(remove, target); break;
        case Action::kAddNumber:
        case Action::kAddSet: append_to(add, target + " " + v); values[v] = a.value; break;
      }
    }
    std::string text;
    if (!set.empty()) text += "SET " + set + " ";
    if (!remove.empty()) text += "REMOVE " + remove + " ";
    if (!add.empty()) text += "ADD " + add;
    Placeholders ph({}, values);
    auto plan = parse_update(text, ph);
    if (overlapping(actions)) {
      ASSERT_FALSE(plan.is_ok()) << text;
      ++rejected;
      continue;
    }
    ASSERT_TRUE(plan.is_ok()) << text << ": " << plan.status().message();
    // Actions are reordered into clauses; the reference must see them in the same order.
    std::vector<Action> ordered;
    for (int pass = 0; pass < 3; ++pass) {
      for (const Action& a : actions) {
        int clause = a.kind <= Action::kSetPlus ? 0 : a.kind == Action::kRemove ? 1 : 2;
        if (clause == pass) ordered.push_back(a);
      }
    }
    auto expected = reference(item, ordered);
    model::Item actual = item;
    Status s = apply_update(plan.value(), actual, true);
    if (std::holds_alternative<std::string>(expected)) {
      ASSERT_FALSE(s.is_ok()) << text << " on " << to_text(item) << " gave " << to_text(actual);
      EXPECT_EQ(s.message(), std::get<std::string>(expected)) << text << " on " << to_text(item);
      EXPECT_EQ(to_text(actual), to_text(item));
      ++errors;
    } else {
      ASSERT_TRUE(s.is_ok()) << text << " on " << to_text(item) << ": " << s.message();
      ASSERT_EQ(to_text(actual), to_text(std::get<model::Item>(expected))) << text << " on " << to_text(item);
      ++applied;
    }
  }
  RecordProperty("applied", applied);
  RecordProperty("errors", errors);
  RecordProperty("rejected", rejected);
  // The generator must exercise every outcome.
  EXPECT_GT(applied, 500);
  EXPECT_GT(errors, 500);
  EXPECT_GT(rejected, 500);
}

}  // namespace
}  // namespace dynastore::expr
