// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: PartiQL
// statements (api/partiql_statement.h), each run as the DynamoDB request it
// stands for (api/partiql_requests.h) through that operation, whose answer
// is then reshaped into the PartiQL operation's.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/operations.h"
#include "api/partiql_requests.h"
#include "api/partiql_statement.h"
#include "api/table_lookup.h"
#include "dynastore/protocol/base64.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::DynamoError;

namespace {

using partiql::Statement;

api::Operation operation_function(partiql::Operation operation) {
  switch (operation) {
    case partiql::Operation::kGetItem: return &get_item;
    case partiql::Operation::kQuery: return &query;
    case partiql::Operation::kScan: return &scan;
    case partiql::Operation::kPutItem: return &put_item;
    case partiql::Operation::kUpdateItem: return &update_item;
    case partiql::Operation::kDeleteItem: return &delete_item;
    case partiql::Operation::kConditionCheck: break;  // only inside a transaction
  }
  return nullptr;
}

// Runs `operation` on the request `body` holds and returns its answer.
json::Document call(RequestContext& context, api::Operation operation, const json::StringBuffer& body) {
  json::Document request;
  if (!json::parse(std::string_view(body.GetString(), body.GetSize()), request).empty()) {
    throw DynamoError::internal_server_error();  // built here: cannot be malformed
  }
  json::StringBuffer answer_text;
  json::Writer answer_writer(answer_text);
  operation(context, request, answer_writer);
  json::Document answer;
  if (!json::parse(std::string_view(answer_text.GetString(), answer_text.GetSize()), answer).empty()) {
    throw DynamoError::internal_server_error();
  }
  return answer;
}

void copy_member(const json::Value& from, std::string_view name, json::Writer& writer) {
  auto it = from.FindMember(json::string_ref(name));
  if (it == from.MemberEnd()) return;
  json::write_key(writer, name);
  it->value.Accept(writer);
}

void copy_string(const json::Value& from, std::string_view name, json::Writer& writer) {
  if (auto value = protocol::get_string(from, name)) {
    json::write_key(writer, name);
    json::write_string(writer, *value);
  }
}

Statement parse_statement(const json::Value& request) {
  const auto text = protocol::get_string(request, "Statement").value_or("");
  auto parameters = request.FindMember("Parameters");
  return partiql::parse(text, parameters != request.MemberEnd() ? &parameters->value : nullptr);
}

bool is_read(const Statement& statement) { return statement.kind == Statement::Kind::kSelect; }

// A PartiQL INSERT of a key the table has is DuplicateItemException, not
// the condition failure of the PutItem it runs as.
[[noreturn]] void rethrow_for(const Statement& statement, const DynamoError& error) {
  if (statement.kind == Statement::Kind::kInsert && error.name() == "ConditionalCheckFailedException") {
    throw DynamoError::duplicate_item("Duplicate primary key exists in table");
  }
  throw error;
}

// Runs `statement` on `table` as the request it stands for, with the
// members `add_members` writes into that request, and returns the
// operation's answer (an INSERT's key conflict as DuplicateItemException).
template <typename AddMembers>
json::Document run(RequestContext& context, const Statement& statement, const catalog::TableInfo& table,
                   bool single_item, AddMembers&& add_members) {
  json::StringBuffer body;
  json::Writer writer(body);
  writer.StartObject();
  const auto operation = partiql::write_request(statement, table, partiql::Use::kAlone, single_item, writer);
  add_members(writer);
  writer.EndObject();
  try {
    return call(context, operation_function(operation), body);
  } catch (const DynamoError& error) {
    rethrow_for(statement, error);
  }
}

// NextToken: where the next page starts (the Query's or Scan's
// LastEvaluatedKey), opaque to the client.
std::string next_token(const json::Value& last_evaluated_key) {
  return protocol::base64_encode(json::to_string(last_evaluated_key));
}

void write_exclusive_start_key(const json::Value& request, json::Writer& writer) {
  const auto token = protocol::get_string(request, "NextToken");
  if (!token) return;
  const auto decoded = protocol::base64_decode(*token);
  json::Document key;
  if (!decoded || !json::parse(*decoded, key).empty() || !key.IsObject()) {
    throw DynamoError::validation("Invalid NextToken");
  }
  json::write_key(writer, "ExclusiveStartKey");
  key.Accept(writer);
}

// The capacity answers of several statements, as one entry per table:
// each number of the same member path added up.
void add_capacity(json::Value& into, const json::Value& from, json::Document::AllocatorType& allocator) {
  for (auto it = from.MemberBegin(); it != from.MemberEnd(); ++it) {
    auto mine = into.FindMember(it->name);
    if (mine == into.MemberEnd()) {
      into.AddMember(json::Value(it->name, allocator), json::Value(it->value, allocator), allocator);
    } else if (mine->value.IsNumber() && it->value.IsNumber()) {
      mine->value.SetDouble(mine->value.GetDouble() + it->value.GetDouble());
    } else if (mine->value.IsObject() && it->value.IsObject()) {
      add_capacity(mine->value, it->value, allocator);
    }
  }
}

// BatchExecuteStatement's error codes: the exception's name without
// "Exception", and the few DynamoDB spells otherwise
// (BatchStatementErrorCodeEnum).
std::string batch_error_code(std::string_view exception) {
  if (exception == "ValidationException") return "ValidationError";
  if (exception == "ThrottlingException") return "ThrottlingError";
  if (exception == "AccessDeniedException") return "AccessDenied";
  constexpr std::string_view kSuffix = "Exception";
  if (exception.size() > kSuffix.size() && exception.substr(exception.size() - kSuffix.size()) == kSuffix) {
    exception.remove_suffix(kSuffix.size());
  }
  return std::string(exception);
}

}  // namespace

