// Copying the leader's store onto this node before it starts (cluster mode;
// the other half is CheckpointShelf): for a replica that fell further
// behind than the leader's log reaches, and for an empty node that replaces
// a dead one. Layout of a cluster node's data directory:
//   DATA-DIR/store        the RocksDB store
//   DATA-DIR/raft         the Raft log
//   DATA-DIR/checkpoints  copies made for other nodes (CheckpointShelf)
//   DATA-DIR/needs-data-copy
//                         present while this node must copy before it serves
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/replication/replicated_engine.h"

namespace dynastore::server {

struct ClusterPaths {
  explicit ClusterPaths(const std::string& data_dir)
      : store(data_dir + "/store"),
        raft(data_dir + "/raft"),
        checkpoints(data_dir + "/checkpoints"),
        copy_marker(data_dir + "/needs-data-copy"),
        incoming(data_dir + "/store.incoming"),
        replaced(data_dir + "/store.replaced") {}
  std::string store, raft, checkpoints, copy_marker, incoming, replaced;
};

// The API address of the leader as another member reports it; empty when
// no other member answers with one.
std::string find_leader(const std::vector<replication::ClusterMember>& members, std::uint64_t self);

// Fetches a checkpoint of the store of the leader at `leader` ("host:port")
// and puts it in place of paths.store (what was there is removed once the
// copy is complete and synced). Returns the bytes copied.
Result<std::uint64_t> copy_store_from(const std::string& leader, const ClusterPaths& paths);

}  // namespace dynastore::server
