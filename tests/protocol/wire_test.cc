#include "dynastore/protocol/wire.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

#include "dynastore/model/number.h"

namespace dynastore::protocol {
namespace {

using model::AttributeType;
using model::AttributeValue;

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

json::Document parse_json(std::string_view text) {
  json::Document doc;
  const std::string error = json::parse(text, doc);
  EXPECT_EQ(error, "") << text;
  return doc;
}

AttributeValue av(std::string_view text) {
  json::Document doc = parse_json(text);
  return parse_attribute_value(doc);
}

std::string write_av(const AttributeValue& value) {
  rapidjson::StringBuffer buffer;
  json::Writer writer(buffer);
  write_attribute_value(writer, value);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string write_whole_item(const model::Item& item) {
  rapidjson::StringBuffer buffer;
  json::Writer writer(buffer);
  write_item(writer, item);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// Compact JSON of `text`, for comparing documents independent of spacing.
std::string normalised(std::string_view text) { return json::to_string(parse_json(text)); }

struct Failure {
  std::string name;
  std::string message;
  int status = 0;
};

// The DynamoError parsing `text` as an AttributeValue raises ("" name if none).
Failure av_error(std::string_view text, ValueWording wording = ValueWording::kOlder) {
  json::Document doc = parse_json(text);
  try {
    parse_attribute_value(doc, wording);
  } catch (const DynamoError& e) {
    return {e.name(), e.message(), e.http_status()};
  }
  return {};
}

Failure item_error(std::string_view text) {
  json::Document doc = parse_json(text);
  try {
    parse_item(doc);
  } catch (const DynamoError& e) {
    return {e.name(), e.message(), e.http_status()};
  }
  return {};
}

void expect_validation(std::string_view text, std::string_view message,
                       ValueWording wording = ValueWording::kOlder) {
  const Failure f = av_error(text, wording);
  EXPECT_EQ(f.name, "ValidationException") << text;
  EXPECT_EQ(f.message, message) << text;
  EXPECT_EQ(f.status, 400) << text;
}

void expect_serialization(std::string_view text, std::string_view message) {
  const Failure f = av_error(text);
  EXPECT_EQ(f.name, "SerializationException") << text;
  EXPECT_EQ(f.message, message) << text;
  EXPECT_EQ(f.status, 400) << text;
}

// ---- Round trips ----------------------------------------------------------------------------

TEST(WireRoundTripTest, EveryTypeSurvivesJsonToModelToJson) {
  for (const char* text : {
           R"({"S":"hello"})",
           R"({"S":""})",
           R"({"S":"h\u00e9 \"quoted\" \\ back"})",
           R"({"N":"-12.5"})",
           R"({"N":"0"})",
           R"({"B":"AAEC/w=="})",
           R"({"B":""})",
           R"({"BOOL":true})",
           R"({"BOOL":false})",
           R"({"NULL":true})",
           R"({"M":{}})",
           R"({"M":{"a":{"S":"x"},"b":{"M":{"c":{"N":"1"}}}}})",
           R"({"L":[]})",
           R"({"L":[{"S":"x"},{"L":[{"NULL":true}]},{"N":"2"}]})",
           R"({"SS":["b","a"]})",
           R"({"NS":["1","-2.5"]})",
           R"({"BS":["AA==","/w=="]})",
       }) {
    EXPECT_EQ(write_av(av(text)), normalised(text)) << text;
  }
}

TEST(WireRoundTripTest, ParsedValuesHaveTheRightTypeAndPayload) {
  EXPECT_EQ(av(R"({"S":"x"})"), AttributeValue::string("x"));
  EXPECT_EQ(av(R"({"N":"1.50"})"), AttributeValue::number("1.5"));
  EXPECT_EQ(av(R"({"B":"eHk="})"), AttributeValue::binary("xy"));
  EXPECT_EQ(av(R"({"BOOL":false})"), AttributeValue::boolean(false));
  EXPECT_EQ(av(R"({"NULL":true})"), AttributeValue::null());
  EXPECT_EQ(av(R"({"M":{"k":{"S":"v"}}})"), AttributeValue::map({{"k", AttributeValue::string("v")}}));
  EXPECT_EQ(av(R"({"L":[{"N":"1"}]})"), AttributeValue::list({AttributeValue::number("1")}));
  EXPECT_EQ(av(R"({"SS":["a","b"]})"), AttributeValue::set(AttributeType::kStringSet, {"b", "a"}));
  EXPECT_EQ(av(R"({"NS":["10","1E-1"]})"), AttributeValue::set(AttributeType::kNumberSet, {"0.1", "10"}));
  EXPECT_EQ(av(R"({"BS":["eA=="]})"), AttributeValue::set(AttributeType::kBinarySet, {"x"}));
}

TEST(WireRoundTripTest, NumbersAreCanonicalisedOnTheWayIn) {
  EXPECT_EQ(write_av(av(R"({"N":"1e2"})")), R"({"N":"100"})");
  EXPECT_EQ(write_av(av(R"({"N":"+001.500"})")), R"({"N":"1.5"})");
  EXPECT_EQ(write_av(av(R"({"N":"-0"})")), R"({"N":"0"})");
  EXPECT_EQ(write_av(av(R"({"NS":["1.0","2E0","0.30"]})")), R"({"NS":["1","2","0.3"]})");
}

TEST(WireRoundTripTest, BinaryDecodesToRawBytesAndReEncodes) {
  const AttributeValue b = av(R"({"B":"AAEC/w=="})");
  EXPECT_EQ(b.scalar(), std::string("\x00\x01\x02\xff", 4));
  EXPECT_EQ(write_av(b), R"({"B":"AAEC/w=="})");
  const AttributeValue bs = av(R"({"BS":["AA==","AAA=","/w=="]})");
  EXPECT_EQ(bs.set_members(), (std::vector<std::string>{std::string(1, '\0'), std::string(2, '\0'), "\xff"}));
  EXPECT_EQ(write_av(bs), R"({"BS":["AA==","AAA=","/w=="]})");
}

TEST(WireRoundTripTest, ItemWithAllTenTypesRoundTrips) {
  const std::string text =
      R"({"b":{"B":"YWJj"},"bool":{"BOOL":true},"bs":{"BS":["YQ=="]},"l":{"L":[{"S":"x"}]},)"
      R"("m":{"M":{"inner":{"NULL":true}}},"n":{"N":"42"},"ns":{"NS":["1","2"]},"null":{"NULL":true},)"
      R"("s":{"S":"str"},"ss":{"SS":["x","y"]}})";
  json::Document doc = parse_json(text);
  const model::Item item = parse_item(doc);
  EXPECT_EQ(item.size(), 10u);
  EXPECT_EQ(write_whole_item(item), text);  // names come out sorted, as written
  json::Document again = parse_json(write_whole_item(item));
  EXPECT_EQ(parse_item(again), item);
}

TEST(WireRoundTripTest, NullMembersCountAsAbsent) {
  // The deserializer drops explicit nulls: in items, in AttributeValues, in lists and sets.
  json::Document doc = parse_json(R"({"a":null,"b":{"S":null,"N":"1"},"c":{"L":[null,{"S":"x"}]},"d":{"SS":["y",null]}})");
  const model::Item item = parse_item(doc);
  EXPECT_FALSE(item.contains("a"));
  EXPECT_EQ(item.at("b"), AttributeValue::number("1"));
  EXPECT_EQ(item.at("c"), AttributeValue::list({AttributeValue::string("x")}));
  EXPECT_EQ(item.at("d"), AttributeValue::set(AttributeType::kStringSet, {"y"}));
}

// ---- AttributeValue validation --------------------------------------------------------------

TEST(WireValidationTest, EmptyAttributeValue) {
  const std::string message = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
  expect_validation("{}", message);
  expect_validation(R"({"S":null})", message);
}

TEST(WireValidationTest, UnknownTypeKeyAloneIsAnEmptyValue) {
  expect_validation(R"({"X":"a"})",
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  expect_validation(R"({"s":"lowercase"})",
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
}

TEST(WireValidationTest, TwoTypesSet) {
  const std::string message =
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
  expect_validation(R"({"S":"a","N":"1"})", message);
  expect_validation(R"({"NULL":true,"BOOL":true})", message);
  expect_validation(R"({"SS":["a"],"L":[]})", message);
}

TEST(WireValidationTest, NullMustBeTrue) {
  expect_validation(R"({"NULL":false})",
                    std::string(kInvalid) + "Null attribute value types must have the value of true");
}

TEST(WireValidationTest, EmptyStringAndNumberSetsWithDynamoDbsDoubleSpace) {
  expect_validation(R"({"SS":[]})", std::string(kInvalid) + "An string set  may not be empty");
  expect_validation(R"({"NS":[]})", std::string(kInvalid) + "An number set  may not be empty");
  // A set of nothing but nulls is empty too.
  expect_validation(R"({"SS":[null]})", std::string(kInvalid) + "An string set  may not be empty");
}

TEST(WireValidationTest, EmptyBinarySetUsesItsOwnWording) {
  // dynalite's putItem/batchWriteItem tests, recorded against AWS: the BS text differs.
  expect_validation(R"({"BS":[]})", std::string(kInvalid) + "Binary sets should not be empty");
  expect_validation(R"({"BS":[null]})", std::string(kInvalid) + "Binary sets should not be empty");
}

TEST(WireValidationTest, DuplicateStringSetMembers) {
  expect_validation(R"({"SS":["a","a"]})", std::string(kInvalid) + "Input collection [a, a] contains duplicates.");
  expect_validation(R"({"SS":["x","a","x"]})",
                    std::string(kInvalid) + "Input collection [x, a, x] contains duplicates.");
}

TEST(WireValidationTest, DuplicateNumberSetMembersByNumericValue) {
  expect_validation(R"({"NS":["1","1"]})", "Input collection contains duplicates");
  expect_validation(R"({"NS":["1","1.0"]})", "Input collection contains duplicates");
  expect_validation(R"({"NS":["100","1E2","5"]})", "Input collection contains duplicates");
  // Numerically distinct members are fine.
  EXPECT_EQ(av(R"({"NS":["1","1.01","-1"]})").set_members().size(), 3u);
}

TEST(WireValidationTest, DuplicateBinarySetMembersEchoTheBase64) {
  expect_validation(R"({"BS":["Yg==","Yg=="]})",
                    std::string(kInvalid) + "Input collection [Yg==, Yg==]of type BS contains duplicates.");
}

TEST(WireValidationTest, DuplicatesInsideNestedDocumentsAreFound) {
  const Failure f = item_error(R"({"m":{"M":{"inner":{"L":[{"SS":["z","z"]}]}}}})");
  EXPECT_EQ(f.name, "ValidationException");
  EXPECT_EQ(f.message, std::string(kInvalid) + "Input collection [z, z] contains duplicates.");
}

// The current wording (PutItem, UpdateItem, DeleteItem enveloped; GetItem,
// BatchGetItem, Query bare), as captured on 2026-10-09
// (paritysuite/dynamodb-conformance valueLayers.test.ts).
TEST(WireValidationTest, CurrentWordingOfDuplicateSetMembers) {
  const auto current = ValueWording::kCurrent;
  expect_validation(R"({"SS":["b","a","b"]})",
                    std::string(kInvalid) + R"(Input collection ["a", "b", "b"] contains duplicates.)", current);
  expect_validation(R"({"SS":["a","a"]})", std::string(kInvalid) + R"(Input collection ["a", "a"] contains duplicates.)",
                    current);
  // Byte order up to the first repeat, then the repeat, then the rest as sent.
  expect_validation(R"({"SS":["c","b","c","a"]})",
                    std::string(kInvalid) + R"(Input collection ["b", "c", "c", "a"] contains duplicates.)", current);
  expect_validation(R"({"BS":["/w==","AA==","AA=="]})",
                    std::string(kInvalid) + R"(Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.)",
                    current);
  expect_validation(R"({"NS":["2","1","2"]})", std::string(kInvalid) + "Input collection contains duplicates.", current);
}

TEST(WireValidationTest, CurrentWordingOfAnEmptyNumberKeepsTheColon) {
  expect_validation(R"({"N":""})", "The parameter cannot be converted to a numeric value: ", ValueWording::kCurrent);
  expect_validation(R"({"N":"abc"})", "The parameter cannot be converted to a numeric value: abc",
                    ValueWording::kCurrent);
}

TEST(WireValidationTest, EnvelopedWordingWrapsEveryValueError) {
  const auto enveloped = ValueWording::kCurrentEnveloped;
  const std::string one = "1 validation error detected: ";
  expect_validation(R"({"SS":["b","a","b"]})",
                    one + std::string(kInvalid) + R"(Input collection ["a", "b", "b"] contains duplicates.)", enveloped);
  expect_validation(R"({"NULL":false})", one + std::string(kInvalid) + "Null attribute value types must have the value of true",
                    enveloped);
  expect_validation(R"({"SS":[]})", one + std::string(kInvalid) + "An string set  may not be empty", enveloped);
  expect_validation(R"({"N":"1e126"})", one + std::string(model::kNumberOverflowMessage), enveloped);
  expect_validation(R"({"M":{"x":{"L":[{"N":"abc"}]}}})", one + "The parameter cannot be converted to a numeric value: abc",
                    enveloped);
  // Malformed JSON types stay SerializationExceptions, unwrapped.
  const Failure f = av_error(R"({"S":1})", enveloped);
  EXPECT_EQ(f.name, "SerializationException");
}

TEST(WireValidationTest, InvalidNumberText) {
  expect_validation(R"({"N":"abc"})", "The parameter cannot be converted to a numeric value: abc");
  expect_validation(R"({"N":""})", "The parameter cannot be converted to a numeric value");
  expect_validation(R"({"N":"1 "})", "The parameter cannot be converted to a numeric value: 1 ");
  expect_validation(R"({"N":"NaN"})", "The parameter cannot be converted to a numeric value: NaN");
  expect_validation(R"({"NS":["1","b"]})", "The parameter cannot be converted to a numeric value: b");
}

TEST(WireValidationTest, NumberOutOfRange) {
  expect_validation(R"({"N":"1e126"})", std::string(model::kNumberOverflowMessage));
  expect_validation(R"({"N":"-1e126"})", std::string(model::kNumberOverflowMessage));
  expect_validation(R"({"N":"1e-131"})", std::string(model::kNumberUnderflowMessage));
  expect_validation(R"({"N":"123456789012345678901234567890123456789"})",
                    std::string(model::kNumberTooManyDigitsMessage));
  expect_validation(R"({"NS":["1","1e126"]})", std::string(model::kNumberOverflowMessage));
}

TEST(WireValidationTest, BadBase64) {
  expect_serialization(R"({"B":"abc"})", "Base64 encoded length is expected a multiple of 4 bytes but found: 3");
  expect_serialization(R"({"B":"abcde"})", "Base64 encoded length is expected a multiple of 4 bytes but found: 5");
  expect_serialization(R"({"B":"ab!d"})", "Invalid Base64 encoding");
  expect_serialization(R"({"B":"ab-_"})", "Invalid Base64 encoding");
  expect_serialization(R"({"BS":["AA==","a"]})",
                       "Base64 encoded length is expected a multiple of 4 bytes but found: 1");
  expect_serialization(R"({"BS":["AA==","a*=="]})", "Invalid Base64 encoding");
}

TEST(WireValidationTest, WrongJsonTypesAreSerializationErrors) {
  const std::string unexpected = "Unexpected value type in payload";
  const std::string structure = "Start of structure or map found where not expected.";
  const std::string list = "Start of list found where not expected";
  expect_serialization(R"({"S":1})", unexpected);
  expect_serialization(R"({"S":true})", unexpected);
  expect_serialization(R"({"S":{}})", structure);
  expect_serialization(R"({"S":[]})", list);
  expect_serialization(R"({"N":1})", unexpected);
  expect_serialization(R"({"B":1})", unexpected);
  expect_serialization(R"({"BOOL":"true"})", unexpected);
  expect_serialization(R"({"NULL":"true"})", unexpected);
  expect_serialization(R"({"NULL":1})", unexpected);
  expect_serialization(R"({"M":[]})", list);
  expect_serialization(R"({"M":"x"})", unexpected);
  expect_serialization(R"({"L":{}})", structure);
  expect_serialization(R"({"SS":"a"})", unexpected);
  expect_serialization(R"({"SS":[1]})", unexpected);
  expect_serialization(R"({"NS":[1]})", unexpected);
  expect_serialization(R"({"BS":[{}]})", structure);
  expect_serialization(R"({"L":["x"]})", unexpected);
  expect_serialization(R"({"M":{"a":"x"}})", unexpected);
  expect_serialization(R"("x")", unexpected);
  expect_serialization("[]", list);
}

TEST(WireValidationTest, ItemMustBeAnObject) {
  EXPECT_EQ(item_error("[]").message, "Start of list found where not expected");
  EXPECT_EQ(item_error("[]").name, "SerializationException");
  EXPECT_EQ(item_error("1").message, "Unexpected value type in payload");
  EXPECT_EQ(item_error(R"({"a":"x"})").message, "Unexpected value type in payload");
}

// Wraps {"S":"leaf"} in `wraps` single-key maps (or lists): with the attribute
// itself as level 1, the leaf is at level wraps + 1.
std::string nested(int wraps, bool lists) {
  std::string text = R"({"S":"leaf"})";
  for (int i = 0; i < wraps; ++i) text = lists ? R"({"L":[)" + text + "]}" : R"({"M":{"n":)" + text + "}}";
  return text;
}

TEST(WireNestingTest, ThirtyOneWrapsAreAccepted) {
  // DynamoDB's deepest: leaf at level 32 (paritysuite nestingDepth, captured against AWS).
  EXPECT_EQ(av_error(nested(31, false)).name, "");
  EXPECT_EQ(av_error(nested(31, true)).name, "");
  json::Document doc = parse_json(R"({"attr":)" + nested(31, false) + "}");
  EXPECT_EQ(parse_item(doc).size(), 1u);
}

TEST(WireNestingTest, FarTooDeepIsRejected) {
  for (int wraps : {33, 40}) {
    for (bool lists : {false, true}) {
      const Failure f = av_error(nested(wraps, lists));
      EXPECT_EQ(f.name, "ValidationException") << wraps;
      EXPECT_EQ(f.message, "Nesting Levels have exceeded supported limits");
    }
  }
}

// Real DynamoDB accepts 31 wraps (leaf at level 32) and rejects 32 (leaf at level 33), per
// paritysuite/dynamodb-conformance's nesting-depth test "captured against eu-west-2 real DynamoDB".
TEST(WireNestingTest, ThirtyTwoWrapsAreRejected) {
  for (bool lists : {false, true}) {
    const Failure f = av_error(nested(32, lists));
    EXPECT_EQ(f.name, "ValidationException");
  }
}

TEST(WireNestingTest, NestingErrorUsesDynamoDbsText) {
  const Failure f = av_error(nested(40, false));
  EXPECT_EQ(f.name, "ValidationException");
  EXPECT_EQ(f.message, "Nesting Levels have exceeded supported limits");
}

// ---- Request member helpers ----------------------------------------------------------------

TEST(WireMembersTest, FindMemberTreatsNullAsAbsent) {
  json::Document doc = parse_json(R"({"a":1,"n":null})");
  EXPECT_NE(find_member(doc, "a"), nullptr);
  EXPECT_EQ(find_member(doc, "n"), nullptr);
  EXPECT_EQ(find_member(doc, "missing"), nullptr);
}

TEST(WireMembersTest, TypedGettersReturnValuesOrNullopt) {
  json::Document doc = parse_json(R"({"s":"text","b":true,"i":42,"big":-9000000000,"o":{},"arr":[1]})");
  EXPECT_EQ(get_string(doc, "s"), "text");
  EXPECT_EQ(get_bool(doc, "b"), true);
  EXPECT_EQ(get_integer(doc, "i"), 42);
  EXPECT_EQ(get_integer(doc, "big"), -9000000000);
  EXPECT_NE(get_object(doc, "o"), nullptr);
  EXPECT_NE(get_array(doc, "arr"), nullptr);
  EXPECT_EQ(get_string(doc, "none"), std::nullopt);
  EXPECT_EQ(get_bool(doc, "none"), std::nullopt);
  EXPECT_EQ(get_integer(doc, "none"), std::nullopt);
  EXPECT_EQ(get_object(doc, "none"), nullptr);
  EXPECT_EQ(get_array(doc, "none"), nullptr);
}

template <typename F>
Failure member_error(F&& f) {
  try {
    f();
  } catch (const DynamoError& e) {
    return {e.name(), e.message(), e.http_status()};
  }
  return {};
}

TEST(WireMembersTest, WrongMemberTypesAreSerializationErrors) {
  json::Document doc = parse_json(R"({"s":"text","b":true,"i":42,"o":{},"arr":[1],"huge":1e30})");
  auto f = member_error([&] { (void)get_string(doc, "i"); });
  EXPECT_EQ(f.name, "SerializationException");
  EXPECT_EQ(f.message, "Unexpected value type in payload");
  EXPECT_EQ(member_error([&] { (void)get_string(doc, "o"); }).message,
            "Start of structure or map found where not expected.");
  EXPECT_EQ(member_error([&] { (void)get_bool(doc, "s"); }).name, "SerializationException");
  EXPECT_EQ(member_error([&] { (void)get_integer(doc, "s"); }).name, "SerializationException");
  EXPECT_EQ(member_error([&] { (void)get_integer(doc, "huge"); }).name, "SerializationException");
  EXPECT_EQ(member_error([&] { (void)get_object(doc, "arr"); }).message, "Start of list found where not expected");
  EXPECT_EQ(member_error([&] { (void)get_array(doc, "o"); }).message,
            "Start of structure or map found where not expected.");
}

TEST(WireMembersTest, Crc32IsZlibsCrc32) {
  EXPECT_EQ(crc32_of(""), 0u);
  EXPECT_EQ(crc32_of("123456789"), 0xCBF43926u);  // the standard CRC-32 check value
  EXPECT_EQ(crc32_of("{}"), 2745614147u);
}

}  // namespace
}  // namespace dynastore::protocol
