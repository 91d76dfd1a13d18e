// PartiQL's statements as DynamoDB accepts them (Developer Guide, "PartiQL
// select/insert/update/delete statements for DynamoDB"), by recursive
// descent over a token list. Keywords are case-insensitive; attribute and
// table names are bare identifiers or "double-quoted"; strings are
// 'single-quoted' ('' is a quote inside one).
#include <cctype>
#include <cstddef>
#include <string>
#include <vector>

#include "api/partiql_statement.h"
#include "dynastore/common/ascii.h"
#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api::partiql {

namespace {

using protocol::DynamoError;

[[noreturn]] void malformed(std::string_view detail) {
  throw DynamoError::validation("Statement wasn't well formed, can't be processed: " + std::string(detail));
}

struct Token {
  enum class Kind { kWord, kQuotedName, kString, kNumber, kSymbol, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
};

bool is_word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool same_path(const Path& a, const Path& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_index != b[i].is_index || a[i].name != b[i].name || a[i].index != b[i].index) return false;
  }
  return true;
}

// Text between `quote`s from `i` (just past the opening one); a doubled
// quote stands for one.
std::string quoted(std::string_view text, std::size_t& i, char quote) {
  std::string out;
  while (true) {
    if (i >= text.size()) malformed(quote == '\'' ? "Unterminated string literal" : "Unterminated quoted identifier");
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

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {  // a comment to the end of the line
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (is_word_start(c)) {
      const std::size_t start = i;
      while (i < text.size() && is_word_char(text[i])) ++i;
      tokens.push_back({Token::Kind::kWord, std::string(text.substr(start, i - start))});
    } else if (c == '"' || c == '\'') {
      ++i;
      std::string body = quoted(text, i, c);
      tokens.push_back({c == '"' ? Token::Kind::kQuotedName : Token::Kind::kString, std::move(body)});
    } else if (is_digit(c) || (c == '.' && i + 1 < text.size() && is_digit(text[i + 1]))) {
      const std::size_t start = i;
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
      tokens.push_back({Token::Kind::kNumber, std::string(text.substr(start, i - start))});
    } else {
      static constexpr std::string_view kTwoCharSymbols[] = {"<<", ">>", "<=", ">=", "<>", "!="};
      std::string symbol(1, c);
      for (std::string_view two : kTwoCharSymbols) {
        if (text.substr(i, 2) == two) symbol = two;
      }
      if (symbol.size() == 1 && std::string_view("()[]{},.:;=<>+-*?").find(c) == std::string_view::npos) {
        malformed("Unexpected character '" + symbol + "'");
      }
      i += symbol.size();
      tokens.push_back({Token::Kind::kSymbol, std::move(symbol)});
    }
  }
  tokens.push_back({Token::Kind::kEnd, {}});
  return tokens;
}

void write_string_value(std::string_view type, std::string_view s, std::string& out) {
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  json::write_key(writer, type);
  json::write_string(writer, s);
  writer.EndObject();
  out.append(buffer.GetString(), buffer.GetSize());
}

class Parser {
 public:
  Parser(std::string_view text, const json::Value* parameters) : tokens_(tokenize(text)), parameters_(parameters) {}

  Statement statement() {
    Statement s;
    if (accept_keyword("SELECT")) {
      s.kind = Statement::Kind::kSelect;
      select(s);
    } else if (accept_keyword("INSERT")) {
      s.kind = Statement::Kind::kInsert;
      expect_keyword("INTO");
      s.table = name("table name");
      expect_keyword("VALUE");
      s.item_json = value();
    } else if (accept_keyword("UPDATE")) {
      s.kind = Statement::Kind::kUpdate;
      s.table = name("table name");
      update_actions(s);
      expect_keyword("WHERE");
      s.where = condition();
      returning(s);
    } else if (accept_keyword("DELETE")) {
      s.kind = Statement::Kind::kDelete;
      expect_keyword("FROM");
      s.table = name("table name");
      expect_keyword("WHERE");
      s.where = condition();
      returning(s);
    } else if (accept_keyword("EXISTS")) {
      s.kind = Statement::Kind::kExists;
      expect_symbol("(");
      expect_keyword("SELECT");
      select(s);
      expect_symbol(")");
    } else {
      malformed("Expected SELECT, INSERT, UPDATE, DELETE or EXISTS");
    }
    accept_symbol(";");
    if (peek().kind != Token::Kind::kEnd) malformed("Unexpected token '" + peek().text + "' after the statement");
    const std::size_t given = parameters_ != nullptr ? parameters_->Size() : 0;
    if (next_parameter_ != given) {
      throw DynamoError::validation("Number of parameters in request and statement don't match.");
    }
    return s;
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    const std::size_t at = position_ + ahead;
    return at < tokens_.size() ? tokens_[at] : tokens_.back();
  }
  const Token& take() {
    const Token& t = peek();
    if (position_ < tokens_.size() - 1) ++position_;
    return t;
  }
  bool is_keyword(const Token& t, std::string_view keyword) const {
    return t.kind == Token::Kind::kWord && ascii_iequals(t.text, keyword);
  }
  bool accept_keyword(std::string_view keyword) {
    if (!is_keyword(peek(), keyword)) return false;
    take();
    return true;
  }
  void expect_keyword(std::string_view keyword) {
    if (!accept_keyword(keyword)) malformed("Expected " + std::string(keyword) + " at '" + peek().text + "'");
  }
  bool is_symbol(const Token& t, std::string_view symbol) const {
    return t.kind == Token::Kind::kSymbol && t.text == symbol;
  }
  bool accept_symbol(std::string_view symbol) {
    if (!is_symbol(peek(), symbol)) return false;
    take();
    return true;
  }
  void expect_symbol(std::string_view symbol) {
    if (!accept_symbol(symbol)) malformed("Expected '" + std::string(symbol) + "' at '" + peek().text + "'");
  }

  std::string name(std::string_view what) {
    const Token& t = peek();
    if (t.kind != Token::Kind::kWord && t.kind != Token::Kind::kQuotedName) {
      malformed("Expected " + std::string(what) + " at '" + t.text + "'");
    }
    return take().text;
  }

  void select(Statement& s) {
    if (!accept_symbol("*")) {
      do {
        s.projection.push_back(path());
      } while (accept_symbol(","));
    }
    expect_keyword("FROM");
    s.table = name("table name");
    if (accept_symbol(".")) s.index = name("index name");
    if (accept_keyword("WHERE")) s.where = condition();
    if (accept_keyword("ORDER")) {
      expect_keyword("BY");
      do {
        std::string key = name("key attribute name");
        const bool descending = accept_keyword("DESC");
        if (!descending) accept_keyword("ASC");
        s.order_by.emplace_back(std::move(key), descending);
      } while (accept_symbol(","));
    }
  }

  void update_actions(Statement& s) {
    bool any = false;
    while (true) {
      if (accept_keyword("SET")) {
        do {
          s.actions.push_back(assignment());
        } while (accept_symbol(","));
      } else if (accept_keyword("REMOVE")) {
        do {
          UpdateAction action;
          action.kind = UpdateAction::Kind::kRemove;
          action.path = path();
          s.actions.push_back(std::move(action));
        } while (accept_symbol(","));
      } else {
        break;
      }
      any = true;
    }
    if (!any) malformed("Expected SET or REMOVE at '" + peek().text + "'");
  }

  UpdateAction assignment() {
    UpdateAction action;
    action.path = path();
    expect_symbol("=");
    const Token& t = peek();
    if (t.kind == Token::Kind::kWord && is_symbol(peek(1), "(")) {
      const std::string function = lower(take().text);
      if (function == "list_append") {
        action.kind = UpdateAction::Kind::kListAppend;
      } else if (function == "set_add") {
        action.kind = UpdateAction::Kind::kSetAdd;
      } else if (function == "set_delete") {
        action.kind = UpdateAction::Kind::kSetDelete;
      } else {
        malformed("Unsupported function in SET: " + function);
      }
      expect_symbol("(");
      action.operands.push_back(operand());
      expect_symbol(",");
      action.operands.push_back(operand());
      expect_symbol(")");
      const bool sets_itself =
          action.operands[0].kind == Operand::Kind::kPath && same_path(action.operands[0].path, action.path);
      if (action.kind != UpdateAction::Kind::kListAppend && !sets_itself) {
        malformed(function + " must name the attribute it sets as its first argument");
      }
      return action;
    }
    action.operands.push_back(operand());
    if (accept_symbol("+")) {
      action.kind = UpdateAction::Kind::kPlus;
      action.operands.push_back(operand());
    } else if (accept_symbol("-")) {
      action.kind = UpdateAction::Kind::kMinus;
      action.operands.push_back(operand());
    }
    return action;
  }

  void returning(Statement& s) {
    if (!accept_keyword("RETURNING")) return;
    const bool all = accept_keyword("ALL");
    if (!all) expect_keyword("MODIFIED");
    const bool old_values = accept_keyword("OLD");
    if (!old_values) expect_keyword("NEW");
    expect_symbol("*");
    s.returning = std::string(all ? "ALL_" : "UPDATED_") + (old_values ? "OLD" : "NEW");
  }

  Path path() {
    Path p;
    p.push_back({false, name("attribute name"), 0});
    while (true) {
      if (accept_symbol(".")) {
        p.push_back({false, name("attribute name"), 0});
      } else if (accept_symbol("[")) {
        const Token& t = peek();
        if (t.kind != Token::Kind::kNumber || t.text.find_first_not_of("0123456789") != std::string::npos ||
            t.text.size() > 9) {
          malformed("Expected a list index at '" + t.text + "'");
        }
        p.push_back({true, {}, static_cast<std::uint32_t>(std::stoul(take().text))});
        expect_symbol("]");
      } else {
        return p;
      }
    }
  }

  // condition := and (OR and)*
  Condition condition() {
    Condition first = conjunction();
    if (!is_keyword(peek(), "OR")) return first;
    Condition any;
    any.kind = Condition::Kind::kOr;
    any.children.push_back(std::move(first));
    while (accept_keyword("OR")) any.children.push_back(conjunction());
    return any;
  }

  Condition conjunction() {
    Condition first = negation();
    if (!is_keyword(peek(), "AND")) return first;
    Condition all;
    all.kind = Condition::Kind::kAnd;
    all.children.push_back(std::move(first));
    while (accept_keyword("AND")) all.children.push_back(negation());
    return all;
  }

  // Nesting (NOT and parentheses) is bounded: parsing, rewriting and
  // freeing a condition all recurse, and the statement may be 8 KB of "(".
  static constexpr int kMaxNesting = 64;

  Condition negation() {
    if (!accept_keyword("NOT")) return primary();
    const Nested nested(*this);
    Condition c;
    c.kind = Condition::Kind::kNot;
    c.children.push_back(negation());
    return c;
  }

  struct Nested {
    explicit Nested(Parser& parser) : parser(parser) {
      if (++parser.nesting_ > kMaxNesting) malformed("Condition nested too deeply");
    }
    ~Nested() { --parser.nesting_; }
    Parser& parser;
  };

  Condition primary() {
    if (accept_symbol("(")) {
      const Nested nested(*this);
      Condition inner = condition();
      expect_symbol(")");
      return inner;
    }
    static constexpr std::string_view kConditionFunctions[] = {"begins_with", "contains", "attribute_exists",
                                                                "attribute_not_exists", "attribute_type"};
    if (peek().kind == Token::Kind::kWord && is_symbol(peek(1), "(")) {
      const std::string function = lower(peek().text);
      for (std::string_view known : kConditionFunctions) {
        if (function != known) continue;
        take();
        take();
        Condition c;
        c.kind = Condition::Kind::kFunction;
        c.op = function;
        do {
          c.operands.push_back(operand());
        } while (accept_symbol(","));
        expect_symbol(")");
        const std::size_t arity = function.rfind("attribute_", 0) == 0 && function != "attribute_type" ? 1 : 2;
        if (c.operands.size() != arity) malformed("Wrong number of arguments to " + function);
        return c;
      }
    }
    Condition c;
    c.operands.push_back(operand());
    static constexpr std::string_view kComparisons[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
    for (std::string_view op : kComparisons) {
      if (!accept_symbol(op)) continue;
      c.kind = Condition::Kind::kCompare;
      c.op = op == "!=" ? "<>" : std::string(op);
      c.operands.push_back(operand());
      return c;
    }
    if (accept_keyword("BETWEEN")) {
      c.kind = Condition::Kind::kBetween;
      c.operands.push_back(operand());
      expect_keyword("AND");
      c.operands.push_back(operand());
      return c;
    }
    if (accept_keyword("IN")) {
      c.kind = Condition::Kind::kIn;
      const bool bracket = accept_symbol("[");
      if (!bracket) expect_symbol("(");
      do {
        c.operands.push_back(operand());
      } while (accept_symbol(","));
      expect_symbol(bracket ? "]" : ")");
      return c;
    }
    if (accept_keyword("IS")) {
      const bool negated = accept_keyword("NOT");
      expect_keyword("MISSING");
      if (c.operands[0].kind != Operand::Kind::kPath) malformed("IS MISSING applies to an attribute");
      c.kind = negated ? Condition::Kind::kNotMissing : Condition::Kind::kMissing;
      return c;
    }
    malformed("Expected a comparison at '" + peek().text + "'");
  }

  Operand operand() {
    Operand o;
    const Token& t = peek();
    if (t.kind == Token::Kind::kWord && ascii_iequals(t.text, "size") && is_symbol(peek(1), "(")) {
      take();
      take();
      o.kind = Operand::Kind::kSize;
      o.path = path();
      expect_symbol(")");
      return o;
    }
    const bool literal_word = t.kind == Token::Kind::kWord &&
                              (ascii_iequals(t.text, "TRUE") || ascii_iequals(t.text, "FALSE") ||
                               ascii_iequals(t.text, "NULL"));
    if ((t.kind == Token::Kind::kWord && !literal_word) || t.kind == Token::Kind::kQuotedName) {
      o.kind = Operand::Kind::kPath;
      o.path = path();
      return o;
    }
    o.value_json = value();
    return o;
  }

  // A literal or parameter, as an AttributeValue's wire JSON.
  std::string value() {
    std::string out;
    value_into(out, 0);
    return out;
  }

  void value_into(std::string& out, int depth) {
    // DynamoDB nests documents 32 levels deep; past that the operation
    // refuses the item, and the parser stops recursing well before.
    if (depth > 64) malformed("Value nested too deeply");
    const Token t = take();
    switch (t.kind) {
      case Token::Kind::kString:
        write_string_value("S", t.text, out);
        return;
      case Token::Kind::kNumber:
        write_string_value("N", t.text, out);
        return;
      case Token::Kind::kWord:
        if (ascii_iequals(t.text, "TRUE") || ascii_iequals(t.text, "FALSE")) {
          out += ascii_iequals(t.text, "TRUE") ? R"({"BOOL":true})" : R"({"BOOL":false})";
          return;
        }
        if (ascii_iequals(t.text, "NULL")) {
          out += R"({"NULL":true})";
          return;
        }
        break;
      case Token::Kind::kSymbol:
        if (t.text == "-" && peek().kind == Token::Kind::kNumber) {
          write_string_value("N", "-" + take().text, out);
          return;
        }
        if (t.text == "?") {
          parameter_into(out);
          return;
        }
        if (t.text == "{") {
          map_into(out, depth);
          return;
        }
        if (t.text == "[") {
          out += R"({"L":[)";
          if (!accept_symbol("]")) {
            do {
              value_into(out, depth + 1);
              out += ',';
            } while (accept_symbol(","));
            out.pop_back();
            expect_symbol("]");
          }
          out += "]}";
          return;
        }
        if (t.text == "<<") {
          set_into(out);
          return;
        }
        break;
      default:
        break;
    }
    malformed("Expected a value at '" + t.text + "'");
  }

  void parameter_into(std::string& out) {
    if (parameters_ == nullptr || next_parameter_ >= parameters_->Size()) {
      ++next_parameter_;  // counted, so the mismatch is reported as such
      out += R"({"NULL":true})";
      return;
    }
    out += json::to_string((*parameters_)[static_cast<json::SizeType>(next_parameter_++)]);
  }

  void map_into(std::string& out, int depth) {
    json::StringBuffer buffer;
    json::Writer writer(buffer);
    out += R"({"M":{)";
    if (!accept_symbol("}")) {
      do {
        const Token& key = peek();
        if (key.kind != Token::Kind::kString && key.kind != Token::Kind::kQuotedName) {
          malformed("Expected a quoted map key at '" + key.text + "'");
        }
        buffer.Clear();
        writer.Reset(buffer);
        json::write_string(writer, take().text);
        out.append(buffer.GetString(), buffer.GetSize());
        out += ':';
        expect_symbol(":");
        value_into(out, depth + 1);
        out += ',';
      } while (accept_symbol(","));
      out.pop_back();
      expect_symbol("}");
    }
    out += "}}";
  }

  // <<'a', 'b'>> is a string set, <<1, 2>> a number set; parameters may
  // give binary values (or strings or numbers).
  void set_into(std::string& out) {
    std::vector<std::string> members;
    std::string type;
    do {
      std::string member;
      value_into(member, 0);
      json::Document doc;
      if (!json::parse(member, doc).empty() || !doc.IsObject() || doc.MemberCount() != 1 ||
          !doc.MemberBegin()->value.IsString()) {
        malformed("A set holds only strings, numbers or binary values");
      }
      const std::string member_type = doc.MemberBegin()->name.GetString();
      if (member_type != "S" && member_type != "N" && member_type != "B") {
        malformed("A set holds only strings, numbers or binary values");
      }
      if (!type.empty() && type != member_type) malformed("A set's values must all be of one type");
      type = member_type;
      members.push_back(json::to_string(doc.MemberBegin()->value));
    } while (accept_symbol(","));
    expect_symbol(">>");
    out += "{\"" + type + "S\":[";
    for (const auto& m : members) out += m + ',';
    out.back() = ']';
    out += '}';
  }

  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  const json::Value* parameters_;
  std::size_t next_parameter_ = 0;
  int nesting_ = 0;
};

}  // namespace

Statement parse(std::string_view text, const json::Value* parameters) {
  if (parameters != nullptr && !parameters->IsArray()) parameters = nullptr;
  return Parser(text, parameters).statement();
}

}  // namespace dynastore::api::partiql
