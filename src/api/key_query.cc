#include "api/key_query.h"

#include <algorithm>

#include "dynastore/model/key_codec.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::DynamoError;

partition::RangeRead query_range(const ReadTarget& target, const KeyQuery& query, bool forward) {
  std::string base = target.partition_prefix(query.partition_values);
  for (const auto& value : query.sort_equalities) target.append_sort_part(value, /*terminated=*/true, base);
  partition::RangeRead range;
  range.forward = forward;
  range.lower = base;
  range.upper = model::prefix_successor(base);
  if (!query.sort) return range;

  const bool is_index = target.index() != nullptr;
  // First key of the entries whose sort value is v, and the first key after them.
  auto at = [&](const model::AttributeValue& v) {
    std::string key = base;
    target.append_sort_part(v, /*terminated=*/true, key);
    return key;
  };
  auto after = [&](const model::AttributeValue& v) {
    return is_index ? model::prefix_successor(at(v)) : model::key_successor(at(v));
  };
  const auto& c = *query.sort;
  switch (c.op) {
    case SortKeyCondition::Op::kEq:
      range.lower = at(c.value);
      range.upper = after(c.value);
      break;
    case SortKeyCondition::Op::kLt: range.upper = at(c.value); break;
    case SortKeyCondition::Op::kLe: range.upper = after(c.value); break;
    case SortKeyCondition::Op::kGt: range.lower = after(c.value); break;
    case SortKeyCondition::Op::kGe: range.lower = at(c.value); break;
    case SortKeyCondition::Op::kBetween:
      range.lower = at(c.value);
      range.upper = after(c.upper);
      break;
    case SortKeyCondition::Op::kBeginsWith: {
      // S and B values are stored as their bytes (escaped in an index, which
      // keeps prefixes), so the value's prefix is a key prefix.
      std::string prefix = base;
      target.append_sort_part(c.value, /*terminated=*/false, prefix);
      range.lower = prefix;
      auto end = model::prefix_successor(prefix);
      if (!end.empty() && end < range.upper) range.upper = std::move(end);
      break;
    }
  }
  return range;
}

void apply_exclusive_start(const ReadTarget& target, const model::Item& start_key, partition::RangeRead& range) {
  const auto key = target.storage_key_of(start_key);
  if (range.forward) {
    range.lower = std::max(range.lower, model::key_successor(key));
  } else {
    range.upper = std::min(range.upper, key);
  }
}

bool in_partition(const ReadTarget& target, const model::Item& start_key, const KeyQuery& query) {
  for (std::size_t i = 0; i < target.hash_keys().size(); ++i) {
    auto it = start_key.find(target.hash_keys()[i].name);
    if (it == start_key.end() || !(it->second == query.partition_values.at(i))) return false;
  }
  return true;
}

bool between_reversed(const KeyQuery& query) {
  if (!query.sort || query.sort->op != SortKeyCondition::Op::kBetween) return false;
  std::string lower, upper;
  model::append_key_value_bytes(query.sort->value, lower);
  model::append_key_value_bytes(query.sort->upper, upper);
  return lower > upper;
}

bool start_key_matches(const ReadTarget& target, const model::Item& start_key, const KeyQuery& query) {
  const auto range = query_range(target, query, /*forward=*/true);
  const auto key = target.storage_key_of(start_key);
  return key >= range.lower && key < range.upper;
}

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";
constexpr std::string_view kNotIndexable = "Attempted conditional constraint is not an indexable operation";

bool indexable(const std::string& op) {
  return op == "EQ" || op == "LT" || op == "LE" || op == "GT" || op == "GE" || op == "BETWEEN" || op == "BEGINS_WITH";
}

struct LegacyCondition {
  std::string op;
  std::vector<model::AttributeValue> values;
};

