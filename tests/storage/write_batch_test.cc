#include "dynastore/storage/write_batch.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dynastore::storage {
namespace {

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    const auto b = static_cast<std::uint8_t>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

std::string unhex(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

Status decode_status(std::string_view bytes) { return WriteBatch::decode(bytes).status(); }

// One of each kind, in each column, with binary and empty keys and values,
// and lengths that need more than one varint byte.
WriteBatch batch_of_every_kind() {
  WriteBatch batch;
  for (int c = 0; c < kColumnCount; ++c) {
    const auto column = static_cast<Column>(c);
    batch.put(column, std::string("\0k\xFF", 3), std::string("\0v\x80", 3));
    batch.put(column, "", "");
    batch.put(column, std::string(200, 'k'), std::string(20000, 'v'));
    batch.erase(column, "gone");
    batch.erase(column, "");
    batch.erase_range(column, "a", "b");
    batch.erase_range(column, "", "");
    batch.add_counters(column, "t", {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()});
    batch.add_counters(column, "", {0, -1});
  }
  return batch;
}

// A batch of up to max_ops random operations. Keys and values are any bytes,
// one in eight of them up to max_long bytes long (a length of several varint
// bytes), the others short.
WriteBatch random_batch(std::mt19937_64& rng, int max_ops, std::size_t max_long) {
  auto random_bytes = [&rng, max_long] {
    const std::size_t length = rng() % 8 == 0 ? rng() % (max_long + 1) : rng() % 12;
    std::string bytes(length, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng());
    return bytes;
  };
  WriteBatch batch;
  const int ops = static_cast<int>(rng() % static_cast<std::uint64_t>(max_ops + 1));
  for (int i = 0; i < ops; ++i) {
    const auto column = static_cast<Column>(rng() % kColumnCount);
    switch (rng() % 4) {
      case 0: batch.put(column, random_bytes(), random_bytes()); break;
      case 1: batch.erase(column, random_bytes()); break;
      case 2: batch.erase_range(column, random_bytes(), random_bytes()); break;
      case 3:
        batch.add_counters(column, random_bytes(),
                           {static_cast<std::int64_t>(rng()), static_cast<std::int64_t>(rng())});
        break;
    }
  }
  return batch;
}

// A long fuzz run sets DYNASTORE_FUZZ_ITERATIONS (`make fuzz-batch`); the
// default keeps the test binary quick.
int fuzz_iterations() {
  constexpr int kDefault = 300;
  const char* text = std::getenv("DYNASTORE_FUZZ_ITERATIONS");
  if (text == nullptr) return kDefault;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  return end != text && *end == '\0' && value > 0 && value <= std::numeric_limits<int>::max()
             ? static_cast<int>(value)
             : kDefault;
}

TEST(CountersCodecTest, EncodesTwoLittleEndianInt64s) {
  const std::string bytes = encode_counters({0x0102030405060708LL, -1});
  ASSERT_EQ(bytes.size(), 16u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x08\x07\x06\x05\x04\x03\x02\x01", 8));
  EXPECT_EQ(bytes.substr(8), std::string(8, '\xFF'));
  const Counters back = decode_counters(bytes);
  EXPECT_EQ(back.first, 0x0102030405060708LL);
  EXPECT_EQ(back.second, -1);
}

TEST(CountersCodecTest, WrongSizeDecodesAsZero) {
  const Counters c = decode_counters("short");
  EXPECT_EQ(c.first, 0);
  EXPECT_EQ(c.second, 0);
}

TEST(WriteBatchTest, RecordsOperationsInOrder) {
  WriteBatch batch;
  batch.put(Column::kItems, "k", "v");
  batch.erase(Column::kSystem, "e");
  batch.erase_range(Column::kItems, "a", "b");
  batch.add_counters(Column::kStats, "c", {1, 2});
  ASSERT_EQ(batch.ops().size(), 4u);
  EXPECT_EQ(batch.ops()[0].kind, WriteBatch::OpKind::kPut);
  EXPECT_EQ(batch.ops()[0].value, "v");
  EXPECT_EQ(batch.ops()[1].kind, WriteBatch::OpKind::kErase);
  EXPECT_EQ(batch.ops()[1].column, Column::kSystem);
  EXPECT_EQ(batch.ops()[2].kind, WriteBatch::OpKind::kEraseRange);
  EXPECT_EQ(batch.ops()[2].value, "b");
  EXPECT_EQ(batch.ops()[3].kind, WriteBatch::OpKind::kAddCounters);
  EXPECT_EQ(batch.ops()[3].value, encode_counters({1, 2}));
}

TEST(WriteBatchTest, AppendAddsTheOtherBatchsOperationsAfterItsOwn) {
  WriteBatch batch;
  batch.put(Column::kItems, "a", "1");
  WriteBatch other;
  other.erase(Column::kSystem, "b");
  other.add_counters(Column::kStats, "c", {1, 2});
  batch.append(other);
  ASSERT_EQ(batch.ops().size(), 3u);
  EXPECT_EQ(batch.ops()[0].key, "a");
  EXPECT_EQ(batch.ops()[1], other.ops()[0]);
  EXPECT_EQ(batch.ops()[2], other.ops()[1]);
  EXPECT_EQ(other.ops().size(), 2u);
}

TEST(WriteBatchTest, AddToCountersAddsToAnEarlierAdditionInPlace) {
  WriteBatch batch;
  batch.add_counters(Column::kStats, "t", {1, 10});
  batch.put(Column::kItems, "a", "1");
  batch.add_to_counters(0, {2, -3});
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch.ops()[0].value, encode_counters({3, 7}));
  EXPECT_EQ(batch.ops()[1].key, "a");
}

TEST(WriteBatchTest, TakenOperationsCanBeAppendedOneByOne) {
  WriteBatch batch;
  batch.put(Column::kItems, "a", "1");
  batch.erase(Column::kItems, "b");
  const WriteBatch before = batch;
  WriteBatch other;
  for (auto& op : batch.take_ops()) other.append(std::move(op));
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(other, before);
}

TEST(WriteBatchTest, EqualMeansSameOperationsInSameOrder) {
  WriteBatch a, b;
  EXPECT_EQ(a, b);
  a.put(Column::kItems, "k", "v");
  a.erase(Column::kItems, "e");
  b.erase(Column::kItems, "e");
  b.put(Column::kItems, "k", "v");
  EXPECT_NE(a, b);
  WriteBatch copy = a;
  EXPECT_EQ(copy, a);
  copy.put(Column::kItems, "k", "v");
  EXPECT_NE(copy, a);
  WriteBatch other_column;
  other_column.put(Column::kSystem, "k", "v");
  other_column.erase(Column::kItems, "e");
  EXPECT_NE(other_column, a);
}

// The format is frozen: if this test fails, the change breaks every log
// entry already written. Add a format version instead.
TEST(WriteBatchCodecTest, GoldenBytes) {
  WriteBatch batch;
  batch.put(Column::kItems, "k", "v");
  batch.erase(Column::kSystem, "e");
  batch.erase_range(Column::kItems, "a", "b");
  batch.add_counters(Column::kStats, "t", {1, -1});
  const std::string golden =
      "01"                  // format version
      "04"                  // op count
      "01" "01" "016b" "0176"  // put, items, "k", "v"
      "02" "00" "0165"         // erase, system, "e"
      "03" "01" "0161" "0162"  // erase_range, items, "a", "b"
      "04" "02" "0174"         // add_counters, stats, "t"
      "10" "0100000000000000" "ffffffffffffffff";  // 16 bytes: 1, -1
  EXPECT_EQ(hex(batch.encode()), golden);
  auto decoded = WriteBatch::decode(unhex(golden));
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().to_string();
  EXPECT_EQ(decoded.value(), batch);
}

TEST(WriteBatchCodecTest, LengthsAreBase128VarintsLowGroupFirst) {
  WriteBatch batch;
  batch.put(Column::kItems, "k", std::string(300, 'v'));  // 300 = 0b10'0101100
  EXPECT_EQ(hex(batch.encode().substr(0, 8)), "0101" "0101" "016b" "ac02");
  EXPECT_EQ(hex(WriteBatch().encode()), "0100");
}

TEST(WriteBatchCodecTest, EveryOpKindRoundTrips) {
  const WriteBatch batch = batch_of_every_kind();
  auto decoded = WriteBatch::decode(batch.encode());
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().to_string();
  EXPECT_EQ(decoded.value(), batch);
  EXPECT_EQ(decoded->encode(), batch.encode());
}

TEST(WriteBatchCodecTest, EmptyBatchRoundTrips) {
  auto decoded = WriteBatch::decode(WriteBatch().encode());
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().to_string();
  EXPECT_TRUE(decoded->empty());
}

TEST(WriteBatchCodecTest, EncodeToAppendsAfterWhatIsThere) {
  const WriteBatch batch = batch_of_every_kind();
  std::string framed = "header";
  batch.encode_to(framed);
  EXPECT_EQ(framed, "header" + batch.encode());
}

TEST(WriteBatchCodecTest, RejectsMalformedInputAsCorruption) {
  const std::string put_k_v = unhex("0101" "0101016b0176");
  ASSERT_TRUE(WriteBatch::decode(put_k_v).is_ok());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty input", ""},
      {"unknown version", unhex("0201" "0101016b0176")},
      {"version zero", unhex("0000")},
      {"unknown kind 0", unhex("0101" "0001016b0176")},
      {"unknown kind 5", unhex("0101" "0501016b0176")},
      {"unknown column", unhex("0101" "0104016b0176")},
      {"trailing byte", put_k_v + "x"},
      {"truncated value", put_k_v.substr(0, put_k_v.size() - 1)},
      {"missing op", unhex("0102" "0101016b0176")},
      {"count beyond input", unhex("01" "ffffffffffffffffff01")},
      {"key length beyond input", unhex("0101" "0101056b0176")},
      {"length of 2^64-1", unhex("0101" "0101ffffffffffffffffff01")},
      {"varint over 64 bits", unhex("0101" "0101ffffffffffffffffff02")},
      {"varint of 11 bytes", unhex("0101" "0101ffffffffffffffffff8001")},
      {"non-minimal varint", unhex("0101" "01018100" "6b0176")},
      {"non-minimal zero count", unhex("01" "8000")},
      {"counters of 15 bytes", unhex("0101" "0402" "0174" "0f" "000000000000000000000000000000")},
      {"counters of 17 bytes", unhex("0101" "0402" "0174" "11" "0000000000000000000000000000000000")},
  };
  for (const auto& [name, bytes] : cases) {
    const Status s = decode_status(bytes);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << name << ": " << s.to_string();
  }
}

TEST(WriteBatchCodecTest, RandomBatchesRoundTrip) {
  constexpr std::uint64_t kSeed = 20261207;
  std::mt19937_64 rng(kSeed);
  for (int i = 0; i < 3000; ++i) {
    const WriteBatch batch = random_batch(rng, 12, 2000);
    const std::string bytes = batch.encode();
    auto decoded = WriteBatch::decode(bytes);
    ASSERT_TRUE(decoded.is_ok()) << "seed " << kSeed << " batch " << i << ": " << decoded.status().to_string();
    ASSERT_EQ(decoded.value(), batch) << "seed " << kSeed << " batch " << i;
    ASSERT_EQ(decoded->encode(), bytes) << "seed " << kSeed << " batch " << i;
  }
}

// Decodes bytes, which must not crash: either it fails as corruption, or it
// succeeds and the batch encodes back to exactly bytes (one batch, one form).
// Returns a description of what went wrong, empty if nothing did.
std::string decode_problem(std::string_view bytes) {
  auto decoded = WriteBatch::decode(bytes);
  if (!decoded.is_ok()) {
    if (decoded.status().code() == StatusCode::kCorruption) return "";
    return "not corruption: " + decoded.status().to_string() + " for " + hex(bytes);
  }
  const std::string again = decoded->encode();
  return again == bytes ? "" : "decoded " + hex(bytes) + " but re-encoded " + hex(again);
}

TEST(WriteBatchFuzzTest, RandomBytesNeverCrashAndDecodeFaithfully) {
  constexpr std::uint64_t kSeed = 7;
  std::mt19937_64 rng(kSeed);
  const int iterations = 20 * fuzz_iterations();
  int decoded = 0;
  for (int i = 0; i < iterations; ++i) {
    // Half the bytes are ones the format gives meaning to: kinds, columns,
    // counter length, varint edges.
    static constexpr std::uint8_t kTelling[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x10, 0x7F, 0x80, 0x81, 0xFF};
    std::string bytes(rng() % 48, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() % 2 ? rng() : kTelling[rng() % std::size(kTelling)]);
    // Mostly a valid version and a small count, or nothing gets past them.
    if (!bytes.empty() && rng() % 4 != 0) bytes[0] = 1;
    if (bytes.size() > 1 && rng() % 4 != 0) bytes[1] = static_cast<char>(rng() % 4);
    const std::string problem = decode_problem(bytes);
    ASSERT_EQ(problem, "") << "seed " << kSeed << " iteration " << i;
    decoded += WriteBatch::decode(bytes).is_ok();
  }
  EXPECT_GT(decoded, 0) << "the inputs never got past the header: the fuzzing is too shallow";
}

TEST(WriteBatchFuzzTest, TruncationsAndMutationsOfValidEncodings) {
  constexpr std::uint64_t kSeed = 11;
  std::mt19937_64 rng(kSeed);
  const int iterations = fuzz_iterations();
  for (int i = 0; i < iterations; ++i) {
    SCOPED_TRACE("seed " + std::to_string(kSeed) + " iteration " + std::to_string(i));
    // Short enough that every byte of it can be mutated, long enough for
    // two-byte lengths.
    WriteBatch batch;
    do batch = random_batch(rng, 5, 140);
    while (batch.encode().size() > 256);
    const std::string valid = batch.encode();

    // A batch's bytes are all needed: no proper prefix is a batch.
    for (std::size_t length = 0; length < valid.size(); ++length) {
      ASSERT_EQ(decode_status(valid.substr(0, length)).code(), StatusCode::kCorruption) << "prefix " << length;
    }
    ASSERT_EQ(decode_status(valid + static_cast<char>(rng())).code(), StatusCode::kCorruption);

    std::string mutated = valid;
    for (std::size_t at = 0; at < valid.size(); ++at) {
      mutated[at] = static_cast<char>(valid[at] ^ static_cast<char>(1 + rng() % 255));
      ASSERT_EQ(decode_problem(mutated), "") << "byte " << at;
      mutated[at] = valid[at];
    }
    const std::size_t at = rng() % valid.size();
    for (int b = 0; b < 256; ++b) {
      mutated[at] = static_cast<char>(b);
      ASSERT_EQ(decode_problem(mutated), "") << "byte " << at << " = " << b;
    }
  }
}

}  // namespace
}  // namespace dynastore::storage

namespace dynastore::storage {
namespace {

TEST(WriteBatchMoveTest, AppendingAMovedBatchEqualsAppendingACopy) {
  WriteBatch first, second;
  first.put(Column::kItems, "a", "1");
  second.erase(Column::kItems, "b");
  second.add_counters(Column::kStats, "t", {1, 2});
  WriteBatch copied = first, moved = first, into_empty;
  copied.append(second);
  moved.append(WriteBatch(second));
  into_empty.append(WriteBatch(second));
  EXPECT_EQ(moved, copied);
  EXPECT_EQ(into_empty, second);
}

}  // namespace
}  // namespace dynastore::storage
