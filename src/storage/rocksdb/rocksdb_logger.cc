#include "storage/rocksdb/rocksdb_logger.h"

#include <spdlog/spdlog.h>

#include <array>
#include <cstdio>
#include <string_view>

namespace dynastore::storage {

namespace {

// RocksDB's errors are warnings here: it calls "error" things that are
// none (a fresh store's directory not found yet, at open), and the failures
// that matter are logged as errors by the engine, in its own words, once.
spdlog::level::level_enum spdlog_level(rocksdb::InfoLogLevel level) {
  switch (level) {
    case rocksdb::InfoLogLevel::DEBUG_LEVEL: return spdlog::level::debug;
    case rocksdb::InfoLogLevel::INFO_LEVEL: return spdlog::level::info;
    case rocksdb::InfoLogLevel::WARN_LEVEL:
    case rocksdb::InfoLogLevel::ERROR_LEVEL: return spdlog::level::warn;
    case rocksdb::InfoLogLevel::FATAL_LEVEL:
    case rocksdb::InfoLogLevel::HEADER_LEVEL:
    case rocksdb::InfoLogLevel::NUM_INFO_LOG_LEVELS: break;
  }
  return spdlog::level::err;
}

}  // namespace

RocksdbLogger::RocksdbLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}

// RocksDB's header lines (options, version) are info: not passed on.
void RocksdbLogger::LogHeader(const char*, va_list) {}

void RocksdbLogger::Logv(const char* format, va_list ap) { Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap); }

void RocksdbLogger::Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) {
  if (level < GetInfoLogLevel()) return;
  std::array<char, 1024> buffer;
  const int written = std::vsnprintf(buffer.data(), buffer.size(), format, ap);
  if (written < 0) return;
  std::string_view text(buffer.data(), std::min<std::size_t>(static_cast<std::size_t>(written), buffer.size() - 1));
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  const auto to = opening_.load(std::memory_order_relaxed) ? spdlog::level::debug : spdlog_level(level);
  // Nothing may throw into RocksDB (its headers say so).
  try {
    spdlog::log(to, "rocksdb: {}", text);
  } catch (...) {
  }
}

}  // namespace dynastore::storage
