// What every operation gets: who is calling, for which request, and the
// engine. One struct instead of a growing parameter list (STYLE.md §5).
#pragma once

#include <string>
#include <string_view>

#include "dynastore/catalog/catalog.h"
#include "dynastore/json/json.h"
#include "dynastore/partition/item_store.h"

namespace dynastore::api {

struct RequestContext {
  std::string_view request_id;
  std::string account_id;  // of the authenticated caller
  std::string region;      // the region this server stands for
  double now = 0;          // request start, epoch seconds
  catalog::Catalog& catalog;
  partition::ItemStore& items;
};

// An operation validates its request, acts and writes its response object.
// It throws protocol::DynamoError for anything the client must hear about.
using Operation = void (*)(RequestContext& context, const json::Value& request, json::Writer& response);

// The operation for an X-Amz-Target operation name, or nullptr.
Operation find_operation(std::string_view name);

}  // namespace dynastore::api
