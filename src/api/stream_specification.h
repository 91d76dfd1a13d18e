// StreamSpecification on CreateTable and UpdateTable, and what enabling or
// disabling a stream does to a table description.
#pragma once

#include <optional>

#include "api/request_context.h"
#include "dynastore/catalog/table_info.h"
#include "dynastore/json/json.h"
#include "dynastore/protocol/constraint_errors.h"

namespace dynastore::api {

struct StreamRequest {
  bool enabled = false;
  std::optional<catalog::StreamViewType> view_type;
};

// Reads StreamSpecification (nullopt when absent), adding member-constraint
// violations (StreamEnabled missing, an unknown StreamViewType) to `errors`.
std::optional<StreamRequest> parse_stream_specification(const json::Value& request,
                                                        protocol::ConstraintErrors& errors);

// CreateTable: a stream enabled with a view type, or none. Throws
// ValidationException for a specification DynamoDB refuses.
void apply_stream_on_create(const StreamRequest& stream, catalog::TableInfo& table, double now);

// UpdateTable's request checks (before the table is looked up)...
void check_stream_update(const StreamRequest& stream);
// ...and its change to the table (inside the catalog update): a new stream,
// or the enabled one closed (no record is added to it afterwards). Returns
// the ValidationException to refuse with as a failed Status whose message
// is DynamoDB's.
Status apply_stream_update(RequestContext& context, const StreamRequest& stream, catalog::TableInfo& table);

}  // namespace dynastore::api
