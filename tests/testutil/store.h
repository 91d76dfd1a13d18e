// TestStore: what tests of the layers above partition/ stand on (the index
// backfiller, streams, TTL): an in-memory engine, its catalog and item
// store, a table with a string partition key, and whole-item puts.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "dynastore/catalog/catalog.h"
#include "dynastore/partition/item_store.h"
#include "testutil/engine.h"

namespace dynastore::testutil {

struct TestStore {
  // Opens the store and creates table `name` keyed by the string attribute
  // `key`; `shape`, when given, adds to the table first (a stream, ...).
  // Failures fail the test (check with ASSERT_NO_FATAL_FAILURE).
  void open(std::string name, std::string key, const std::function<void(catalog::TableInfo&)>& shape = {}) {
    table_name = std::move(name);
    key_name = std::move(key);
    engine = open_in_memory_engine();
    ASSERT_NE(engine, nullptr);
    catalog = std::move(catalog::Catalog::open(*engine)).value();
    items = std::make_unique<partition::ItemStore>(*engine, catalog.get());
    catalog::TableInfo table;
    table.name = table_name;
    table.key_schema.hash = {key_name, model::ScalarType::kString};
    if (shape) shape(table);
    auto created = catalog->create(std::move(table));
    ASSERT_TRUE(created.is_ok()) << created.status().to_string();
  }

  // Opens catalog and item store again on the same engine, as a restart.
  void reopen() {
    items.reset();
    catalog.reset();
    auto opened = catalog::Catalog::open(*engine);
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    catalog = std::move(opened).value();
    items = std::make_unique<partition::ItemStore>(*engine, catalog.get());
  }

  catalog::TablePtr table() const { return catalog->find(table_name); }

  // Writes `item` whole, as PutItem does.
  void put(const model::Item& item) {
    const model::Item key{{key_name, item.at(key_name)}};
    auto written = items->write({table()->write_schema.get(), &key,
                                 [&](const partition::StoredItem&) { return partition::Decision::put(item); }});
    ASSERT_TRUE(written.is_ok()) << written.status().to_string();
  }
  void put_key(const std::string& value) { put({{key_name, model::AttributeValue::string(value)}}); }

  // Applies `change` to the table through the catalog.
  void update(const std::function<void(catalog::TableInfo&)>& change) {
    auto updated = catalog->update(table_name, [&](catalog::TableInfo& info) {
      change(info);
      return Status::ok();
    });
    ASSERT_TRUE(updated.is_ok()) << updated.status().to_string();
  }

  std::string table_name, key_name;
  std::unique_ptr<storage::KvEngine> engine;
  std::unique_ptr<catalog::Catalog> catalog;
  std::unique_ptr<partition::ItemStore> items;
};

}  // namespace dynastore::testutil
