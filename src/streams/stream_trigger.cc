#include "dynastore/streams/stream_trigger.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "dynastore/common/clock.h"
#include "dynastore/json/json.h"
#include "dynastore/partition/stream_record.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/storage/write_batch.h"
#include "dynastore/streams/record_json.h"
#include "dynastore/streams/stream_names.h"
#include "streams/batch_item_failures.h"

namespace dynastore::streams {

using protocol::write_key;
using protocol::write_string;

namespace {

// The checkpoint's stored form: "1|<stream label>|<next sequence number>".
constexpr std::string_view kCheckpointVersion = "1|";

std::string utc_time(double epoch_seconds) { return stream_label(epoch_seconds) + "Z"; }

double created_seconds(std::string_view record) {
  auto decoded = partition::decode_stream_record(record);
  return decoded.is_ok() ? static_cast<double>(decoded->created_ms) / 1000.0 : 0;
}

// The shard holding record `sequence`.
std::string_view shard_of(const catalog::StreamInfo& stream, std::uint64_t sequence) {
  std::string_view id;
  for (const auto& shard : stream.shards) {
    if (shard.start_sequence <= sequence) id = shard.shard_id;
  }
  return id;
}

// Writes `text` to `path` whole or not at all: a temporary file, fsynced,
// then renamed over.
Status write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  const std::string temporary = path.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::io_error("cannot create " + temporary + ": " + std::strerror(errno));
  std::string_view rest = text;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string error = std::strerror(errno);
      ::close(fd);
      return Status::io_error("cannot write " + temporary + ": " + error);
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(temporary.c_str(), path.c_str()) != 0) {
    return Status::io_error("cannot write " + path.string() + ": " + std::strerror(errno));
  }
  return Status::ok();
}

}  // namespace

StreamTrigger::StreamTrigger(catalog::Catalog& catalog, partition::ItemStore& items, storage::KvEngine& engine,
                             TriggerConfig config, std::unique_ptr<TriggerTarget> target, TriggerOrigin origin)
    : catalog_(catalog),
      items_(items),
      engine_(engine),
      config_(std::move(config)),
      target_(std::move(target)),
      origin_(std::move(origin)),
      checkpoint_key_("trigger/" + config_.table + "/" + config_.target),
      worker_("stream trigger of " + config_.table, kPollInterval, [this] { return run_once(epoch_seconds_now()); }) {}

void StreamTrigger::stop() {
  cancel_.store(true);
  worker_.stop();
  cancel_.store(false);
}

bool StreamTrigger::run_once(double now) {
  if (!loaded_) {
    cursor_ = load_cursor();
    if (!loaded_) return false;
  }
  const auto [table, stream] = current_stream();
  if (stream == nullptr) {
    const std::string waiting = catalog_.find(config_.table) ? "a stream on table " + config_.table
                                                             : "table " + config_.table;
    if (waiting != waiting_for_) spdlog::info("stream trigger of {}: waiting for {}", config_.table, waiting);
    waiting_for_ = waiting;
    return false;
  }
  waiting_for_.clear();
  if (now < retry_at_) return false;
  if (!batch_) batch_ = next_batch(*table, *stream, now);
  if (!batch_) return false;
  return attempt(*table, *stream, now);
}

