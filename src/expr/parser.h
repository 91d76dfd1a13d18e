// Recursive-descent parsers for DynamoDB's expression grammar (DAX client DynamoDbGrammar.g4):
//
//   condition  : operand comparator operand | operand IN '(' operand (',' operand)* ')'
//              | operand BETWEEN operand AND operand | func | '(' condition ')'
//              | NOT condition | condition AND condition | condition OR condition
//   update     : (SET set_action (',' set_action)* | REMOVE path (',' path)*
//              |  ADD path literal (',' ...)* | DELETE path literal (',' ...)*)+
//   set_action : path '=' (operand | arithmetic)
//   arithmetic : operand ('+'|'-') operand | '(' arithmetic ')'
//   projection : path (',' path)*
//   operand    : path | literal | func | '(' operand ')'
//   func       : ID '(' operand (',' operand)* ')'
//   path       : (ID | #name) ('.' (ID | #name) | '[' INDEX ']')*
//
// Precedence: comparisons/BETWEEN/IN/functions, then NOT, then AND, then OR (the order of the
// grammar's alternatives). A parenthesised group whose content is itself a parenthesised group
// is "redundant" and rejected as soon as it closes, as DynamoDB's grammar actions do.
//
// Errors are returned as messages without the "Invalid <parameter>: " prefix.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/lexer.h"
#include "expr/messages.h"
#include "expr/raw_ast.h"

namespace dynastore::expr {

class Parser {
 public:
  explicit Parser(std::string_view source);

  std::optional<RawCondition> parse_condition();
  std::optional<std::vector<RawUpdateSection>> parse_update();
  std::optional<std::vector<RawPath>> parse_projection();

  // Set when a parse_* call returned nullopt.
  const std::string& error() const { return error_; }

 private:
  // Deepest nesting of parentheses / function calls accepted. Any valid expression is far
  // shallower (300 operators at most), and a bound keeps recursion safe on hostile input.
  static constexpr int kMaxNesting = 256;

  const Token& peek(std::size_t ahead = 0) const;
  TokenType type(std::size_t ahead = 0) const { return peek(ahead).type; }
  bool accept(TokenType t);
  bool expect(TokenType t);
  bool fail_here();  // records a syntax error at the current token; returns false
  bool fail(std::string message);
  bool enter();      // nesting guard
  void leave() { --depth_; }

  // "(" inner ")" where the parentheses group `inner` (a condition or a SET
  // value); doubled parentheses are DynamoDB's "redundant parentheses" error.
  template <typename T>
  std::optional<T> parse_parenthesized(std::optional<T> (Parser::*inner)()) {
    if (!enter()) return std::nullopt;
    accept(TokenType::kLParen);
    auto result = (this->*inner)();
    if (!result || !expect(TokenType::kRParen)) return std::nullopt;
    leave();
    if (result->parenthesized) {
      fail(std::string(msg::kRedundantParens));
      return std::nullopt;
    }
    result->parenthesized = true;
    return result;
  }

  std::optional<RawCondition> parse_chain(TokenType separator, RawCondition::Kind kind,
                                          std::optional<RawCondition> (Parser::*next)());
  std::optional<RawCondition> parse_or();
  std::optional<RawCondition> parse_and();
  std::optional<RawCondition> parse_not();
  std::optional<RawCondition> parse_primary();
  std::optional<RawCondition> parse_simple_rest(RawOperand left);
  std::optional<RawOperand> parse_operand();
  std::optional<RawOperand> parse_set_value();
  std::optional<RawPath> parse_path();
  bool parse_path_id(RawPath& path);

  std::string_view source_;
  std::vector<Token> tokens_;
  std::vector<std::size_t> matching_paren_;  // for each '(' token: index of its ')' or npos
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

bool is_comparator(TokenType t);

}  // namespace dynastore::expr
