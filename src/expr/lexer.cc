#include "expr/lexer.h"

#include "expr/messages.h"

namespace dynastore::expr {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_id_char(char c) { return is_alpha(c) || is_digit(c) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (x != b[i]) return false;
  }
  return true;
}

TokenType keyword_or_id(std::string_view word) {
  struct Keyword {
    std::string_view text;
    TokenType type;
  };
  static constexpr Keyword kKeywords[] = {
      {"IN", TokenType::kIn},   {"BETWEEN", TokenType::kBetween}, {"NOT", TokenType::kNot},
      {"AND", TokenType::kAnd}, {"OR", TokenType::kOr},           {"SET", TokenType::kSet},
      {"ADD", TokenType::kAdd}, {"DELETE", TokenType::kDelete},   {"REMOVE", TokenType::kRemove},
  };
  for (const auto& k : kKeywords) {
    if (iequals(word, k.text)) return k.type;
  }
  return TokenType::kId;
}

// Length of the UTF-8 sequence starting at s[i] (1 for invalid bytes), so an UNKNOWN token is
// a whole character in messages.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) return 1;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

}  // namespace

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  auto push = [&](TokenType type, std::size_t start, std::size_t len) {
    tokens.push_back(Token{type, s.substr(start, len), start});
    i = start + len;
  };
  while (i < s.size()) {
    char c = s[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    std::size_t start = i;
    if (is_alpha(c)) {
      std::size_t j = i + 1;
      while (j < s.size() && is_id_char(s[j])) ++j;
      push(keyword_or_id(s.substr(start, j - start)), start, j - start);
    } else if (is_digit(c)) {
      std::size_t j = i + 1;
      if (c != '0') {  // INDEX : '0' | [1-9][0-9]*
        while (j < s.size() && is_digit(s[j])) ++j;
      }
      push(TokenType::kIndex, start, j - start);
    } else if ((c == '#' || c == ':') && i + 1 < s.size() && is_id_char(s[i + 1])) {
      std::size_t j = i + 1;
      while (j < s.size() && is_id_char(s[j])) ++j;
      push(c == '#' ? TokenType::kNameSub : TokenType::kValueSub, start, j - start);
    } else if (c == '"' || c == '\'') {
      // Non-greedy match up to the next unescaped quote of the same kind.
      std::size_t j = i + 1;
      bool closed = false;
      while (j < s.size()) {
        if (s[j] == '\\' && j + 1 < s.size() && s[j + 1] == c) {
          j += 2;
          continue;
        }
        if (s[j] == c) {
          closed = true;
          ++j;
          break;
        }
        ++j;
      }
      if (closed) {
        push(TokenType::kString, start, j - start);
      } else {
        push(TokenType::kUnknown, start, 1);
      }
    } else {
      switch (c) {
        case '=': push(TokenType::kEq, start, 1); break;
        case '<':
          if (i + 1 < s.size() && s[i + 1] == '>') {
            push(TokenType::kNe, start, 2);
          } else if (i + 1 < s.size() && s[i + 1] == '=') {
            push(TokenType::kLe, start, 2);
          } else {
            push(TokenType::kLt, start, 1);
          }
          break;
        case '>':
          if (i + 1 < s.size() && s[i + 1] == '=') {
            push(TokenType::kGe, start, 2);
          } else {
            push(TokenType::kGt, start, 1);
          }
          break;
        case '+': push(TokenType::kPlus, start, 1); break;
        case '-': push(TokenType::kMinus, start, 1); break;
        case '(': push(TokenType::kLParen, start, 1); break;
        case ')': push(TokenType::kRParen, start, 1); break;
        case '[': push(TokenType::kLBracket, start, 1); break;
        case ']': push(TokenType::kRBracket, start, 1); break;
        case ',': push(TokenType::kComma, start, 1); break;
        case '.': push(TokenType::kDot, start, 1); break;
        default: push(TokenType::kUnknown, start, utf8_length(s, i)); break;
      }
    }
  }
  tokens.push_back(Token{TokenType::kEnd, "<EOF>", s.size()});
  return tokens;
}

std::string syntax_error_message(std::string_view source, const std::vector<Token>& tokens,
                                 std::size_t index) {
  const Token& bad = tokens[index];
  std::size_t begin = index > 0 ? tokens[index - 1].offset : bad.offset;
  std::size_t end;
  if (bad.type == TokenType::kEnd) {
    end = index > 0 ? tokens[index - 1].offset + tokens[index - 1].text.size() : source.size();
  } else if (index + 1 < tokens.size() && tokens[index + 1].type != TokenType::kEnd) {
    end = tokens[index + 1].offset + tokens[index + 1].text.size();
  } else {
    end = bad.offset + bad.text.size();
  }
  std::string token = "\"" + std::string(bad.text) + "\"";
  std::string near = "\"" + std::string(source.substr(begin, end - begin)) + "\"";
  return msg::with_details(msg::kSyntaxError, "token", token, "near", near);
}

}  // namespace dynastore::expr
