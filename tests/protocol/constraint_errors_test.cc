#include "dynastore/protocol/constraint_errors.h"

#include <gtest/gtest.h>

#include <string>

#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::protocol {
namespace {

// The message throw_if_any() throws ("" when it does not throw).
std::string thrown_message(const ConstraintErrors& errors) {
  try {
    errors.throw_if_any();
  } catch (const DynamoError& e) {
    EXPECT_EQ(e.name(), "ValidationException");
    EXPECT_EQ(e.http_status(), 400);
    return e.message();
  }
  return "";
}

std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t count = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++count;
  return count;
}

TEST(ConstraintErrorsTest, NothingAddedThrowsNothing) {
  ConstraintErrors errors;
  EXPECT_TRUE(errors.empty());
  EXPECT_NO_THROW(errors.throw_if_any());
}

TEST(ConstraintErrorsTest, OneErrorUsesTheSingular) {
  ConstraintErrors errors;
  errors.add(ConstraintErrors::quoted("ab"), "tableName", "Member must have length greater than or equal to 3");
  EXPECT_FALSE(errors.empty());
  EXPECT_EQ(thrown_message(errors),
            "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 3");
}

TEST(ConstraintErrorsTest, SeveralErrorsUseThePluralJoinedBySemicolons) {
  ConstraintErrors errors;
  errors.add(ConstraintErrors::quoted("a!"), "tableName", "Member must have length greater than or equal to 3");
  errors.add(ConstraintErrors::quoted("a!"), "tableName",
             "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  EXPECT_EQ(thrown_message(errors),
            "2 validation errors detected: "
            "Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal "
            "to 3; "
            "Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: [a-zA-Z0-9_.-]+");
}

TEST(ConstraintErrorsTest, MissingMembersShowValueNullUnquoted) {
  ConstraintErrors errors;
  errors.add(ConstraintErrors::kNull, "keySchema", "Member must not be null");
  EXPECT_EQ(thrown_message(errors),
            "1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: "
            "Member must not be null");
}

TEST(ConstraintErrorsTest, QuotedWrapsInSingleQuotes) {
  EXPECT_EQ(ConstraintErrors::quoted("abc"), "'abc'");
  EXPECT_EQ(ConstraintErrors::quoted(""), "''");
  EXPECT_EQ(ConstraintErrors::kNull, "null");
}

TEST(ConstraintErrorsTest, ReportsAtMostTenErrors) {
  ConstraintErrors errors;
  for (int i = 1; i <= 13; ++i) {
    errors.add(ConstraintErrors::quoted(std::to_string(i)), "member" + std::to_string(i), "Member must be valid");
  }
  const std::string message = thrown_message(errors);
  EXPECT_TRUE(message.starts_with("10 validation errors detected: ")) << message;
  EXPECT_EQ(count_of(message, "failed to satisfy constraint"), 10u);
  EXPECT_EQ(count_of(message, "; "), 9u);
  EXPECT_NE(message.find("'member10'"), std::string::npos);
  EXPECT_EQ(message.find("'member11'"), std::string::npos);
}

}  // namespace
}  // namespace dynastore::protocol
