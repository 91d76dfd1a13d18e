// A row cache in front of a KvEngine: the latest value of recently read keys
// of Column::kItems, kept current by the writes to them (a removal is kept
// as a known absence), bounded in bytes.
//
// Why: every write reads the item it replaces (conditions, ReturnValues,
// indexes and the table's exact size all need it), and in RocksDB that read
// walks the memtable's skiplist, a cache miss per level, before the write
// walks it again to insert. Once a key has been read, its writes leave their
// values here, so the next write or read of a hot key finds it with one hash
// lookup. Keys only written (a bulk load) are not added: they would only
// churn the cache.
//
// Coherence: a read served from the cache returns what the engine would
// return at that moment. The cache keeps, per shard of keys, a count of the
// writes in progress and a version bumped when one starts or ends. A write
// forgets its keys' entries before it reaches the engine, and stores its
// values afterwards only if no other write to the shard overlapped it; a
// read that missed stores what it read only if no write to the shard began
// or ended meanwhile. So a value enters the cache only when nothing can have
// replaced it in the engine, and while a key is being written readers go to
// the engine. Scans, snapshots, checkpoints and the other columns pass
// straight through.
#pragma once

#include <cstddef>
#include <memory>

#include "dynastore/storage/kv_engine.h"

namespace dynastore::storage {

// Wraps engine with a row cache of at most capacity_bytes (keys, values and
// bookkeeping); 0 returns engine as it is.
std::unique_ptr<KvEngine> with_row_cache(std::unique_ptr<KvEngine> engine, std::size_t capacity_bytes);

}  // namespace dynastore::storage