StreamTrigger::Reading StreamTrigger::current_stream() {
  if (!cursor_) {
    // A new trigger: the table's latest stream, from its starting position.
    const auto live = catalog_.find(config_.table);
    if (!live || live->streams.empty()) return {};
    const auto& newest = live->streams.back();
    std::uint64_t position = std::max<std::uint64_t>(newest.trimmed_before, 1);
    if (config_.starting_position == StartingPosition::kLatest) {
      auto where = items_.stream_position(newest.stream_id);
      if (!where.is_ok()) return {};
      position = where->next;
    }
    spdlog::info("stream trigger of {}: starting at record {} of stream {}", config_.table, position, newest.label);
    follow(newest, position);
    return {live, &newest};
  }
  // The stream being read, of the table or (once deleted) its retired copy.
  const auto owner = catalog_.find_stream_owner(config_.table, cursor_->label);
  const catalog::StreamInfo* on = nullptr;
  if (owner) {
    for (const auto& stream : owner->streams) {
      if (stream.label == cursor_->label) on = &stream;
    }
  }
  const bool drained = on != nullptr && !on->enabled() && cursor_->position >= on->end_sequence;
  if (on != nullptr && !drained) return {owner, on};
  // Read to its end, or forgotten: the next stream made after it (labels
  // are creation times, so they sort by age), from its first record.
  Reading next;
  auto consider = [&](const catalog::TablePtr& table) {
    if (!table || catalog::table_key(*table) != config_.table) return;
    for (const auto& stream : table->streams) {
      if (stream.label > cursor_->label && (next.stream == nullptr || stream.label < next.stream->label)) {
        next = {table, &stream};
      }
    }
  };
  consider(catalog_.find(config_.table));
  for (const auto& retired : catalog_.retired_tables()) consider(retired);
  if (next.stream == nullptr) return on != nullptr ? Reading{owner, on} : Reading{};
  spdlog::info("stream trigger of {}: stream {} {}; following stream {}", config_.table, cursor_->label,
               on ? "read to its end" : "is gone", next.stream->label);
  follow(*next.stream, std::max<std::uint64_t>(next.stream->trimmed_before, 1));
  return next;
}

void StreamTrigger::follow(const catalog::StreamInfo& stream, std::uint64_t position) {
  advance(0);
  cursor_ = Cursor{stream.label, position};
  if (auto s = save_cursor(); !s.is_ok()) spdlog::warn("stream trigger of {}: {}", config_.table, s.to_string());
}

std::optional<StreamTrigger::Batch> StreamTrigger::next_batch(const catalog::TableInfo& table,
                                                              const catalog::StreamInfo& stream, double now,
                                                              bool use_window) {
  if (cursor_->position < stream.trimmed_before) {
    spdlog::error("stream trigger of {}: records {} to {} of stream {} expired before they were delivered",
                  config_.table, cursor_->position, stream.trimmed_before - 1, stream.label);
    advance(stream.trimmed_before);
  }
  auto where = items_.stream_position(stream.stream_id);
  if (!where.is_ok()) return std::nullopt;
  std::uint64_t end = where->readable_end;
  if (!stream.enabled() && stream.end_sequence != 0) end = std::min(end, stream.end_sequence);
  if (cursor_->position >= end) {
    window_opened_.reset();
    return std::nullopt;
  }

  Batch batch;
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  write_key(writer, "Records");
  writer.StartArray();
  const std::string arn = stream_arn(origin_.region, origin_.account_id, table.name, stream.label);
  const RecordSource source{origin_.region, &stream, arn, true};
  std::size_t bytes = 0;
  Status bad;
  auto read = items_.read_stream(stream.stream_id, cursor_->position, end,
                                 [&](std::uint64_t sequence, std::string_view record) {
                                   auto size = write_record_json(writer, source, sequence, record);
                                   if (!size.is_ok()) {
                                     bad = size.status();
                                     return false;
                                   }
                                   if (batch.count == 0) {
                                     batch.first = sequence;
                                     batch.first_created = created_seconds(record);
                                   }
                                   batch.last = sequence;
                                   batch.last_created = created_seconds(record);
                                   bytes += size.value();
                                   return ++batch.count < config_.batch_size && bytes < kMaxEventRecordBytes;
                                 });
  if (!read.is_ok() || !bad.is_ok() || batch.count == 0) {
    if (!read.is_ok() || !bad.is_ok()) {
      spdlog::error("stream trigger of {}: cannot read stream {} at record {}: {}", config_.table, stream.label,
                    cursor_->position, (read.is_ok() ? bad : read).to_string());
      retry_at_ = now + 1;  // a damaged record holds the trigger up; say so once a second
    }
    return std::nullopt;
  }
  writer.EndArray();
  writer.EndObject();
  // Lambda waits up to the batching window for a full batch (or 6 MB).
  const bool full = batch.count >= config_.batch_size || bytes >= kMaxEventRecordBytes;
  if (!full && use_window && config_.batching_window.count() > 0) {
    if (!window_opened_) window_opened_ = now;
    if (now - *window_opened_ < static_cast<double>(config_.batching_window.count()) / 1000.0) return std::nullopt;
  }
  window_opened_.reset();
  batch.event.assign(buffer.GetString(), buffer.GetSize());
  return batch;
}

