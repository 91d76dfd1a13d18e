#include "expr/parser.h"

#include <charconv>
#include <limits>
#include <utility>

#include "dynastore/expr/expression_kind.h"
#include "expr/messages.h"

namespace dynastore::expr {

namespace {

constexpr std::size_t kNoMatch = std::numeric_limits<std::size_t>::max();

std::optional<CompareOp> comparator_of(TokenType t) {
  switch (t) {
    case TokenType::kEq: return CompareOp::kEq;
    case TokenType::kNe: return CompareOp::kNe;
    case TokenType::kLt: return CompareOp::kLt;
    case TokenType::kLe: return CompareOp::kLe;
    case TokenType::kGt: return CompareOp::kGt;
    case TokenType::kGe: return CompareOp::kGe;
    default: return std::nullopt;
  }
}

RawCondition binary(RawCondition::Kind kind, RawCondition left, RawCondition right) {
  RawCondition c;
  c.kind = kind;
  c.children.push_back(std::move(left));
  c.children.push_back(std::move(right));
  return c;
}

}  // namespace

bool is_comparator(TokenType t) { return comparator_of(t).has_value(); }

Parser::Parser(std::string_view source) : source_(source), tokens_(tokenize(source)) {
  matching_paren_.assign(tokens_.size(), kNoMatch);
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (tokens_[i].type == TokenType::kLParen) {
      open.push_back(i);
    } else if (tokens_[i].type == TokenType::kRParen && !open.empty()) {
      matching_paren_[open.back()] = i;
      open.pop_back();
    }
  }
}

