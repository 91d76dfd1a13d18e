// Fuzz target: the expression parsers and their evaluation (src/expr), with
// the placeholder maps of a request.
//
// The input is lines of "<kind> <text>":
//   #n name               an ExpressionAttributeNames entry
//   :v {"N":"1"}          an ExpressionAttributeValues entry (wire JSON)
//   item {"pk":{"S":"a"}} the item to evaluate against (wire JSON)
//   condition | filter | update | projection | key   <expression>
// Lines that are none of these are ignored. The expressions are parsed in
// DynamoDB's order with one Placeholders, as a request's are, then each is
// checked alone:
//   - a refused expression says "Invalid <Parameter>: ..." (key conditions
//     have texts of their own), and an error about UTF-8 text is UTF-8;
//   - a condition evaluates the same twice, and NOT (c) to the opposite;
//   - an update that fails leaves the item as it was; one that succeeds
//     changes no top-level attribute outside modified_top_level_names();
//   - a projection keeps only projected top-level attributes, no bigger;
//   - a key condition names the one partition key value.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/expr/condition.h"
#include "dynastore/expr/key_condition.h"
#include "dynastore/expr/placeholders.h"
#include "dynastore/expr/projection.h"
#include "dynastore/expr/update.h"
#include "dynastore/json/json.h"
#include "dynastore/model/item_size.h"
#include "dynastore/model/key_schema.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"
#include "fuzz_target.h"

