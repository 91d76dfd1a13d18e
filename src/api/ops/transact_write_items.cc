// TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck
// actions on distinct items across tables, applied all or none through the
// partition write path (one ItemStore::write), so the transaction is
// serializable against every other write and TransactGetItems never sees
// part of it. Validation follows DynamoDB's order, observed from AWS:
//   1. member constraints (token, TransactItems, table names, enums), all in
//      one "N validation errors detected" message;
//   2. per action in request order: its values and expressions;
//   3. tables (ResourceNotFoundException "Requested resource not found"),
//      empty key values, update plans; then one operation per item;
//   4. ClientRequestToken (client_tokens.h);
//   5. what is found while running becomes a cancellation reason: a key or
//      item the table's schema refuses (ValidationError), a condition that
//      does not hold (ConditionalCheckFailed), an update that cannot apply.
// A single node holds every item's lock for the whole (synchronous) write,
// so a transaction never meets another in flight: no TransactionConflict.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/conditional_write.h"
#include "api/item_keys.h"
#include "api/operations.h"
#include "api/request_expressions.h"
#include "api/status_mapping.h"
#include "api/table_lookup.h"
#include "api/transaction_common.h"
#include "api/update_decision.h"
#include "api/write_options.h"
#include "dynastore/auth/digest.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/storage/deferred_commit.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

constexpr std::size_t kMaxTokenLength = 36;

enum class ActionKind { kConditionCheck, kPut, kDelete, kUpdate };

struct ActionType {
  ActionKind kind;
  std::string_view member;  // in the request
  std::string_view path;    // in constraint messages
  // The IAM action each item needs (Developer Guide, "Using IAM with
  // DynamoDB transactions"), named when a table ARN of another account is
  // refused.
  std::string_view iam_action;
};
constexpr ActionType kActionTypes[] = {{ActionKind::kConditionCheck, "ConditionCheck", "conditionCheck", "ConditionCheckItem"},
                                       {ActionKind::kPut, "Put", "put", "PutItem"},
                                       {ActionKind::kDelete, "Delete", "delete", "DeleteItem"},
                                       {ActionKind::kUpdate, "Update", "update", "UpdateItem"}};

struct Action {
  ActionKind kind = ActionKind::kPut;
  const json::Value* spec = nullptr;
  std::string table_name;
  catalog::TablePtr table;
  model::Item item;  // Put: the item
  model::Item key;   // the item's key attributes
  WriteCondition condition;
  std::optional<expr::UpdatePlan> update;
  // Found before running, reported as this action's ValidationError reason.
  std::optional<std::string> invalid;
};

