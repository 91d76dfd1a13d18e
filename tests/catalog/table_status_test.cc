#include "dynastore/catalog/table_status.h"

#include <gtest/gtest.h>

namespace dynastore::catalog {
namespace {

constexpr double kNow = 1000;
const StatusDelays kNoDelays;
const StatusDelays kDelays{5, 2, 3};

IndexInfo index_named(std::string name, model::IndexKind kind = model::IndexKind::kGlobal) {
  IndexInfo index;
  index.schema.name = std::move(name);
  index.schema.kind = kind;
  index.schema.index_id = 42;
  return index;
}

TableInfo table_with_indexes() {
  TableInfo table;
  table.name = "t";
  table.indexes = {index_named("gsi"), index_named("lsi", model::IndexKind::kLocal)};
  return table;
}

TEST(TableStatusTest, ANewTableIsActiveAtOnceOrCreatingForTheDelay) {
  TableInfo now = table_with_indexes();
  start_creating(now, kNoDelays, kNow);
  EXPECT_EQ(now.status, TableStatus::kActive);
  EXPECT_FALSE(in_transition(now));

  TableInfo later = table_with_indexes();
  start_creating(later, kDelays, kNow);
  EXPECT_EQ(later.status, TableStatus::kCreating);
  EXPECT_EQ(later.status_until, kNow + 5);
  EXPECT_EQ(later.indexes[0].status, IndexStatus::kCreating);
  EXPECT_EQ(later.indexes[1].status, IndexStatus::kActive);  // an LSI has no status of its own
  EXPECT_FALSE(complete_due_transitions(later, kNow + 4.9));
  EXPECT_TRUE(complete_due_transitions(later, kNow + 5));
  EXPECT_EQ(later.status, TableStatus::kActive);
  EXPECT_EQ(later.indexes[0].status, IndexStatus::kActive);
}

TEST(TableStatusTest, OnlyAnActiveTableStartsUpdatingOrDeleting) {
  TableInfo table = table_with_indexes();
  ASSERT_TRUE(start_updating(table, kNoDelays, kNow).is_ok());
  EXPECT_EQ(table.status, TableStatus::kActive);  // no delay: the update is done
  ASSERT_TRUE(start_updating(table, kDelays, kNow).is_ok());
  EXPECT_EQ(table.status, TableStatus::kUpdating);
  EXPECT_EQ(table.status_until, kNow + 2);

  const TableInfo before = table;
  auto again = start_updating(table, kDelays, kNow + 1);
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(table.status_until, before.status_until);
  EXPECT_EQ(start_deleting(table, kDelays, kNow + 1).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(table.status, TableStatus::kUpdating);

  ASSERT_TRUE(complete_due_transitions(table, kNow + 2));
  ASSERT_TRUE(start_deleting(table, kDelays, kNow + 2).is_ok());
  EXPECT_EQ(table.status, TableStatus::kDeleting);
  EXPECT_EQ(table.status_until, kNow + 5);
  // A DELETING table is dropped by the catalog, not changed here.
  EXPECT_FALSE(complete_due_transitions(table, kNow + 100));
  EXPECT_EQ(table.status, TableStatus::kDeleting);
}

TEST(TableStatusTest, AnAddedIndexIsCreatingUntilItsBackfillIsDoneAndItsDelayHasPassed) {
  TableInfo table = table_with_indexes();
  add_global_index(table, index_named("new"), kDelays, kNow);
  IndexInfo& added = table.indexes.back();
  EXPECT_EQ(added.schema.index_id, 0u);  // the catalog assigns one
  EXPECT_EQ(added.status, IndexStatus::kCreating);
  EXPECT_TRUE(added.backfilling);
  EXPECT_TRUE(in_transition(table));

  record_backfill_progress(table, "new", "key-1", /*done=*/false, kNow + 1);
  EXPECT_EQ(table.indexes.back().backfill_resume_key, "key-1");
  EXPECT_TRUE(table.indexes.back().backfilling);
  EXPECT_FALSE(complete_due_transitions(table, kNow + 10));  // still backfilling

  record_backfill_progress(table, "new", "key-2", /*done=*/true, kNow + 2);  // before its delay ends
  EXPECT_FALSE(table.indexes.back().backfilling);
  EXPECT_EQ(table.indexes.back().status, IndexStatus::kCreating);
  EXPECT_TRUE(complete_due_transitions(table, kNow + 5));
  EXPECT_EQ(table.indexes.back().status, IndexStatus::kActive);

  // Without a delay the last backfill step makes it ACTIVE itself.
  add_global_index(table, index_named("quick"), kNoDelays, kNow);
  record_backfill_progress(table, "quick", "k", /*done=*/true, kNow);
  EXPECT_EQ(table.indexes.back().status, IndexStatus::kActive);
  EXPECT_FALSE(in_transition(table));
  // Progress of an index that is gone changes nothing.
  record_backfill_progress(table, "gone", "k", true, kNow);
  EXPECT_EQ(table.indexes.size(), 4u);
}

TEST(TableStatusTest, ARemovedIndexGoesAtOnceOrIsDeletingForTheDelay) {
  TableInfo table = table_with_indexes();
  remove_global_index(table, "gsi", kNoDelays, kNow);
  ASSERT_EQ(table.indexes.size(), 1u);
  EXPECT_EQ(table.indexes[0].schema.name, "lsi");

  table = table_with_indexes();
  remove_global_index(table, "gsi", kDelays, kNow);
  ASSERT_EQ(table.indexes.size(), 2u);
  EXPECT_EQ(table.indexes[0].status, IndexStatus::kDeleting);
  EXPECT_EQ(write_schema_of(table)->indexes.size(), 1u);  // writes stop maintaining it at once
  EXPECT_FALSE(complete_due_transitions(table, kNow + 2));
  EXPECT_TRUE(complete_due_transitions(table, kNow + 3));
  EXPECT_EQ(table.indexes.size(), 1u);
}

TEST(TableStatusTest, IndexThroughputChangesWithAnUpdatingStatusForTheDelay) {
  TableInfo table = table_with_indexes();
  update_index_throughput(table, "gsi", 7, 9, kNoDelays, kNow);
  EXPECT_EQ(table.indexes[0].throughput.read_capacity_units, 7);
  EXPECT_EQ(table.indexes[0].throughput.write_capacity_units, 9);
  EXPECT_EQ(table.indexes[0].status, IndexStatus::kActive);
  update_index_throughput(table, "gsi", 8, 9, kDelays, kNow);
  EXPECT_EQ(table.indexes[0].status, IndexStatus::kUpdating);
  EXPECT_TRUE(complete_due_transitions(table, kNow + 2));
  EXPECT_EQ(table.indexes[0].status, IndexStatus::kActive);
}

}  // namespace
}  // namespace dynastore::catalog
