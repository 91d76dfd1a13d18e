#include "api/partiql_requests.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api::partiql {

namespace {

using protocol::DynamoError;

// The expressions' #name and :value placeholders, written out as the
// request's ExpressionAttributeNames and ExpressionAttributeValues.
class Placeholders {
 public:
  std::string name(const std::string& attribute) {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == attribute) return "#n" + std::to_string(i);
    }
    names_.push_back(attribute);
    return "#n" + std::to_string(names_.size() - 1);
  }

  std::string path(const Path& path) {
    std::string out;
    for (const PathStep& step : path) {
      if (step.is_index) {
        out += '[' + std::to_string(step.index) + ']';
      } else {
        if (!out.empty()) out += '.';
        out += name(step.name);
      }
    }
    return out;
  }

  std::string value(const std::string& value_json) {
    values_.push_back(value_json);
    return ":v" + std::to_string(values_.size() - 1);
  }

  std::string operand(const Operand& operand) {
    switch (operand.kind) {
      case Operand::Kind::kPath: return path(operand.path);
      case Operand::Kind::kSize: return "size(" + path(operand.path) + ")";
      case Operand::Kind::kValue: return value(operand.value_json);
    }
    return {};
  }

  std::string condition(const Condition& c) {
    switch (c.kind) {
      case Condition::Kind::kCompare: return operand(c.operands[0]) + ' ' + c.op + ' ' + operand(c.operands[1]);
      case Condition::Kind::kBetween:
        return operand(c.operands[0]) + " BETWEEN " + operand(c.operands[1]) + " AND " + operand(c.operands[2]);
      case Condition::Kind::kIn: {
        std::string out = operand(c.operands[0]) + " IN (";
        for (std::size_t i = 1; i < c.operands.size(); ++i) out += (i > 1 ? ", " : "") + operand(c.operands[i]);
        return out + ')';
      }
      case Condition::Kind::kAnd:
      case Condition::Kind::kOr: {
        std::string out;
        for (const Condition& child : c.children) {
          if (!out.empty()) out += c.kind == Condition::Kind::kAnd ? " AND " : " OR ";
          out += c.kind == Condition::Kind::kAnd ? conjunct(child) : condition(child);
        }
        return out;
      }
      case Condition::Kind::kNot: {
        const Condition& child = c.children[0];
        const bool compound = child.kind == Condition::Kind::kAnd || is_disjunction(child);
        return "NOT " + (compound ? '(' + condition(child) + ')' : condition(child));
      }
      case Condition::Kind::kFunction: {
        std::string out = c.op + '(';
        for (std::size_t i = 0; i < c.operands.size(); ++i) out += (i > 0 ? ", " : "") + operand(c.operands[i]);
        return out + ')';
      }
      case Condition::Kind::kMissing: return "attribute_not_exists(" + path(c.operands[0].path) + ')';
      case Condition::Kind::kNotMissing: return "attribute_exists(" + path(c.operands[0].path) + ')';
      case Condition::Kind::kIsNull: {
        // As in PartiQL, a missing attribute is null too.
        const std::string p = path(c.operands[0].path);
        return "attribute_not_exists(" + p + ") OR attribute_type(" + p + ", " + value(R"({"S":"NULL"})") + ')';
      }
      case Condition::Kind::kIsType: {
        const std::string p = path(c.operands[0].path);
        return "attribute_type(" + p + ", " + value(R"({"S":")" + c.op + R"("})") + ')';
      }
    }
    return {};
  }

  // Whether `c` is written with an OR at its top, so that inside an AND or
  // a NOT it needs parentheses.
  static bool is_disjunction(const Condition& c) {
    return c.kind == Condition::Kind::kOr || c.kind == Condition::Kind::kIsNull;
  }

  // DynamoDB refuses redundant parentheses: only an OR inside an AND gets them.
  std::string conjunct(const Condition& c) { return is_disjunction(c) ? '(' + condition(c) + ')' : condition(c); }

  std::string all_of(const std::vector<const Condition*>& conditions) {
    std::string out;
    for (const Condition* c : conditions) out += (out.empty() ? "" : " AND ") + conjunct(*c);
    return out;
  }

  void write(json::Writer& writer) const {
    if (!names_.empty()) {
      json::write_key(writer, "ExpressionAttributeNames");
      writer.StartObject();
      for (std::size_t i = 0; i < names_.size(); ++i) {
        json::write_key(writer, "#n" + std::to_string(i));
        json::write_string(writer, names_[i]);
      }
      writer.EndObject();
    }
    if (!values_.empty()) {
      json::write_key(writer, "ExpressionAttributeValues");
      writer.StartObject();
      for (std::size_t i = 0; i < values_.size(); ++i) {
        json::write_key(writer, ":v" + std::to_string(i));
        writer.RawValue(values_[i].data(), values_[i].size(), json::kObjectType);
      }
      writer.EndObject();
    }
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> values_;
};

