// PartiQL statements as tokens: words, "quoted names", 'strings', numbers
// and symbols, each with where it starts, for the parser
// (partiql_parser.cc). -- and /* */ comments are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dynastore::api::partiql {

// DynamoDB's refusal of a statement its parser cannot read:
// ValidationException "Statement wasn't well formed, can't be processed:
// <detail>" (the detail may be empty).
[[noreturn]] void malformed(std::string_view detail);

struct Token {
  enum class Kind { kWord, kQuotedName, kString, kNumber, kSymbol, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  int line = 1;  // where it starts, counted from 1
  int column = 1;
  int length = 0;  // in the statement's text
};

// "<line>:<column>:<length>", as DynamoDB points at a token.
std::string position(const Token& t);

// The statement's tokens, ending with one of Kind::kEnd. Throws (malformed)
// for an unterminated string or comment, or a character no token starts with.
std::vector<Token> tokenize(std::string_view text);

}  // namespace dynastore::api::partiql
