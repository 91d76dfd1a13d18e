#include "api/partiql_lexer.h"

#include <cctype>
#include <cstddef>

#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api::partiql {

void malformed(std::string_view detail) {
  throw protocol::DynamoError::validation("Statement wasn't well formed, can't be processed: " + std::string(detail));
}

std::string position(const Token& t) {
  return std::to_string(t.line) + ':' + std::to_string(t.column) + ':' + std::to_string(t.length);
}

namespace {

bool is_word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Text between `quote`s from `i` (just past the opening one); a doubled
// quote stands for one.
std::string quoted(std::string_view text, std::size_t& i, char quote) {
  std::string out;
  while (true) {
    if (i >= text.size()) malformed("Unexpected term");
    const char c = text[i++];
    if (c != quote) {
      out.push_back(c);
    } else if (i < text.size() && text[i] == quote) {
      out.push_back(quote);
      ++i;
    } else {
      return out;
    }
  }
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  std::size_t line_start = 0;
  int line = 1;
  while (i < text.size()) {
    const char c = text[i];
    const std::size_t start = i;
    if (c == '\n') {
      ++i;
      ++line;
      line_start = i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (text.substr(i, 2) == "--") {  // to the end of the line
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (text.substr(i, 2) == "/*") {
      const std::size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos) malformed("");
      for (; i < end + 2; ++i) {
        if (text[i] == '\n') {
          ++line;
          line_start = i + 1;
        }
      }
      continue;
    }
    Token token;
    token.line = line;
    token.column = static_cast<int>(start - line_start) + 1;
    if (is_word_start(c)) {
      while (i < text.size() && is_word_char(text[i])) ++i;
      token.kind = Token::Kind::kWord;
      token.text = text.substr(start, i - start);
    } else if (c == '"' || c == '\'') {
      ++i;
      token.kind = c == '"' ? Token::Kind::kQuotedName : Token::Kind::kString;
      token.text = quoted(text, i, c);
    } else if (is_digit(c) || (c == '.' && i + 1 < text.size() && is_digit(text[i + 1]))) {
      while (i < text.size() && is_digit(text[i])) ++i;
      if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && is_digit(text[i])) ++i;
      }
      if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
        if (j < text.size() && is_digit(text[j])) {
          i = j;
          while (i < text.size() && is_digit(text[i])) ++i;
        }
      }
      token.kind = Token::Kind::kNumber;
      token.text = text.substr(start, i - start);
    } else {
      static constexpr std::string_view kTwoCharSymbols[] = {"<<", ">>", "<=", ">=", "<>", "!="};
      std::string symbol(1, c);
      for (std::string_view two : kTwoCharSymbols) {
        if (text.substr(i, 2) == two) symbol = two;
      }
      // A character no token starts with ("#" and the like) leaves nothing
      // DynamoDB can say after the colon.
      if (symbol.size() == 1 && std::string_view("()[]{},.:;=<>+-*?").find(c) == std::string_view::npos) malformed("");
      i += symbol.size();
      token.kind = Token::Kind::kSymbol;
      token.text = std::move(symbol);
    }
    token.length = static_cast<int>(i - start);
    tokens.push_back(std::move(token));
  }
  Token end;
  end.line = line;
  end.column = static_cast<int>(text.size() - line_start) + 1;
  tokens.push_back(std::move(end));
  return tokens;
}

}  // namespace dynastore::api::partiql
