#include "api/transaction_common.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "api/throttling.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::ConstraintErrors;
using protocol::DynamoError;

const json::Value* check_transact_items(const json::Value& request, std::string_view element_type,
                                        ConstraintErrors& errors) {
  const json::Value* items = protocol::find_member(request, "TransactItems");
  if (items == nullptr || items->IsNull()) {
    errors.add(ConstraintErrors::kNull, "transactItems", "Member must not be null");
    return nullptr;
  }
  if (!items->IsArray()) throw DynamoError::serialization("Unexpected value type in payload");
  if (items->Empty()) {
    errors.add("'[]'", "transactItems", "Member must have length greater than or equal to 1");
    return nullptr;
  }
  if (items->Size() > kMaxTransactionActions) {
    // AWS echoes the list as Java prints it: the element type and an
    // identity hash per element.
    std::string shown = "'[";
    for (json::SizeType i = 0; i < items->Size(); ++i) {
      char element[96];
      std::snprintf(element, sizeof element, "%scom.amazonaws.dynamodb.v20120810.%.*s@%x", i == 0 ? "" : ", ",
                    static_cast<int>(element_type.size()), element_type.data(), 0x10000001u + i);
      shown += element;
    }
    shown += "]'";
    errors.add(shown, "transactItems", "Member must have length less than or equal to 100");
    return nullptr;
  }
  return items;
}

void TransactionTargets::add(std::uint32_t table_id, std::string storage_key) {
  if (!seen_.emplace(table_id, std::move(storage_key)).second) {
    throw DynamoError::validation("Transaction request cannot include multiple operations on one item");
  }
}

DynamoError CancellationReasons::error() const {
  std::string codes;
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartArray();
  for (const auto& reason : reasons_) {
    codes += (codes.empty() ? "" : ", ") + reason.code;
    writer.StartObject();
    if (!reason.item_json.empty()) {
      json::write_key(writer, "Item");
      writer.RawValue(reason.item_json.data(), reason.item_json.size(), json::kObjectType);
    }
    json::write_key(writer, "Code");
    json::write_string(writer, reason.code);
    if (!reason.message.empty()) {
      json::write_key(writer, "Message");
      json::write_string(writer, reason.message);
    }
    writer.EndObject();
  }
  writer.EndArray();
  auto error =
      DynamoError::transaction_canceled("Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                                        codes + "]");
  error.with_member_json("CancellationReasons", std::string(buffer.GetString(), buffer.GetSize()));
  return error;
}

void check_transaction_throughput(RequestContext& context, std::span<const TransactionAccess> actions) {
  if (context.limiter == nullptr) return;
  // What the actions before each one will take from its table, at the
  // least: two units (a transactional read or write of up to 4 KB / 1 KB).
  std::vector<std::pair<const catalog::TableInfo*, double>> pending;
  CancellationReasons reasons;
  bool throttled = false;
  for (const auto& action : actions) {
    auto found = std::find_if(pending.begin(), pending.end(), [&](const auto& p) { return p.first == action.table; });
    if (found == pending.end()) found = pending.insert(pending.end(), {action.table, 0.0});
    if (auto throttle = context.limiter->check(*action.table, action.access, nullptr, found->second)) {
      const ThrottleReason reason = throttle_reason(*throttle);
      reasons.throttled(reason.code, reason.message);
      throttled = true;
      continue;
    }
    found->second += 2;
    reasons.none();
  }
  if (throttled) throw reasons.error();
}

}  // namespace dynastore::api