bool StreamTrigger::attempt(const catalog::TableInfo& table, const catalog::StreamInfo& stream, double now) {
  auto response = target_->deliver(batch_->event, config_.timeout, cancel_);
  if (cancel_.load()) return false;  // stopping: delivered again after a restart
  if (!response.is_ok()) return fail(table, stream, now, response.status().message());
  if (config_.report_batch_item_failures) {
    const auto verdict = read_batch_item_failures(response.value(), batch_->first, batch_->last);
    if (verdict.kind == BatchVerdict::Kind::kFailed) return fail(table, stream, now, verdict.reason);
    if (verdict.kind == BatchVerdict::Kind::kFailedFrom) {
      // The records before it are done; the rest make the next batch and
      // carry the failure count on.
      const int failures = failures_;
      advance(verdict.from);
      failures_ = failures;
      return fail(table, stream, now, verdict.reason);
    }
  }
  advance(batch_->last + 1);
  return true;
}

bool StreamTrigger::fail(const catalog::TableInfo& table, const catalog::StreamInfo& stream, double now,
                         std::string error) {
  ++failures_;
  last_error_ = std::move(error);
  const bool expired = cursor_->position < stream.trimmed_before;
  const bool exhausted = config_.max_retries >= 0 && failures_ > config_.max_retries;
  if (!expired && !exhausted) {
    const double backoff_ms =
        std::min(static_cast<double>(TriggerConfig::kMaxBackoff.count()),
                 static_cast<double>(config_.retry_backoff.count()) * std::ldexp(1.0, std::min(failures_ - 1, 30)));
    retry_at_ = now + backoff_ms / 1000.0;
    spdlog::warn("stream trigger of {}: delivering records from {} failed ({} time{}): {}; retrying in {} ms",
                 config_.table, cursor_->position, failures_, failures_ == 1 ? "" : "s", last_error_,
                 static_cast<long long>(backoff_ms));
    return false;
  }
  // After a partial failure: the rest, at once.
  if (!batch_) batch_ = next_batch(table, stream, now, /*use_window=*/false);
  if (!batch_) {
    advance(cursor_->position);
    return false;
  }
  const std::string_view condition = expired ? "RecordAgeExceeded" : "RetryAttemptsExhausted";
  if (config_.dead_letter_dir.empty()) {
    spdlog::error("stream trigger of {}: dropping records {} to {} ({}, no dead-letter-dir): {}", config_.table,
                  batch_->first, batch_->last, condition, last_error_);
  } else if (auto s = dead_letter(table, stream, now, condition); !s.is_ok()) {
    // Not written: nothing is lost, it is tried again later.
    spdlog::error("stream trigger of {}: {}", config_.table, s.to_string());
    retry_at_ = now + static_cast<double>(TriggerConfig::kMaxBackoff.count()) / 1000.0;
    return false;
  }
  advance(batch_->last + 1);
  return true;
}

