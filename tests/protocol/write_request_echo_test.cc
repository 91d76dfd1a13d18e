#include "dynastore/protocol/write_request_echo.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace dynastore::protocol {
namespace {

std::string echo(std::string_view request_items) {
  json::Document document;
  EXPECT_EQ(json::parse(request_items, document), "") << request_items;
  return quoted_write_requests(document);
}

std::string attribute_value(std::string_view set_field) {
  std::string out = "AttributeValue(";
  bool first = true;
  for (std::string_view field : {"s", "n", "b", "iNT", "dECIMAL", "dOUBLE", "sS", "nS", "bS", "iNTSET", "dECIMALSET",
                                 "dOUBLESET", "m", "l", "nULL", "bOOL"}) {
    if (!first) out += ", ";
    first = false;
    const std::string prefix = std::string(field) + "=";
    out += set_field.starts_with(prefix) ? std::string(set_field) : prefix + "null";
  }
  return out + ")";
}

TEST(WriteRequestEchoTest, APutAsDynamoDBPrintsIt) {
  // The form captured from DynamoDB (eu-west-2, 2026-09-20).
  EXPECT_EQ(echo(R"({"t":[{"PutRequest":{"Item":{"pk":{"S":"bw-0"}}}}]})"),
            "'{t=[WriteRequest(putRequest=PutRequest(item={pk=" + attribute_value("s=bw-0") +
                "}, workloadProfileName=null), deleteRequest=null)]}'");
}

TEST(WriteRequestEchoTest, DeletesAndEveryType) {
  EXPECT_EQ(echo(R"({"t":[{"DeleteRequest":{"Key":{"k":{"N":"1"}}}}]})"),
            "'{t=[WriteRequest(putRequest=null, deleteRequest=DeleteRequest(key={k=" + attribute_value("n=1") + "}))]}'");
  EXPECT_EQ(echo(R"({"t":[{"PutRequest":{"Item":{"a":{"SS":["x","y"]}}}}]})"),
            "'{t=[WriteRequest(putRequest=PutRequest(item={a=" + attribute_value("sS=[x, y]") +
                "}, workloadProfileName=null), deleteRequest=null)]}'");
  EXPECT_EQ(echo(R"({"t":[{"PutRequest":{"Item":{"a":{"L":[{"BOOL":true}]},"b":{"M":{"c":{"NULL":true}}}}}}]})"),
            "'{t=[WriteRequest(putRequest=PutRequest(item={a=" + attribute_value("l=[" + attribute_value("bOOL=true") + "]") +
                ", b=" + attribute_value("m={c=" + attribute_value("nULL=true") + "}") +
                "}, workloadProfileName=null), deleteRequest=null)]}'");
}

TEST(WriteRequestEchoTest, MapsInJavaHashMapOrder) {
  // String.hashCode: "a" 97 (bucket 1), "b" 98 (bucket 2), "pk" 3579
  // (bucket 11) in a 16-bucket HashMap, whatever order the request used.
  const std::string out = echo(R"({"t":[{"PutRequest":{"Item":{"pk":{"S":"1"},"b":{"S":"2"},"a":{"S":"3"}}}}]})");
  const auto a = out.find("a=AttributeValue(s=3");
  const auto b = out.find("b=AttributeValue(s=2");
  const auto pk = out.find("pk=AttributeValue(s=1");
  ASSERT_NE(pk, std::string::npos) << out;
  EXPECT_LT(a, b) << out;
  EXPECT_LT(b, pk) << out;
}

TEST(WriteRequestEchoTest, AHugeRequestIsCutShort) {
  // 25 items of 4,000 one-character attributes: printed whole, ~17 MB.
  std::string item;
  for (int i = 0; i < 4000; ++i) item += std::string(i ? "," : "") + R"("a)" + std::to_string(i) + R"(":{"S":"x"})";
  std::string requests;
  for (int i = 0; i < 25; ++i) requests += std::string(i ? "," : "") + R"({"PutRequest":{"Item":{)" + item + "}}}";
  const std::string out = echo(R"({"t":[)" + requests + "]}");
  EXPECT_LT(out.size(), 70u << 10);
  EXPECT_NE(out.find("..."), std::string::npos);
  EXPECT_TRUE(out.starts_with("'{t=[WriteRequest(putRequest=PutRequest(item={")) << out.substr(0, 100);
  EXPECT_TRUE(out.ends_with("}'")) << out.substr(out.size() - 100);
}

}  // namespace
}  // namespace dynastore::protocol
