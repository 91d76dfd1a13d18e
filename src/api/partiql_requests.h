// PartiQL statements as the DynamoDB requests that run them. DynamoDB
// documents PartiQL's statements in terms of those operations (a SELECT
// with the partition key is a Query, without one a Scan; INSERT a PutItem
// that must not replace an item; UPDATE and DELETE act on the one item
// their WHERE names by its full primary key), so running the same requests
// through the same operations gives the same validation, capacity and
// streams as the API they stand for.
#pragma once

#include "api/partiql_statement.h"
#include "dynastore/catalog/table_info.h"
#include "dynastore/json/json.h"

namespace dynastore::api::partiql {

// kConditionCheck: a TransactWriteItems item only (EXISTS).
enum class Operation { kGetItem, kQuery, kScan, kPutItem, kUpdateItem, kDeleteItem, kConditionCheck };

// How a request is used: alone (ExecuteStatement), for one statement of a
// BatchExecuteStatement, or as one item of a TransactWriteItems or
// TransactGetItems. RETURNING applies alone and in a batch; in a batch or a
// transaction a SELECT reads one item, named by its full primary key.
enum class Use { kAlone, kInBatch, kInTransaction };

// Writes the members of the request a statement becomes into the object
// `writer` has open (the caller adds its own, such as ConsistentRead or
// ReturnConsumedCapacity, and closes it); returns its operation. `table` is
// the statement's table.
// SELECT: a Query when WHERE fixes the partition key (and the sort key
// conditions are ones a key condition can express), else a Scan; in a batch
// or a transaction a GetItem, and WHERE must then be the full primary key.
// EXISTS(SELECT ... WHERE <full key> [AND conditions]): a ConditionCheck
// that the item exists and meets the conditions.
// Throws protocol::DynamoError (ValidationException) for a statement the
// table's key makes impossible.
Operation write_request(const Statement& statement, const catalog::TableInfo& table, Use use, json::Writer& writer);

}  // namespace dynastore::api::partiql