// WHERE's top-level conjunction (a AND b AND (c AND d) is four conditions).
void conjuncts(const Condition& c, std::vector<const Condition*>& out) {
  if (c.kind != Condition::Kind::kAnd) {
    out.push_back(&c);
    return;
  }
  for (const Condition& child : c.children) conjuncts(child, out);
}

bool is_attribute(const Operand& o, std::string_view attribute) {
  return o.kind == Operand::Kind::kPath && o.path.size() == 1 && !o.path[0].is_index && o.path[0].name == attribute;
}

// The value `c` says attribute `attribute` equals (attribute = value, or
// value = attribute), else nullptr.
const std::string* equality_value(const Condition& c, std::string_view attribute) {
  if (c.kind != Condition::Kind::kCompare || c.op != "=") return nullptr;
  if (is_attribute(c.operands[0], attribute) && c.operands[1].kind == Operand::Kind::kValue) {
    return &c.operands[1].value_json;
  }
  if (is_attribute(c.operands[1], attribute) && c.operands[0].kind == Operand::Kind::kValue) {
    return &c.operands[0].value_json;
  }
  return nullptr;
}

bool mentions(const Condition& c, std::string_view attribute) {
  for (const Operand& o : c.operands) {
    if (o.kind != Operand::Kind::kValue && !o.path.empty() && o.path[0].name == attribute) return true;
  }
  for (const Condition& child : c.children) {
    if (mentions(child, attribute)) return true;
  }
  return false;
}

// Whether `c` is a sort key condition a KeyConditionExpression can hold:
// a comparison (not <>) of the attribute with a value, BETWEEN two values,
// or begins_with.
bool is_sort_key_condition(const Condition& c, std::string_view attribute) {
  auto value = [](const Operand& o) { return o.kind == Operand::Kind::kValue; };
  switch (c.kind) {
    case Condition::Kind::kCompare:
      return c.op != "<>" && ((is_attribute(c.operands[0], attribute) && value(c.operands[1])) ||
                              (is_attribute(c.operands[1], attribute) && value(c.operands[0])));
    case Condition::Kind::kBetween:
      return is_attribute(c.operands[0], attribute) && value(c.operands[1]) && value(c.operands[2]);
    case Condition::Kind::kFunction:
      return c.op == "begins_with" && is_attribute(c.operands[0], attribute) && value(c.operands[1]);
    default: return false;
  }
}

// A key condition is written attribute-first ("#k < :v", not ":v > #k").
std::string sort_key_condition(const Condition& c, Placeholders& placeholders) {
  if (c.kind != Condition::Kind::kCompare || c.operands[0].kind == Operand::Kind::kPath) {
    return placeholders.condition(c);
  }
  std::string op = c.op;
  if (op == "<") op = ">";
  else if (op == ">") op = "<";
  else if (op == "<=") op = ">=";
  else if (op == ">=") op = "<=";
  return placeholders.operand(c.operands[1]) + ' ' + op + ' ' + placeholders.operand(c.operands[0]);
}

