#include "dynastore/metrics/access_log.h"

#include <gtest/gtest.h>

#include <chrono>

namespace dynastore::metrics {
namespace {

using namespace std::chrono_literals;

RequestRecord sample() {
  RequestRecord r;
  r.request_id = "REQ1";
  r.operation = "GetItem";
  r.table = "orders";
  r.status = 200;
  r.latency = 87us;
  r.request_bytes = 123;
  r.response_bytes = 45;
  r.returned_items = 1;
  return r;
}

TEST(AccessLogTest, TextLine) {
  const AccessLog log("info", AccessLogFormat::kText);
  EXPECT_EQ(log.format(sample()), "request REQ1 GetItem table=orders status=200 error=- items=1 in=123B out=45B latency=87us");
}

TEST(AccessLogTest, JsonLine) {
  const AccessLog log("info", AccessLogFormat::kJson);
  RequestRecord r = sample();
  r.status = 400;
  r.error = "ValidationException";
  r.table = "we\"ird";
  EXPECT_EQ(log.format(r),
            "{\"request_id\":\"REQ1\",\"operation\":\"GetItem\",\"table\":\"we\\\"ird\",\"status\":400,"
            "\"error\":\"ValidationException\",\"items\":1,\"request_bytes\":123,\"response_bytes\":45,"
            "\"latency_us\":87}");
}

TEST(AccessLogTest, InjectedFaultIsNamed) {
  RequestRecord r = sample();
  r.status = 400;
  r.error = "ThrottlingException";
  r.injected_fault = "delay 20ms, ThrottlingException";
  EXPECT_EQ(AccessLog("info", AccessLogFormat::kText).format(r),
            "request REQ1 GetItem table=orders status=400 error=ThrottlingException items=1 in=123B out=45B "
            "latency=87us injected=\"delay 20ms, ThrottlingException\"");
  EXPECT_EQ(AccessLog("info", AccessLogFormat::kJson).format(r),
            "{\"request_id\":\"REQ1\",\"operation\":\"GetItem\",\"table\":\"orders\",\"status\":400,"
            "\"error\":\"ThrottlingException\",\"injected_fault\":\"delay 20ms, ThrottlingException\",\"items\":1,"
            "\"request_bytes\":123,\"response_bytes\":45,\"latency_us\":87}");
}

TEST(AccessLogTest, AuthReasonIsLoggedWithSignaturesRedacted) {
  const AccessLog log("info", AccessLogFormat::kText);
  RequestRecord r = sample();
  r.status = 400;
  r.error = "IncompleteSignatureException";
  r.auth_reason = "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 "
                  "Credential=AKID/20261207/us-east-1/dynamodb/aws4_request, Signature=deadbeef01";
  const std::string line = log.format(r);
  EXPECT_EQ(line.find("deadbeef01"), std::string::npos) << line;
  EXPECT_NE(line.find("Signature=<redacted>"), std::string::npos) << line;
  EXPECT_NE(line.find("requires 'SignedHeaders'"), std::string::npos) << line;
}

TEST(AccessLogTest, RedactSignatures) {
  EXPECT_EQ(redact_signatures("a Signature=abc, b Signature=def'"), "a Signature=<redacted>, b Signature=<redacted>'");
  EXPECT_EQ(redact_signatures("no secret"), "no secret");
  EXPECT_EQ(redact_signatures("Signature="), "Signature=");
}

}  // namespace
}  // namespace dynastore::metrics
