// The vocabulary of ItemStore::write: what a caller asks for each item
// (ItemWrite), what it decides once it sees the item as it is (Decision),
// and what happened (ItemOutcome).
//
// A decision is a pure function of the current item and the request: no
// side effects, and nothing moved out of request data, so the write path may
// run it again (a retry, or a replica leader re-executing) with the same
// result. Expected failures — a condition that does not hold, an update that
// cannot apply — are decisions, not errors (STYLE.md §3).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "dynastore/model/attribute_value.h"
#include "dynastore/partition/stored_item.h"
#include "dynastore/partition/table_schema.h"

namespace dynastore::partition {

class Decision {
 public:
  enum class Kind : std::uint8_t {
    kKeep,             // leave the item as it is
    kPut,              // replace (or create) it with new_item()
    kDelete,           // remove it (nothing when it is absent)
    kConditionFailed,  // the request's condition does not hold: write nothing
    kInvalid,          // the request cannot apply to this item: write nothing (message())
  };

  Decision() = default;  // kKeep
  static Decision keep() { return Decision(); }
  // `item` lives in the request and outlives the write: it is not copied.
  static Decision put(const model::Item& item) { return Decision(Kind::kPut, &item); }
  static Decision put(model::Item&&) = delete;  // a temporary would dangle: use put_new
  // An item the decision built (e.g. an update applied to the current one).
  static Decision put_new(model::Item item) {
    Decision d(Kind::kPut, nullptr);
    d.built_ = std::move(item);
    return d;
  }
  static Decision erase() { return Decision(Kind::kDelete, nullptr); }
  static Decision condition_failed() { return Decision(Kind::kConditionFailed, nullptr); }
  static Decision invalid(std::string message) {
    Decision d(Kind::kInvalid, nullptr);
    d.message_ = std::move(message);
    return d;
  }

  Kind kind() const { return kind_; }
  // kConditionFailed or kInvalid: the whole write is called off.
  bool aborts() const { return kind_ == Kind::kConditionFailed || kind_ == Kind::kInvalid; }
  // Precondition: kind() == kPut.
  const model::Item& new_item() const { return borrowed_ != nullptr ? *borrowed_ : built_; }
  const std::string& message() const { return message_; }

 private:
  Decision(Kind kind, const model::Item* borrowed) : kind_(kind), borrowed_(borrowed) {}

  Kind kind_ = Kind::kKeep;
  const model::Item* borrowed_ = nullptr;
  model::Item built_;
  std::string message_;
};

// Sees the item as stored now (empty when absent) and decides. Must be pure
// (see above); it may be called more than once.
using Decide = std::function<Decision(const StoredItem& current)>;

// One item of a write. Everything it points to must outlive the write call.
struct ItemWrite {
  const TableSchema* table = nullptr;
  const model::Item* key = nullptr;  // exactly the table's key attributes, validated
  Decide decide;
  // Made by the service itself (a TTL deletion), not by a caller: stream
  // records say so (userIdentity).
  bool by_service = false;
};

struct ItemOutcome {
  Decision decision;    // what was decided (and, for kPut, the new item)
  StoredItem old_item;  // the item as it was before (empty when absent)
};

}  // namespace dynastore::partition