const Token& Parser::peek(std::size_t ahead) const {
  std::size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

bool Parser::accept(TokenType t) {
  if (type() != t) return false;
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return true;
}

bool Parser::expect(TokenType t) { return accept(t) || fail_here(); }

bool Parser::fail_here() {
  if (error_.empty()) error_ = syntax_error_message(source_, tokens_, pos_);
  return false;
}

bool Parser::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

bool Parser::enter() {
  if (++depth_ > kMaxNesting) return fail_here();
  return true;
}

// ---- conditions ------------------------------------------------------------------------

std::optional<RawCondition> Parser::parse_condition() {
  auto c = parse_or();
  if (!c) return std::nullopt;
  if (type() != TokenType::kEnd) {
    fail_here();
    return std::nullopt;
  }
  return c;
}

// OR and AND are right-associative in DynamoDB's grammar; chains are parsed iteratively and
// folded from the right so long chains do not recurse.
std::optional<RawCondition> Parser::parse_chain(TokenType separator, RawCondition::Kind kind,
                                                std::optional<RawCondition> (Parser::*next)()) {
  std::vector<RawCondition> terms;
  do {
    auto term = (this->*next)();
    if (!term) return std::nullopt;
    terms.push_back(std::move(*term));
  } while (accept(separator));
  RawCondition result = std::move(terms.back());
  for (std::size_t i = terms.size() - 1; i-- > 0;) {
    result = binary(kind, std::move(terms[i]), std::move(result));
  }
  return result;
}

std::optional<RawCondition> Parser::parse_or() {
  return parse_chain(TokenType::kOr, RawCondition::Kind::kOr, &Parser::parse_and);
}

std::optional<RawCondition> Parser::parse_and() {
  return parse_chain(TokenType::kAnd, RawCondition::Kind::kAnd, &Parser::parse_not);
}

std::optional<RawCondition> Parser::parse_not() {
  std::size_t nots = 0;
  while (accept(TokenType::kNot)) ++nots;
  auto c = parse_primary();
  if (!c) return std::nullopt;
  for (std::size_t i = 0; i < nots; ++i) {
    RawCondition n;
    n.kind = RawCondition::Kind::kNot;
    n.children.push_back(std::move(*c));
    c = std::move(n);
  }
  return c;
}

std::optional<RawCondition> Parser::parse_primary() {
  if (type() == TokenType::kLParen) {
    // '(' opens either a condition group or a parenthesised operand. The grammar needs
    // unbounded lookahead to tell; the token after the matching ')' decides: only an operand
    // can be followed by a comparator, IN or BETWEEN.
    std::size_t close = matching_paren_[pos_];
    bool operand_group = false;
    if (close != kNoMatch && close + 1 < tokens_.size()) {
      TokenType after = tokens_[close + 1].type;
      operand_group = is_comparator(after) || after == TokenType::kIn || after == TokenType::kBetween;
    }
    if (!operand_group) return parse_parenthesized(&Parser::parse_or);
  }
  auto left = parse_operand();
  if (!left) return std::nullopt;
  if (left->kind == RawOperand::Kind::kFunction && !left->parenthesized) {
    TokenType t = type();
    if (!is_comparator(t) && t != TokenType::kIn && t != TokenType::kBetween) {
      RawCondition c;
      c.kind = RawCondition::Kind::kFunction;
      c.operands.push_back(std::move(*left));
      return c;
    }
  }
  return parse_simple_rest(std::move(*left));
}

std::optional<RawCondition> Parser::parse_simple_rest(RawOperand left) {
  RawCondition c;
  if (auto op = comparator_of(type())) {
    accept(type());
    auto right = parse_operand();
    if (!right) return std::nullopt;
    c.kind = RawCondition::Kind::kCompare;
    c.op = *op;
    c.operands.push_back(std::move(left));
    c.operands.push_back(std::move(*right));
    return c;
  }
  if (accept(TokenType::kIn)) {
    if (!expect(TokenType::kLParen)) return std::nullopt;
    c.kind = RawCondition::Kind::kIn;
    c.operands.push_back(std::move(left));
    do {
      auto item = parse_operand();
      if (!item) return std::nullopt;
      c.operands.push_back(std::move(*item));
    } while (accept(TokenType::kComma));
    if (!expect(TokenType::kRParen)) return std::nullopt;
    return c;
  }
  if (accept(TokenType::kBetween)) {
    auto low = parse_operand();
    if (!low || !expect(TokenType::kAnd)) return std::nullopt;
    auto high = parse_operand();
    if (!high) return std::nullopt;
    c.kind = RawCondition::Kind::kBetween;
    c.operands.push_back(std::move(left));
    c.operands.push_back(std::move(*low));
    c.operands.push_back(std::move(*high));
    return c;
  }
  fail_here();
  return std::nullopt;
}

// ---- operands and paths ------------------------------------------------------------------

std::optional<RawOperand> Parser::parse_operand() {
  if (type() == TokenType::kLParen) {
    if (!enter()) return std::nullopt;
    accept(TokenType::kLParen);
    auto inner = parse_operand();
    if (!inner || !expect(TokenType::kRParen)) return std::nullopt;
    leave();
    if (inner->parenthesized) {
      fail(std::string(msg::kRedundantParens));
      return std::nullopt;
    }
    inner->parenthesized = true;
    return inner;
  }
  if (type() == TokenType::kValueSub) {
    RawOperand o;
    o.kind = RawOperand::Kind::kValueSub;
    o.text = peek().text;
    accept(TokenType::kValueSub);
    return o;
  }
  if (type() == TokenType::kId && type(1) == TokenType::kLParen) {
    if (!enter()) return std::nullopt;
    RawOperand f;
    f.kind = RawOperand::Kind::kFunction;
    f.text = peek().text;
    accept(TokenType::kId);
    accept(TokenType::kLParen);
    do {
      auto arg = parse_operand();
      if (!arg) return std::nullopt;
      f.args.push_back(std::move(*arg));
    } while (accept(TokenType::kComma));
    if (!expect(TokenType::kRParen)) return std::nullopt;
    leave();
    return f;
  }
  auto path = parse_path();
  if (!path) return std::nullopt;
  RawOperand o;
  o.kind = RawOperand::Kind::kPath;
  o.path = std::move(*path);
  return o;
}

bool Parser::parse_path_id(RawPath& path) {
  RawPathElement e;
  if (type() == TokenType::kId) {
    e.kind = RawPathElement::Kind::kName;
  } else if (type() == TokenType::kNameSub) {
    e.kind = RawPathElement::Kind::kNameSub;
  } else {
    return fail_here();
  }
  e.text = peek().text;
  accept(type());
  path.elements.push_back(e);
  return true;
}

std::optional<RawPath> Parser::parse_path() {
  RawPath path;
  if (!parse_path_id(path)) return std::nullopt;
  while (true) {
    if (accept(TokenType::kDot)) {
      if (!parse_path_id(path)) return std::nullopt;
    } else if (type() == TokenType::kLBracket) {
      accept(TokenType::kLBracket);
      if (type() != TokenType::kIndex) {
        fail_here();
        return std::nullopt;
      }
      RawPathElement e;
      e.kind = RawPathElement::Kind::kIndex;
      e.text = peek().text;
      // DynamoDB Local INVALID_LIST_INDEX: indexes must fit a signed 32-bit int.
      std::uint64_t index = 0;
      auto [end, ec] = std::from_chars(e.text.data(), e.text.data() + e.text.size(), index);
      (void)end;
      if (ec != std::errc() || index > static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max())) {
        fail(msg::with_details(msg::kListIndexRange, "index", e.text));
        return std::nullopt;
      }
      e.index = static_cast<std::uint32_t>(index);
      accept(TokenType::kIndex);
      if (!expect(TokenType::kRBracket)) return std::nullopt;
      path.elements.push_back(e);
    } else {
      break;
    }
  }
  // DynamoDB Local DOC_PATH_TOO_DEEP (MAX_DOC_PATH_DEPTH = 32), reporting the whole path's depth.
  if (path.elements.size() > kMaxPathDepth) {
    fail(msg::with_details(msg::kPathTooDeep, "nesting levels", std::to_string(path.elements.size())));
    return std::nullopt;
  }
  return path;
}

