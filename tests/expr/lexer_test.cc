#include "expr/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dynastore::expr {
namespace {

std::string types(std::string_view source) {
  static const char* kNames[] = {"=", "<>", "<", "<=", ">", ">=", "+", "-", "IN", "BETWEEN", "NOT", "AND",
                                 "OR", "SET", "ADD", "DELETE", "REMOVE", "INDEX", "ID", "#", ":", "STR", "(",
                                 ")", "[", "]", ",", ".", "?", "EOF"};
  std::string out;
  for (const Token& t : tokenize(source)) {
    if (!out.empty()) out += ' ';
    out += kNames[static_cast<int>(t.type)];
    if (t.type == TokenType::kId || t.type == TokenType::kIndex || t.type == TokenType::kUnknown ||
        t.type == TokenType::kNameSub || t.type == TokenType::kValueSub) {
      out += '(';
      out += t.text;
      out += ')';
    }
  }
  return out;
}

TEST(Lexer, Tokens) {
  EXPECT_EQ(types("a.b[10] <> :v"), "ID(a) . ID(b) [ INDEX(10) ] <> :(:v) EOF");
  EXPECT_EQ(types("#n<=:x>=y<z>w=v"), "#(#n) <= :(:x) >= ID(y) < ID(z) > ID(w) = ID(v) EOF");
  EXPECT_EQ(types("set Set SETTLE and Or not In between add delete remove"),
            "SET SET ID(SETTLE) AND OR NOT IN BETWEEN ADD DELETE REMOVE EOF");
  EXPECT_EQ(types("a_1 _b 1a 007"), "ID(a_1) ?(_) ID(b) INDEX(1) ID(a) INDEX(0) INDEX(0) INDEX(7) EOF");
  EXPECT_EQ(types("# : #_ :_ #1"), "?(#) ?(:) #(#_) :(:_) #(#1) EOF");
  EXPECT_EQ(types("\"quoted \\\" text\" 'x' \"open"), "STR STR ?(\") ID(open) EOF");
  EXPECT_EQ(types("ü+€-"), "?(ü) + ?(€) - EOF");
  EXPECT_EQ(types(" \t\r\n"), "EOF");
}

TEST(Lexer, SyntaxErrorNear) {
  auto message = [](std::string_view source, std::size_t index) {
    return syntax_error_message(source, tokenize(source), index);
  };
  // moto / scylladb quotes of AWS responses.
  EXPECT_EQ(message("SET MyStr = myNum Mystr2 myNum2", 4),
            "Syntax error; token: \"Mystr2\", near: \"myNum Mystr2 myNum2\"");
  EXPECT_EQ(message("SET _123 = :v", 1), "Syntax error; token: \"_\", near: \"SET _123\"");
  EXPECT_EQ(message("foo", 1), "Syntax error; token: \"<EOF>\", near: \"foo\"");
  EXPECT_EQ(message(")", 0), "Syntax error; token: \")\", near: \")\"");
  EXPECT_EQ(message("", 0), "Syntax error; token: \"<EOF>\", near: \"\"");
}

}  // namespace
}  // namespace dynastore::expr