Status StreamTrigger::dead_letter(const catalog::TableInfo& table, const catalog::StreamInfo& stream, double now,
                                  std::string_view condition) {
  // Lambda's invocation record for a failed DynamoDB batch (Lambda
  // Developer Guide, "Retaining discarded records for a DynamoDB event
  // source"), plus what Lambda does not keep: the error and the records.
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  write_key(writer, "requestContext");
  writer.StartObject();
  write_key(writer, "condition");
  write_string(writer, condition);
  write_key(writer, "approximateInvokeCount");
  writer.Int(failures_);
  writer.EndObject();
  write_key(writer, "responseContext");
  writer.StartObject();
  write_key(writer, "errorMessage");
  write_string(writer, last_error_);
  writer.EndObject();
  write_key(writer, "version");
  write_string(writer, "1.0");
  write_key(writer, "timestamp");
  write_string(writer, utc_time(now));
  write_key(writer, "DDBStreamBatchInfo");
  writer.StartObject();
  write_key(writer, "shardId");
  write_string(writer, shard_of(stream, batch_->first));
  write_key(writer, "startSequenceNumber");
  write_string(writer, sequence_number_text(batch_->first));
  write_key(writer, "endSequenceNumber");
  write_string(writer, sequence_number_text(batch_->last));
  write_key(writer, "approximateArrivalOfFirstRecord");
  write_string(writer, utc_time(batch_->first_created));
  write_key(writer, "approximateArrivalOfLastRecord");
  write_string(writer, utc_time(batch_->last_created));
  write_key(writer, "batchSize");
  writer.Uint64(batch_->count);
  write_key(writer, "streamArn");
  write_string(writer, stream_arn(origin_.region, origin_.account_id, table.name, stream.label));
  writer.EndObject();
  write_key(writer, "event");
  writer.RawValue(batch_->event.data(), batch_->event.size(), json::kObjectType);
  writer.EndObject();

  std::error_code error;
  const std::filesystem::path directory(config_.dead_letter_dir);
  std::filesystem::create_directories(directory, error);
  if (error) return Status::io_error("cannot create dead-letter-dir " + directory.string() + ": " + error.message());
  std::string name = table.name + "-" + stream.label + "-" + sequence_number_text(batch_->first) + ".json";
  std::replace(name.begin(), name.end(), ':', '_');  // portable file names
  if (auto s = write_file_atomically(directory / name, std::string_view(buffer.GetString(), buffer.GetSize()));
      !s.is_ok()) {
    return s;
  }
  spdlog::warn("stream trigger of {}: records {} to {} ({}) written to {}", config_.table, batch_->first,
               batch_->last, condition, (directory / name).string());
  return Status::ok();
}

void StreamTrigger::advance(std::uint64_t position) {
  batch_.reset();
  failures_ = 0;
  retry_at_ = 0;
  last_error_.clear();
  if (!cursor_ || position == 0 || position == cursor_->position) return;
  cursor_->position = position;
  if (auto s = save_cursor(); !s.is_ok()) {
    // The records will be delivered again after a restart: at least once.
    spdlog::warn("stream trigger of {}: {}", config_.table, s.to_string());
  }
}

Status StreamTrigger::save_cursor() {
  storage::WriteBatch batch;
  batch.put(storage::Column::kSystem, checkpoint_key_,
            std::string(kCheckpointVersion) + cursor_->label + "|" + std::to_string(cursor_->position));
  if (auto s = engine_.write(batch); !s.is_ok()) {
    return Status::io_error("cannot save the trigger's position: " + s.to_string());
  }
  return Status::ok();
}

std::optional<StreamTrigger::Cursor> StreamTrigger::load_cursor() {
  auto stored = engine_.get(storage::Column::kSystem, checkpoint_key_);
  if (!stored.is_ok()) {
    spdlog::warn("stream trigger of {}: cannot read its position: {}", config_.table, stored.status().to_string());
    return std::nullopt;  // loaded_ stays false: tried again
  }
  loaded_ = true;
  if (!stored.value()) return std::nullopt;
  std::string_view text = *stored.value();
  const auto bar = text.rfind('|');
  if (!text.starts_with(kCheckpointVersion) || bar < kCheckpointVersion.size()) {
    spdlog::error("stream trigger of {}: its stored position \"{}\" is damaged; starting anew", config_.table, text);
    return std::nullopt;
  }
  Cursor cursor;
  cursor.label = std::string(text.substr(kCheckpointVersion.size(), bar - kCheckpointVersion.size()));
  auto position = parse_sequence_number(text.substr(bar + 1));
  if (!position) {
    spdlog::error("stream trigger of {}: its stored position \"{}\" is damaged; starting anew", config_.table, text);
    return std::nullopt;
  }
  cursor.position = *position;
  spdlog::info("stream trigger of {}: resuming at record {} of stream {}", config_.table, cursor.position,
               cursor.label);
  return cursor;
}

}  // namespace dynastore::streams
