#include "api/tag_rules.h"

#include "dynastore/common/ascii.h"
#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api {

namespace {

// The next code point of well-formed UTF-8 (the JSON parser has checked it),
// advancing `i`.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i++]);
  int extra = 0;
  char32_t c = lead;
  if (lead >= 0xF0) {
    extra = 3;
    c = lead & 0x07;
  } else if (lead >= 0xE0) {
    extra = 2;
    c = lead & 0x0F;
  } else if (lead >= 0xC0) {
    extra = 1;
    c = lead & 0x1F;
  }
  for (; extra > 0 && i < text.size(); --extra) c = (c << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
  return c;
}

bool is_tag_punctuation(char32_t c) {
  return c == '_' || c == '.' || c == ':' || c == '/' || c == '=' || c == '+' || c == '-' || c == '@';
}

}  // namespace

bool is_tag_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = next_code_point(text, i);
    if (!is_tag_punctuation(c) && !is_letter_separator_or_number(c)) return false;
  }
  return true;
}

bool has_reserved_tag_prefix(std::string_view key) { return key.size() >= 4 && ascii_iequals(key.substr(0, 4), "aws:"); }

void add_tag_text_errors(std::string_view text, std::string_view path, protocol::ConstraintErrors& errors) {
  if (!is_tag_text(text)) errors.add(protocol::ConstraintErrors::quoted(text), path, kTagPatternConstraint);
}

void check_tag_key_prefix(std::string_view key) {
  // DynamoDB's text for this is not documented; the rule is (tagging
  // restrictions: "the aws: prefix is reserved for AWS use").
  if (has_reserved_tag_prefix(key)) {
    throw protocol::DynamoError::validation(
        "One or more parameter values were invalid: Tag keys starting with the prefix aws: are reserved for AWS use: " +
        std::string(key));
  }
}

}  // namespace dynastore::api
