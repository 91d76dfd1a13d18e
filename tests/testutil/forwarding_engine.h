// A storage engine that forwards every call to another: tests derive from it
// and override the calls they watch or change (write(), say).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "dynastore/storage/kv_engine.h"

namespace dynastore::testutil {

class ForwardingEngine : public storage::KvEngine {
 public:
  explicit ForwardingEngine(std::unique_ptr<storage::KvEngine> engine) : engine_(std::move(engine)) {}

  Result<std::optional<std::string>> get(storage::Column column, std::string_view key) override {
    return engine_->get(column, key);
  }
  Status write(const storage::WriteBatch& batch) override { return engine_->write(batch); }
  std::unique_ptr<storage::Iterator> scan(storage::Column column, std::string_view lower,
                                          std::string_view upper) override {
    return engine_->scan(column, lower, upper);
  }
  Result<storage::Counters> get_counters(storage::Column column, std::string_view key) override {
    return engine_->get_counters(column, key);
  }
  std::uint64_t visible_sequence() const override { return engine_->visible_sequence(); }
  Status sync_log() override { return engine_->sync_log(); }
  std::unique_ptr<storage::Snapshot> snapshot() override { return engine_->snapshot(); }
  Status checkpoint(const std::string& directory) override { return engine_->checkpoint(directory); }

 protected:
  storage::KvEngine& inner() { return *engine_; }

 private:
  std::unique_ptr<storage::KvEngine> engine_;
};

}  // namespace dynastore::testutil
