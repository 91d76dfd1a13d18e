#include "dynastore/txn/client_tokens.h"

#include <cstdint>
#include <vector>

namespace dynastore::txn {

namespace {

// System-column keys of token records. Frozen.
constexpr std::string_view kPrefix = "txn/token/";
constexpr std::string_view kPrefixEnd = "txn/token0";  // '/' + 1
constexpr std::uint8_t kRecordVersion = 1;
constexpr std::size_t kTimeBytes = 8;

std::string record_key(std::string_view token) { return std::string(kPrefix) + std::string(token); }

std::uint64_t to_millis(double seconds) { return static_cast<std::uint64_t>(seconds * 1000.0); }

std::string encode_record(std::uint64_t completed_ms, std::string_view digest) {
  std::string out(1 + kTimeBytes, '\0');
  out[0] = static_cast<char>(kRecordVersion);
  for (std::size_t i = 0; i < kTimeBytes; ++i) {
    out[1 + i] = static_cast<char>((completed_ms >> (8 * (kTimeBytes - 1 - i))) & 0xFF);
  }
  out.append(digest);
  return out;
}

struct Record {
  std::uint64_t completed_ms = 0;
  std::string_view digest;
};

// A record another version could have written is not ours to interpret:
// such bytes read as corrupt rather than as a verdict.
Result<Record> decode_record(std::string_view bytes) {
  if (bytes.size() < 1 + kTimeBytes || static_cast<std::uint8_t>(bytes[0]) != kRecordVersion) {
    return Status::corruption("bad client request token record");
  }
  Record record;
  for (std::size_t i = 0; i < kTimeBytes; ++i) {
    record.completed_ms = (record.completed_ms << 8) | static_cast<std::uint8_t>(bytes[1 + i]);
  }
  record.digest = bytes.substr(1 + kTimeBytes);
  return record;
}

bool expired(const Record& record, double now) {
  return record.completed_ms + to_millis(ClientTokens::kValiditySeconds) <= to_millis(now);
}

}  // namespace

ClientTokens::Claim::~Claim() {
  if (tokens_ != nullptr) tokens_->release(token_);
}

Result<ClientTokens::Claim> ClientTokens::claim(std::string_view token, std::string_view digest, double now) {
  std::lock_guard lock(mutex_);
  if (running_.count(std::string(token))) return Claim(nullptr, std::string(token), Verdict::kInProgress);
  auto stored = engine_.get(storage::Column::kSystem, record_key(token));
  if (!stored.is_ok()) return stored.status();
  if (stored.value()) {
    auto record = decode_record(*stored.value());
    if (!record.is_ok()) return record.status();
    if (!expired(record.value(), now)) {
      return Claim(nullptr, std::string(token), record->digest == digest ? Verdict::kReplay : Verdict::kMismatch);
    }
  }
  running_.emplace(token);
  return Claim(this, std::string(token), Verdict::kRun);
}

void ClientTokens::release(const std::string& token) {
  std::lock_guard lock(mutex_);
  running_.erase(token);
}

void ClientTokens::plan_completion(std::string_view token, std::string_view digest, double now,
                                   storage::WriteBatch& batch) {
  batch.put(storage::Column::kSystem, record_key(token), encode_record(to_millis(now), digest));
}

Result<std::size_t> ClientTokens::purge_expired(double now) {
  std::vector<std::string> old;
  {
    auto it = engine_.scan(storage::Column::kSystem, kPrefix, kPrefixEnd);
    for (it->seek_to_first(); it->valid(); it->next()) {
      auto record = decode_record(it->value());
      if (!record.is_ok() || expired(record.value(), now)) old.emplace_back(it->key());
    }
    if (auto s = it->status(); !s.is_ok()) return s;
  }
  if (old.empty()) return std::size_t{0};
  // Under the mutex, so a token being claimed right now is either read
  // before the erase or found absent after it: never half.
  std::lock_guard lock(mutex_);
  storage::WriteBatch batch;
  for (const auto& key : old) {
    // A newer record may have replaced the expired one since the scan.
    auto current = engine_.get(storage::Column::kSystem, key);
    if (!current.is_ok()) return current.status();
    if (!current.value()) continue;
    auto record = decode_record(*current.value());
    if (record.is_ok() && !expired(record.value(), now)) continue;
    batch.erase(storage::Column::kSystem, key);
  }
  if (batch.empty()) return std::size_t{0};
  auto s = engine_.write(batch);
  if (!s.is_ok()) return s;
  return batch.ops().size();
}

}  // namespace dynastore::txn
