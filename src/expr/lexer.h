// The expression lexer: DynamoDB's token set (DAX client Tokens.g4). Keywords are tokens in
// every expression kind (so "set" can never be a bare attribute name, even in a condition);
// INDEX is '0' or a digit string without a leading zero; an ID starts with a letter; "#x" and
// ":x" need at least one [A-Za-z0-9_]; quoted strings are one (always unexpected) token; any
// other character is a one-character UNKNOWN token. Whitespace ( \t\n\r) separates tokens.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dynastore::expr {

enum class TokenType {
  kEq, kNe, kLt, kLe, kGt, kGe, kPlus, kMinus,
  kIn, kBetween, kNot, kAnd, kOr, kSet, kAdd, kDelete, kRemove,
  kIndex,      // list index digits
  kId,         // bare name or function name
  kNameSub,    // #name
  kValueSub,   // :value
  kString,     // "..." or '...' (never valid)
  kLParen, kRParen, kLBracket, kRBracket, kComma, kDot,
  kUnknown,
  kEnd,
};

struct Token {
  TokenType type;
  std::string_view text;  // points into the source; "<EOF>" for kEnd
  std::size_t offset;     // byte offset in the source
};

// Always ends with a kEnd token. Never fails: unknown characters become kUnknown tokens.
std::vector<Token> tokenize(std::string_view source);

// DynamoDB's syntax error text for an unexpected tokens[index]:
//   Syntax error; token: "<token>", near: "<previous token .. next token>"
// "near" is the source text from the previous token through the token after the offending one
// (each when present): "SET a = b c d" -> token "c", near "b c d"; "foo" -> token "<EOF>",
// near "foo"; "SET _123 = :v" -> token "_", near "SET _123" (moto / scylladb quotes of AWS).
std::string syntax_error_message(std::string_view source, const std::vector<Token>& tokens,
                                 std::size_t index);

}  // namespace dynastore::expr