struct KeyNames {
  std::string hash;
  std::string range;  // "" when there is none
  bool queryable = true;  // one hash attribute and at most one range attribute
};

KeyNames key_names(const catalog::TableInfo& table, const std::optional<std::string>& index_name) {
  if (!index_name) return {table.key_schema.hash.name, table.key_schema.range ? table.key_schema.range->name : ""};
  const catalog::IndexInfo* index = table.find_index(*index_name);
  if (index == nullptr) return {"", "", false};  // the Scan names it, and is refused for it
  const auto& schema = index->schema;
  if (schema.hash_keys.size() != 1 || schema.range_keys.size() > 1) return {"", "", false};
  return {schema.hash_keys[0].name, schema.range_keys.empty() ? "" : schema.range_keys[0].name};
}

void write_member(json::Writer& writer, std::string_view name, std::string_view value) {
  json::write_key(writer, name);
  json::write_string(writer, value);
}

void write_table(json::Writer& writer, const catalog::TableInfo& table) { write_member(writer, "TableName", table.name); }

// WHERE's equalities on the table's key attributes, in key order (nullptr
// for an attribute no equality fixes); the other conditions go to `rest`.
std::vector<const std::string*> key_values(const Statement& statement, const catalog::TableInfo& table,
                                           std::vector<const Condition*>& rest) {
  std::vector<const Condition*> all;
  if (statement.where) conjuncts(*statement.where, all);
  std::vector<std::string_view> names{table.key_schema.hash.name};
  if (table.key_schema.range) names.push_back(table.key_schema.range->name);
  std::vector<const std::string*> values(names.size(), nullptr);
  for (const Condition* c : all) {
    bool used = false;
    for (std::size_t i = 0; i < names.size() && !used; ++i) {
      if (values[i] == nullptr && (values[i] = equality_value(*c, names[i])) != nullptr) used = true;
    }
    if (!used) rest.push_back(c);
  }
  return values;
}

bool complete(const std::vector<const std::string*>& values) {
  for (const std::string* value : values) {
    if (value == nullptr) return false;
  }
  return true;
}

// The full primary key from WHERE's equalities, written as Key; the other
// conditions are left in `rest`. A key attribute WHERE does not fix is
// DynamoDB's ValidationException.
void write_key(const Statement& statement, const catalog::TableInfo& table, json::Writer& writer,
               std::vector<const Condition*>& rest) {
  const std::vector<const std::string*> values = key_values(statement, table, rest);
  if (!complete(values)) {
    throw DynamoError::validation("Where clause does not contain a mandatory equality on all key attributes");
  }
  json::write_key(writer, "Key");
  writer.StartObject();
  json::write_key(writer, table.key_schema.hash.name);
  writer.RawValue(values[0]->data(), values[0]->size(), json::kObjectType);
  if (table.key_schema.range) {
    json::write_key(writer, table.key_schema.range->name);
    writer.RawValue(values[1]->data(), values[1]->size(), json::kObjectType);
  }
  writer.EndObject();
}

void write_projection(const Statement& statement, Placeholders& placeholders, json::Writer& writer) {
  if (statement.projection.empty()) return;
  std::string projection;
  for (const Path& path : statement.projection) projection += (projection.empty() ? "" : ", ") + placeholders.path(path);
  write_member(writer, "ProjectionExpression", projection);
}

// Whether `index` is a GSI whose key has more than one HASH or RANGE
// attribute, which PartiQL does not read.
bool has_multi_attribute_key(const catalog::TableInfo& table, const std::string& index) {
  const catalog::IndexInfo* info = table.find_index(index);
  return info != nullptr && (info->schema.hash_keys.size() > 1 || info->schema.range_keys.size() > 1);
}

