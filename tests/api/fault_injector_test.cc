#include "dynastore/api/fault_injector.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <string_view>
#include <vector>

#include "dynastore/api/fault_rules_json.h"

namespace dynastore::api {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string_view> kOrders = {"Orders"};

FaultRule rule(std::string operation, FaultKind kind, std::optional<std::uint64_t> count = std::nullopt) {
  FaultRule r;
  r.operation = std::move(operation);
  r.kind = kind;
  r.count = count;
  return r;
}

std::uint64_t add(FaultInjector& faults, FaultRule r) {
  auto id = faults.add(std::move(r));
  EXPECT_TRUE(id.is_ok()) << id.status().to_string();
  return id.is_ok() ? id.value() : 0;
}

TEST(FaultInjectorTest, NothingArmedByDefault) {
  FaultInjector faults;
  EXPECT_FALSE(faults.armed());
  EXPECT_FALSE(faults.decide("PutItem", kOrders).any());
  EXPECT_TRUE(faults.list().empty());
}

TEST(FaultInjectorTest, CountFiresForTheNextMatchingRequestsThenDisarms) {
  FaultInjector faults;
  EXPECT_EQ(add(faults, rule("PutItem", FaultKind::kThrottling, 2)), 1u);
  EXPECT_TRUE(faults.armed());
  EXPECT_FALSE(faults.decide("GetItem", kOrders).any());  // another operation: untouched
  EXPECT_EQ(faults.decide("PutItem", kOrders).error, FaultKind::kThrottling);
  ASSERT_EQ(faults.list().size(), 1u);
  EXPECT_EQ(faults.list()[0].remaining, 1u);
  EXPECT_EQ(faults.list()[0].injected, 1u);
  EXPECT_EQ(faults.decide("PutItem", kOrders).error, FaultKind::kThrottling);
  EXPECT_FALSE(faults.armed());
  EXPECT_FALSE(faults.decide("PutItem", kOrders).any());
}

TEST(FaultInjectorTest, TableMatchesByNameOrArnAnywhereInTheRequest) {
  FaultInjector faults;
  FaultRule r = rule("", FaultKind::kInternalServerError);
  r.table = "Orders";
  add(faults, r);
  EXPECT_FALSE(faults.decide("PutItem", std::vector<std::string_view>{"Other"}).any());
  EXPECT_FALSE(faults.decide("ListTables", {}).any());
  EXPECT_TRUE(faults.decide("PutItem", kOrders).error);
  EXPECT_TRUE(faults.decide("GetItem", std::vector<std::string_view>{"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"})
                  .error);
  EXPECT_TRUE(faults.decide("BatchWriteItem", std::vector<std::string_view>{"Other", "Orders"}).error);
  EXPECT_FALSE(faults.decide("PutItem", std::vector<std::string_view>{"Orders2"}).any());
}

TEST(FaultInjectorTest, ProbabilityIsRepeatableUnderASeed) {
  auto run = [](std::uint64_t seed) {
    FaultInjector faults;
    FaultRule r = rule("GetItem", FaultKind::kInternalServerError);
    r.probability = 0.3;
    r.seed = seed;
    add(faults, r);
    std::string fired;
    for (int i = 0; i < 400; ++i) fired += faults.decide("GetItem", kOrders).error ? '1' : '0';
    return fired;
  };
  const std::string first = run(11);
  EXPECT_EQ(first, run(11));
  EXPECT_NE(first, run(12));
  const auto hits = std::count(first.begin(), first.end(), '1');
  EXPECT_GT(hits, 80);  // 120 expected
  EXPECT_LT(hits, 160);
}

TEST(FaultInjectorTest, ProbabilityWithCountStopsAfterCountFired) {
  FaultInjector faults;
  FaultRule r = rule("GetItem", FaultKind::kThrottling, 3);
  r.probability = 0.5;
  r.seed = 5;
  add(faults, r);
  int fired = 0;
  for (int i = 0; i < 200; ++i) fired += faults.decide("GetItem", kOrders).error ? 1 : 0;
  EXPECT_EQ(fired, 3);
  EXPECT_FALSE(faults.armed());
}

TEST(FaultInjectorTest, FirstErrorRuleWinsAndLaterOnesDoNotCountDown) {
  FaultInjector faults;
  add(faults, rule("", FaultKind::kThrottling, 1));
  add(faults, rule("", FaultKind::kInternalServerError, 1));
  EXPECT_EQ(faults.decide("Query", kOrders).error, FaultKind::kThrottling);
  EXPECT_EQ(faults.decide("Query", kOrders).error, FaultKind::kInternalServerError);
  EXPECT_FALSE(faults.armed());
}

TEST(FaultInjectorTest, DelaysAddUpAndGoWithAnError) {
  FaultInjector faults;
  FaultRule slow = rule("", FaultKind::kDelay, 1);
  slow.delay_ms = 200;
  add(faults, slow);
  slow.delay_ms = 50;
  add(faults, slow);
  add(faults, rule("", FaultKind::kInternalServerError, 1));
  const FaultDecision decision = faults.decide("Scan", kOrders);
  EXPECT_EQ(decision.delay, 250ms);
  EXPECT_EQ(decision.error, FaultKind::kInternalServerError);
}

TEST(FaultInjectorTest, KindsOnlyFireWhereDynamoDbCanAnswerThem) {
  FaultInjector faults;
  add(faults, rule("", FaultKind::kTransactionConflict));
  EXPECT_FALSE(faults.decide("GetItem", kOrders).any());
  EXPECT_FALSE(faults.decide("BatchWriteItem", kOrders).any());
  EXPECT_FALSE(faults.decide("ExecuteTransaction", kOrders).any());  // it is cancelled instead
  for (std::string_view op :
       {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "TransactGetItems", "ExecuteStatement"}) {
    EXPECT_EQ(faults.decide(op, kOrders).error, FaultKind::kTransactionConflict) << op;
  }
  faults.reset();
  add(faults, rule("", FaultKind::kProvisionedThroughputExceeded));
  EXPECT_FALSE(faults.decide("CreateTable", kOrders).any());
  EXPECT_TRUE(faults.decide("Query", kOrders).error);
  EXPECT_TRUE(faults.decide("ExecuteStatement", kOrders).error);
  EXPECT_TRUE(faults.decide("ExecuteTransaction", kOrders).error);
  EXPECT_FALSE(faults.decide("BatchExecuteStatement", kOrders).any());  // per statement instead
}

TEST(FaultInjectorTest, RefusesRulesThatCouldNeverFireOrAreOutOfRange) {
  FaultInjector faults;
  EXPECT_FALSE(faults.add(rule("Frobnicate", FaultKind::kThrottling)).is_ok());
  EXPECT_FALSE(faults.add(rule("CreateBackup", FaultKind::kThrottling)).is_ok());  // not implemented here
  EXPECT_FALSE(faults.add(rule("GetItem", FaultKind::kTransactionConflict)).is_ok());
  EXPECT_FALSE(faults.add(rule("DescribeTable", FaultKind::kProvisionedThroughputExceeded)).is_ok());
  EXPECT_FALSE(faults.add(rule("GetItem", FaultKind::kThrottling, 0)).is_ok());
  FaultRule chance = rule("GetItem", FaultKind::kThrottling);
  chance.probability = 0;
  EXPECT_FALSE(faults.add(chance).is_ok());
  chance.probability = 1.5;
  EXPECT_FALSE(faults.add(chance).is_ok());
  FaultRule slow = rule("GetItem", FaultKind::kDelay);
  EXPECT_FALSE(faults.add(slow).is_ok());  // delay 0
  slow.delay_ms = FaultInjector::kMaxDelayMs + 1;
  EXPECT_FALSE(faults.add(slow).is_ok());
  EXPECT_FALSE(faults.armed());
  EXPECT_TRUE(faults.add(rule("GetRecords", FaultKind::kThrottling)).is_ok());  // DynamoDB Streams' too
}

TEST(FaultRulesJsonTest, OneRuleAListOrADocumentWithASeed) {
  auto one = parse_fault_rules(R"({"operation":"PutItem","table":"Orders","error":"ThrottlingException","count":2})");
  ASSERT_TRUE(one.is_ok()) << one.status().to_string();
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one.value()[0].operation, "PutItem");
  EXPECT_EQ(one.value()[0].table, "Orders");
  EXPECT_EQ(one.value()[0].kind, FaultKind::kThrottling);
  EXPECT_EQ(one.value()[0].count, 2u);
  EXPECT_FALSE(one.value()[0].probability);
  EXPECT_FALSE(one.value()[0].seed);

