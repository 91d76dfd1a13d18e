#include "dynastore/protocol/constraint_errors.h"

#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::protocol {

namespace {
// DynamoDB stops listing after this many violations.
constexpr std::size_t kMaxReported = 10;
}  // namespace

void ConstraintErrors::add(std::string_view shown_value, std::string_view path, std::string_view constraint) {
  if (errors_.size() >= kMaxReported) return;
  errors_.push_back("Value " + std::string(shown_value) + " at '" + std::string(path) +
                    "' failed to satisfy constraint: " + std::string(constraint));
}

void ConstraintErrors::add_unechoed(std::string_view path, std::string_view constraint) {
  if (errors_.size() >= kMaxReported) return;
  errors_.push_back("Value at '" + std::string(path) + "' failed to satisfy constraint: " + std::string(constraint));
}

void ConstraintErrors::throw_if_any() const {
  if (errors_.empty()) return;
  std::string message = std::to_string(errors_.size()) + " validation error" + (errors_.size() > 1 ? "s" : "") +
                        " detected: ";
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    if (i) message += "; ";
    message += errors_[i];
  }
  throw DynamoError::validation(std::move(message));
}

}  // namespace dynastore::protocol
