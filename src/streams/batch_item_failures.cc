#include "streams/batch_item_failures.h"

#include <algorithm>

#include "dynastore/json/json.h"
#include "dynastore/streams/stream_names.h"

namespace dynastore::streams {

BatchVerdict read_batch_item_failures(std::string_view response, std::uint64_t first, std::uint64_t last) {
  using Kind = BatchVerdict::Kind;
  // json::parse, not RapidJSON's recursive Parse: the function's answer
  // is not ours, and a deeply nested one must not exhaust the stack.
  json::Document parsed;
  if (!json::parse(response, parsed).empty() || !parsed.IsObject()) return {};
  const json::Value& document = parsed;  // const: one MemberIterator type to compare
  const auto list = document.FindMember("batchItemFailures");
  if (list == document.MemberEnd() || list->value.IsNull()) return {};
  if (!list->value.IsArray()) return {Kind::kFailed, 0, "batchItemFailures is not a list"};
  if (list->value.Empty()) return {};
  std::uint64_t lowest = UINT64_MAX;
  for (const auto& failure : list->value.GetArray()) {
    const Kind failed = Kind::kFailed;
    if (!failure.IsObject()) return {failed, 0, "a batch item failure that is not an object"};
    const auto id = failure.FindMember("itemIdentifier");
    if (id == failure.MemberEnd() || !id->value.IsString()) {
      return {failed, 0, "a batch item failure without an itemIdentifier"};
    }
    const std::string_view text(id->value.GetString(), id->value.GetStringLength());
    const auto sequence = parse_sequence_number(text);
    if (!sequence || *sequence < first || *sequence > last) {
      return {Kind::kFailed, 0, "itemIdentifier \"" + std::string(text) + "\" is no sequence number of the batch"};
    }
    lowest = std::min(lowest, *sequence);
  }
  return {Kind::kFailedFrom, lowest, "the function reported records from " + sequence_number_text(lowest) + " failed"};
}

}  // namespace dynastore::streams