LegacyCondition parse_condition(const json::Value& spec, const std::string& name) {
  if (!spec.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
  LegacyCondition c;
  auto op = protocol::get_string(spec, "ComparisonOperator");
  if (!op) {
    throw DynamoError::validation("1 validation error detected: Value null at 'keyConditions." + name +
                                  ".member.comparisonOperator' failed to satisfy constraint: Member must not be null");
  }
  c.op = std::string(*op);
  if (const auto* list = protocol::get_array(spec, "AttributeValueList")) {
    for (const auto& v : list->GetArray()) c.values.push_back(protocol::parse_attribute_value(v));
  }
  static const char* kKnown[] = {"EQ", "NE", "LE", "LT", "GE", "GT", "NOT_NULL", "NULL", "CONTAINS",
                                 "NOT_CONTAINS", "BEGINS_WITH", "IN", "BETWEEN"};
  if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return c.op == k; })) {
    throw DynamoError::validation("1 validation error detected: Value '" + c.op + "' at 'keyConditions." + name +
                                  ".member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum "
                                  "value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
  }
  const std::size_t expected = c.op == "BETWEEN" ? 2 : (c.op == "NULL" || c.op == "NOT_NULL") ? 0 : 1;
  if (c.op != "IN" && c.values.size() != expected) {
    throw DynamoError::validation(std::string(kInvalid) + "Invalid number of argument(s) for the " + c.op +
                                  " ComparisonOperator");
  }
  for (const auto& v : c.values) {
    if (v.type() != c.values.front().type()) {
      throw DynamoError::validation(std::string(kInvalid) + "AttributeValues inside AttributeValueList must be of same type");
    }
  }
  if (c.op == "BEGINS_WITH" && !c.values.empty() && c.values[0].type() == model::AttributeType::kNumber) {
    throw DynamoError::validation(std::string(kInvalid) + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  }
  return c;
}

void check_types(const LegacyCondition& c, const model::KeyAttribute& key) {
  for (const auto& v : c.values) {
    if (v.type() != model::attribute_type_of(key.type)) {
      throw DynamoError::validation(std::string(kInvalid) + "Condition parameter type does not match schema type");
    }
  }
}

SortKeyCondition to_sort_condition(const LegacyCondition& c, const model::KeyAttribute& key) {
  SortKeyCondition s;
  const auto& op = c.op;
  if (op == "EQ") s.op = SortKeyCondition::Op::kEq;
  else if (op == "LT") s.op = SortKeyCondition::Op::kLt;
  else if (op == "LE") s.op = SortKeyCondition::Op::kLe;
  else if (op == "GT") s.op = SortKeyCondition::Op::kGt;
  else if (op == "GE") s.op = SortKeyCondition::Op::kGe;
  else if (op == "BETWEEN") s.op = SortKeyCondition::Op::kBetween;
  else if (op == "BEGINS_WITH") s.op = SortKeyCondition::Op::kBeginsWith;
  else throw DynamoError::validation(std::string(kNotIndexable));
  if (s.op == SortKeyCondition::Op::kBeginsWith && key.type == model::ScalarType::kNumber) {
    throw DynamoError::validation(std::string(kInvalid) + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  }
  s.value = c.values[0];
  if (s.op == SortKeyCondition::Op::kBetween) s.upper = c.values[1];
  return s;
}

}  // namespace

KeyQuery parse_key_conditions(const ReadTarget& target, const json::Value& key_conditions) {
  std::map<std::string, LegacyCondition> conditions;
  for (const auto& member : key_conditions.GetObject()) {
    std::string name(member.name.GetString(), member.name.GetStringLength());
    auto condition = parse_condition(member.value, name);
    conditions.emplace(std::move(name), std::move(condition));
  }
  const auto& hash_keys = target.hash_keys();
  const auto& range_keys = target.range_keys();
  // Checks on the request alone come first, as in DynamoDB.
  if (conditions.empty() || conditions.size() > std::max<std::size_t>(2, hash_keys.size() + range_keys.size())) {
    throw DynamoError::validation("Conditions can be of length 1 or 2 only");
  }
  for (const auto& [name, condition] : conditions) {
    if (!indexable(condition.op)) throw DynamoError::validation(std::string(kNotIndexable));
  }
  if (conditions.size() > hash_keys.size() + range_keys.size()) {
    throw DynamoError::validation("Query key condition not supported");
  }
  KeyQuery query;
  for (const auto& key : hash_keys) {
    auto it = conditions.find(key.name);
    if (it == conditions.end()) throw DynamoError::validation("Query condition missed key schema element: " + key.name);
    check_types(it->second, key);
    if (it->second.op != "EQ") throw DynamoError::validation("Query key condition not supported");
    query.partition_values.push_back(it->second.values[0]);
    conditions.erase(it);
  }
  for (std::size_t i = 0; i < range_keys.size() && !conditions.empty(); ++i) {
    auto it = conditions.find(range_keys[i].name);
    if (it == conditions.end()) break;  // a later range key without this one is caught below
    check_types(it->second, range_keys[i]);
    const bool last = conditions.size() == 1;
    if (!last && it->second.op != "EQ") throw DynamoError::validation("Query key condition not supported");
    if (last) {
      query.sort = to_sort_condition(it->second, range_keys[i]);
    } else {
      query.sort_equalities.push_back(it->second.values[0]);
    }
    conditions.erase(it);
  }
  if (!conditions.empty()) {
    throw DynamoError::validation("Query condition missed key schema element: " +
                                  (range_keys.empty() ? hash_keys[0].name : range_keys[0].name));
  }
  if (between_reversed(query)) {
    throw DynamoError::validation(
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  }
  return query;
}

}  // namespace dynastore::api
