// CheckpointShelf: copies of this node's store, made for another cluster
// node to fetch (docs/replication.md, "Catching up from a copy").
//
// A node whose replica fell behind the leader's log (or a new, empty node
// replacing a dead one) copies the leader's store before it starts: it asks
// for a checkpoint (a consistent copy whose table files are hard links, so
// it costs little space until compactions replace them), fetches its files
// in chunks of at most kChunkBytes (memory stays bounded on both sides,
// whatever the store's size), and lets it go. The copy holds the index of
// the last log entry it includes (replication/applied_index), so the node
// then takes the log from there.
//
//   POST   /cluster/checkpoints                  -> {"id":"...","files":[{"name":"...","size":N},...]}
//   GET    /cluster/checkpoints/ID/FILE?offset=N -> up to kChunkBytes of FILE from N
//   DELETE /cluster/checkpoints/ID
//
// Checkpoints nobody deleted go after kMaxAge. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "dynastore/common/status.h"
#include "dynastore/http/request_handler.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::server {

class CheckpointShelf {
 public:
  static constexpr std::size_t kChunkBytes = 512 * 1024;
  static constexpr auto kMaxAge = std::chrono::minutes(30);

  // Checkpoints go under `directory` (created when needed; whatever an
  // earlier run left there is removed).
  CheckpointShelf(storage::KvEngine& engine, std::string directory);

  // Whether `request` is one of the shelf's (its path).
  static bool is_shelf_path(const http::HttpRequest& request);
  http::HttpResponse handle(const http::HttpRequest& request);

 private:
  http::HttpResponse create();
  http::HttpResponse read_chunk(const std::string& id, const std::string& file, std::uint64_t offset);
  http::HttpResponse remove(const std::string& id);
  void expire_old();

  storage::KvEngine& engine_;
  const std::string directory_;
  std::mutex mutex_;
  std::map<std::string, std::chrono::steady_clock::time_point> made_;  // id -> when
  std::uint64_t next_id_ = 1;
};

}  // namespace dynastore::server
