// Fuzz target: DynamoDB's wire JSON for items (protocol/wire.h over json/).
//
// The input is JSON text, as an Item or Key member of a request carries it.
//   - json::parse and json::parse_in_place (the request path's parser) agree
//     on whether it is JSON and on what it says;
//   - parse_item refuses or accepts it the same under every operation's
//     wording (only the texts differ), refusing with a 400;
//   - an accepted item writes back as JSON that parses to the same item, and
//     stored (model/item_codec.h) it writes back the same JSON again.
#include <optional>
#include <string>
#include <string_view>

#include "dynastore/json/json.h"
#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"
#include "fuzz_target.h"

namespace dynastore::fuzz {
namespace {

std::string json_of(const model::Item& item) {
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  protocol::write_item(writer, item);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// parse_item under `wording`, or nullopt when it refused (with a 400).
std::optional<model::Item> try_parse_item(const json::Value& value, protocol::ValueWording wording) {
  try {
    return protocol::parse_item(value, wording);
  } catch (const protocol::DynamoError& error) {
    FUZZ_CHECK(error.http_status() == 400, "refused with " + std::to_string(error.http_status()) + ": " +
                                               error.message());
    FUZZ_CHECK(!error.message().empty(), "refused without a message");
    return std::nullopt;
  }
}

}  // namespace
}  // namespace dynastore::fuzz

DYNASTORE_FUZZ_TARGET(attribute_values) {
  using namespace dynastore;
  using namespace dynastore::fuzz;
  const std::string text(reinterpret_cast<const char*>(data), size);

  json::Document doc;
  const std::string error = json::parse(text, doc);
  std::string in_place_text = text;
  json::Document in_place;
  const std::string in_place_error = json::parse_in_place(in_place_text, in_place);
  FUZZ_CHECK(error == in_place_error, "parse says \"" + error + "\", parse_in_place \"" + in_place_error + "\"");
  if (!error.empty()) return 0;
  FUZZ_CHECK(json::to_string(doc) == json::to_string(in_place), "parse and parse_in_place read different documents");
  if (!doc.IsObject() || json::has_duplicate_keys(doc)) return 0;

  const auto older = try_parse_item(doc, protocol::ValueWording::kOlder);
  for (const auto wording : {protocol::ValueWording::kCurrent, protocol::ValueWording::kCurrentEnveloped}) {
    const auto other = try_parse_item(doc, wording);
    FUZZ_CHECK(other.has_value() == older.has_value() && (!other || *other == *older),
               "the wordings disagree on what the item is");
  }
  if (!older) return 0;
  const model::Item& item = *older;

  const std::string written = json_of(item);
  json::Document reread;
  FUZZ_CHECK(json::parse(written, reread).empty(), "write_item wrote JSON that does not parse: " + printable(written));
  const auto again = try_parse_item(reread, protocol::ValueWording::kOlder);
  FUZZ_CHECK(again.has_value() && *again == item, "the written item reads back differently: " + printable(written));

  std::string stored;
  model::encode_item(item, stored);
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  const Status from_stored = protocol::write_encoded_item(writer, stored);
  FUZZ_CHECK(from_stored.is_ok() && std::string_view(buffer.GetString(), buffer.GetSize()) == written,
             "the stored item writes other JSON: " + printable(std::string(buffer.GetString(), buffer.GetSize())));
  auto stored_size = model::encoded_item_size(stored);
  FUZZ_CHECK(stored_size.is_ok() && stored_size.value() == model::item_size(item), "stored size differs");
  return 0;
}