// ---- update ------------------------------------------------------------------------------

std::optional<std::vector<RawUpdateSection>> Parser::parse_update() {
  std::vector<RawUpdateSection> sections;
  while (true) {
    RawUpdateSection section;
    TokenType t = type();
    if (t == TokenType::kSet) {
      section.kind = UpdateAction::Kind::kSet;
    } else if (t == TokenType::kRemove) {
      section.kind = UpdateAction::Kind::kRemove;
    } else if (t == TokenType::kAdd) {
      section.kind = UpdateAction::Kind::kAdd;
    } else if (t == TokenType::kDelete) {
      section.kind = UpdateAction::Kind::kDelete;
    } else if (!sections.empty() && t == TokenType::kEnd) {
      return sections;
    } else {
      fail_here();
      return std::nullopt;
    }
    section.keyword = peek().text;
    accept(t);
    do {
      RawUpdateAction action;
      auto path = parse_path();
      if (!path) return std::nullopt;
      action.path = std::move(*path);
      if (section.kind == UpdateAction::Kind::kSet) {
        if (!expect(TokenType::kEq)) return std::nullopt;
        auto value = parse_set_value();
        if (!value) return std::nullopt;
        action.value = std::move(*value);
      } else if (section.kind != UpdateAction::Kind::kRemove) {
        if (type() != TokenType::kValueSub) {
          fail_here();
          return std::nullopt;
        }
        action.value.kind = RawOperand::Kind::kValueSub;
        action.value.text = peek().text;
        accept(TokenType::kValueSub);
      }
      section.actions.push_back(std::move(action));
    } while (accept(TokenType::kComma));
    sections.push_back(std::move(section));
  }
}

std::optional<RawOperand> Parser::parse_set_value() {
  if (type() == TokenType::kLParen) {
    // Either '(' operand ')' or '(' arithmetic ')' — unless the group is the left operand of
    // "+"/"-", which the token after the matching ')' shows.
    std::size_t close = matching_paren_[pos_];
    bool left_operand = close != kNoMatch && close + 1 < tokens_.size() &&
                        (tokens_[close + 1].type == TokenType::kPlus || tokens_[close + 1].type == TokenType::kMinus);
    if (!left_operand) return parse_parenthesized(&Parser::parse_set_value);
  }
  auto left = parse_operand();
  if (!left) return std::nullopt;
  if (type() != TokenType::kPlus && type() != TokenType::kMinus) return left;
  RawOperand arith;
  arith.kind = type() == TokenType::kPlus ? RawOperand::Kind::kPlus : RawOperand::Kind::kMinus;
  accept(type());
  auto right = parse_operand();
  if (!right) return std::nullopt;
  arith.args.push_back(std::move(*left));
  arith.args.push_back(std::move(*right));
  return arith;
}

// ---- projection --------------------------------------------------------------------------

std::optional<std::vector<RawPath>> Parser::parse_projection() {
  std::vector<RawPath> paths;
  do {
    auto path = parse_path();
    if (!path) return std::nullopt;
    paths.push_back(std::move(*path));
  } while (accept(TokenType::kComma));
  if (type() != TokenType::kEnd) {
    fail_here();
    return std::nullopt;
  }
  return paths;
}

}  // namespace dynastore::expr
