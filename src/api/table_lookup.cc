#include "api/table_lookup.h"

#include "api/status_mapping.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {
constexpr std::string_view kNamePattern = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";

bool name_chars_ok(std::string_view name) {
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
  }
  return !name.empty();
}
}  // namespace

void add_table_name_errors(std::string_view name, std::string_view shown, std::string_view path,
                           ConstraintErrors& errors) {
  if (name.size() < 3) errors.add(ConstraintErrors::quoted(shown), path, "Member must have length greater than or equal to 3");
  if (name.size() > 255) errors.add(ConstraintErrors::quoted(shown), path, "Member must have length less than or equal to 255");
  if (!name_chars_ok(name)) errors.add(ConstraintErrors::quoted(shown), path, kNamePattern);
}

std::string table_name_of(const json::Value& request, std::string_view member, std::string_view path) {
  ConstraintErrors errors;
  auto name = table_name_of(request, member, path, errors);
  errors.throw_if_any();
  return name;
}

std::string table_name_of(const json::Value& request, std::string_view member, std::string_view path,
                          ConstraintErrors& errors) {
  auto name = protocol::get_string(request, member);
  if (!name) {
    errors.add(ConstraintErrors::kNull, path, "Member must not be null");
    return {};
  }
  std::string_view bare = *name;
  // arn:aws:dynamodb:region:account:table/name
  if (bare.substr(0, 4) == "arn:") {
    const auto slash = bare.find(":table/");
    if (slash == std::string_view::npos || bare.size() > 1024) {
      throw DynamoError::validation("Invalid TableArn: Invalid ResourceArn provided as input " + std::string(bare));
    }
    bare = bare.substr(slash + 7);
  }
  add_table_name_errors(bare, *name, path, errors);
  return std::string(bare);
}

catalog::TablePtr require_table(RequestContext& context, const std::string& name, NotFoundStyle style) {
  auto table = context.find_table(name);
  if (style == NotFoundStyle::kDataPlane) {
    if (!table || table->status == catalog::TableStatus::kCreating || table->status == catalog::TableStatus::kDeleting) {
      throw DynamoError::resource_not_found("Requested resource not found");
    }
  } else if (!table) {
    throw_table_change_error(Status::not_found(name), name);
  }
  return table;
}

void throw_table_change_error(const Status& status, const std::string& name) {
  if (status.code() == StatusCode::kNotFound) {
    throw DynamoError::resource_not_found("Requested resource not found: Table: " + name + " not found");
  }
  throw_internal(status);
}

std::string in_use_message(const catalog::TableInfo& table) {
  std::string_view doing = "updated";
  if (table.status == catalog::TableStatus::kCreating) doing = "created";
  if (table.status == catalog::TableStatus::kDeleting) doing = "deleted";
  return "Attempt to change a resource which is still in use: Table is being " + std::string(doing) + ": " + table.name;
}

Status not_active(const catalog::TableInfo& table) { return Status::failed_precondition(in_use_message(table)); }

void require_active(const catalog::TableInfo& table) {
  if (table.status != catalog::TableStatus::kActive) throw DynamoError::resource_in_use(in_use_message(table));
}

}  // namespace dynastore::api
