// PartiQL statements: what the parser makes of the text, and which request
// (and expressions) each statement becomes.
#include <gtest/gtest.h>

#include <string>

#include "api/partiql_requests.h"
#include "api/partiql_statement.h"
#include "api/partiql_values.h"
#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api::partiql {
namespace {

using protocol::DynamoError;

std::string error_of(std::string_view text, const json::Value* parameters = nullptr) {
  try {
    parse(text, parameters);
  } catch (const DynamoError& e) {
    return e.name() + ": " + e.message();
  }
  return "";
}

TEST(PartiqlParserTest, LiteralsBecomeAttributeValues) {
  const Statement s = parse(
      "insert into \"T\" value {'s': 'it''s', 'n': -1.5e3, 'b': TRUE, 'z': null, 'l': [1, 'a'], "
      "'ss': <<'x', 'y'>>, 'ns': <<1, 2>>, 'm': {\"q\": {}}}",
      nullptr);
  EXPECT_EQ(s.kind, Statement::Kind::kInsert);
  EXPECT_EQ(s.table, "T");
  EXPECT_EQ(s.item_json,
            R"({"M":{"s":{"S":"it's"},"n":{"N":"-1.5e3"},"b":{"BOOL":true},"z":{"NULL":true},)"
            R"("l":{"L":[{"N":"1"},{"S":"a"}]},"ss":{"SS":["x","y"]},"ns":{"NS":["1","2"]},"m":{"M":{"q":{"M":{}}}}}})");
}

TEST(PartiqlParserTest, ParametersAreTakenInOrder) {
  json::Document parameters;
  ASSERT_TRUE(json::parse(R"([{"S":"a"},{"N":"2"},{"B":"AQ=="}])", parameters).empty());
  const Statement s = parse("SELECT * FROM t WHERE k = ? AND n < ? AND contains(bs, ?)", &parameters);
  ASSERT_TRUE(s.where);
  ASSERT_EQ(s.where->kind, Condition::Kind::kAnd);
  ASSERT_EQ(s.where->children.size(), 3u);
  EXPECT_EQ(s.where->children[0].operands[1].value_json, R"({"S":"a"})");
  EXPECT_EQ(s.where->children[1].operands[1].value_json, R"({"N":"2"})");
  EXPECT_EQ(s.where->children[2].op, "contains");
  EXPECT_EQ(s.where->children[2].operands[1].value_json, R"({"B":"AQ=="})");

  EXPECT_EQ(error_of("SELECT * FROM t WHERE k = ? AND n = ?", &parameters),
            "ValidationException: Number of parameters in request and statement don't match.");
  EXPECT_EQ(error_of("SELECT * FROM t WHERE k = ?"),
            "ValidationException: Number of parameters in request and statement don't match.");
}

TEST(PartiqlNumbersTest, ReadAsDynamoDbReadsThem) {
  EXPECT_EQ(check_number("7.31e6"), NumberProblem::kNone);
  EXPECT_EQ(check_number(".73e1"), NumberProblem::kNone);
  EXPECT_EQ(check_number("-.73e1"), NumberProblem::kNone);
  EXPECT_EQ(check_number("1e126"), NumberProblem::kOverflow);
  EXPECT_EQ(check_number("1e-131"), NumberProblem::kUnderflow);
  EXPECT_EQ(check_number("123456789012345678901234567890123456789"), NumberProblem::kTooManyDigits);
  // An exponent, or the scale it leaves, past a 32-bit integer cannot be converted...
  for (const char* text : {"1e2147483648", "1e-2147483648", "1e99999999999", "1.5e-2147483647", "", "abc", "1e", "."}) {
    EXPECT_EQ(check_number(text), NumberProblem::kUnconvertible) << text;
  }
  // ... and the magnitude is checked in 32-bit arithmetic, which wraps.
  EXPECT_EQ(check_number("1e2147483647"), NumberProblem::kUnderflow);
}

TEST(PartiqlNumbersTest, ParametersAreCheckedInDocumentOrder) {
  auto error_of_parameters = [](std::string_view text) {
    json::Document parameters;
    EXPECT_TRUE(json::parse(text, parameters).empty());
    try {
      check_parameters(parameters);
    } catch (const DynamoError& e) {
      return e.message();
    }
    return std::string();
  };
  std::string deep = R"({"S":"leaf"})";
  for (int i = 0; i < 40; ++i) deep = R"({"M":{"n":)" + deep + "}}";
  const std::string nested =
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";
  EXPECT_EQ(error_of_parameters("[" + deep + R"(,{"N":"abc"}])"), nested);
  EXPECT_EQ(error_of_parameters(R"([{"N":"abc"},)" + deep + "]"),
            "The parameter cannot be converted to a numeric value: abc");
  EXPECT_EQ(error_of_parameters(R"([{"NS":["1","1e99999999999"]}])"),
            "The parameter cannot be converted to a numeric value: 1e99999999999");
  EXPECT_EQ(error_of_parameters(R"([{"N":""}])"), "The parameter cannot be converted to a numeric value");
  EXPECT_EQ(error_of_parameters(R"([{"N":"1e2147483647"}])"),
            "Number underflow. Attempting to store a number with magnitude smaller than supported range");
  EXPECT_EQ(error_of_parameters(R"([{"L":[{"N":"1"},{"M":{"x":{"N":"2"}}}]}])"), "");
}

TEST(PartiqlParserTest, PathsProjectionsAndIndexes) {
  const Statement s = parse("SELECT a.b[2].c, \"odd name\" FROM \"t\".\"i\" WHERE x[0] IS NOT MISSING", nullptr);
  ASSERT_EQ(s.projection.size(), 2u);
  ASSERT_EQ(s.projection[0].size(), 4u);
  EXPECT_EQ(s.projection[0][1].name, "b");
  EXPECT_TRUE(s.projection[0][2].is_index);
  EXPECT_EQ(s.projection[0][2].index, 2u);
  EXPECT_EQ(s.projection[1][0].name, "odd name");
  EXPECT_EQ(s.index, "i");
  EXPECT_EQ(s.where->kind, Condition::Kind::kNotMissing);
}

TEST(PartiqlParserTest, UpdateActionsAndReturning) {
  const Statement s = parse(
      "UPDATE t SET a = a + 1, b = list_append(b, [2]) SET c = set_add(c, <<'x'>>) REMOVE d, e.f "
      "WHERE k = 'x' RETURNING MODIFIED OLD *",
      nullptr);
  ASSERT_EQ(s.actions.size(), 5u);
  EXPECT_EQ(s.actions[0].kind, UpdateAction::Kind::kPlus);
  EXPECT_EQ(s.actions[1].kind, UpdateAction::Kind::kListAppend);
  EXPECT_EQ(s.actions[2].kind, UpdateAction::Kind::kSetAdd);
  EXPECT_EQ(s.actions[3].kind, UpdateAction::Kind::kRemove);
  EXPECT_EQ(s.actions[4].path.size(), 2u);
  EXPECT_EQ(s.returning, "UPDATED_OLD");
  EXPECT_NE(error_of("UPDATE t SET c = set_add(other, <<'x'>>) WHERE k = 'x'"), "");
  // Written FROM first, with the clauses after WHERE.
  const Statement from_first = parse("FROM t WHERE k = 'x' SET a = 1 REMOVE b RETURNING ALL OLD *", nullptr);
  EXPECT_EQ(from_first.kind, Statement::Kind::kUpdate);
  EXPECT_EQ(from_first.actions.size(), 2u);
  EXPECT_EQ(from_first.returning, "ALL_OLD");
}

TEST(PartiqlParserTest, MalformedStatementsAreValidationErrors) {
  const std::string prefix = "ValidationException: Statement wasn't well formed, can't be processed: ";
  for (const char* text : {"", "SELEC * FROM t", "SELECT * FROM t WHERE", "SELECT * FROM t WHERE a = 'unterminated",
                           "INSERT INTO t VALUE {'a' 1}", "INSERT INTO t VALUE {'s': <<1, 'a'>>}",
                           "UPDATE t WHERE k = 1", "DELETE FROM t", "SELECT * FROM t WHERE a[x] = 1",
                           "SELECT * FROM t WHERE a = 1 #", "SELECT * FROM t /* open"}) {
    EXPECT_EQ(error_of(text).substr(0, prefix.size()), prefix) << text;
  }
  // DynamoDB's own details, where observed.
  EXPECT_EQ(error_of("SELECT * FROM t WHERE"), prefix + "Unexpected term");
  EXPECT_EQ(error_of("SELECT * FROM t WHERE pk = 1)"), prefix + "Unexpected token after expression");
  EXPECT_EQ(error_of("DELETE FROM t WHERE pk = 1 ORDER BY pk"), prefix + "Unexpected token after expression");
  EXPECT_EQ(error_of("SELECT * FROM t WHERE pk = 1 # note"), prefix);
  EXPECT_EQ(error_of("SELECT * FROM t WHERE m.inner = 1"), prefix + "Invalid path dot component");
  EXPECT_EQ(error_of("SELECT * FROM t WHERE pk = 1e2147483648"), prefix);
  EXPECT_EQ(error_of("SELECT * FROM t WHERE pk = 1e126"),
            "ValidationException: Number overflow. Attempting to store a number with magnitude larger than supported "
            "range under root");
  EXPECT_EQ(error_of("INSERT INTO t VALUE {'pk': 1, 'l': [1, 1e-131]}"),
            "ValidationException: Number underflow. Attempting to store a number with magnitude smaller than "
            "supported range under root[1]");
  for (const char* text : {"SELECT * FROM t x WHERE pk = 1", "SELECT * FROM t AS x", "UPDATE t x SET a = 1 WHERE k = 1",
                           "DELETE FROM t x WHERE k = 1"}) {
    EXPECT_EQ(error_of(text), "ValidationException: Aliasing is not supported") << text;
  }
  EXPECT_EQ(error_of("INSERT INTO t VALUE {'s': <<>>}"), "ValidationException: Empty bags are not supported");
  const std::string exists = "SELECT * FROM t WHERE pk = 1 AND EXISTS(a)";
  EXPECT_EQ(error_of(exists), "ValidationException: Unrecognized function: exists at 1:" +
                                  std::to_string(exists.find("EXISTS") + 1) + ":6");
  EXPECT_EQ(error_of("SELECT * FROM t WHERE attribute_exists()"),
            "ValidationException: Incorrect number of operands for operator or function; operator or function: "
            "attribute_exists, number of operands: 0");
  const std::string set_add = "UPDATE t SET s = set_add(other, <<'x'>>) WHERE k = 1";
  EXPECT_EQ(error_of(set_add), "ValidationException: The first argument to SET_ADD must equal the assignment value at 1:" +
                                   std::to_string(set_add.find("set_add") + 1) + ":7");
  std::string deep = "INSERT INTO t VALUE {'a': ";
  for (int i = 0; i < 200; ++i) deep += "[";
  EXPECT_EQ(error_of(deep).substr(0, prefix.size()), prefix);
  // Nesting is bounded before it could exhaust a thread's stack.
  EXPECT_EQ(error_of("SELECT * FROM t WHERE " + std::string(4000, '(') + "a = 1" + std::string(4000, ')')),
            prefix + "Condition nested too deeply");
  std::string negations = "SELECT * FROM t WHERE ";
  for (int i = 0; i < 2000; ++i) negations += "NOT ";
  EXPECT_EQ(error_of(negations + "a = 1"), prefix + "Condition nested too deeply");
}

catalog::TableInfo range_table() {
  catalog::TableInfo table;
  table.name = "t";
  table.key_schema.hash = {"pk", model::ScalarType::kString};
  table.key_schema.range = model::KeyAttribute{"sk", model::ScalarType::kNumber};
  return table;
}

// The request a statement becomes, as JSON, and its operation.
std::pair<Operation, std::string> request_of(std::string_view text, Use use = Use::kAlone) {
  const catalog::TableInfo table = range_table();
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  const Operation operation = write_request(parse(text, nullptr), table, use, writer);
  writer.EndObject();
  return {operation, std::string(buffer.GetString(), buffer.GetSize())};
}

TEST(PartiqlRequestsTest, SelectWithThePartitionKeyIsAQuery) {
  auto [operation, body] = request_of("SELECT * FROM t WHERE pk = 'a' AND 3 < sk AND x = 1");
  EXPECT_EQ(operation, Operation::kQuery);
  EXPECT_EQ(body,
            R"({"TableName":"t","KeyConditionExpression":"#n0 = :v0 AND #n1 > :v1","FilterExpression":"#n2 = :v2",)"
            R"("ExpressionAttributeNames":{"#n0":"pk","#n1":"sk","#n2":"x"},)"
            R"("ExpressionAttributeValues":{":v0":{"S":"a"},":v1":{"N":"3"},":v2":{"N":"1"}}})");
}

TEST(PartiqlRequestsTest, OrderByIsTheQuerysDirection) {
  EXPECT_EQ(request_of("SELECT * FROM t WHERE pk = 'a' ORDER BY sk DESC").second,
            R"({"TableName":"t","ScanIndexForward":false,"KeyConditionExpression":"#n0 = :v0",)"
            R"("ExpressionAttributeNames":{"#n0":"pk"},"ExpressionAttributeValues":{":v0":{"S":"a"}}})");
  EXPECT_EQ(request_of("SELECT * FROM t WHERE pk = 'a' ORDER BY pk, sk ASC").second,
            R"({"TableName":"t","KeyConditionExpression":"#n0 = :v0",)"
            R"("ExpressionAttributeNames":{"#n0":"pk"},"ExpressionAttributeValues":{":v0":{"S":"a"}}})");
  for (const char* text : {"SELECT * FROM t ORDER BY sk", "SELECT * FROM t WHERE pk = 'a' ORDER BY x DESC"}) {
    try {
      request_of(text);
      ADD_FAILURE() << text;
    } catch (const DynamoError& e) {
      EXPECT_EQ(e.name(), "ValidationException") << text;
    }
  }
}

TEST(PartiqlRequestsTest, SelectAKeyConditionCannotExpressIsAScan) {
  for (const char* text : {"SELECT * FROM t", "SELECT * FROM t WHERE x = 1", "SELECT * FROM t WHERE pk = 'a' OR x = 1",
                           "SELECT * FROM t WHERE pk = 'a' AND sk <> 1", "SELECT * FROM t WHERE pk IN ['a', 'b']",
                           "SELECT * FROM t WHERE pk = 'a' AND sk > 1 AND sk < 5"}) {
    EXPECT_EQ(request_of(text).first, Operation::kScan) << text;
  }
  EXPECT_EQ(request_of("SELECT * FROM t WHERE pk = 'a' AND (x = 1 OR y = 2)").second,
            R"j({"TableName":"t","KeyConditionExpression":"#n0 = :v0","FilterExpression":"(#n1 = :v1 OR #n2 = :v2)",)j"
            R"("ExpressionAttributeNames":{"#n0":"pk","#n1":"x","#n2":"y"},)"
            R"("ExpressionAttributeValues":{":v0":{"S":"a"},":v1":{"N":"1"},":v2":{"N":"2"}}})");
}

TEST(PartiqlRequestsTest, WritesNameTheirItemByItsFullKey) {
  auto [operation, body] = request_of("UPDATE t SET a = 1 WHERE sk = 2 AND pk = 'a' AND b > 0 RETURNING ALL NEW *");
  EXPECT_EQ(operation, Operation::kUpdateItem);
  EXPECT_EQ(body,
            R"({"TableName":"t","Key":{"pk":{"S":"a"},"sk":{"N":"2"}},"UpdateExpression":"SET #n2 = :v1",)"
            R"("ConditionExpression":"attribute_exists(#n0) AND #n1 > :v0",)"
            R"("ExpressionAttributeNames":{"#n0":"pk","#n1":"b","#n2":"a"},)"
            R"("ExpressionAttributeValues":{":v0":{"N":"0"},":v1":{"N":"1"}},"ReturnValues":"ALL_NEW"})");
  // In a transaction an item carries no ReturnValues.
  EXPECT_EQ(request_of("DELETE FROM t WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD *", Use::kInTransaction).second,
            R"({"TableName":"t","Key":{"pk":{"S":"a"},"sk":{"N":"1"}}})");
  EXPECT_EQ(request_of("SELECT a FROM t WHERE pk = 'a' AND sk = 1", Use::kInBatch).first, Operation::kGetItem);
  // EXISTS: that the item is there and meets the other conditions.
  EXPECT_EQ(request_of("EXISTS(SELECT * FROM t WHERE pk = 'a' AND sk = 1 AND v <> 2)", Use::kInTransaction),
            std::make_pair(Operation::kConditionCheck,
                           std::string(R"({"TableName":"t","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},)"
                                       R"("ConditionExpression":"attribute_exists(#n0) AND #n1 <> :v0",)"
                                       R"("ExpressionAttributeNames":{"#n0":"pk","#n1":"v"},)"
                                       R"("ExpressionAttributeValues":{":v0":{"N":"2"}}})")));

  for (const char* text : {"UPDATE t SET a = 1 WHERE pk = 'a'", "DELETE FROM t WHERE pk = 'a' OR sk = 1",
                           "SELECT * FROM t WHERE pk = 'a'", "EXISTS(SELECT * FROM t WHERE pk = 'a' AND sk = 1)"}) {
    try {
      request_of(text, Use::kInBatch);
      ADD_FAILURE() << text;
    } catch (const DynamoError& e) {
      EXPECT_EQ(e.name(), "ValidationException") << text;
    }
  }
}

}  // namespace
}  // namespace dynastore::api::partiql
