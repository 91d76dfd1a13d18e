// Router: where a DynamoDB request is answered in a cluster.
//
// The partition map (hash range -> replication group -> replicas, leader)
// decides which group a request belongs to; in phase 1 of
// docs/replication.md it maps the whole hash space to one group whose
// replicas are every node, so the group is that of every request. Within
// the group:
// - writes, table operations and their descriptions (DescribeTable,
//   ListTables, ...: a client waits for a table it created by describing
//   it), DynamoDB Streams operations (stream metadata, the same), transactions, and reads with ConsistentRead=true go to the group's
//   leader: answered here when this node is the serving leader (consistent
//   reads after confirming it still is), else forwarded to the leader's node;
// - eventually consistent reads (GetItem, Query, Scan, BatchGetItem without
//   ConsistentRead) are answered by whichever
//   replica receives them, from what it applied.
//
// Thread-safety: decide() may be called concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/replication/replicated_engine.h"

namespace dynastore::routing {

struct Partition {
  std::uint64_t first_hash = 0;              // inclusive
  std::uint64_t last_hash = UINT64_MAX;      // inclusive
  std::uint32_t group = 0;
  std::vector<std::uint64_t> replicas;       // member ids
};

class PartitionMap {
 public:
  // Phase 1: one partition, the whole hash space, replicated on `members`.
  static PartitionMap single_group(const std::vector<replication::ClusterMember>& members);
  const Partition& partition_of(std::uint64_t hash) const;
  const std::vector<Partition>& partitions() const { return partitions_; }

 private:
  std::vector<Partition> partitions_;  // sorted, covering every hash
};

// Whether a request may be answered from any replica's applied state.
// `target` is the X-Amz-Target header; `body` the request's JSON (not
// content-encoded: an encoded body counts as needing the leader).
bool readable_from_any_replica(std::string_view target, std::string_view body);
// Whether a leader must confirm its leadership before answering it (a
// consistent read: it must see every acknowledged write).
bool needs_confirmed_leader(std::string_view target, std::string_view body);

class Router {
 public:
  Router(replication::ReplicatedEngine& replica, PartitionMap map) : replica_(replica), map_(std::move(map)) {}

  struct Decision {
    enum Kind { kHere, kForward, kNoLeader } kind = kHere;
    bool confirm_leadership = false;  // kHere: confirm first
    std::string forward_to;           // kForward: the leader's API "host:port"
  };
  // `forwarded`: the request came from another node already (it is never
  // forwarded twice: a node that is not the leader either answers kNoLeader).
  Decision decide(std::string_view target, std::string_view body, bool body_encoded, bool forwarded) const;

  const PartitionMap& map() const { return map_; }

 private:
  replication::ReplicatedEngine& replica_;
  const PartitionMap map_;
};

}  // namespace dynastore::routing
