#include "streams/batch_item_failures.h"

#include <gtest/gtest.h>

#include <string>

namespace dynastore::streams {
namespace {

using Kind = BatchVerdict::Kind;

// The batch holds records 5..9.
BatchVerdict verdict(std::string_view response) { return read_batch_item_failures(response, 5, 9); }

TEST(BatchItemFailuresTest, SuccessAsLambdaCountsIt) {
  // Developer Guide: an empty or null list, an empty or null response.
  for (const char* response : {"", "null", "{}", "{\"batchItemFailures\":[]}", "{\"batchItemFailures\":null}",
                               "\"done\"", "[1,2]"}) {
    EXPECT_EQ(verdict(response).kind, Kind::kSuccess) << response;
  }
}

// The function's answer is read with the depth-bounded parser: a million
// nested arrays (which RapidJSON's recursive Parse, used before, took one
// stack frame each for) is an answer without a list, not a crash.
TEST(BatchItemFailuresTest, ADeeplyNestedAnswerIsReadWithoutRecursion) {
  const std::string deep = R"({"batchItemFailures":)" + std::string(1000000, '[');
  EXPECT_EQ(verdict(deep).kind, Kind::kSuccess);
}

TEST(BatchItemFailuresTest, TheLowestFailedRecordIsWhereTheRetryStarts) {
  const auto v = verdict(R"({"batchItemFailures":[{"itemIdentifier":"000000000000000000008"},)"
                         R"({"itemIdentifier":"000000000000000000006"}]})");
  EXPECT_EQ(v.kind, Kind::kFailedFrom);
  EXPECT_EQ(v.from, 6u);
}

TEST(BatchItemFailuresTest, AMalformedIdentifierFailsTheWholeBatch) {
  for (const char* response : {R"({"batchItemFailures":[{"itemIdentifier":""}]})",
                               R"({"batchItemFailures":[{"itemIdentifier":null}]})",
                               R"({"batchItemFailures":[{"ItemIdentifier":"000000000000000000006"}]})",
                               R"({"batchItemFailures":[{"itemIdentifier":"000000000000000000004"}]})",
                               R"({"batchItemFailures":[{"itemIdentifier":"000000000000000000010"}]})",
                               R"({"batchItemFailures":["000000000000000000006"]})",
                               R"({"batchItemFailures":"all"})"}) {
    EXPECT_EQ(verdict(response).kind, Kind::kFailed) << response;
  }
}

}  // namespace
}  // namespace dynastore::streams
