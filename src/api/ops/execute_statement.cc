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
#include "api/partiql_results.h"
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
    case partiql::Operation::kConditionCheck: break;  // only inside a transaction, never run alone
  }
  throw DynamoError::internal_server_error();
}

// Runs `operation` on the request `body` holds and returns its answer.
// A statement has no expressions of its own: what the operation says of the
// expressions it was given is said of the statement, without "Invalid
// FilterExpression: " (DynamoDB's PartiQL answers "Incorrect operand type
// for operator or function; ..." where a Query answers "Invalid
// FilterExpression: Incorrect operand type ...").
[[noreturn]] void rethrow_without_expression_name(const DynamoError& error) {
  static constexpr std::string_view kPrefixes[] = {
      "Invalid FilterExpression: ", "Invalid ConditionExpression: ", "Invalid KeyConditionExpression: ",
      "Invalid UpdateExpression: ", "Invalid ProjectionExpression: "};
  if (error.name() == "ValidationException") {
    for (std::string_view prefix : kPrefixes) {
      if (error.message().rfind(prefix, 0) == 0) {
        throw DynamoError::validation(error.message().substr(prefix.size()));
      }
    }
  }
  throw error;
}

json::Document call(RequestContext& context, api::Operation operation, const json::StringBuffer& body) {
  json::Document request;
  if (!json::parse(std::string_view(body.GetString(), body.GetSize()), request).empty()) {
    throw DynamoError::internal_server_error();  // built here: cannot be malformed
  }
  json::StringBuffer answer_text;
  json::Writer answer_writer(answer_text);
  try {
    operation(context, request, answer_writer);
  } catch (const DynamoError& error) {
    rethrow_without_expression_name(error);
  }
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

// The request `statement` stands for on `table`, with the members
// `add_members` writes into it.
struct BuiltRequest {
  partiql::Operation operation;
  json::StringBuffer body;
};

template <typename AddMembers>
BuiltRequest build(const Statement& statement, const catalog::TableInfo& table, partiql::Use use,
                   AddMembers&& add_members) {
  BuiltRequest built;
  json::Writer writer(built.body);
  writer.StartObject();
  built.operation = partiql::write_request(statement, table, use, writer);
  add_members(writer);
  writer.EndObject();
  return built;
}

// Runs a built request and returns the operation's answer (an INSERT's key
// conflict as DuplicateItemException).
json::Document execute(RequestContext& context, const Statement& statement, const BuiltRequest& built) {
  try {
    return call(context, operation_function(built.operation), built.body);
  } catch (const DynamoError& error) {
    rethrow_for(statement, error);
  }
}

// NextToken: where the next page starts (the Query's or Scan's
// LastEvaluatedKey), opaque to the client, and bound to the table and index
// it was read from, so that it cannot continue another read (DynamoDB
// refuses a token replayed against another index).
std::string next_token(const catalog::TableInfo& table, const Statement& statement,
                       const json::Value& last_evaluated_key) {
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  json::write_key(writer, "t");
  json::write_string(writer, table.name);
  json::write_key(writer, "i");
  json::write_string(writer, statement.index.value_or(""));
  json::write_key(writer, "k");
  last_evaluated_key.Accept(writer);
  writer.EndObject();
  return protocol::base64_encode({buffer.GetString(), buffer.GetSize()});
}

void write_exclusive_start_key(const catalog::TableInfo& table, const Statement& statement,
                               const json::Value& request, json::Writer& writer) {
  const auto token = protocol::get_string(request, "NextToken");
  if (!token) return;
  const auto decoded = protocol::base64_decode(*token);
  json::Document doc;
  if (!decoded || !json::parse(*decoded, doc).empty() || !doc.IsObject() ||
      protocol::get_string(doc, "t") != std::optional<std::string_view>(table.name) ||
      protocol::get_string(doc, "i") != std::optional<std::string_view>(statement.index.value_or("")) ||
      protocol::get_object(doc, "k") == nullptr) {
    throw DynamoError::validation("Invalid NextToken: it does not continue this statement's read");
  }
  json::write_key(writer, "ExclusiveStartKey");
  protocol::get_object(doc, "k")->Accept(writer);
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
  if (is_read(statement) && statement.index && protocol::get_bool(request, "ConsistentRead").value_or(false)) {
    // Query's text for the same condition differs ("Consistent reads are not
    // supported on global secondary indexes"): the public suites' PartiQL
    // error-message tests, recorded against DynamoDB.
    const auto* index = table->find_index(*statement.index);
    if (index != nullptr && index->schema.kind == model::IndexKind::kGlobal) {
      throw DynamoError::validation("Strongly consistent read is not supported on Global Secondary Indexes");
    }
  }
  const BuiltRequest built = build(statement, *table, partiql::Use::kAlone, [&](json::Writer& writer) {
    if (is_read(statement)) {
      copy_member(request, "ConsistentRead", writer);
      copy_member(request, "Limit", writer);
      write_exclusive_start_key(*table, statement, request, writer);
    } else {
      copy_string(request, "ReturnValuesOnConditionCheckFailure", writer);
    }
    copy_string(request, "ReturnConsumedCapacity", writer);
  });
  const json::Document answer = execute(context, statement, built);
  response.StartObject();
  json::write_key(response, "Items");
  response.StartArray();
  if (auto items = answer.FindMember("Items"); items != answer.MemberEnd()) {
    for (const auto& item : items->value.GetArray()) partiql::write_selected(statement, item, response);
  } else if (auto attributes = answer.FindMember("Attributes");
             attributes != answer.MemberEnd() && attributes->value.IsObject() && attributes->value.MemberCount() > 0) {
    attributes->value.Accept(response);  // RETURNING; nothing to return is an empty list
  }
  response.EndArray();
  if (auto last = answer.FindMember("LastEvaluatedKey"); last != answer.MemberEnd()) {
    json::write_key(response, "NextToken");
    json::write_string(response, next_token(*table, statement, last->value));
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
    // A failed statement names its table only if it ran (DynamoDB's answer:
    // a failed condition or a duplicate INSERT does, a statement refused
    // before it ran does not). ReturnValuesOnConditionCheckFailure is
    // accepted and does nothing here, as in DynamoDB.
    bool ran = false;
    try {
      if (entry.error) throw *entry.error;
      const Statement& statement = *entry.statement;
      const auto table = require_table(context, statement.table, NotFoundStyle::kDataPlane);
      const BuiltRequest built = build(statement, *table, partiql::Use::kInBatch, [&](json::Writer& writer) {
        if (is_read(statement)) copy_member(spec, "ConsistentRead", writer);
        if (return_capacity) copy_string(request, "ReturnConsumedCapacity", writer);
      });
      ran = true;
      const json::Document answer = execute(context, statement, built);
      json::write_key(response, "TableName");
      json::write_string(response, table->name);
      if (auto item = answer.FindMember("Item"); item != answer.MemberEnd()) {
        json::write_key(response, "Item");
        partiql::write_selected(statement, item->value, response);
      } else if (auto attributes = answer.FindMember("Attributes");
                 attributes != answer.MemberEnd() && attributes->value.IsObject() &&
                 attributes->value.MemberCount() > 0) {
        json::write_key(response, "Item");  // RETURNING
        attributes->value.Accept(response);
      }
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
      response.EndObject();
      if (ran) {
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
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (is_read(statements[i]) && statements[i].index) {
      throw DynamoError::validation("Validation failed in TransactStatements[" + std::to_string(i) +
                                    "]: Reads on indices are not supported within transactions.");
    }
    if (!statements[i].returning.empty()) {
      throw DynamoError::validation("Validation failed in TransactStatements[" + std::to_string(i) +
                                    "]: RETURNING clause is not supported in ExecuteTransaction.");
    }
  }
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
    partiql::Operation operation;
    try {
      operation = partiql::write_request(statement, *table, partiql::Use::kInTransaction, item_writer);
    } catch (const DynamoError& error) {
      // A statement the transaction cannot run says which one it is.
      if (error.name() != "ValidationException") throw;
      throw DynamoError::validation("Validation failed in TransactStatements[" + std::to_string(i) +
                                    "]: " + error.message());
    }
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
  // A transaction of writes answers an empty Responses list, one of reads
  // an entry per statement (as DynamoDB does).
  json::write_key(response, "Responses");
  response.StartArray();
  if (auto responses = answer.FindMember("Responses"); reads && responses != answer.MemberEnd()) {
    for (json::SizeType i = 0; i < responses->value.Size() && i < statements.size(); ++i) {
      const json::Value& entry = responses->value[i];
      response.StartObject();
      if (auto item = entry.FindMember("Item"); item != entry.MemberEnd()) {
        json::write_key(response, "Item");
        partiql::write_selected(statements[i], item->value, response);
      }
      response.EndObject();
    }
  }
  response.EndArray();
  copy_member(answer, "ConsumedCapacity", response);
  response.EndObject();
}

}  // namespace dynastore::api::ops
