// Value semantics shared by the evaluators: comparisons, contains, begins_with, size, set
// arithmetic, and the type names DynamoDB prints in messages.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::expr {

// Ordering of two values of the same scalar type N, S or B (numbers as decimals, strings and
// binaries as unsigned bytes); nullopt for any other pair (different types, non-scalars).
std::optional<std::strong_ordering> compare_scalars(const model::AttributeValue& a,
                                                    const model::AttributeValue& b);

// contains(haystack, needle): S in S (substring), B in B (subsequence), member of a set of the
// needle's scalar type, or element of a list (deep equality).
bool contains_value(const model::AttributeValue& haystack, const model::AttributeValue& needle);

// begins_with(value, prefix): both S or both B.
bool begins_with_value(const model::AttributeValue& value, const model::AttributeValue& prefix);

// size(value) as an N: UTF-16 code units of S, bytes of B, members of sets, elements of L/M;
// nullopt for N, BOOL and NULL (Developer Guide, "size" in "Condition and filter expressions,
// operators, and functions").
std::optional<model::AttributeValue> size_of(const model::AttributeValue& value);

bool is_scalar_type(model::AttributeType type);  // S, N or B

// The set type holding members of scalar type `type` (S -> SS ...).
std::optional<model::AttributeType> set_type_of(model::AttributeType scalar);

// DynamoDB Local's DocumentNodeType names used by ADD/DELETE operand errors: "STRING",
// "NUMBER", "BINARY", "BOOLEAN", "NULL", "LIST", "MAP", "STRING_SET", ...
std::string_view node_type_name(model::AttributeType type);

// "AttributeValue: {S:abc}" / "{N:1.5}" / "{B:<base64>}" as in BETWEEN bound errors (dynalite
// test/query.js, AWS-recorded); other types render their descriptor and a compact form.
std::string describe_value(const model::AttributeValue& value);

// Union (ADD) / difference (DELETE) of two sets of the same type; members keep the first set's
// order, new members are appended.
model::AttributeValue set_union(const model::AttributeValue& a, const model::AttributeValue& b);
model::AttributeValue set_difference(const model::AttributeValue& a, const model::AttributeValue& b);

// Exact a + b / a - b of two N values; model::Number's errors on overflow.
Result<model::AttributeValue> add_numbers(const model::AttributeValue& a, const model::AttributeValue& b);
Result<model::AttributeValue> subtract_numbers(const model::AttributeValue& a,
                                               const model::AttributeValue& b);

}  // namespace dynastore::expr
