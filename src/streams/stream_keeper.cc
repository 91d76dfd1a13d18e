#include "dynastore/streams/stream_keeper.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "dynastore/catalog/table_status.h"
#include "dynastore/common/clock.h"
#include "dynastore/partition/stream_record.h"
#include "dynastore/streams/stream_names.h"

namespace dynastore::streams {

namespace {

// A pass every second; rollover and retention are at least seconds long.
constexpr auto kInterval = std::chrono::milliseconds(1000);

// The first record of the stream made at or after `cutoff_ms`, looking at
// no more than kTrimBatch records: what may be trimmed is everything below.
std::optional<std::uint64_t> first_young_record(partition::ItemStore& items, std::uint32_t stream_id,
                                                std::uint64_t from, std::uint64_t cutoff_ms, bool& bad) {
  std::optional<std::uint64_t> young;
  std::uint64_t last_old = 0;
  std::size_t seen = 0;
  auto s = items.read_stream(stream_id, from, UINT64_MAX, [&](std::uint64_t sequence, std::string_view bytes) {
    auto record = partition::decode_stream_record(bytes);
    if (!record.is_ok() || record->created_ms >= cutoff_ms) {
      young = sequence;
      return false;
    }
    last_old = sequence;
    return ++seen < StreamKeeper::kTrimBatch;
  });
  bad = !s.is_ok();
  if (young) return young;
  return seen > 0 ? std::optional<std::uint64_t>(last_old + 1) : std::nullopt;
}

}  // namespace

StreamKeeper::StreamKeeper(catalog::Catalog& catalog, partition::ItemStore& items, StreamSettings settings)
    : catalog_(catalog),
      items_(items),
      settings_(settings),
      worker_("stream keeper", kInterval, [this] { return run_once(epoch_seconds_now()); }) {}

bool StreamKeeper::run_once(double now) {
  bool changed = false;
  for (const auto& table : catalog_.tables()) {
    changed |= keep_streams_of(*table, now, [&](const Mutation& mutate) {
      return catalog_.update(catalog::table_key(*table), mutate).status();
    });
  }
  // A deleted table's streams: trimmed, then forgotten after retention
  // (with the last of them, the retired copy goes too).
  for (const auto& table : catalog_.retired_tables()) {
    changed |= keep_streams_of(*table, now, [&](const Mutation& mutate) {
      return catalog_.update_retired(table->table_id, mutate).status();
    });
  }
  return changed;
}

bool StreamKeeper::keep_streams_of(const catalog::TableInfo& table, double now, const Updater& update) {
  bool changed = false;
  const auto cutoff_ms = static_cast<std::uint64_t>(std::max(0.0, now - settings_.retention_seconds) * 1000.0);
  for (const auto& stream : table.streams) {
    // Retention: the oldest records go, shards emptied by it with them.
    bool bad = false;
    const auto keep_from = first_young_record(items_, stream.stream_id, stream.trimmed_before, cutoff_ms, bad);
    std::uint64_t trimmed = stream.trimmed_before;
    // Sequence numbers start at 1: trimming below 1 removes nothing.
    if (!bad && keep_from && *keep_from > std::max<std::uint64_t>(trimmed, 1)) {
      if (auto s = items_.trim_stream(stream.stream_id, *keep_from); s.is_ok()) {
        trimmed = *keep_from;
      } else {
        spdlog::warn("cannot trim stream {} of {}: {}", stream.label, table.name, s.to_string());
      }
    }
    const bool expired = !stream.enabled() && stream.disabled + settings_.retention_seconds <= now;
    const bool roll = stream.enabled() && !stream.shards.empty() &&
                      stream.shards.back().created + settings_.shard_rollover_seconds <= now;
    if (trimmed == stream.trimmed_before && !expired && !roll) continue;
    std::uint64_t start = 0;
    if (roll) {
      auto position = items_.stream_position(stream.stream_id);
      if (!position.is_ok()) continue;
      start = position->next;
    }
    const Status updated = update([&](catalog::TableInfo& info) {
      for (auto it = info.streams.begin(); it != info.streams.end(); ++it) {
        if (it->stream_id != stream.stream_id) continue;
        if (expired) {
          info.streams.erase(it);  // its records go with the catalog change
          return Status::ok();
        }
        it->trimmed_before = std::max(it->trimmed_before, trimmed);
        if (roll) {
          catalog::add_stream_shard(info, it->stream_id, shard_id(now, it->label, it->shards.size()), start, now);
        }
        // Shards wholly trimmed, closed and past the retention period are
        // no longer described (DynamoDB keeps shards 24 hours).
        while (it->shards.size() > 1 && it->shards[1].start_sequence <= it->trimmed_before &&
               it->shards[1].created + settings_.retention_seconds <= now) {
          it->shards.erase(it->shards.begin());
        }
        return Status::ok();
      }
      return Status::ok();
    });
    if (updated.is_ok()) {
      changed = true;
    } else if (updated.code() != StatusCode::kNotFound) {
      spdlog::warn("cannot update stream {} of {}: {}", stream.label, table.name, updated.to_string());
    }
  }
  return changed;
}

}  // namespace dynastore::streams