// Step 1: the member constraints of the request and of each action.
std::vector<Action> check_members(const RequestContext& context, const json::Value& request, ConstraintErrors& errors) {
  if (auto token = protocol::get_string(request, "ClientRequestToken")) {
    if (token->empty()) {
      errors.add(ConstraintErrors::quoted(*token), "clientRequestToken", "Member must have length greater than or equal to 1");
    } else if (token->size() > kMaxTokenLength) {
      errors.add(ConstraintErrors::quoted(*token), "clientRequestToken", "Member must have length less than or equal to 36");
    }
  }
  std::vector<Action> actions;
  const json::Value* items = check_transact_items(request, "TransactWriteItem", errors);
  if (items == nullptr) return actions;
  bool one_each = true;
  for (json::SizeType i = 0; i < items->Size(); ++i) {
    const json::Value& entry = (*items)[i];
    if (!entry.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    int found = 0;
    Action action;
    const ActionType* type = nullptr;
    for (const auto& candidate : kActionTypes) {
      const json::Value* spec = protocol::find_member(entry, candidate.member);
      if (spec == nullptr || spec->IsNull()) continue;
      ++found;
      type = &candidate;
      action.spec = spec;
    }
    if (found != 1) {
      one_each = false;
      continue;
    }
    if (!action.spec->IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    action.kind = type->kind;
    const std::string path = "transactItems." + std::to_string(i + 1) + ".member." + std::string(type->path);
    action.table_name = table_name_of(context, *action.spec, "TableName", path + ".tableName", errors, type->iam_action);
    const bool put = action.kind == ActionKind::kPut;
    if (protocol::get_object(*action.spec, put ? "Item" : "Key") == nullptr) {
      errors.add(ConstraintErrors::kNull, path + (put ? ".item" : ".key"), "Member must not be null");
    }
    if (action.kind == ActionKind::kConditionCheck && !protocol::get_string(*action.spec, "ConditionExpression")) {
      errors.add(ConstraintErrors::kNull, path + ".conditionExpression", "Member must not be null");
    }
    if (action.kind == ActionKind::kUpdate && !protocol::get_string(*action.spec, "UpdateExpression")) {
      errors.add(ConstraintErrors::kNull, path + ".updateExpression", "Member must not be null");
    }
    if (auto on_failure = protocol::get_string(*action.spec, "ReturnValuesOnConditionCheckFailure");
        on_failure && *on_failure != "ALL_OLD" && *on_failure != "NONE") {
      errors.add(ConstraintErrors::quoted(*on_failure), path + ".returnValuesOnConditionCheckFailure",
                 "Member must satisfy enum value set: [ALL_OLD, NONE]");
    }
    actions.push_back(std::move(action));
  }
  if (!one_each && errors.empty()) {
    throw DynamoError::validation("TransactItems can only contain one of Check, Put, Update or Delete");
  }
  return actions;
}

// Step 2: the action's values and expressions.
void parse_action(Action& action) {
  if (action.kind == ActionKind::kPut) {
    action.item = protocol::parse_item(*protocol::get_object(*action.spec, "Item"), protocol::ValueWording::kOlder);
  } else {
    action.key = protocol::parse_item(*protocol::get_object(*action.spec, "Key"), protocol::ValueWording::kOlder);
  }
  const bool update = action.kind == ActionKind::kUpdate;
  const ExpressionParameters parameters =
      update ? ExpressionParameters{{"UpdateExpression", "ConditionExpression"}, {}, {"UpdateExpression", "ConditionExpression"}}
             : ExpressionParameters{{"ConditionExpression"}, {}, {"ConditionExpression"}};
  RequestExpressions expressions(*action.spec, parameters);
  if (update) action.update = expressions.update();
  action.condition = parse_write_condition(*action.spec, expressions);
  expressions.finish();
}

// Step 3: the action against its table.
void resolve_action(RequestContext& context, Action& action) {
  action.table = require_table(context, action.table_name, NotFoundStyle::kDataPlane);
  const auto& table = *action.table;
  const bool put = action.kind == ActionKind::kPut;
  // An empty key value is refused on the request alone; every other mismatch
  // with the table's schema cancels the transaction (observed from AWS).
  check_key_values_not_empty(table, put ? action.item : action.key, /*with_index_keys=*/put);
  try {
    if (put) {
      validate_item_for_write(table, action.item);
      action.key = key_attributes(table, action.item);
    } else {
      validate_key(table, action.key);
    }
  } catch (const DynamoError& error) {
    action.invalid = error.message();
  }
  if (action.update) check_update_plan(table, *action.update);
}

partition::Decision decide(const Action& action, const partition::StoredItem& current) {
  if (action.condition.condition && !expr::evaluate(*action.condition.condition, current.get())) {
    return partition::Decision::condition_failed();
  }
  switch (action.kind) {
    case ActionKind::kConditionCheck: return partition::Decision::keep();
    case ActionKind::kPut: return partition::Decision::put(action.item);
    case ActionKind::kDelete: return partition::Decision::erase();
    case ActionKind::kUpdate: return decide_update(*action.table, action.key, action.update, current);
  }
  return partition::Decision::keep();
}

std::string item_json(const model::Item& item) {
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  protocol::write_item(writer, item);
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool has_local_index(const catalog::TableInfo& table) {
  for (const auto& index : table.indexes) {
    if (index.schema.kind == model::IndexKind::kLocal) return true;
  }
  return false;
}

void write_response(json::Writer& response, RequestContext& context, const std::vector<Action>& actions,
                    ReturnCapacity return_capacity, bool return_metrics) {
  response.StartObject();
  context.consumed.write_list(response, return_capacity, /*split=*/true);
  if (return_metrics) {
    std::vector<WrittenKey> written;
    for (const auto& action : actions) {
      if (action.kind != ActionKind::kConditionCheck) written.push_back({action.table.get(), &action.key});
    }
    write_collection_metrics_map(response, context, written);
  }
  response.EndObject();
}

// A request repeated with its ClientRequestToken: nothing is applied again;
// the answer reports the reads of the items instead of the writes (API
// Reference, TransactWriteItems, ClientRequestToken).
void write_replay(json::Writer& response, RequestContext& context, const std::vector<Action>& actions,
                  ReturnCapacity return_capacity, bool return_metrics) {
  std::vector<partition::ItemRead> reads;
  for (const auto& action : actions) reads.push_back({action.table->write_schema.get(), &action.key});
  const auto items = unwrap(context.items.get_consistent(reads));
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const std::size_t size = items[i] ? unwrap(model::encoded_item_size(*items[i])) : 0;
    context.consumed.of(actions[i].table->name, actions[i].table).read += 2 * read_capacity_units(size, true);
  }
  write_response(response, context, actions, return_capacity, return_metrics);
}

}  // namespace

void transact_write_items(RequestContext& context, const json::Value& request, json::Writer& response) {
  ConstraintErrors errors;
  std::vector<Action> actions = check_members(context, request, errors);
  const auto return_capacity = parse_return_capacity(request, errors);
  const bool return_metrics = parse_return_item_collection_metrics(request, errors);
  errors.throw_if_any();

  for (auto& action : actions) parse_action(action);
  for (auto& action : actions) resolve_action(context, action);
  TransactionTargets targets;
  std::size_t total_bytes = 0;
  for (const auto& action : actions) {
    if (action.invalid) continue;  // its key is not a key of the table
    targets.add(action.table->table_id, partition::ItemStore::storage_key(*action.table->write_schema, action.key));
    total_bytes += model::item_size(action.kind == ActionKind::kPut ? action.item : action.key);
  }
  if (total_bytes > kMaxTransactionBytes) {
    throw DynamoError::validation("Transaction request cannot exceed the aggregate item size limit of 4 MB");
  }

  std::optional<txn::ClientTokens::Claim> claim;
  storage::WriteBatch token_record;
  if (auto token = protocol::get_string(request, "ClientRequestToken")) {
    // The request's parameters, member order aside; what it asks to be told
    // back (ReturnConsumedCapacity) may differ between retries.
    const std::string digest =
        auth::sha256_digest(json::to_canonical_string(request, {"ClientRequestToken", "ReturnConsumedCapacity"}));
    claim.emplace(unwrap(context.tokens.claim(*token, digest, context.now)));
    switch (claim->verdict()) {
      case txn::ClientTokens::Verdict::kInProgress:
        throw DynamoError::transaction_in_progress("Transaction from previous request is still in progress");
      case txn::ClientTokens::Verdict::kMismatch:
        throw DynamoError::idempotent_parameter_mismatch(
            "The request uses the same client token as a previous, but non-identical request");
      case txn::ClientTokens::Verdict::kReplay:
        write_replay(response, context, actions, return_capacity, return_metrics);
        return;
      case txn::ClientTokens::Verdict::kRun: break;
    }
    txn::ClientTokens::plan_completion(*token, digest, context.now, token_record);
  }

  CancellationReasons reasons;
  bool cancelled = false;
  for (const auto& action : actions) {
    if (action.invalid) {
      reasons.validation_error(*action.invalid);
      cancelled = true;
    } else {
      reasons.none();
    }
  }
  if (cancelled) throw reasons.error();
  std::vector<TransactionAccess> accesses;
  for (const auto& action : actions) {
    accesses.push_back(
        {action.table.get(), action.kind == ActionKind::kConditionCheck ? Access::kRead : Access::kWrite});
  }
  check_transaction_throughput(context, accesses);

  std::vector<partition::ItemWrite> writes;
  writes.reserve(actions.size());
  for (const auto& action : actions) {
    writes.push_back({action.table->write_schema.get(), &action.key,
                      [&action](const partition::StoredItem& current) { return decide(action, current); }});
  }
  auto written = context.items.write(writes, claim ? &token_record : nullptr);
  if (auto* deferral = storage::DeferredCommit::current(); claim && deferral != nullptr && deferral->claimed()) {
    // Written later (the turn's end, the cluster's commit), and until then
    // the token's record is not readable: the token stays in progress, so
    // a retry meanwhile is told so instead of running the transaction again.
    deferral->after_outcome([held = std::make_shared<txn::ClientTokens::Claim>(std::move(*claim))](const Status&) {});
    claim.reset();
  }
  if (!written.is_ok() && written.status().code() == StatusCode::kLimitExceeded) {
    // An item collection would pass its limit: the actions that write to a
    // table with local secondary indexes are the candidates.
    CancellationReasons limit;
    for (const auto& action : actions) {
      if (action.kind != ActionKind::kConditionCheck && has_local_index(*action.table)) {
        limit.item_collection_size_limit_exceeded();
      } else {
        limit.none();
      }
    }
    throw limit.error();
  }
  const auto result = unwrap(std::move(written));
  if (!result.committed) {
    CancellationReasons why;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      const auto& outcome = result.outcomes[i];
      switch (outcome.decision.kind()) {
        case partition::Decision::Kind::kConditionFailed:
          why.condition_failed(actions[i].condition.return_old_on_failure && outcome.old_item
                                   ? item_json(*outcome.old_item)
                                   : std::string());
          break;
        case partition::Decision::Kind::kInvalid: why.validation_error(outcome.decision.message()); break;
        default: why.none(); break;
      }
    }
    throw why.error();
  }

  for (std::size_t i = 0; i < actions.size(); ++i) {
    const auto& outcome = result.outcomes[i];
    if (actions[i].kind == ActionKind::kConditionCheck) {
      // A ConditionCheck is billed as a transactional write of the item it
      // checks, 2 write units per KB (paritysuite/dynamodb-conformance's
      // capture in eu-west-2; Ketlark/dynamodb-conformance
      // tests/tier2/transactions/transactWrite.test.ts, "a standalone
      // ConditionCheck action costs 2 write capacity units").
      context.consumed.of(actions[i].table->name, actions[i].table).write +=
          2 * write_capacity_units(outcome.old_item.size(), 0);
      continue;
    }
    const bool put = outcome.decision.kind() == partition::Decision::Kind::kPut;
    const model::Item* new_item = put ? &outcome.decision.new_item() : nullptr;
    // Two units per KB of the item; its indexes' entries are written once,
    // after the transaction commits, at the standard rate.
    add_item_write(context, actions[i].table, outcome.old_item, new_item, new_item ? model::item_size(*new_item) : 0,
                   /*factor=*/2.0);
  }
  write_response(response, context, actions, return_capacity, return_metrics);
}

}  // namespace dynastore::api::ops
