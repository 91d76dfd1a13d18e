#include "dynastore/api/fault_rules_json.h"

#include <optional>

#include "dynastore/json/json.h"

namespace dynastore::api {

namespace {

Result<FaultRule> parse_rule(const json::Value& value, std::optional<std::uint64_t> default_seed) {
  if (!value.IsObject()) return Status::invalid_argument("a rule must be a JSON object");
  FaultRule rule;
  bool has_error = false, has_delay = false;
  for (const auto& member : value.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    const json::Value& v = member.value;
    if (name == "operation" || name == "table") {
      if (!v.IsString() || v.GetStringLength() == 0) {
        return Status::invalid_argument(std::string(name) + " must be a non-empty string");
      }
      (name == "operation" ? rule.operation : rule.table).assign(v.GetString(), v.GetStringLength());
    } else if (name == "error") {
      const auto kind =
          v.IsString() ? fault_kind_of(std::string_view(v.GetString(), v.GetStringLength())) : std::nullopt;
      if (!kind) {
        return Status::invalid_argument(
            "error must be InternalServerError, ThrottlingException, ProvisionedThroughputExceededException or "
            "TransactionConflictException");
      }
      rule.kind = *kind;
      has_error = true;
    } else if (name == "delay_ms") {
      if (!v.IsUint()) return Status::invalid_argument("delay_ms must be a whole number of milliseconds");
      rule.kind = FaultKind::kDelay;
      rule.delay_ms = v.GetUint();
      has_delay = true;
    } else if (name == "probability") {
      if (!v.IsNumber()) return Status::invalid_argument("probability must be a number");
      rule.probability = v.GetDouble();
    } else if (name == "count") {
      if (!v.IsUint64()) return Status::invalid_argument("count must be a whole number");
      rule.count = v.GetUint64();
    } else if (name == "seed") {
      if (!v.IsUint64()) return Status::invalid_argument("seed must be a whole number");
      rule.seed = v.GetUint64();
    } else {
      return Status::invalid_argument("unknown member \"" + std::string(name) +
                                      "\" (operation, table, error, delay_ms, probability, count, seed)");
    }
  }
  if (has_error == has_delay) return Status::invalid_argument("a rule needs either \"error\" or \"delay_ms\"");
  if (!rule.seed) rule.seed = default_seed;
  return rule;
}

}  // namespace

Result<std::vector<FaultRule>> parse_fault_rules(std::string_view text) {
  json::Document document;
  if (const auto error = json::parse(text, document); !error.empty()) {
    return Status::invalid_argument("not JSON: " + error);
  }
  const json::Value* list = &document;
  std::optional<std::uint64_t> seed;
  if (document.IsObject() && document.HasMember("faults")) {
    for (const auto& member : document.GetObject()) {
      const std::string_view name(member.name.GetString(), member.name.GetStringLength());
      if (name == "seed") {
        if (!member.value.IsUint64()) return Status::invalid_argument("seed must be a whole number");
        seed = member.value.GetUint64();
      } else if (name != "faults") {
        return Status::invalid_argument("unknown member \"" + std::string(name) + "\" (faults, seed)");
      }
    }
    list = &document["faults"];
    if (!list->IsArray()) return Status::invalid_argument("faults must be a list of rules");
  }
  std::vector<FaultRule> rules;
  if (!list->IsArray()) {
    auto rule = parse_rule(*list, seed);
    if (!rule.is_ok()) return rule.status();
    rules.push_back(std::move(rule).value());
    return rules;
  }
  for (json::SizeType i = 0; i < list->Size(); ++i) {
    auto rule = parse_rule((*list)[i], seed ? std::optional<std::uint64_t>(*seed + i) : std::nullopt);
    if (!rule.is_ok()) return Status::invalid_argument("rule " + std::to_string(i + 1) + ": " + rule.status().message());
    rules.push_back(std::move(rule).value());
  }
  return rules;
}

std::string armed_faults_json(const std::vector<ArmedFault>& faults) {
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  json::write_key(writer, "faults");
  writer.StartArray();
  for (const auto& fault : faults) {
    const FaultRule& rule = fault.rule;
    writer.StartObject();
    json::write_key(writer, "id");
    writer.Uint64(fault.id);
    if (!rule.operation.empty()) {
      json::write_key(writer, "operation");
      json::write_string(writer, rule.operation);
    }
    if (!rule.table.empty()) {
      json::write_key(writer, "table");
      json::write_string(writer, rule.table);
    }
    if (rule.kind == FaultKind::kDelay) {
      json::write_key(writer, "delay_ms");
      writer.Uint(rule.delay_ms);
    } else {
      json::write_key(writer, "error");
      json::write_string(writer, fault_kind_name(rule.kind));
    }
    if (rule.probability) {
      json::write_key(writer, "probability");
      writer.Double(*rule.probability);
    }
    if (rule.seed) {
      json::write_key(writer, "seed");
      writer.Uint64(*rule.seed);
    }
    if (rule.count) {
      json::write_key(writer, "count");
      writer.Uint64(*rule.count);
    }
    if (fault.remaining) {
      json::write_key(writer, "remaining");
      writer.Uint64(*fault.remaining);
    }
    json::write_key(writer, "injected");
    writer.Uint64(fault.injected);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace dynastore::api