// A GSI holds only the attributes it projects, and PartiQL refuses to
// select others from it, naming them in the statement's order (an LSI read
// fetches them from the table instead).
void check_gsi_projection(const Statement& statement, const catalog::TableInfo& table) {
  const catalog::IndexInfo* index = statement.index ? table.find_index(*statement.index) : nullptr;
  if (index == nullptr || index->schema.kind != model::IndexKind::kGlobal ||
      index->schema.projection == model::ProjectionType::kAll) {
    return;
  }
  const auto& schema = index->schema;
  std::string missing;
  std::vector<std::string_view> listed;
  for (const Path& path : statement.projection) {
    const std::string& name = path[0].name;
    if (model::projects(table.key_schema, schema, name) || std::find(listed.begin(), listed.end(), name) != listed.end()) {
      continue;
    }
    listed.push_back(name);
    missing += (missing.empty() ? "" : ", ") + name;
  }
  if (!missing.empty()) {
    throw DynamoError::validation("One or more parameter values were invalid: Global secondary index " + schema.name +
                                  " does not project [" + missing + "]");
  }
}

void mentioned_attributes(const Condition& c, std::vector<std::string_view>& out) {
  for (const Operand& o : c.operands) {
    if (o.kind != Operand::Kind::kValue && !o.path.empty()) out.push_back(o.path[0].name);
  }
  for (const Condition& child : c.children) mentioned_attributes(child, out);
}

// A read keyed on an index (an equality or IN on its partition key beside
// the other conditions) may only filter on what the index projects, GSI or
// LSI; unkeyed it is a scan of the index, whose filter simply finds nothing
// there (observed against DynamoDB: nubo-db/dynamodb-conformance
// tests/tier2/partiql/indexQualifier.test.ts; the text, "Secondary index"
// for both kinds, from the public suites' PartiQL error-message tests).
void check_keyed_index_filter(const Statement& statement, const catalog::TableInfo& table) {
  const catalog::IndexInfo* index = statement.index ? table.find_index(*statement.index) : nullptr;
  if (index == nullptr || index->schema.projection == model::ProjectionType::kAll || !statement.where ||
      index->schema.hash_keys.size() != 1) {
    return;
  }
  const auto& schema = index->schema;
  const std::string& hash = schema.hash_keys[0].name;
  std::vector<const Condition*> all;
  conjuncts(*statement.where, all);
  const bool keyed = std::any_of(all.begin(), all.end(), [&](const Condition* c) {
    return equality_value(*c, hash) != nullptr ||
           (c->kind == Condition::Kind::kIn && is_attribute(c->operands[0], hash));
  });
  if (!keyed) return;
  std::vector<std::string_view> names;
  for (const Condition* c : all) mentioned_attributes(*c, names);
  std::vector<std::string_view> missing;
  for (std::string_view name : names) {
    if (!model::projects(table.key_schema, schema, name) &&
        std::find(missing.begin(), missing.end(), name) == missing.end()) {
      missing.push_back(name);
    }
  }
  if (missing.empty()) return;
  std::string listed;
  for (std::string_view name : missing) listed += (listed.empty() ? "" : ", ") + std::string(name);
  throw DynamoError::validation("One or more parameter values were invalid: Secondary index " + schema.name +
                                " does not project one or more filter attributes: [" + listed + "]");
}

