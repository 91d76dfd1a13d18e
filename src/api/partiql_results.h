// What a SELECT answers for each item it read.
#pragma once

#include "api/partiql_statement.h"
#include "dynastore/json/json.h"

namespace dynastore::api::partiql {

// Writes an item a SELECT read (already projected by the operation that
// read it) as PartiQL answers it: an attribute named by a document path
// comes back under the path's last name, with what follows it
// ("SELECT m.sub.d" answers {"d": ...}, "SELECT a.b[0]" {"b": [...]};
// observed against DynamoDB, nubo-db/dynamodb-conformance
// tests/tier2/partiql/executeStatement.test.ts).
void write_selected(const Statement& statement, const json::Value& item, json::Writer& writer);

}  // namespace dynastore::api::partiql
