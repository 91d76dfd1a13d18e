#include "api/partiql_values.h"

#include <cstdint>
#include <limits>

#include "dynastore/model/number.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::partiql {

namespace {

using protocol::DynamoError;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::string_view kNestingMessage =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

void check_parameter_number(std::string_view text) {
  const NumberProblem problem = check_number(text);
  if (problem == NumberProblem::kNone) return;
  if (problem == NumberProblem::kUnconvertible) throw DynamoError::validation(model::number_not_numeric_message(text));
  throw DynamoError::validation(std::string(number_problem_message(problem)));
}

void check_value(const json::Value& value, int depth) {
  if (!value.IsObject() || value.MemberCount() != 1) return;  // the operation refuses it
  const std::string_view type(value.MemberBegin()->name.GetString(), value.MemberBegin()->name.GetStringLength());
  const json::Value& content = value.MemberBegin()->value;
  if (type == "N" && content.IsString()) {
    check_parameter_number({content.GetString(), content.GetStringLength()});
  } else if (type == "NS" && content.IsArray()) {
    for (const auto& member : content.GetArray()) {
      if (member.IsString()) check_parameter_number({member.GetString(), member.GetStringLength()});
    }
  } else if ((type == "M" && content.IsObject()) || (type == "L" && content.IsArray())) {
    if (depth >= protocol::kMaxAttributeDepth) throw DynamoError::validation(std::string(kNestingMessage));
    if (content.IsObject()) {
      for (const auto& member : content.GetObject()) check_value(member.value, depth + 1);
    } else {
      for (const auto& element : content.GetArray()) check_value(element, depth + 1);
    }
  }
}

}  // namespace

NumberProblem check_number(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::int64_t digits = 0;       // of the mantissa
  std::int64_t leading_zeros = 0;  // before its first non-zero digit
  std::int64_t fraction_digits = 0;
  bool seen_nonzero = false;
  bool in_fraction = false;
  for (; i < text.size() && (is_digit(text[i]) || (text[i] == '.' && !in_fraction)); ++i) {
    if (text[i] == '.') {
      in_fraction = true;
      continue;
    }
    ++digits;
    if (in_fraction) ++fraction_digits;
    if (text[i] != '0') seen_nonzero = true;
    if (!seen_nonzero) ++leading_zeros;
  }
  if (digits == 0) return NumberProblem::kUnconvertible;
  std::int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    const std::size_t start = i;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      exponent = exponent * 10 + (text[i] - '0');
      // Past a 32-bit integer it cannot be converted at all.
      if (exponent > std::int64_t{std::numeric_limits<std::int32_t>::max()} + 1) return NumberProblem::kUnconvertible;
    }
    if (i == start) return NumberProblem::kUnconvertible;
    if (negative) exponent = -exponent;
  }
  if (i != text.size()) return NumberProblem::kUnconvertible;
  constexpr std::int64_t kMin = std::numeric_limits<std::int32_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();
  if (exponent < kMin || exponent > kMax) return NumberProblem::kUnconvertible;
  const std::int64_t scale = fraction_digits - exponent;
  if (scale < kMin || scale > kMax) return NumberProblem::kUnconvertible;
  // BigDecimal's precision (digits of the unscaled value; 1 for zero) less
  // its scale, in 32-bit arithmetic as DynamoDB does it (so it can wrap).
  const std::int64_t precision = seen_nonzero ? digits - leading_zeros : 1;
  const auto magnitude = static_cast<std::int32_t>(static_cast<std::uint32_t>(precision) -
                                                   static_cast<std::uint32_t>(static_cast<std::int32_t>(scale)));
  if (magnitude > model::Number::kMaxExponent + 1) return NumberProblem::kOverflow;
  if (magnitude < model::Number::kMinExponent + 1) return NumberProblem::kUnderflow;
  auto parsed = model::Number::parse(text);
  if (parsed.is_ok()) return NumberProblem::kNone;
  const std::string& message = parsed.status().message();
  if (message == model::kNumberOverflowMessage) return NumberProblem::kOverflow;
  if (message == model::kNumberUnderflowMessage) return NumberProblem::kUnderflow;
  if (message == model::kNumberTooManyDigitsMessage) return NumberProblem::kTooManyDigits;
  return NumberProblem::kUnconvertible;
}

std::string_view number_problem_message(NumberProblem problem) {
  switch (problem) {
    case NumberProblem::kOverflow: return model::kNumberOverflowMessage;
    case NumberProblem::kUnderflow: return model::kNumberUnderflowMessage;
    case NumberProblem::kTooManyDigits: return model::kNumberTooManyDigitsMessage;
    default: return model::kNumberNotNumericMessage;
  }
}

void check_parameters(const json::Value& parameters) {
  if (!parameters.IsArray()) return;
  for (const auto& value : parameters.GetArray()) check_value(value, 1);
}

}  // namespace dynastore::api::partiql