Operation write_select(const Statement& statement, const catalog::TableInfo& table, Use use, json::Writer& writer) {
  if (statement.index && has_multi_attribute_key(table, *statement.index)) {
    throw DynamoError::validation(
        "PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE "
        "keys.");
  }
  if (statement.index && table.find_index(*statement.index) == nullptr) {
    // Query's text names the index; a PartiQL qualifier's does not (the
    // public suites' PartiQL error-message tests, recorded against DynamoDB).
    throw DynamoError::validation("The table does not have the specified index");
  }
  check_gsi_projection(statement, table);
  check_keyed_index_filter(statement, table);
  Placeholders placeholders;
  write_table(writer, table);
  if (use != Use::kAlone) {
    // One item, by its full primary key and nothing else.
    const std::string refusal = std::string("Select statements within ") +
                                (use == Use::kInBatch ? "BatchExecuteStatement" : "ExecuteTransaction") +
                                " must specify the primary key in the where clause.";
    std::vector<const Condition*> rest;
    if (statement.index || !complete(key_values(statement, table, rest)) || !rest.empty()) {
      throw DynamoError::validation(refusal);
    }
    write_key(statement, table, writer, rest);
    write_projection(statement, placeholders, writer);
    placeholders.write(writer);
    return Operation::kGetItem;
  }
  if (statement.index) write_member(writer, "IndexName", *statement.index);
  write_projection(statement, placeholders, writer);

  // A Query when one conjunct fixes the partition key and the sort key
  // appears in at most one, which a key condition can express; a Query's
  // filter cannot name a key attribute, so anything else is a Scan (the
  // same items, read from the whole table).
  const KeyNames keys = key_names(table, statement.index);
  std::vector<const Condition*> all;
  if (statement.where) conjuncts(*statement.where, all);
  const Condition* partition = nullptr;
  const Condition* sort = nullptr;
  std::vector<const Condition*> rest;
  bool query = keys.queryable;
  for (const Condition* c : all) {
    if (!query) break;
    if (partition == nullptr && equality_value(*c, keys.hash) != nullptr) {
      partition = c;
    } else if (mentions(*c, keys.hash)) {
      query = false;
    } else if (!keys.range.empty() && mentions(*c, keys.range)) {
      if (sort != nullptr || !is_sort_key_condition(*c, keys.range)) query = false;
      sort = c;
    } else {
      rest.push_back(c);
    }
  }
  // ORDER BY is the order a Query returns a partition in: by the sort key,
  // ascending or (ScanIndexForward false) descending. A Scan has no order.
  // The refusals in DynamoDB's words (its PartiQL messages, as DynamoDB
  // Local ships them).
  std::optional<bool> descending;
  for (const auto& [key, desc] : statement.order_by) {
    if (key != keys.hash && key != keys.range) {
      throw DynamoError::validation("Variable reference " + key + " in ORDER BY clause must be part of the primary key");
    }
    if (key == keys.range || keys.range.empty()) descending = desc;
  }
  if (!statement.order_by.empty() && !statement.where) {
    throw DynamoError::validation("Must have WHERE clause in the statement when using ORDER BY clause.");
  }
  if (!statement.order_by.empty() && !(query && partition != nullptr)) {
    throw DynamoError::validation(
        "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.");
  }
  if (query && partition != nullptr) {
    if (descending.value_or(false)) {
      json::write_key(writer, "ScanIndexForward");
      writer.Bool(false);
    }
    std::string key_condition = sort_key_condition(*partition, placeholders);
    if (sort != nullptr) key_condition += " AND " + sort_key_condition(*sort, placeholders);
    write_member(writer, "KeyConditionExpression", key_condition);
    if (!rest.empty()) write_member(writer, "FilterExpression", placeholders.all_of(rest));
    placeholders.write(writer);
    return Operation::kQuery;
  }
  if (statement.where) write_member(writer, "FilterExpression", placeholders.condition(*statement.where));
  placeholders.write(writer);
  return Operation::kScan;
}

std::string update_expression(const Statement& statement, Placeholders& placeholders) {
  std::string set, remove, add, del;
  auto append = [](std::string& clause, const std::string& action) { clause += (clause.empty() ? "" : ", ") + action; };
  for (const UpdateAction& a : statement.actions) {
    const std::string target = placeholders.path(a.path);
    switch (a.kind) {
      case UpdateAction::Kind::kSet: append(set, target + " = " + placeholders.operand(a.operands[0])); break;
      case UpdateAction::Kind::kPlus:
      case UpdateAction::Kind::kMinus:
        append(set, target + " = " + placeholders.operand(a.operands[0]) +
                        (a.kind == UpdateAction::Kind::kPlus ? " + " : " - ") + placeholders.operand(a.operands[1]));
        break;
      case UpdateAction::Kind::kListAppend:
        append(set, target + " = list_append(" + placeholders.operand(a.operands[0]) + ", " +
                        placeholders.operand(a.operands[1]) + ')');
        break;
      case UpdateAction::Kind::kSetAdd: append(add, target + ' ' + placeholders.operand(a.operands[1])); break;
      case UpdateAction::Kind::kSetDelete: append(del, target + ' ' + placeholders.operand(a.operands[1])); break;
      case UpdateAction::Kind::kRemove: append(remove, target); break;
    }
  }
  std::string out;
  for (const auto& [keyword, clause] : {std::pair<const char*, std::string*>{"SET ", &set}, {"REMOVE ", &remove},
                                        {"ADD ", &add}, {"DELETE ", &del}}) {
    if (!clause->empty()) out += (out.empty() ? "" : " ") + std::string(keyword) + *clause;
  }
  return out;
}

