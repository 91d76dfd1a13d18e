// ReplicatedEngine: a storage::KvEngine whose writes are replicated to the
// nodes of a cluster with Raft before they take effect anywhere.
//
// Every node applies the same WriteBatches in the same order (the Raft log),
// so every replica holds the same data. The leader is the only node that
// writes: write() on it proposes the batch, waits until a majority has it
// durably in its log and it is applied here, and only then returns — so a
// request thread that holds an item's lock across write() (partition/'s
// write path) releases it only once the next writer can read the result.
// On a follower, or on a leader that has not yet applied every entry of the
// terms before its own, write() returns Unavailable with kNotLeader: the
// request belongs on the leader (routing/ forwards it there).
//
// Reads are local: what this replica has applied. A read that must see
// every acknowledged write (ConsistentRead) calls confirm_leadership()
// first (a Raft barrier; see docs/replication.md for why not a lease).
//
// Apply is idempotent by log index: the index of the last entry applied is
// stored in the same RocksDB write as the entry's batch, and a replayed
// entry at or below it is skipped. Snapshots are a small descriptor (the
// applied index) taken after the local log is synced, so truncating the
// Raft log never loses a change.
//
// Nothing outside replication/ sees the Raft library's types.
//
// Thread-safety: every KvEngine method, confirm_leadership() and status()
// may be called concurrently. Listeners run on the replication thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <string>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::replication {

// The message of the Unavailable status of a write refused because this
// node is not (or not yet) the serving leader.
inline constexpr std::string_view kNotLeader = "this node is not the cluster's leader";

struct ClusterMember {
  std::uint64_t id = 0;       // 1, 2, 3, ...: fixed for the life of the node's data
  std::string raft_address;   // "host:port" of its node-to-node (Raft) listener
  std::string api_address;    // "host:port" of its DynamoDB API listener
};

struct ClusterOptions {
  std::uint64_t node_id = 0;            // this node, one of members
  std::vector<ClusterMember> members;   // every voter at bootstrap, this node included
  std::string raft_directory;           // the Raft log and metadata (created if missing)
  // Whether an empty log starts a new cluster of `members`; false for a node
  // that joins a running cluster (it learns the configuration from the leader).
  bool bootstrap = true;
  std::chrono::milliseconds election_timeout{1000};
  std::chrono::milliseconds heartbeat_timeout{100};
  // How long write() and confirm_leadership() wait before giving up with
  // Unavailable (no quorum): below the SDKs' own timeouts, so a client gets
  // an error rather than a hang.
  std::chrono::milliseconds commit_timeout{5000};
  // Entries applied between snapshots, and entries kept in the log after
  // one (a replica further behind than that needs a data copy).
  unsigned snapshot_threshold = 8192;
  unsigned snapshot_trailing = 65536;
  // Bytes of entries the log may hold (the Raft library keeps its whole log
  // in memory, and reads it all back at start): with large items the two
  // counts above would let it grow to gigabytes. A snapshot comes early once
  // the entries since the last one reach half of this, and fewer entries are
  // kept after one when theirs would take more than the other half.
  std::uint64_t log_memory_budget = 256u << 20;
};

enum class Role { kFollower, kCandidate, kLeader, kUnavailable };
std::string_view role_name(Role role);

struct NodeStatus {
  std::uint64_t node_id = 0;
  Role role = Role::kUnavailable;
  bool serving = false;          // a leader that has applied every earlier term's entries
  std::uint64_t term = 0;
  std::uint64_t leader_id = 0;   // 0 when none is known
  std::string leader_api_address;
  std::uint64_t commit_index = 0;
  std::uint64_t applied_index = 0;   // by this replica's store
  std::uint64_t last_log_index = 0;
  std::uint64_t snapshot_index = 0;
  std::uint64_t log_entries = 0;     // entries the log holds in memory (ClusterOptions::log_memory_budget)
  // For a leader: per member, the highest log index it has confirmed.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> match_index;
  bool needs_data_copy = false;  // was sent a snapshot it cannot restore from the log
  // The cluster's configuration as this node knows it: id and role
  // ("voter", or "spare" while a member being added catches up).
  std::vector<std::pair<std::uint64_t, std::string>> members;
};

class ReplicatedEngine : public storage::KvEngine {
 public:
  // Called after this replica applied an entry that another node proposed
  // (a follower's, or an earlier leader's): lets in-memory state built
  // from the store (the catalog) follow it.
  using ApplyListener = std::function<void(const storage::WriteBatch& batch)>;

  // Opens the replica over `local` (this node's store, which it owns from
  // now on): creates or loads the Raft log, bootstraps a new cluster from
  // options.members when the log is empty, and starts the replication
  // thread. Returns once the node takes part (it may not be leader yet).
  static Result<std::unique_ptr<ReplicatedEngine>> open(const ClusterOptions& options,
                                                        std::unique_ptr<storage::KvEngine> local);
  ~ReplicatedEngine() override = default;

  // Stops replicating (pending writes fail with Unavailable). Idempotent;
  // the destructor calls it.
  virtual void stop() = 0;
  virtual void add_apply_listener(ApplyListener listener) = 0;
  // Called (on the replication thread) when this node becomes the serving
  // leader: in-memory state that followers let go stale (stream sequence
  // numbers, say) must be reloaded before the first write.
  virtual void add_leadership_listener(std::function<void()> listener) = 0;
  // Called (once, on the replication thread) when the leader sent a
  // snapshot this replica cannot restore from its own store: it fell
  // further behind than the log reaches and needs a copy of the data.
  virtual void add_data_copy_listener(std::function<void()> listener) = 0;

  // Ok once this node is the serving leader and a majority confirmed it
  // after the call began: every write acknowledged before then is visible
  // to reads here. Unavailable (kNotLeader, or no quorum in time) else.
  virtual Status confirm_leadership() = 0;
  virtual bool is_serving_leader() const = 0;
  // The index of the last log entry applied to this replica's store.
  virtual std::uint64_t applied_index() const = 0;
  // Waits until applied_index() >= index, at most `limit`; whether it is.
  virtual bool wait_applied(std::uint64_t index, std::chrono::milliseconds limit) const = 0;
  virtual NodeStatus status() const = 0;
  // status().leader_api_address without the rest: asked per relayed request.
  virtual std::string leader_api_address() const = 0;
  // The API address of the member with this id; empty when unknown.
  virtual std::string api_address_of(std::uint64_t member_id) const = 0;

  // On the serving leader: adds `member` to the cluster (it learns the log,
  // then becomes a voter once it has caught up), or removes the member with
  // this id. Returns once the new configuration is committed; Busy while
  // another change is in progress.
  virtual Status add_member(const ClusterMember& member) = 0;
  virtual Status remove_member(std::uint64_t member_id) = 0;
};

}  // namespace dynastore::replication
