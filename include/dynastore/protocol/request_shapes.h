// The request shapes of the operations this server implements, as
// botocore's service models describe them: members, which are required,
// lengths, value ranges, enum sets and patterns. The tables are generated
// (src/protocol/request_shapes_generated.cc, by tools/gen_request_shapes.py);
// request_validator.h checks a request against them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

namespace dynastore::protocol {

// One per implemented operation's input shape.
enum class RequestShape : std::uint8_t {
  kNone,  // no checks (an operation without an input shape)
  kBatchExecuteStatement,
  kBatchGetItem,
  kBatchWriteItem,
  kCreateTable,
  kDeleteItem,
  kDeleteTable,
  kDescribeEndpoints,
  kDescribeLimits,
  kDescribeTable,
  kDescribeTimeToLive,
  kExecuteStatement,
  kExecuteTransaction,
  kGetItem,
  kListTables,
  kListTagsOfResource,
  kPutItem,
  kQuery,
  kScan,
  kTagResource,
  kTransactGetItems,
  kTransactWriteItems,
  kUntagResource,
  kUpdateItem,
  kUpdateTable,
  kUpdateTimeToLive,
  kDescribeStream,
  kGetRecords,
  kGetShardIterator,
  kListStreams,
};

namespace shapes {

enum class ShapeKind : std::uint8_t {
  kStructure,
  kList,
  kMap,
  kString,
  kInteger,  // a Java Integer
  kLong,
  kBoolean,
  kDouble,
  kBlob,
  kTimestamp,
  // Checked by rules of their own (tools/gen_request_shapes.py says why):
  kTableNameOrArn,  // a table name (3..255 of [a-zA-Z0-9_.-]) or a table ARN
  kOpaque,          // an AttributeValue: protocol/wire.h validates it
};

enum class Pattern : std::uint8_t { kNone, kTableName };

// How a violation message shows the value: Java's toString of maps and lists
// ("{name=[...]}"), the value's JSON, or BatchWriteItem's write requests as
// its model's classes print themselves (protocol/write_request_echo.h).
enum class Echo : std::uint8_t { kToString, kJson, kWriteRequests };

inline constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::min();
// No modelled structure has more members (the generator checks).
inline constexpr std::size_t kMaxStructureMembers = 32;

struct Shape {
  ShapeKind kind;
  // Length (string, list, map, blob) or value (integer, long) bounds, or kNoLimit.
  std::int64_t min;
  std::int64_t max;
  std::uint16_t first_member;  // structure: its members are member(first_member + i)
  std::uint16_t member_count;  //   for i < member_count, in DynamoDB's reporting order
  std::uint16_t element;       // list: the element shape; map: the value shape
  std::uint16_t enum_first;    // enum values: enum_value(enum_first + i) for i < enum_count
  std::uint16_t enum_count;
  std::string_view enum_shown;  // the set as DynamoDB prints it: "[HASH, RANGE]"
  Pattern pattern;  // a string's; for a map, its keys' (kTableName: table names or ARNs)
  Echo echo;
};

struct Member {
  std::string_view name;       // as on the wire: "TableName"
  std::string_view path_name;  // as DynamoDB's messages name it: "tableName"
  std::uint16_t shape;
  bool required;
  // Its length violations in the validation framework's newer form, without
  // the value and under `name`: "Value at 'RequestItems' failed to ...".
  bool newer_form;
};

const Shape& shape(std::uint16_t index);
const Member& member(std::uint16_t index);
std::string_view enum_value(std::uint16_t index);
// The input shape of `request`, or nullptr for kNone.
const Shape* input_shape(RequestShape request);

}  // namespace shapes
}  // namespace dynastore::protocol
