// Persistent form of TableInfo in the system column: a JSON document.
// Field names are part of the on-disk format; add fields, never rename.
#pragma once

#include <string>
#include <string_view>

#include "dynastore/catalog/table_info.h"
#include "dynastore/common/status.h"

namespace dynastore::catalog {

std::string encode_table(const TableInfo& info);
Result<TableInfo> decode_table(std::string_view text);

}  // namespace dynastore::catalog
