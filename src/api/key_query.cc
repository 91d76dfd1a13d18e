#include "api/key_query.h"

#include <algorithm>

#include "dynastore/model/key_codec.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::DynamoError;

partition::RangeRead query_range(const catalog::TableInfo& table, const KeyQuery& query, bool forward) {
  const std::string partition = model::partition_prefix(table.table_id, query.partition_value);
  partition::RangeRead range;
  range.forward = forward;
  range.lower = partition;
  range.upper = model::prefix_successor(partition);
  if (!query.sort) return range;

  auto at = [&](const model::AttributeValue& v) {
    std::string key = partition;
    model::append_key_value_bytes(v, key);
    return key;
  };
  const auto& c = *query.sort;
  switch (c.op) {
    case SortKeyCondition::Op::kEq:
      range.lower = at(c.value);
      range.upper = model::key_successor(range.lower);
      break;
    case SortKeyCondition::Op::kLt: range.upper = at(c.value); break;
    case SortKeyCondition::Op::kLe: range.upper = model::key_successor(at(c.value)); break;
    case SortKeyCondition::Op::kGt: range.lower = model::key_successor(at(c.value)); break;
    case SortKeyCondition::Op::kGe: range.lower = at(c.value); break;
    case SortKeyCondition::Op::kBetween:
      range.lower = at(c.value);
      range.upper = model::key_successor(at(c.upper));
      break;
    case SortKeyCondition::Op::kBeginsWith: {
      // S and B sort keys are stored as raw bytes, so a prefix of the value is
      // a prefix of the storage key.
      range.lower = at(c.value);
      auto end = model::prefix_successor(range.lower);
      if (!end.empty() && end < range.upper) range.upper = std::move(end);
      break;
    }
  }
  return range;
}

void apply_exclusive_start(const catalog::TableInfo& table, const model::Item& start_key,
                           partition::RangeRead& range) {
  const auto key = partition::ItemStore::storage_key(table, start_key);
  if (range.forward) {
    range.lower = std::max(range.lower, model::key_successor(key));
  } else {
    range.upper = std::min(range.upper, key);
  }
}

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

struct LegacyCondition {
  std::string op;
  std::vector<model::AttributeValue> values;
};

LegacyCondition parse_condition(const json::Value& spec) {
  if (!spec.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
  LegacyCondition c;
  auto op = protocol::get_string(spec, "ComparisonOperator");
  if (!op) {
    throw DynamoError::validation("1 validation error detected: Value null at 'keyConditions.member.comparisonOperator' "
                                  "failed to satisfy constraint: Member must not be null");
  }
  c.op = std::string(*op);
  if (const auto* list = protocol::get_array(spec, "AttributeValueList")) {
    for (const auto& v : list->GetArray()) c.values.push_back(protocol::parse_attribute_value(v));
  }
  return c;
}

std::size_t operand_count(const std::string& op) {
  if (op == "BETWEEN") return 2;
  if (op == "NULL" || op == "NOT_NULL") return 0;
  return 1;
}

void check_operands(const LegacyCondition& c, const model::KeyAttribute& key) {
  static const char* kKnown[] = {"EQ", "NE", "LE", "LT", "GE", "GT", "NOT_NULL", "NULL", "CONTAINS",
                                 "NOT_CONTAINS", "BEGINS_WITH", "IN", "BETWEEN"};
  if (std::find_if(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return c.op == k; }) == std::end(kKnown)) {
    throw DynamoError::validation("1 validation error detected: Value '" + c.op +
                                  "' at 'keyConditions." + key.name +
                                  ".member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum "
                                  "value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
  }
  if (c.op != "IN" && c.values.size() != operand_count(c.op)) {
    throw DynamoError::validation(std::string(kInvalid) + "Invalid number of argument(s) for the " + c.op +
                                  " ComparisonOperator");
  }
  for (const auto& v : c.values) {
    if (v.type() != model::attribute_type_of(key.type)) {
      throw DynamoError::validation(std::string(kInvalid) + "Condition parameter type does not match schema type");
    }
  }
}

}  // namespace

KeyQuery parse_key_conditions(const catalog::TableInfo& table, const json::Value& key_conditions) {
  const auto& schema = table.key_schema;
  std::optional<LegacyCondition> hash, range;
  for (const auto& member : key_conditions.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    auto c = parse_condition(member.value);
    if (name == schema.hash.name) {
      hash = std::move(c);
    } else if (schema.range && name == schema.range->name) {
      range = std::move(c);
    } else {
      throw DynamoError::validation("Query condition missed key schema element: " + schema.hash.name);
    }
  }
  if (key_conditions.MemberCount() > 2) throw DynamoError::validation("Conditions can be of length 1 or 2 only");
  if (!hash) throw DynamoError::validation("Query condition missed key schema element: " + schema.hash.name);
  check_operands(*hash, schema.hash);
  if (hash->op != "EQ") throw DynamoError::validation("Query key condition not supported");

  KeyQuery query;
  query.partition_value = hash->values[0];
  if (range) {
    check_operands(*range, *schema.range);
    SortKeyCondition s;
    const auto& op = range->op;
    if (op == "EQ") s.op = SortKeyCondition::Op::kEq;
    else if (op == "LT") s.op = SortKeyCondition::Op::kLt;
    else if (op == "LE") s.op = SortKeyCondition::Op::kLe;
    else if (op == "GT") s.op = SortKeyCondition::Op::kGt;
    else if (op == "GE") s.op = SortKeyCondition::Op::kGe;
    else if (op == "BETWEEN") s.op = SortKeyCondition::Op::kBetween;
    else if (op == "BEGINS_WITH") s.op = SortKeyCondition::Op::kBeginsWith;
    else throw DynamoError::validation("Query key condition not supported");
    if (s.op == SortKeyCondition::Op::kBeginsWith && schema.range->type == model::ScalarType::kNumber) {
      throw DynamoError::validation(std::string(kInvalid) + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
    }
    s.value = range->values[0];
    if (s.op == SortKeyCondition::Op::kBetween) s.upper = range->values[1];
    query.sort = std::move(s);
  }
  return query;
}

}  // namespace dynastore::api
