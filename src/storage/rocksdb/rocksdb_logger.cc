#include "storage/rocksdb/rocksdb_logger.h"

#include <spdlog/spdlog.h>

#include <array>
#include <cstdarg>
#include <cstdio>
#include <string_view>

namespace dynastore::storage {

namespace {

spdlog::level::level_enum spdlog_level(rocksdb::InfoLogLevel level) {
  switch (level) {
    case rocksdb::InfoLogLevel::DEBUG_LEVEL: return spdlog::level::debug;
    case rocksdb::InfoLogLevel::INFO_LEVEL: return spdlog::level::info;
    case rocksdb::InfoLogLevel::WARN_LEVEL: return spdlog::level::warn;
    case rocksdb::InfoLogLevel::ERROR_LEVEL: return spdlog::level::err;
    case rocksdb::InfoLogLevel::FATAL_LEVEL:
    case rocksdb::InfoLogLevel::HEADER_LEVEL:
    case rocksdb::InfoLogLevel::NUM_INFO_LOG_LEVELS: break;
  }
  return spdlog::level::critical;
}

class SpdlogLogger final : public rocksdb::Logger {
 public:
  SpdlogLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}

  // RocksDB's header lines (options, version) are info: not passed on.
  void LogHeader(const char*, va_list) override {}

  void Logv(const char* format, va_list ap) override { Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap); }

  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel()) return;
    std::array<char, 1024> buffer;
    const int written = std::vsnprintf(buffer.data(), buffer.size(), format, ap);
    if (written < 0) return;
    std::string_view text(buffer.data(), std::min<std::size_t>(static_cast<std::size_t>(written), buffer.size() - 1));
    while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    // Nothing may throw into RocksDB (its headers say so).
    try {
      spdlog::log(spdlog_level(level), "rocksdb: {}", text);
    } catch (...) {
    }
  }
};

}  // namespace

std::shared_ptr<rocksdb::Logger> make_rocksdb_logger() { return std::make_shared<SpdlogLogger>(); }

}  // namespace dynastore::storage