void execute_statement(RequestContext& context, const json::Value& request, json::Writer& response) {
  const Statement statement = parse_statement(request);
  const auto table = require_table(context, statement.table, NotFoundStyle::kDataPlane);
  if (!is_read(statement) && (request.HasMember("Limit") || request.HasMember("NextToken"))) {
    throw DynamoError::validation("Limit and NextToken apply only to SELECT statements");
  }
  const json::Document answer = run(context, statement, *table, false, [&](json::Writer& writer) {
    if (is_read(statement)) {
      copy_member(request, "ConsistentRead", writer);
      copy_member(request, "Limit", writer);
      write_exclusive_start_key(request, writer);
    } else {
      copy_string(request, "ReturnValuesOnConditionCheckFailure", writer);
    }
    copy_string(request, "ReturnConsumedCapacity", writer);
  });
  response.StartObject();
  json::write_key(response, "Items");
  response.StartArray();
  if (auto items = answer.FindMember("Items"); items != answer.MemberEnd()) {
    for (const auto& item : items->value.GetArray()) item.Accept(response);
  } else if (auto attributes = answer.FindMember("Attributes"); attributes != answer.MemberEnd()) {
    attributes->value.Accept(response);
  }
  response.EndArray();
  if (auto last = answer.FindMember("LastEvaluatedKey"); last != answer.MemberEnd()) {
    json::write_key(response, "NextToken");
    json::write_string(response, next_token(last->value));
  }
  copy_member(answer, "ConsumedCapacity", response);
  copy_member(answer, "LastEvaluatedKey", response);
  response.EndObject();
}

