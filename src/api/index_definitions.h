// Secondary index definitions in requests: CreateTable's
// GlobalSecondaryIndexes / LocalSecondaryIndexes and UpdateTable's
// GlobalSecondaryIndexUpdates.Create, with DynamoDB's validation.
#pragma once

#include <vector>

#include "dynastore/catalog/table_info.h"
#include "dynastore/json/json.h"

namespace dynastore::api {

// Limits from the Developer Guide ("Quotas"): 20 GSIs and 5 LSIs per table,
// 100 projected non-key attributes over all indexes of a table.
inline constexpr std::size_t kMaxGlobalIndexes = 20;
inline constexpr std::size_t kMaxLocalIndexes = 5;
inline constexpr std::size_t kMaxProjectedAttributes = 100;
// Multi-attribute GSI keys: up to 4 HASH and 4 RANGE attributes.
inline constexpr std::size_t kMaxKeyAttributesPerKind = 4;

// Parses and checks both index lists of a CreateTable request. Throws.
std::vector<catalog::IndexInfo> parse_create_table_indexes(const json::Value& request, const model::KeySchema& table_key,
                                                           const std::vector<catalog::AttributeDefinition>& definitions,
                                                           catalog::BillingMode mode);

// Parses one GSI definition (a CreateTable element, or an UpdateTable
// Create action when !for_table_creation: a few messages differ) at `path`.
// Throws.
catalog::IndexInfo parse_global_index(const json::Value& spec, const std::string& path,
                                      const std::vector<catalog::AttributeDefinition>& definitions,
                                      catalog::BillingMode mode, bool for_table_creation);

// Every attribute definition must be used by the table or an index key.
void check_definitions_used(const std::vector<catalog::AttributeDefinition>& definitions, const model::KeySchema& table_key,
                            const std::vector<catalog::IndexInfo>& indexes);

}  // namespace dynastore::api
