#include "replication/apply_record.h"

#include <charconv>

namespace dynastore::replication {

namespace {

constexpr std::string_view kSnapshotPrefix = "dynastore-snapshot 1 ";

std::optional<std::uint64_t> parse_decimal(std::string_view digits) {
  std::uint64_t value = 0;
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

constexpr std::uint32_t kEntryFormat = 1;
constexpr std::uint32_t kGroupFormat = 2;
constexpr std::size_t kEntryHeader = 8;

void put_u32(std::string& out, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::uint32_t get_u32(std::string_view in, std::size_t at) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return value;
}

}  // namespace

std::string encode_entry(const storage::WriteBatch& batch) {
  std::string out(kEntryHeader, '\0');
  batch.encode_to(out);
  const std::size_t length = out.size() - kEntryHeader;
  put_u32(out, 0, kEntryFormat);
  put_u32(out, 4, static_cast<std::uint32_t>(length));
  out.resize((out.size() + 7) / 8 * 8, '\0');
  return out;
}

Result<storage::WriteBatch> decode_entry(std::string_view entry) {
  if (entry.size() < kEntryHeader || entry.size() % 8 != 0) return Status::corruption("a log entry of a bad length");
  if (get_u32(entry, 0) != kEntryFormat) return Status::corruption("a log entry of an unknown format");
  const std::size_t length = get_u32(entry, 4);
  if (length > entry.size() - kEntryHeader || entry.size() - kEntryHeader - length >= 8) {
    return Status::corruption("a log entry whose length does not match its header");
  }
  for (std::size_t i = kEntryHeader + length; i < entry.size(); ++i) {
    if (entry[i] != '\0') return Status::corruption("a log entry with bytes after its batch");
  }
  return storage::WriteBatch::decode(entry.substr(kEntryHeader, length));
}

std::string join_entries(const std::vector<std::string>& entries) {
  std::size_t size = 8;
  for (const auto& entry : entries) size += 8 + entry.size();
  std::string out(8, '\0');
  out.reserve(size);
  put_u32(out, 0, kGroupFormat);
  put_u32(out, 4, static_cast<std::uint32_t>(entries.size()));
  for (const auto& entry : entries) {
    const std::uint64_t length = entry.size();
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((length >> (8 * i)) & 0xFF));
    out += entry;
  }
  return out;
}

Result<std::vector<storage::WriteBatch>> decode_entries(std::string_view entry) {
  std::vector<storage::WriteBatch> batches;
  if (entry.size() >= kEntryHeader && get_u32(entry, 0) == kGroupFormat) {
    const std::uint32_t count = get_u32(entry, 4);
    std::size_t at = kEntryHeader;
    for (std::uint32_t n = 0; n < count; ++n) {
      if (entry.size() - at < 8) return Status::corruption("a group entry cut short");
      std::uint64_t length = 0;
      for (int i = 0; i < 8; ++i) length |= static_cast<std::uint64_t>(static_cast<unsigned char>(entry[at + i])) << (8 * i);
      at += 8;
      if (length > entry.size() - at) return Status::corruption("a group entry's part runs past its end");
      auto batch = decode_entry(entry.substr(at, length));
      if (!batch.is_ok()) return batch.status();
      batches.push_back(std::move(batch).value());
      at += length;
    }
    if (at != entry.size()) return Status::corruption("a group entry with bytes after its parts");
    return batches;
  }
  auto batch = decode_entry(entry);
  if (!batch.is_ok()) return batch.status();
  batches.push_back(std::move(batch).value());
  return batches;
}

std::string member_key(std::uint64_t id) { return std::string(kMemberPrefix) + std::to_string(id); }

std::optional<std::uint64_t> member_of_key(std::string_view key) {
  if (key.substr(0, kMemberPrefix.size()) != kMemberPrefix) return std::nullopt;
  return parse_decimal(key.substr(kMemberPrefix.size()));
}

std::string encode_applied_index(std::uint64_t index) { return std::to_string(index); }

std::optional<std::uint64_t> decode_applied_index(std::string_view bytes) { return parse_decimal(bytes); }

std::string encode_snapshot_descriptor(std::uint64_t index) {
  return std::string(kSnapshotPrefix) + std::to_string(index);
}

std::optional<std::uint64_t> decode_snapshot_descriptor(std::string_view bytes) {
  if (bytes.substr(0, kSnapshotPrefix.size()) != kSnapshotPrefix) return std::nullopt;
  return parse_decimal(bytes.substr(kSnapshotPrefix.size()));
}

}  // namespace dynastore::replication