  auto list = parse_fault_rules(R"([{"delay_ms":250},{"error":"TransactionConflict","probability":0.25,"seed":9}])");
  ASSERT_TRUE(list.is_ok()) << list.status().to_string();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list.value()[0].kind, FaultKind::kDelay);
  EXPECT_EQ(list.value()[0].delay_ms, 250u);
  EXPECT_EQ(list.value()[1].kind, FaultKind::kTransactionConflict);
  EXPECT_EQ(list.value()[1].probability, 0.25);
  EXPECT_EQ(list.value()[1].seed, 9u);

  auto seeded = parse_fault_rules(
      R"({"seed":100,"faults":[{"error":"InternalServerError"},{"error":"InternalServerError","seed":3},)"
      R"({"error":"ProvisionedThroughputExceededException"}]})");
  ASSERT_TRUE(seeded.is_ok()) << seeded.status().to_string();
  ASSERT_EQ(seeded->size(), 3u);
  EXPECT_EQ(seeded.value()[0].seed, 100u);
  EXPECT_EQ(seeded.value()[1].seed, 3u);
  EXPECT_EQ(seeded.value()[2].seed, 102u);
  EXPECT_EQ(seeded.value()[2].kind, FaultKind::kProvisionedThroughputExceeded);
}

TEST(FaultRulesJsonTest, RefusesWhatIsNotARule) {
  auto refused = [](std::string_view text) {
    auto rules = parse_fault_rules(text);
    return rules.is_ok() ? std::string("<accepted>") : rules.status().message();
  };
  EXPECT_EQ(refused("{"), refused("{"));  // deterministic
  EXPECT_NE(refused("{").find("not JSON"), std::string::npos);
  EXPECT_EQ(refused(R"({"operation":"PutItem"})"), "a rule needs either \"error\" or \"delay_ms\"");
  EXPECT_EQ(refused(R"({"error":"Throttled"})"),
            "error must be InternalServerError, ThrottlingException, ProvisionedThroughputExceededException or "
            "TransactionConflictException");
  EXPECT_EQ(refused(R"({"error":"InternalServerError","delay_ms":5})"),
            "a rule needs either \"error\" or \"delay_ms\"");
  EXPECT_EQ(refused(R"({"error":"InternalServerError","cuont":5})"),
            "unknown member \"cuont\" (operation, table, error, delay_ms, probability, count, seed)");
  EXPECT_EQ(refused(R"([{"delay_ms":5},{"delay_ms":-1}])"), "rule 2: delay_ms must be a whole number of milliseconds");
  EXPECT_EQ(refused(R"({"faults":{}})"), "faults must be a list of rules");
  EXPECT_EQ(refused(R"({"faults":[],"sead":1})"), "unknown member \"sead\" (faults, seed)");
  EXPECT_EQ(refused("3"), "a rule must be a JSON object");
}

TEST(FaultRulesJsonTest, ArmedListShowsRemainingAndInjected) {
  FaultInjector faults;
  FaultRule r = rule("PutItem", FaultKind::kThrottling, 2);
  r.table = "Orders";
  add(faults, r);
  FaultRule slow = rule("", FaultKind::kDelay);
  slow.delay_ms = 30;
  slow.probability = 0.5;
  slow.seed = 1;
  add(faults, slow);
  faults.decide("PutItem", kOrders);
  const std::string json = armed_faults_json(faults.list());
  EXPECT_NE(json.find(R"({"id":1,"operation":"PutItem","table":"Orders","error":"ThrottlingException","count":2,)"
                      R"("remaining":1,"injected":1})"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"({"id":2,"delay_ms":30,"probability":0.5,"seed":1,"injected":)"), std::string::npos) << json;
  EXPECT_EQ(armed_faults_json({}), R"({"faults":[]})");
}

}  // namespace
}  // namespace dynastore::api
