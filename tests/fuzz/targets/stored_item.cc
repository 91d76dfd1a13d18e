// Fuzz target: the stored-item codec (model/item_codec.h) and its readers.
//
// The input is the bytes of a stored item, as read back from disk. Every
// reader of the format must agree on whether they are an item: decode_item,
// encoded_item_size (StoredItem::from_encoded) and write_encoded_item (the
// JSON written straight from the bytes). When they are, the item re-encodes
// to a canonical form that decodes to the same item and encodes to the same
// bytes again; and on that form the readers that skip building the item
// (size, JSON) answer exactly what the built item answers.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "dynastore/json/json.h"
#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"
#include "dynastore/partition/stored_item.h"
#include "dynastore/protocol/wire.h"
#include "fuzz_target.h"

namespace dynastore::fuzz {
namespace {

// The JSON of write_encoded_item, or nullopt when it refused the bytes.
std::optional<std::string> json_from_encoded(std::string_view bytes) {
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  if (!protocol::write_encoded_item(writer, bytes).is_ok()) return std::nullopt;
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string json_of(const model::Item& item) {
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  protocol::write_item(writer, item);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace
}  // namespace dynastore::fuzz

DYNASTORE_FUZZ_TARGET(stored_item) {
  using namespace dynastore;
  using namespace dynastore::fuzz;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  auto decoded = model::decode_item(bytes);
  auto measured = model::encoded_item_size(bytes);
  auto stored = partition::StoredItem::from_encoded(std::string(bytes));
  const auto written = json_from_encoded(bytes);
  const bool ok = decoded.is_ok();
  FUZZ_CHECK(measured.is_ok() == ok && stored.is_ok() == ok && written.has_value() == ok,
             "the readers disagree on whether this is an item: decode " + decoded.status().to_string() +
                 ", size " + measured.status().to_string() + ", stored " + stored.status().to_string() +
                 ", json " + (written ? "ok" : "refused"));
  if (!ok) {
    FUZZ_CHECK(decoded.status().code() == StatusCode::kCorruption,
               "refused other than as corruption: " + decoded.status().to_string());
    return 0;
  }
  const model::Item& item = decoded.value();
  const partition::StoredItem& kept = stored.value();
  FUZZ_CHECK(kept.has_value() && kept.size() == measured.value(), "StoredItem's size is not the measured one");
  FUZZ_CHECK(*kept == item, "StoredItem decodes to another item");

  // The canonical form.
  std::string canonical;
  model::encode_item(item, canonical);
  auto again = model::decode_item(canonical);
  FUZZ_CHECK(again.is_ok(), "the re-encoded item does not decode: " + again.status().to_string());
  FUZZ_CHECK(again.value() == item, "decode(encode(item)) is another item");
  std::string twice;
  model::encode_item(again.value(), twice);
  FUZZ_CHECK(twice == canonical, "encoding is not stable: " + printable(canonical) + " then " + printable(twice));

  auto canonical_size = model::encoded_item_size(canonical);
  FUZZ_CHECK(canonical_size.is_ok() && canonical_size.value() == model::item_size(item),
             "encoded_item_size " + (canonical_size.is_ok() ? std::to_string(canonical_size.value()) : canonical_size.status().to_string()) + " but item_size " +
                 std::to_string(model::item_size(item)));
  const auto canonical_json = json_from_encoded(canonical);
  FUZZ_CHECK(canonical_json.has_value() && *canonical_json == json_of(item),
             "JSON from the bytes differs from JSON of the item: " + printable(canonical_json.value_or("<refused>")) +
                 " vs " + printable(json_of(item)));
  // Whatever a stored item holds, its JSON is well-formed.
  json::Document doc;
  std::string text = *canonical_json;
  FUZZ_CHECK(json::parse(text, doc).empty() || !json::is_utf8(text),
             "write_item wrote JSON that does not parse: " + printable(text));
  (void)model::item_nested_beyond(item, 32);
  return 0;
}
