#include "api/injected_fault.h"

#include "api/transaction_common.h"

namespace dynastore::api {

namespace {

using protocol::DynamoError;

// DynamoDB's texts, as clients have quoted them from real answers.
// ProvisionedThroughputExceededException on a provisioned table:
constexpr std::string_view kProvisionedThroughputMessage =
    "The level of configured provisioned throughput for the table was exceeded. Consider increasing your "
    "provisioning level with the UpdateTable API.";
// ThrottlingException on an item operation (an on-demand table's partition
// at its limit):
constexpr std::string_view kItemThrottlingMessage =
    "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table "
    "or index so please try again shortly. If exceptions persist, check if you have a hot key: "
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
// ThrottlingException on a control-plane operation (Developer Guide, "Error
// handling with DynamoDB": CreateTable, UpdateTable, DeleteTable too fast):
constexpr std::string_view kControlThrottlingMessage = "Rate of requests exceeds the allowed throughput.";
// TransactionConflictException, and the TransactionConflict reason's text.
constexpr std::string_view kTransactionConflictMessage = "Transaction is ongoing for the item";

bool is_item_operation(std::string_view operation) {
  return fault_applies_to(FaultKind::kProvisionedThroughputExceeded, operation);
}

const json::Value* member(const json::Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  const auto found = object.FindMember(json::string_ref(name));
  return found == object.MemberEnd() ? nullptr : &found->value;
}

}  // namespace

std::vector<std::string_view> request_tables(const json::Value& request) {
  std::vector<std::string_view> tables;
  auto add = [&tables](const json::Value* name) {
    if (name != nullptr && name->IsString()) tables.emplace_back(name->GetString(), name->GetStringLength());
  };
  add(member(request, "TableName"));
  if (const auto* items = member(request, "RequestItems"); items != nullptr && items->IsObject()) {
    for (const auto& table : items->GetObject()) add(&table.name);
  }
  if (const auto* actions = member(request, "TransactItems"); actions != nullptr && actions->IsArray()) {
    for (const auto& action : actions->GetArray()) {
      if (!action.IsObject()) continue;
      for (const auto& kind : action.GetObject()) add(member(kind.value, "TableName"));
    }
  }
  return tables;
}

DynamoError injected_error(FaultKind kind, std::string_view operation, const json::Value& request) {
  switch (kind) {
    case FaultKind::kThrottling:
      return DynamoError::throttling(
          std::string(is_item_operation(operation) ? kItemThrottlingMessage : kControlThrottlingMessage));
    case FaultKind::kProvisionedThroughputExceeded:
      return DynamoError::provisioned_throughput_exceeded(std::string(kProvisionedThroughputMessage));
    case FaultKind::kTransactionConflict: {
      const auto* actions = member(request, "TransactItems");
      if (actions == nullptr || !actions->IsArray()) {
        return DynamoError::transaction_conflict(std::string(kTransactionConflictMessage));
      }
      // A transaction is cancelled instead, one reason per action: the
      // first action's item is the one another transaction holds.
      CancellationReasons reasons;
      for (json::SizeType i = 0; i < actions->Size(); ++i) {
        if (i == 0) {
          reasons.transaction_conflict();
        } else {
          reasons.none();
        }
      }
      return reasons.error();
    }
    case FaultKind::kInternalServerError:
    case FaultKind::kDelay:
      break;
  }
  return DynamoError::internal_server_error();
}

}  // namespace dynastore::api
