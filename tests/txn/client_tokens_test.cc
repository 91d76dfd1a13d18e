#include "dynastore/txn/client_tokens.h"

#include <gtest/gtest.h>

#include <string>

#include "testutil/engine.h"
#include "testutil/temp_dir.h"

namespace dynastore::txn {
namespace {

using Verdict = ClientTokens::Verdict;

const std::string kDigest(32, 'a');
const std::string kOtherDigest(32, 'b');
constexpr double kNow = 1'800'000'000;

// Runs a transaction under `token` that completes at `now`: its record is
// committed as the transaction's batch would commit it.
void complete(storage::KvEngine& engine, ClientTokens& tokens, const std::string& token, const std::string& digest,
              double now) {
  auto claim = tokens.claim(token, digest, now);
  ASSERT_TRUE(claim.is_ok()) << claim.status().to_string();
  ASSERT_EQ(claim->verdict(), Verdict::kRun);
  storage::WriteBatch batch;
  ClientTokens::plan_completion(token, digest, now, batch);
  ASSERT_TRUE(engine.write(batch).is_ok());
}

Verdict verdict_of(ClientTokens& tokens, const std::string& token, const std::string& digest, double now) {
  auto claim = tokens.claim(token, digest, now);
  EXPECT_TRUE(claim.is_ok()) << claim.status().to_string();
  return claim.is_ok() ? claim->verdict() : Verdict::kInProgress;
}

TEST(ClientTokensTest, ACompletedTokenReplaysTheSameRequestAndRefusesAnother) {
  auto engine = testutil::open_in_memory_engine();
  ClientTokens tokens(*engine);
  EXPECT_EQ(verdict_of(tokens, "t1", kDigest, kNow), Verdict::kRun);  // claimed and released: nothing recorded
  EXPECT_EQ(verdict_of(tokens, "t1", kDigest, kNow), Verdict::kRun);
  complete(*engine, tokens, "t1", kDigest, kNow);
  EXPECT_EQ(verdict_of(tokens, "t1", kDigest, kNow + 1), Verdict::kReplay);
  EXPECT_EQ(verdict_of(tokens, "t1", kOtherDigest, kNow + 1), Verdict::kMismatch);
  EXPECT_EQ(verdict_of(tokens, "t2", kOtherDigest, kNow + 1), Verdict::kRun);
}

TEST(ClientTokensTest, ATokenIsValidForTenMinutesAfterItsRequestCompleted) {
  auto engine = testutil::open_in_memory_engine();
  ClientTokens tokens(*engine);
  complete(*engine, tokens, "t", kDigest, kNow);
  EXPECT_EQ(verdict_of(tokens, "t", kOtherDigest, kNow + 599.9), Verdict::kMismatch);
  EXPECT_EQ(verdict_of(tokens, "t", kOtherDigest, kNow + 600), Verdict::kRun);  // a new request
}

TEST(ClientTokensTest, ATokenWhoseTransactionRunsIsInProgressUntilItsClaimEnds) {
  auto engine = testutil::open_in_memory_engine();
  ClientTokens tokens(*engine);
  {
    auto first = tokens.claim("t", kDigest, kNow);
    ASSERT_TRUE(first.is_ok());
    ASSERT_EQ(first->verdict(), Verdict::kRun);
    EXPECT_EQ(verdict_of(tokens, "t", kDigest, kNow), Verdict::kInProgress);
    EXPECT_EQ(verdict_of(tokens, "t", kOtherDigest, kNow), Verdict::kInProgress);
    EXPECT_EQ(verdict_of(tokens, "other", kDigest, kNow), Verdict::kRun);
    auto moved = std::move(first).value();  // the claim travels; the token stays held
    EXPECT_EQ(verdict_of(tokens, "t", kDigest, kNow), Verdict::kInProgress);
  }
  EXPECT_EQ(verdict_of(tokens, "t", kDigest, kNow), Verdict::kRun);
}

TEST(ClientTokensTest, RecordsSurviveAReopenAndExpiredOnesArePurged) {
  testutil::TempDir dir;
  {
    auto engine = testutil::open_engine_at(dir.path());
    ClientTokens tokens(*engine);
    complete(*engine, tokens, "old", kDigest, kNow - 700);
    complete(*engine, tokens, "recent", kDigest, kNow - 10);
  }
  auto engine = testutil::open_engine_at(dir.path());
  ClientTokens tokens(*engine);
  EXPECT_EQ(verdict_of(tokens, "recent", kDigest, kNow), Verdict::kReplay);
  auto purged = tokens.purge_expired(kNow);
  ASSERT_TRUE(purged.is_ok());
  EXPECT_EQ(purged.value(), 1u);
  EXPECT_EQ(engine->get(storage::Column::kSystem, "txn/token/old")->has_value(), false);
  EXPECT_EQ(verdict_of(tokens, "recent", kDigest, kNow), Verdict::kReplay);
  EXPECT_EQ(tokens.purge_expired(kNow).value(), 0u);
}

TEST(ClientTokensTest, ARecordOfAnotherFormatIsCorruptionNotAVerdict) {
  auto engine = testutil::open_in_memory_engine();
  storage::WriteBatch batch;
  batch.put(storage::Column::kSystem, "txn/token/t", "\x09garbage");
  ASSERT_TRUE(engine->write(batch).is_ok());
  ClientTokens tokens(*engine);
  auto claim = tokens.claim("t", kDigest, kNow);
  ASSERT_FALSE(claim.is_ok());
  EXPECT_EQ(claim.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(verdict_of(tokens, "t2", kDigest, kNow), Verdict::kRun);
}

}  // namespace
}  // namespace dynastore::txn
