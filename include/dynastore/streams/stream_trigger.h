// StreamTrigger: a local stand-in for an AWS Lambda event source mapping on
// a DynamoDB stream. It follows one table's stream and delivers its records
// in batches, in Lambda's event shape ({"Records": [...]}), to a
// TriggerTarget (an HTTP endpoint or a command).
//
// Delivery is at least once and in stream order (so in order per item). A
// batch that fails is retried as a whole with exponential backoff, holding
// back the records behind it, as Lambda does; once it has failed
// max-retries times it goes to the dead-letter directory (or is dropped, and
// logged, without one) and the trigger moves on. The position after the
// last delivered record is kept in the system column
// (trigger/<table>/<target>), so a restarted server goes on where it
// stopped; a crash between a delivery and that write delivers the batch
// again.
//
// When the table's stream is disabled, or the table deleted, the trigger
// reads the stream to its end and then follows the next stream made on a
// table of that name, from its first record; a new trigger starts at its
// starting position. Without a table or stream it waits.
//
// Thread-safety: start() and stop() from one thread; run_once() on the
// trigger's thread (or a test's).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "dynastore/catalog/catalog.h"
#include "dynastore/common/periodic_worker.h"
#include "dynastore/partition/item_store.h"
#include "dynastore/storage/kv_engine.h"
#include "dynastore/streams/trigger_config.h"
#include "dynastore/streams/trigger_target.h"

namespace dynastore::streams {

// What the records' awsRegion and eventSourceARN say.
struct TriggerOrigin {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
};

class StreamTrigger {
 public:
  // The references must outlive the trigger.
  StreamTrigger(catalog::Catalog& catalog, partition::ItemStore& items, storage::KvEngine& engine,
                TriggerConfig config, std::unique_ptr<TriggerTarget> target, TriggerOrigin origin);
  ~StreamTrigger() { stop(); }
  StreamTrigger(const StreamTrigger&) = delete;
  StreamTrigger& operator=(const StreamTrigger&) = delete;

  void start(PeriodicWorker::Gate gate = {}) { worker_.start(std::move(gate)); }
  // Cancels a delivery in progress (it will be made again) and waits.
  void stop();

  // One step at `now` (epoch seconds): delivers or retries one batch when
  // one is due. Returns whether it delivered or dead-lettered one.
  bool run_once(double now);

  // An event holds about this many bytes of records at most (Lambda's
  // synchronous invocations take 6 MB).
  static constexpr std::size_t kMaxEventRecordBytes = 5 * 1024 * 1024;
  static constexpr auto kPollInterval = std::chrono::milliseconds(100);

  const std::string& checkpoint_key() const { return checkpoint_key_; }

 private:
  struct Cursor {
    std::string label;           // the stream being read
    std::uint64_t position = 0;  // its next record's sequence number
  };
  struct Batch {
    std::string event;  // {"Records": [...]}
    std::uint64_t first = 0, last = 0;
    std::size_t count = 0;
    double first_created = 0, last_created = 0;  // epoch seconds
  };

  struct Reading {
    catalog::TablePtr table;  // live, or the retired copy of a deleted table
    const catalog::StreamInfo* stream = nullptr;  // points into *table
  };
  // The stream to read now, moving the cursor to a newer stream when the
  // one it was on is gone or read to its end; no stream when there is none.
  Reading current_stream();
  // Moves the cursor to `position` of `stream`, saved.
  void follow(const catalog::StreamInfo& stream, std::uint64_t position);
  // The records from the cursor as one event, or nullopt when none are due
  // (none there, or, with `use_window`, waiting for a fuller batch).
  std::optional<Batch> next_batch(const catalog::TableInfo& table, const catalog::StreamInfo& stream, double now,
                                  bool use_window = true);
  bool attempt(const catalog::TableInfo& table, const catalog::StreamInfo& stream, double now);
  // After a failed delivery: a retry later, or the dead-letter directory.
  bool fail(const catalog::TableInfo& table, const catalog::StreamInfo& stream, double now, std::string error);
  Status dead_letter(const catalog::TableInfo& table, const catalog::StreamInfo& stream, double now,
                     std::string_view condition);
  // Moves the cursor to `position` and forgets the batch and its failures.
  void advance(std::uint64_t position);
  Status save_cursor();
  std::optional<Cursor> load_cursor();

  catalog::Catalog& catalog_;
  partition::ItemStore& items_;
  storage::KvEngine& engine_;
  const TriggerConfig config_;
  const std::unique_ptr<TriggerTarget> target_;
  const TriggerOrigin origin_;
  const std::string checkpoint_key_;
  std::atomic<bool> cancel_{false};

  bool loaded_ = false;
  std::optional<Cursor> cursor_;
  std::optional<Batch> batch_;          // built, not yet delivered
  int failures_ = 0;                    // deliveries of the records at the cursor that failed
  double retry_at_ = 0;                 // no attempt before then
  std::string last_error_;
  std::optional<double> window_opened_;  // when records began waiting for a fuller batch
  std::string waiting_for_;             // what the trigger last logged it waits for
  PeriodicWorker worker_;               // last: its thread uses the members above
};

}  // namespace dynastore::streams
