// Collects model-constraint violations the way DynamoDB's request validator
// reports them: "2 validation errors detected: Value 'x' at 'tableName'
// failed to satisfy constraint: Member must ...; Value null at ...".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dynastore::protocol {

class ConstraintErrors {
 public:
  // `shown_value` is the value as DynamoDB prints it: quoted text ('abc'),
  // or null for a missing member — use quoted() / kNull.
  void add(std::string_view shown_value, std::string_view path, std::string_view constraint);
  // The newer validation framework's form, which echoes no value and
  // capitalises the member: "Value at 'RequestItems' failed to satisfy
  // constraint: ..." (captures from 2026 on; DynamoDB uses it for some
  // members only).
  void add_unechoed(std::string_view path, std::string_view constraint);
  bool empty() const { return errors_.empty(); }
  // Throws DynamoError::validation with the combined message if any were added.
  void throw_if_any() const;

  static std::string quoted(std::string_view value) { return "'" + std::string(value) + "'"; }
  static constexpr std::string_view kNull = "null";
  // A map keyed by table names with a key that breaks the name's rules
  // (BatchGetItem's and BatchWriteItem's RequestItems): all the rules,
  // reported once for the map.
  static constexpr std::string_view kTableNameKeys =
      "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have "
      "length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";

 private:
  std::vector<std::string> errors_;
};

}  // namespace dynastore::protocol
