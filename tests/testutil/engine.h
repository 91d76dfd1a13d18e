// Opening a storage engine in a test: in memory, or on disk at a path, with
// a small block cache. A failure to open fails the test and yields nullptr.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "dynastore/storage/kv_engine.h"

namespace dynastore::testutil {

inline std::unique_ptr<storage::KvEngine> open_engine(storage::EngineOptions options) {
  options.block_cache_bytes = 1 << 20;
  auto engine = storage::open_rocksdb(options);
  EXPECT_TRUE(engine.is_ok()) << engine.status().to_string();
  return engine.is_ok() ? std::move(engine).value() : nullptr;
}

inline std::unique_ptr<storage::KvEngine> open_in_memory_engine() {
  storage::EngineOptions options;
  options.in_memory = true;
  return open_engine(options);
}

inline std::unique_ptr<storage::KvEngine> open_engine_at(const std::string& path) {
  storage::EngineOptions options;
  options.path = path;
  return open_engine(options);
}

}  // namespace dynastore::testutil
