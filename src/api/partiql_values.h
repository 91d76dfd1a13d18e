// How DynamoDB's PartiQL reads the numbers in a statement and in its
// Parameters, which differs from an attribute value sent to PutItem: a
// number is read as Java's BigDecimal reads a string first (its exponent,
// and the scale it leaves, must fit a 32-bit integer, and the magnitude
// check works on precision minus scale in 32-bit arithmetic, which wraps),
// then against DynamoDB's range and 38 digits. Observed against DynamoDB
// (paritysuite/dynamodb-conformance, tests/tier3/error-messages/
// partiqlParameterNumbers.test.ts and partiqlGrammar.test.ts).
#pragma once

#include <string>
#include <string_view>

#include "dynastore/json/json.h"

namespace dynastore::api::partiql {

enum class NumberProblem { kNone, kUnconvertible, kOverflow, kUnderflow, kTooManyDigits };

NumberProblem check_number(std::string_view text);

// DynamoDB's text for a range or digits problem (not kUnconvertible).
std::string_view number_problem_message(NumberProblem problem);

// Checks Parameters (an array of AttributeValues) in document order and
// throws the first problem as DynamoDB reports it: a value nested more than
// 32 levels deep, or a number that cannot be converted, is out of range or
// has too many digits. Anything else about the values is left to the
// operation the statement runs as.
void check_parameters(const json::Value& parameters);

}  // namespace dynastore::api::partiql
