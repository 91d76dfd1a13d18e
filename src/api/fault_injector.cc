#include "dynastore/api/fault_injector.h"

#include <algorithm>
#include <array>
#include <utility>

#include "api/request_context.h"

namespace dynastore::api {

namespace {

constexpr std::array<std::pair<FaultKind, std::string_view>, 5> kKindNames = {{
    {FaultKind::kInternalServerError, "InternalServerError"},
    {FaultKind::kThrottling, "ThrottlingException"},
    {FaultKind::kProvisionedThroughputExceeded, "ProvisionedThroughputExceededException"},
    {FaultKind::kTransactionConflict, "TransactionConflictException"},
    {FaultKind::kDelay, "delay"},
}};

// The item operations, whose errors include ProvisionedThroughputExceeded
// (BatchExecuteStatement's do not: its statements fail one by one).
constexpr std::array<std::string_view, 12> kItemOperations = {
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
    "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
    "ExecuteStatement", "ExecuteTransaction",
};
constexpr std::array<std::string_view, 6> kConflictOperations = {
    "PutItem", "UpdateItem", "DeleteItem", "TransactGetItems", "TransactWriteItems", "ExecuteStatement",
};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_implemented_operation(std::string_view operation) {
  return find_operation("DynamoDB_20120810." + std::string(operation)) != nullptr ||
         find_operation("DynamoDBStreams_20120810." + std::string(operation)) != nullptr;
}

// The table a request names by name or by ARN (arn:...:table/NAME).
std::string_view table_name_of(std::string_view named) {
  constexpr std::string_view kMarker = ":table/";
  if (named.substr(0, 4) != "arn:") return named;
  const auto at = named.find(kMarker);
  return at == std::string_view::npos ? named : named.substr(at + kMarker.size());
}

bool matches(const FaultRule& rule, std::string_view operation, std::span<const std::string_view> tables) {
  if (!rule.operation.empty() && rule.operation != operation) return false;
  if (!fault_applies_to(rule.kind, operation)) return false;
  if (rule.table.empty()) return true;
  return std::any_of(tables.begin(), tables.end(), [&](std::string_view named) {
    return named == rule.table || table_name_of(named) == rule.table;
  });
}

}  // namespace

std::string_view fault_kind_name(FaultKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "?";
}

std::optional<FaultKind> fault_kind_of(std::string_view error_name) {
  // "TransactionConflict" too: the cancellation reason's code.
  if (error_name == "TransactionConflict") return FaultKind::kTransactionConflict;
  for (const auto& [kind, name] : kKindNames) {
    if (name == error_name && kind != FaultKind::kDelay) return kind;
  }
  return std::nullopt;
}

bool fault_applies_to(FaultKind kind, std::string_view operation) {
  switch (kind) {
    case FaultKind::kProvisionedThroughputExceeded:
      return contains(kItemOperations, operation);
    case FaultKind::kTransactionConflict:
      return contains(kConflictOperations, operation);
    default:
      return true;
  }
}

Result<std::uint64_t> FaultInjector::add(FaultRule rule) {
  if (!rule.operation.empty() && !is_implemented_operation(rule.operation)) {
    return Status::invalid_argument("unknown operation \"" + rule.operation +
                                    "\" (an operation this server implements, as X-Amz-Target names it)");
  }
  if (!rule.operation.empty() && !fault_applies_to(rule.kind, rule.operation)) {
    return Status::invalid_argument(rule.operation + " never answers " + std::string(fault_kind_name(rule.kind)));
  }
  if (rule.probability && !(*rule.probability > 0 && *rule.probability <= 1)) {
    return Status::invalid_argument("probability must be more than 0 and at most 1");
  }
  if (rule.count && *rule.count == 0) return Status::invalid_argument("count must be at least 1");
  if (rule.kind == FaultKind::kDelay && (rule.delay_ms == 0 || rule.delay_ms > kMaxDelayMs)) {
    return Status::invalid_argument("delay_ms must be 1.." + std::to_string(kMaxDelayMs));
  }
  if (rule.kind != FaultKind::kDelay) rule.delay_ms = 0;
  const std::uint64_t seed = rule.seed ? *rule.seed : std::random_device{}();
  std::lock_guard lock(mutex_);
  Armed armed{ArmedFault{next_id_++, std::move(rule), std::nullopt, 0}, std::mt19937_64(seed)};
  armed.listed.remaining = armed.listed.rule.count;
  rules_.push_back(std::move(armed));
  armed_.store(true, std::memory_order_relaxed);
  return rules_.back().listed.id;
}

void FaultInjector::reset() {
  std::lock_guard lock(mutex_);
  rules_.clear();
  armed_.store(false, std::memory_order_relaxed);
}

std::vector<ArmedFault> FaultInjector::list() const {
  std::lock_guard lock(mutex_);
  std::vector<ArmedFault> out;
  out.reserve(rules_.size());
  for (const auto& armed : rules_) out.push_back(armed.listed);
  return out;
}

FaultDecision FaultInjector::decide(std::string_view operation, std::span<const std::string_view> tables) {
  FaultDecision decision;
  std::lock_guard lock(mutex_);
  for (auto& armed : rules_) {
    const FaultRule& rule = armed.listed.rule;
    const bool is_delay = rule.kind == FaultKind::kDelay;
    // Once an error is chosen, later error rules do not fire (nor count down).
    if (!is_delay && decision.error) continue;
    if (!matches(rule, operation, tables)) continue;
    if (rule.probability) {
      // 53 random bits as a fraction in [0, 1).
      const double draw = static_cast<double>(armed.random() >> 11) * 0x1.0p-53;
      if (draw >= *rule.probability) continue;
    }
    ++armed.listed.injected;
    if (armed.listed.remaining) --*armed.listed.remaining;
    if (is_delay) {
      decision.delay += std::chrono::milliseconds(rule.delay_ms);
    } else {
      decision.error = rule.kind;
    }
  }
  std::erase_if(rules_, [](const Armed& armed) { return armed.listed.remaining == std::uint64_t{0}; });
  armed_.store(!rules_.empty(), std::memory_order_relaxed);
  return decision;
}

}  // namespace dynastore::api
