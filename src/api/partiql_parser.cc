// PartiQL's statements as DynamoDB accepts them (Developer Guide, "PartiQL
// select/insert/update/delete statements for DynamoDB"), by recursive
// descent over a token list. Keywords are case-insensitive; attribute and
// table names are bare identifiers or "double-quoted"; strings are
// 'single-quoted' ('' is a quote inside one); -- and /* */ are comments.
//
// Refusals use DynamoDB's own words where they have been observed
// (paritysuite/dynamodb-conformance, tests/tier3/error-messages/
// partiqlGrammar.test.ts and partiqlFunctions.test.ts, recorded against
// DynamoDB): "Statement wasn't well formed, can't be processed: <detail>",
// with "Unexpected token after expression" for a token left over,
// "Unexpected term" for a statement that breaks off and nothing after the
// colon for a literal or comment it cannot read; a few refusals have texts
// of their own, some with the position of the token they point at
// ("at <line>:<column>:<length>").
#include <cstddef>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "api/partiql_lexer.h"
#include "api/partiql_statement.h"
#include "api/partiql_values.h"
#include "dynastore/common/ascii.h"
#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api::partiql {

namespace {

using protocol::DynamoError;

constexpr std::string_view kLeftOver = "Unexpected token after expression";
constexpr std::string_view kBrokenOff = "Unexpected term";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Words PartiQL reserves, which cannot name a map key after a dot unless
// quoted ("m.inner" is refused, m."inner" is not).
bool is_reserved(std::string_view word) {
  static constexpr std::string_view kReserved[] = {
      "and",    "as",      "between", "by",      "case",   "cross", "delete", "distinct", "else",  "except",
      "exists", "false",   "from",    "group",   "having", "in",    "inner",  "insert",   "intersect", "into",
      "is",     "join",    "like",    "limit",   "missing", "natural", "not", "null",     "offset", "or",
      "order",  "outer",   "select",  "then",    "true",   "union", "update", "when",     "where"};
  const std::string w = lower(word);
  for (std::string_view r : kReserved) {
    if (w == r) return true;
  }
  return false;
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
      s.table = name();
      if (is_symbol(peek(), ".")) malformed("FROM clause may only contain a single table name");
      if (!accept_keyword("VALUE")) malformed(at_end() ? kBrokenOff : kLeftOver);
      s.item_json = item_value();
    } else if (accept_keyword("UPDATE")) {
      s.kind = Statement::Kind::kUpdate;
      table_and_index(s);
      refuse_alias({"SET", "REMOVE", "WHERE"});
      update_actions(s);
      expect_keyword("WHERE");
      s.where = condition();
      returning(s);
    } else if (accept_keyword("FROM")) {
      // UPDATE written FROM first: FROM table WHERE ... SET ... | REMOVE ...
      s.kind = Statement::Kind::kUpdate;
      table_and_index(s);
      refuse_alias({"WHERE"});
      expect_keyword("WHERE");
      s.where = condition();
      update_actions(s);
      returning(s);
    } else if (accept_keyword("DELETE")) {
      s.kind = Statement::Kind::kDelete;
      expect_keyword("FROM");
      table_and_index(s);
      refuse_alias({"WHERE"});
      expect_keyword("WHERE");
      s.where = condition();
      returning(s);
      if (!s.returning.empty() && s.returning != "ALL_OLD") {
        const bool all = s.returning.rfind("ALL_", 0) == 0;
        const bool old_values = s.returning.substr(s.returning.size() - 3) == "OLD";
        throw DynamoError::validation(std::string("Invalid returning clause: RETURNING ") +
                                      (all ? "ALL " : "MODIFIED ") + (old_values ? "OLD" : "NEW") +
                                      " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
      }
    } else if (accept_keyword("EXISTS")) {
      s.kind = Statement::Kind::kExists;
      expect_symbol("(");
      expect_keyword("SELECT");
      select(s);
      expect_symbol(")");
    } else {
      malformed(at_end() ? kBrokenOff : "Expected data manipulation");
    }
    accept_symbol(";");
    if (!at_end()) malformed(kLeftOver);
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
  bool at_end() const { return peek().kind == Token::Kind::kEnd; }
  // What a missing piece is: the statement broke off, or something else
  // stands where it should be.
  [[noreturn]] void unexpected() const { malformed(at_end() ? kBrokenOff : kLeftOver); }

  bool is_keyword(const Token& t, std::string_view keyword) const {
    return t.kind == Token::Kind::kWord && ascii_iequals(t.text, keyword);
  }
  bool accept_keyword(std::string_view keyword) {
    if (!is_keyword(peek(), keyword)) return false;
    take();
    return true;
  }
  void expect_keyword(std::string_view keyword) {
    if (!accept_keyword(keyword)) unexpected();
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
    if (!accept_symbol(symbol)) unexpected();
  }
  bool is_call(std::size_t ahead = 0) const {
    return peek(ahead).kind == Token::Kind::kWord && is_symbol(peek(ahead + 1), "(");
  }

  std::string name() {
    const Token& t = peek();
    if (t.kind != Token::Kind::kWord && t.kind != Token::Kind::kQuotedName) unexpected();
    return take().text;
  }

  // "table" or "table"."index" (which only a SELECT may read; the
  // operation refuses it for the others). Three parts or an empty one are
  // refused before the table is looked up, in DynamoDB's words (the public
  // suites' index-qualifier tests, recorded against DynamoDB).
  void table_and_index(Statement& s) {
    s.table = name();
    if (accept_symbol(".")) s.index = name();
    if (is_symbol(peek(), ".")) {
      throw DynamoError::validation("A path may contain at most 2 components in the FROM clause");
    }
    if (s.table.empty() || (s.index && s.index->empty())) {
      throw DynamoError::validation("Path component cannot be an empty string");
    }
  }

  // After a table name, a name where a clause should start is an alias,
  // which DynamoDB refuses in words of its own.
  void refuse_alias(std::initializer_list<std::string_view> clauses) {
    const Token& t = peek();
    if (t.kind != Token::Kind::kWord && t.kind != Token::Kind::kQuotedName) return;
    for (std::string_view clause : clauses) {
      if (is_keyword(t, clause)) return;
    }
    throw DynamoError::validation("Aliasing is not supported");
  }

  void select(Statement& s) {
    if (!accept_symbol("*")) {
      do {
        if (is_call()) throw DynamoError::validation("Unexpected path component at " + position(peek()));
        s.projection.push_back(path());
      } while (accept_symbol(","));
    }
    expect_keyword("FROM");
    table_and_index(s);
    refuse_alias({"WHERE", "ORDER"});
    if (accept_keyword("WHERE")) s.where = condition();
    if (accept_keyword("ORDER")) {
      expect_keyword("BY");
      do {
        std::string key = name();
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
    if (!any) unexpected();
  }

  UpdateAction assignment() {
    UpdateAction action;
    action.path = path();
    expect_symbol("=");
    if (is_call()) return call_assignment(std::move(action));
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

  // SET path = list_append(a, b) | set_add(path, set) | set_delete(path, set).
  UpdateAction call_assignment(UpdateAction action) {
    const Token function = take();
    const std::string name = lower(function.text);
    if (name == "list_append") {
      action.kind = UpdateAction::Kind::kListAppend;
    } else if (name == "set_add") {
      action.kind = UpdateAction::Kind::kSetAdd;
    } else if (name == "set_delete") {
      action.kind = UpdateAction::Kind::kSetDelete;
    } else {
      throw DynamoError::validation("Unrecognized function: " + name + " at " + position(function));
    }
    expect_symbol("(");
    std::vector<Token> starts;
    if (!is_symbol(peek(), ")")) {
      do {
        starts.push_back(peek());
        action.operands.push_back(operand());
      } while (accept_symbol(","));
    }
    expect_symbol(")");
    if (action.kind == UpdateAction::Kind::kListAppend) {
      if (action.operands.size() != 2) malformed("list_append must have exactly two arguments");
      return action;
    }
    // DynamoDB's texts name the function in capitals.
    const std::string shown = name == "set_add" ? "SET_ADD" : "SET_DELETE";
    const std::string where = " at " + position(function);
    if (action.operands.size() != 2) throw DynamoError::validation(shown + " must have exactly two arguments" + where);
    const Path& first = action.operands[0].path;
    const bool sets_itself = action.operands[0].kind == Operand::Kind::kPath && first.size() == action.path.size() &&
                             same_steps(first, action.path, first.size());
    if (!sets_itself) {
      throw DynamoError::validation("The first argument to " + shown + " must equal the assignment value" + where);
    }
    const Operand& members = action.operands[1];
    if (members.kind == Operand::Kind::kValue && !members.from_parameter && !members.is_set) {
      throw DynamoError::validation("The second argument to " + shown + " must be a value with type SET at " +
                                    position(starts[0]));
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
    p.push_back({false, name(), 0});
    while (true) {
      if (accept_symbol(".")) {
        if (peek().kind == Token::Kind::kWord && is_reserved(peek().text)) malformed("Invalid path dot component");
        p.push_back({false, name(), 0});
      } else if (accept_symbol("[")) {
        const Token& t = peek();
        if (t.kind != Token::Kind::kNumber || t.text.find_first_not_of("0123456789") != std::string::npos ||
            t.text.size() > 9) {
          unexpected();
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

  struct Nested {
    explicit Nested(Parser& parser) : parser(parser) {
      if (++parser.nesting_ > kMaxNesting) malformed("Condition nested too deeply");
    }
    ~Nested() { --parser.nesting_; }
    Parser& parser;
  };

  static Condition negated(Condition c) {
    Condition n;
    n.kind = Condition::Kind::kNot;
    n.children.push_back(std::move(c));
    return n;
  }

  Condition negation() {
    if (!accept_keyword("NOT")) return primary();
    const Nested nested(*this);
    return negated(negation());
  }

  Condition primary() {
    if (accept_symbol("(")) {
      const Nested nested(*this);
      Condition inner = condition();
      expect_symbol(")");
      return inner;
    }
    if (is_call() && !ascii_iequals(peek().text, "size")) return function_condition();
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
    if (accept_keyword("IS")) return is_test(std::move(c));
    unexpected();
  }

  // IS [NOT] MISSING | NULL | a type name.
  Condition is_test(Condition c) {
    const bool negate = accept_keyword("NOT");
    if (c.operands[0].kind != Operand::Kind::kPath) malformed("IS applies to an attribute");
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {"BOOL", "BOOL"}, {"BOOLEAN", "BOOL"}, {"STRING", "S"},  {"LIST", "L"},
        {"STRUCT", "M"},  {"TUPLE", "M"},      {"BLOB", "B"},    {"BAG", "SS"}};
    if (accept_keyword("MISSING")) {
      c.kind = negate ? Condition::Kind::kNotMissing : Condition::Kind::kMissing;
      return c;
    }
    if (accept_keyword("NULL")) {
      c.kind = Condition::Kind::kIsNull;
      return negate ? negated(std::move(c)) : c;
    }
    for (const auto& [name, type] : kTypes) {
      if (!accept_keyword(name)) continue;
      c.kind = Condition::Kind::kIsType;
      c.op = type;
      return negate ? negated(std::move(c)) : c;
    }
    unexpected();
  }

  // begins_with, contains, attribute_exists, attribute_not_exists,
  // attribute_type; "= TRUE" or "= FALSE" may follow.
  Condition function_condition() {
    const Token function = take();
    const std::string name = lower(function.text);
    static constexpr std::pair<std::string_view, std::size_t> kFunctions[] = {
        {"begins_with", 2}, {"contains", 2}, {"attribute_exists", 1}, {"attribute_not_exists", 1},
        {"attribute_type", 2}};
    std::size_t arity = 0;
    for (const auto& [known, operands] : kFunctions) {
      if (name == known) arity = operands;
    }
    if (arity == 0) throw DynamoError::validation("Unrecognized function: " + name + " at " + position(function));
    take();  // (
    Condition c;
    c.kind = Condition::Kind::kFunction;
    c.op = name;
    if (!is_symbol(peek(), ")")) {
      do {
        c.operands.push_back(operand());
      } while (accept_symbol(","));
    }
    expect_symbol(")");
    if (c.operands.size() != arity) {
      throw DynamoError::validation(
          "Incorrect number of operands for operator or function; operator or function: " + name +
          ", number of operands: " + std::to_string(c.operands.size()));
    }
    if (arity == 1 && c.operands[0].kind != Operand::Kind::kPath) {
      throw DynamoError::validation("Operator or function requires a document path; operator or function: " + name);
    }
    // A function compared with a truth value is the function or its negation.
    if (is_symbol(peek(), "=") || is_symbol(peek(), "<>") || is_symbol(peek(), "!=")) {
      const bool equal = is_symbol(peek(), "=");
      if (is_keyword(peek(1), "TRUE") || is_keyword(peek(1), "FALSE")) {
        take();
        const bool truth = ascii_iequals(take().text, "TRUE");
        return truth == equal ? c : negated(std::move(c));
      }
    }
    return c;
  }

  Operand operand() {
    Operand o;
    const Token& t = peek();
    if (is_call()) {
      if (!ascii_iequals(t.text, "size")) {
        throw DynamoError::validation("Unrecognized function: " + lower(t.text) + " at " + position(t));
      }
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
    o.from_parameter = is_symbol(t, "?");
    o.is_set = is_symbol(t, "<<");
    o.value_json = value("root");
    return o;
  }

  // A literal or parameter, as an AttributeValue's wire JSON. `where` names
  // its place for DynamoDB's number messages: root, root.key, root[1].
  std::string value(const std::string& where) {
    std::string out;
    value_into(out, where, 0);
    return out;
  }

  // INSERT's VALUE: DynamoDB's number messages name a place inside each of
  // its attributes from that attribute's value ("root", "root.x" for
  // {'m': {'x': 1e126}}).
  std::string item_value() {
    std::string out;
    if (is_symbol(peek(), "{")) {
      take();
      map_into(out, "root", 0, /*members_are_roots=*/true);
    } else {
      value_into(out, "root", 0);
    }
    return out;
  }

  void number_into(std::string_view text, const std::string& where, std::string& out) {
    const NumberProblem problem = check_number(text);
    if (problem == NumberProblem::kUnconvertible) malformed("");
    if (problem != NumberProblem::kNone) {
      throw DynamoError::validation(std::string(number_problem_message(problem)) + " under " + where);
    }
    write_string_value("N", text, out);
  }

  void value_into(std::string& out, const std::string& where, int depth) {
    // DynamoDB nests documents 32 levels deep; past that the operation
    // refuses the item, and the parser stops recursing well before.
    if (depth > 64) malformed("Value nested too deeply");
    if (is_call()) {
      throw DynamoError::validation("Unsupported data type: " + lower(peek().text) + " under key root at " +
                                    position(peek()));
    }
    if (at_end()) malformed(kBrokenOff);
    const Token t = take();
    switch (t.kind) {
      case Token::Kind::kString:
        write_string_value("S", t.text, out);
        return;
      case Token::Kind::kNumber:
        number_into(t.text, where, out);
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
          number_into("-" + take().text, where, out);
          return;
        }
        if (t.text == "?") {
          parameter_into(out);
          return;
        }
        if (t.text == "{") {
          map_into(out, where, depth);
          return;
        }
        if (t.text == "[") {
          out += R"({"L":[)";
          if (!accept_symbol("]")) {
            std::size_t index = 0;
            do {
              value_into(out, where + '[' + std::to_string(index++) + ']', depth + 1);
              out += ',';
            } while (accept_symbol(","));
            out.pop_back();
            expect_symbol("]");
          }
          out += "]}";
          return;
        }
        if (t.text == "<<") {
          set_into(out, where);
          return;
        }
        break;
      default:
        break;
    }
    malformed(kLeftOver);
  }

  void parameter_into(std::string& out) {
    if (parameters_ == nullptr || next_parameter_ >= parameters_->Size()) {
      ++next_parameter_;  // counted, so the mismatch is reported as such
      out += R"({"NULL":true})";
      return;
    }
    out += json::to_string((*parameters_)[static_cast<json::SizeType>(next_parameter_++)]);
  }

  void map_into(std::string& out, const std::string& where, int depth, bool members_are_roots = false) {
    json::StringBuffer buffer;
    json::Writer writer(buffer);
    out += R"({"M":{)";
    if (!accept_symbol("}")) {
      do {
        const Token& key = peek();
        if (key.kind != Token::Kind::kString && key.kind != Token::Kind::kQuotedName) unexpected();
        const std::string name = take().text;
        buffer.Clear();
        writer.Reset(buffer);
        json::write_string(writer, name);
        out.append(buffer.GetString(), buffer.GetSize());
        out += ':';
        expect_symbol(":");
        value_into(out, members_are_roots ? where : where + '.' + name, depth + 1);
        out += ',';
      } while (accept_symbol(","));
      out.pop_back();
      expect_symbol("}");
    }
    out += "}}";
  }

  // <<'a', 'b'>> is a string set, <<1, 2>> a number set; parameters may
  // give binary values (or strings or numbers).
  void set_into(std::string& out, const std::string& where) {
    if (accept_symbol(">>")) throw DynamoError::validation("Empty bags are not supported");
    std::vector<std::string> members;
    std::string type;
    do {
      std::string member;
      value_into(member, where, 0);
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
  if (parameters != nullptr) check_parameters(*parameters);
  return Parser(text, parameters).statement();
}

}  // namespace dynastore::api::partiql
