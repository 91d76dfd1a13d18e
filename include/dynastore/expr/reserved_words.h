// DynamoDB's reserved words (Developer Guide, "Reserved words in DynamoDB": 573 words, the
// list is not case-sensitive). A bare attribute name in an expression that is one of them is
// rejected with "Attribute name is a reserved keyword; reserved keyword: <name as written>";
// the name must be given through an ExpressionAttributeNames placeholder instead.
#pragma once

#include <span>
#include <string_view>

namespace dynastore::expr {

// Case-insensitive (ASCII) membership test; O(log n) over a sorted constexpr table.
bool is_reserved_word(std::string_view word);

// The table itself, upper-case and sorted (for tests and documentation).
std::span<const std::string_view> reserved_words();

}  // namespace dynastore::expr
