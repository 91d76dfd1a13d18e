#include <array>
#include <string_view>

#include "api/operations.h"
#include "api/request_context.h"

namespace dynastore::api {

namespace {

struct Entry {
  std::string_view name;
  Operation operation;
};

// X-Amz-Target operation names (DynamoDB_20120810.<name>).
constexpr std::array<Entry, 19> kOperations = {{
    {"CreateTable", &ops::create_table},
    {"DescribeTable", &ops::describe_table},
    {"ListTables", &ops::list_tables},
    {"UpdateTable", &ops::update_table},
    {"DeleteTable", &ops::delete_table},
    {"PutItem", &ops::put_item},
    {"GetItem", &ops::get_item},
    {"DeleteItem", &ops::delete_item},
    {"BatchGetItem", &ops::batch_get_item},
    {"BatchWriteItem", &ops::batch_write_item},
    {"UpdateItem", &ops::update_item},
    {"Query", &ops::query},
    {"Scan", &ops::scan},
    {"TagResource", &ops::tag_resource},
    {"UntagResource", &ops::untag_resource},
    {"ListTagsOfResource", &ops::list_tags_of_resource},
    {"DescribeLimits", &ops::describe_limits},
    {"TransactWriteItems", &ops::transact_write_items},
    {"TransactGetItems", &ops::transact_get_items},
}};

}  // namespace

Operation find_operation(std::string_view name) {
  for (const auto& entry : kOperations) {
    if (entry.name == name) return entry.operation;
  }
  return nullptr;
}

}  // namespace dynastore::api