void batch_execute_statement(RequestContext& context, const json::Value& request, json::Writer& response) {
  const json::Value* statements = protocol::get_array(request, "Statements");
  if (statements == nullptr) throw DynamoError::validation("Statements must not be empty");
  // Parsed first: the kind of every statement decides whether the batch is
  // one of reads or one of writes, which DynamoDB does not mix.
  struct Entry {
    std::optional<Statement> statement;
    std::optional<DynamoError> error;
  };
  std::vector<Entry> entries;
  std::optional<bool> reads;
  for (const auto& spec : statements->GetArray()) {
    Entry entry;
    try {
      entry.statement = parse_statement(spec);
      if (reads && *reads != is_read(*entry.statement)) {
        throw DynamoError::validation("Unsupported operation: A batch must contain either only read statements "
                                      "or only write statements");
      }
      reads = is_read(*entry.statement);
    } catch (const DynamoError& error) {
      if (entry.statement) throw;  // the mix refuses the whole batch
      entry.error = error;
    }
    entries.push_back(std::move(entry));
  }

  const auto return_capacity = protocol::get_string(request, "ReturnConsumedCapacity");
  json::Document capacity;
  capacity.SetArray();
  response.StartObject();
  json::write_key(response, "Responses");
  response.StartArray();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& entry = entries[i];
    const json::Value& spec = (*statements)[static_cast<json::SizeType>(i)];
    response.StartObject();
    try {
      if (entry.error) throw *entry.error;
      const Statement& statement = *entry.statement;
      const auto table = require_table(context, statement.table, NotFoundStyle::kDataPlane);
      const json::Document answer = run(context, statement, *table, true, [&](json::Writer& writer) {
        if (is_read(statement)) {
          copy_member(spec, "ConsistentRead", writer);
        } else {
          copy_string(spec, "ReturnValuesOnConditionCheckFailure", writer);
        }
        if (return_capacity) copy_string(request, "ReturnConsumedCapacity", writer);
      });
      json::write_key(response, "TableName");
      json::write_string(response, table->name);
      copy_member(answer, "Item", response);
      if (auto used = answer.FindMember("ConsumedCapacity"); used != answer.MemberEnd()) {
        json::Value* same = nullptr;
        for (auto& known : capacity.GetArray()) {
          if (known["TableName"] == used->value["TableName"]) same = &known;
        }
        if (same != nullptr) {
          add_capacity(*same, used->value, capacity.GetAllocator());
        } else {
          capacity.PushBack(json::Value(used->value, capacity.GetAllocator()), capacity.GetAllocator());
        }
      }
    } catch (const DynamoError& error) {
      json::write_key(response, "Error");
      response.StartObject();
      json::write_key(response, "Code");
      json::write_string(response, batch_error_code(error.name()));
      json::write_key(response, "Message");
      json::write_string(response, error.message());
      json::Document body;
      if (json::parse(error.to_json(), body).empty() && body.IsObject()) copy_member(body, "Item", response);
      response.EndObject();
      if (entry.statement) {
        json::write_key(response, "TableName");
        json::write_string(response, entry.statement->table);
      }
    }
    response.EndObject();
  }
  response.EndArray();
  if (return_capacity && *return_capacity != "NONE") {
    json::write_key(response, "ConsumedCapacity");
    capacity.Accept(response);
  }
  response.EndObject();
}

void execute_transaction(RequestContext& context, const json::Value& request, json::Writer& response) {
  const json::Value* specs = protocol::get_array(request, "TransactStatements");
  if (specs == nullptr) throw DynamoError::validation("TransactStatements must not be empty");
  std::vector<Statement> statements;
  for (const auto& spec : specs->GetArray()) statements.push_back(parse_statement(spec));
  const bool reads = is_read(statements.front());
  for (const Statement& statement : statements) {
    if (is_read(statement) != reads) {
      throw DynamoError::validation("Unsupported operation: A transaction must contain either only read "
                                    "statements or only write statements");
    }
  }

  // One TransactGetItems or TransactWriteItems, its items in the
  // statements' order.
  json::StringBuffer body;
  json::Writer writer(body);
  writer.StartObject();
  json::write_key(writer, "TransactItems");
  writer.StartArray();
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const Statement& statement = statements[i];
    const auto table = require_table(context, statement.table, NotFoundStyle::kDataPlane);
    json::StringBuffer item;
    json::Writer item_writer(item);
    item_writer.StartObject();
    const auto operation = partiql::write_request(statement, *table, partiql::Use::kInTransaction, true, item_writer);
    if (!reads) {
      copy_string((*specs)[static_cast<json::SizeType>(i)], "ReturnValuesOnConditionCheckFailure", item_writer);
    }
    item_writer.EndObject();
    writer.StartObject();
    const char* member = operation == partiql::Operation::kGetItem          ? "Get"
                         : operation == partiql::Operation::kPutItem        ? "Put"
                         : operation == partiql::Operation::kUpdateItem     ? "Update"
                         : operation == partiql::Operation::kConditionCheck ? "ConditionCheck"
                                                                            : "Delete";
    json::write_key(writer, member);
    writer.RawValue(item.GetString(), item.GetSize(), json::kObjectType);
    writer.EndObject();
  }
  writer.EndArray();
  if (!reads) copy_string(request, "ClientRequestToken", writer);
  copy_string(request, "ReturnConsumedCapacity", writer);
  writer.EndObject();

  const json::Document answer = call(context, reads ? &transact_get_items : &transact_write_items, body);
  response.StartObject();
  if (reads) copy_member(answer, "Responses", response);
  copy_member(answer, "ConsumedCapacity", response);
  response.EndObject();
}

}  // namespace dynastore::api::ops