namespace dynastore::fuzz {
namespace {

struct Input {
  std::map<std::string, std::string> names;
  std::map<std::string, model::AttributeValue> values;
  std::optional<model::Item> item;
  std::vector<std::pair<std::string, std::string>> expressions;  // kind, text
};

std::optional<json::Document> parse_json(std::string_view text) {
  json::Document doc;
  if (!json::parse(text, doc).empty()) return std::nullopt;
  return doc;
}

Input read_input(std::string_view data) {
  Input input;
  while (!data.empty()) {
    const std::size_t newline = data.find('\n');
    std::string_view line = data.substr(0, newline);
    data.remove_prefix(newline == std::string_view::npos ? data.size() : newline + 1);
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view kind = line.substr(0, space);
    const std::string_view text = line.substr(space + 1);
    try {
      if (kind.starts_with('#')) {
        input.names[std::string(kind)] = std::string(text);
      } else if (kind.starts_with(':')) {
        if (auto doc = parse_json(text)) input.values[std::string(kind)] = protocol::parse_attribute_value(*doc);
      } else if (kind == "item") {
        if (auto doc = parse_json(text)) input.item = protocol::parse_item(*doc);
      } else {
        input.expressions.emplace_back(kind, text);
      }
    } catch (const protocol::DynamoError&) {
      // A value the API would have refused: left out.
    }
  }
  return input;
}

void check_refusal(std::string_view text, const Status& status, std::string_view parameter) {
  const std::string prefix = "Invalid " + std::string(parameter) + ": ";
  FUZZ_CHECK(status.message().starts_with(prefix), "refusal without \"" + prefix + "\": " + status.message());
  // DynamoDB's requests are UTF-8 (the JSON layer refuses anything else), so
  // a message quoting part of one must not cut a character in two.
  FUZZ_CHECK(!json::is_utf8(text) || json::is_utf8(status.message()),
             "error message is not UTF-8: " + printable(status.message()));
}

expr::Placeholders placeholders_of(const Input& input) { return expr::Placeholders(input.names, input.values); }

void check_condition(const Input& input, std::string_view text, expr::ExpressionKind kind) {
  expr::Placeholders ph = placeholders_of(input);
  auto parsed = expr::parse_condition(text, kind, ph);
  if (!parsed.is_ok()) {
    check_refusal(text, parsed.status(), expr::expression_parameter_name(kind));
    return;
  }
  (void)ph.check_all_used();
  const model::Item* item = input.item ? &*input.item : nullptr;
  const bool result = expr::evaluate(parsed.value(), item);
  FUZZ_CHECK(expr::evaluate(parsed.value(), item) == result, "evaluation is not deterministic");
  (void)expr::evaluate(parsed.value(), nullptr);

  expr::Placeholders negated_ph = placeholders_of(input);
  auto negated = expr::parse_condition("NOT (" + std::string(text) + ")", kind, negated_ph);
  if (negated.is_ok()) {
    FUZZ_CHECK(expr::evaluate(negated.value(), item) == !result, "NOT (c) evaluates like c");
  }
}

void check_update(const Input& input, std::string_view text) {
  expr::Placeholders ph = placeholders_of(input);
  auto plan = expr::parse_update(text, ph);
  if (!plan.is_ok()) {
    check_refusal(text, plan.status(), "UpdateExpression");
    return;
  }
  const model::Item before = input.item.value_or(model::Item{});
  model::Item after = before;
  const Status applied = expr::apply_update(plan.value(), after, input.item.has_value());
  if (!applied.is_ok()) {
    FUZZ_CHECK(after == before, "a failed update changed the item: " + applied.to_string());
    return;
  }
  const auto& modified = plan->modified_top_level_names();
  for (const model::Item* side : {&before, static_cast<const model::Item*>(&after)}) {
    for (const auto& [name, value] : *side) {
      if (modified.contains(name)) continue;
      const auto b = before.find(name);
      const auto a = after.find(name);
      FUZZ_CHECK(b != before.end() && a != after.end() && b->second == a->second,
                 "the update changed " + printable(name) + ", which it does not name");
    }
  }
  const model::Item updated = expr::project(expr::Projection::from_paths(plan->modified_paths()), after);
  for (const auto& [name, value] : updated) {
    FUZZ_CHECK(modified.contains(name), "UPDATED_NEW would return " + printable(name) + ", which was not updated");
  }
  (void)model::item_nested_beyond(after, 32);
  (void)model::item_size(after);
}

void check_projection(const Input& input, std::string_view text) {
  expr::Placeholders ph = placeholders_of(input);
  auto projection = expr::parse_projection(text, ph);
  if (!projection.is_ok()) {
    check_refusal(text, projection.status(), "ProjectionExpression");
    return;
  }
  if (!input.item) return;
  const model::Item projected = expr::project(projection.value(), *input.item);
  for (const auto& [name, value] : projected) {
    FUZZ_CHECK(projection->top_level_names().contains(name) && input.item->contains(name),
               "the projection returned " + printable(name));
  }
  FUZZ_CHECK(model::item_size(projected) <= model::item_size(*input.item), "a projection grew the item");
}

void check_key_condition(const Input& input, std::string_view text) {
  static const std::vector<model::KeyAttribute> kHash = {{"pk", model::ScalarType::kString}};
  static const std::vector<model::KeyAttribute> kRange = {{"sk", model::ScalarType::kNumber}};
  expr::Placeholders ph = placeholders_of(input);
  auto key = expr::parse_key_condition(text, ph, {kHash, kRange});
  if (!key.is_ok()) {
    FUZZ_CHECK(!json::is_utf8(text) || json::is_utf8(key.status().message()),
               "error message is not UTF-8: " + printable(key.status().message()));
    return;
  }
  FUZZ_CHECK(key->partition_values.size() == 1, "a key condition without the one partition key value");
  FUZZ_CHECK(key->sort_equalities.empty(), "sort equalities for a one-attribute sort key");
  if (key->sort && input.item) {
    if (auto sk = input.item->find("sk"); sk != input.item->end()) (void)key->sort->matches(sk->second);
  }
}

}  // namespace
}  // namespace dynastore::fuzz

DYNASTORE_FUZZ_TARGET(expressions) {
  using namespace dynastore;
  using namespace dynastore::fuzz;
  const Input input = read_input(std::string_view(reinterpret_cast<const char*>(data), size));

  // Together, as one request parses them.
  {
    expr::Placeholders ph = placeholders_of(input);
    for (const auto& [kind, text] : input.expressions) {
      if (kind == "update") {
        (void)expr::parse_update(text, ph);
      } else if (kind == "condition") {
        (void)expr::parse_condition(text, expr::ExpressionKind::kCondition, ph);
      } else if (kind == "filter") {
        (void)expr::parse_condition(text, expr::ExpressionKind::kFilter, ph);
      } else if (kind == "projection") {
        (void)expr::parse_projection(text, ph);
      }
    }
    (void)ph.check_keys();
    (void)ph.check_all_used();
  }

  for (const auto& [kind, text] : input.expressions) {
    if (kind == "condition") check_condition(input, text, expr::ExpressionKind::kCondition);
    if (kind == "filter") check_condition(input, text, expr::ExpressionKind::kFilter);
    if (kind == "update") check_update(input, text);
    if (kind == "projection") check_projection(input, text);
    if (kind == "key") check_key_condition(input, text);
  }
  return 0;
}
