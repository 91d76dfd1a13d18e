// Finding the table a request names. TableName may also be a table ARN
// (arn:aws:dynamodb:<region>:<account>:table/<name>), as DynamoDB accepts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/request_context.h"
#include "dynastore/catalog/catalog.h"
#include "dynastore/protocol/constraint_errors.h"

namespace dynastore::api {

// A table ARN: arn:<partition>:dynamodb:<region>:<account>:table/<name>.
struct TableArn {
  std::string_view region;
  std::string_view account;
  std::string_view name;
};
// The parts of `text`, or nullopt when it is not a table ARN of that shape.
std::optional<TableArn> parse_table_arn(std::string_view text);

// Which text a table ARN of the caller's account but another region gets.
enum class ArnMember {
  kTableName,    // "1 validation error detected: Invalid AWS region in '<arn>'"
  kResourceArn,  // "Invalid TableArn: Invalid ResourceArn provided as input <arn>"
};
// Refuses an ARN outside the caller's account and region, as DynamoDB does
// (evidence in table_lookup.cc): another account is AccessDeniedException
// naming the caller, `action` (the IAM action after "dynamodb:") and the
// ARN; then another region is ValidationException. Only a table of the
// caller's own account and region can be found or missing.
void check_arn_scope(const RequestContext& context, const TableArn& arn, std::string_view text,
                     std::string_view action, ArnMember member);

// Validates the request's TableName member (present, 1..1024 characters;
// names 3..255 of [a-zA-Z0-9_.-], or an ARN of the caller's account and
// region, see check_arn_scope) and returns the bare name. Throws
// ValidationException with DynamoDB's constraint message. `action` is the
// IAM action an ARN of another account is refused for (the operation's,
// context.action, unless a transaction item's).
std::string table_name_of(const RequestContext& context, const json::Value& request,
                          std::string_view member = "TableName", std::string_view path = "tableName");
// The same, adding the constraint errors to `errors` (reported with the
// request's other member errors) instead of throwing them; "" when missing.
std::string table_name_of(const RequestContext& context, const json::Value& request, std::string_view member,
                          std::string_view path, protocol::ConstraintErrors& errors,
                          std::string_view action = {});

// The bare table name of `text`, a table name or a table ARN (a
// BatchGetItem or BatchWriteItem RequestItems key, or a TableName member's
// value): an ARN is checked as table_name_of() checks one, and the name's
// constraint errors go to `errors` at `path`.
std::string bare_table_name(const RequestContext& context, std::string_view text, std::string_view path,
                            protocol::ConstraintErrors& errors, std::string_view action = {});

// The table, or ResourceNotFoundException. Data-plane operations get the
// short message DynamoDB uses there, and do not find a table that is still
// CREATING or already DELETING; control-plane ones name the table.
enum class NotFoundStyle { kDataPlane, kControlPlane };
catalog::TablePtr require_table(RequestContext& context, const std::string& name, NotFoundStyle style);

// Throws what a failed catalog change of table `name` means to a
// control-plane caller: NotFound (dropped meanwhile) is the named
// ResourceNotFoundException, anything else goes through throw_internal().
[[noreturn]] void throw_table_change_error(const Status& status, const std::string& name);

// For changes that need an ACTIVE table (UpdateTable, DeleteTable):
// ResourceInUseException "Attempt to change a resource which is still in
// use: Table is being created|updated|deleted: <name>" otherwise.
void require_active(const catalog::TableInfo& table);
// The same message for the table's status.
std::string in_use_message(const catalog::TableInfo& table);
// What a catalog change returns to refuse a table in that status (checked
// again under the catalog's lock); throw_internal() makes it that
// ResourceInUseException.
Status not_active(const catalog::TableInfo& table);

// Whether `name` is 3..255 characters of [a-zA-Z0-9_.-].
bool follows_table_name_rules(std::string_view name);
// Adds DynamoDB's constraint errors for a table (or index) name that is not
// 3..255 characters of [a-zA-Z0-9_.-]; `shown` is the value as sent.
void add_table_name_errors(std::string_view name, std::string_view shown, std::string_view path,
                           protocol::ConstraintErrors& errors);

}  // namespace dynastore::api