Operation write_change(const Statement& statement, const catalog::TableInfo& table, Use use, json::Writer& writer) {
  Placeholders placeholders;
  write_table(writer, table);
  if (statement.index) throw DynamoError::validation("This operation is not supported on an index");
  if (statement.kind == Statement::Kind::kExists && use != Use::kInTransaction) {
    throw DynamoError::validation("EXISTS can only be used in a transaction (ExecuteTransaction)");
  }
  if (statement.kind == Statement::Kind::kInsert) {
    // INSERT adds an item and never replaces one (a PutItem that requires
    // the key to be free; DuplicateItemException otherwise).
    json::Document value;
    if (!json::parse(statement.item_json, value).empty() || !value.IsObject() || value.MemberCount() != 1 ||
        std::string_view(value.MemberBegin()->name.GetString()) != "M" || !value.MemberBegin()->value.IsObject()) {
      throw DynamoError::validation("Unsupported value in INSERT: VALUE must be a tuple ({'attribute': value, ...})");
    }
    json::write_key(writer, "Item");
    value.MemberBegin()->value.Accept(writer);
    write_member(writer, "ConditionExpression", "attribute_not_exists(" + placeholders.name(table.key_schema.hash.name) + ')');
    placeholders.write(writer);
    return Operation::kPutItem;
  }
  std::vector<const Condition*> rest;
  write_key(statement, table, writer, rest);
  if (statement.kind == Statement::Kind::kExists && rest.empty()) {
    throw DynamoError::validation("EXISTS() must contain a single item read with additional condition");
  }
  std::string condition;
  const std::string& hash = table.key_schema.hash.name;
  if (statement.kind == Statement::Kind::kUpdate || statement.kind == Statement::Kind::kExists) {
    // UPDATE changes an item that exists, never creates one, and EXISTS
    // holds for an item that exists: with no such item, or WHERE's other
    // conditions false, ConditionalCheckFailed.
    condition = "attribute_exists(" + placeholders.name(hash) + ')';
    if (!rest.empty()) condition += " AND " + placeholders.all_of(rest);
    if (statement.kind == Statement::Kind::kUpdate) {
      write_member(writer, "UpdateExpression", update_expression(statement, placeholders));
    }
  } else if (!rest.empty()) {
    // DELETE of a missing item succeeds, deleting nothing; of an item
    // WHERE's other conditions are false for, ConditionalCheckFailed.
    condition = "attribute_not_exists(" + placeholders.name(hash) + ") OR " + placeholders.all_of(rest);
  }
  if (!condition.empty()) write_member(writer, "ConditionExpression", condition);
  placeholders.write(writer);
  if (use != Use::kInTransaction && !statement.returning.empty()) {
    write_member(writer, "ReturnValues", statement.returning);
  }
  switch (statement.kind) {
    case Statement::Kind::kUpdate: return Operation::kUpdateItem;
    case Statement::Kind::kExists: return Operation::kConditionCheck;
    default: return Operation::kDeleteItem;
  }
}

}  // namespace

Operation write_request(const Statement& statement, const catalog::TableInfo& table, Use use, json::Writer& writer) {
  if (statement.kind == Statement::Kind::kSelect) return write_select(statement, table, use, writer);
  return write_change(statement, table, use, writer);
}

}  // namespace dynastore::api::partiql
