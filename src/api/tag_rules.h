// DynamoDB's rules for tag keys and values beyond their modelled lengths
// (Developer Guide, "Tagging restrictions"): the character set letters,
// white space, numbers and + - = . _ : / @, which AWS prints as the pattern
// [\p{L}\p{Z}\p{N}_.:/=+\-@]*, and the "aws:" prefix, reserved for AWS.
#pragma once

#include <string_view>

#include "dynastore/protocol/constraint_errors.h"

namespace dynastore::api {

inline constexpr std::string_view kTagPatternConstraint =
    "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*";

// Whether Unicode puts code point `c` in a letter (L), separator (Z) or
// number (N) category (tag_characters_generated.cc).
bool is_letter_separator_or_number(char32_t c);
// Whether every character of the UTF-8 `text` is in the tag character set.
bool is_tag_text(std::string_view text);
// Whether a tag key starts with "aws:" in any letter case.
bool has_reserved_tag_prefix(std::string_view key);

// Adds the pattern error for a key (`path`: "tags.1.member.key") or value
// outside the character set.
void add_tag_text_errors(std::string_view text, std::string_view path, protocol::ConstraintErrors& errors);
// Throws ValidationException for a key with the reserved prefix.
void check_tag_key_prefix(std::string_view key);

}  // namespace dynastore::api
