#include "replication/raft_loop.h"

#include "replication/apply_record.h"

#include <spdlog/spdlog.h>

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <future>

namespace dynastore::replication {

struct RaftLoop::ApplyRequest {
  struct raft_apply request{};
  RaftLoop* loop = nullptr;
  Dones dones;  // every proposal the entry carries (shared with deadlines_)
};

struct RaftLoop::ChangeRequest {
  struct raft_change request{};
  Done done;
};

struct RaftLoop::BarrierRequest {
  struct raft_barrier request{};
  RaftLoop* loop = nullptr;
  std::vector<Done> waiters;
  bool readiness = false;   // the barrier a new leader applies before serving
  std::uint64_t term = 0;
};

namespace {

Status raft_failure(std::string_view what, int code) {
  if (code == RAFT_NOTLEADER || code == RAFT_LEADERSHIPLOST) return Status::unavailable(std::string(kNotLeader));
  return Status::unavailable(std::string(what) + ": " + raft_strerror(code));
}

Role role_of(unsigned short state) {
  switch (state) {
    case RAFT_FOLLOWER: return Role::kFollower;
    case RAFT_CANDIDATE: return Role::kCandidate;
    case RAFT_LEADER: return Role::kLeader;
    default: return Role::kUnavailable;
  }
}

}  // namespace

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kFollower: return "follower";
    case Role::kCandidate: return "candidate";
    case Role::kLeader: return "leader";
    case Role::kUnavailable: break;
  }
  return "unavailable";
}

RaftLoop::RaftLoop(ClusterOptions options, StateMachine& machine) : options_(std::move(options)), machine_(machine) {
  status_.node_id = options_.node_id;
}

RaftLoop::~RaftLoop() { stop(); }

Status RaftLoop::start() {
  std::promise<Status> started;
  auto result = started.get_future();
  thread_ = std::thread([this, &started] { run(&started); });
  Status s = result.get();
  if (!s.is_ok() && thread_.joinable()) thread_.join();
  return s;
}

void RaftLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (running_) uv_async_send(&wake_);
  }
  if (thread_.joinable()) thread_.join();
}

void RaftLoop::propose(std::string entry, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (running_ && !stopping_) {
      Request request{Request::kPropose, std::move(entry), std::move(done)};
      request.queued_at = std::chrono::steady_clock::now();
      requests_.push_back(std::move(request));
      uv_async_send(&wake_);
      return;
    }
  }
  done(Status::unavailable("replication is stopped"));
}

void RaftLoop::barrier(Done done) {
  {
    std::lock_guard lock(mutex_);
    if (running_ && !stopping_) {
      requests_.push_back(Request{Request::kBarrier, {}, std::move(done)});
      uv_async_send(&wake_);
      return;
    }
  }
  done(Status::unavailable("replication is stopped"));
}

void RaftLoop::change_member(Change change, std::uint64_t id, std::string raft_address, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (running_ && !stopping_) {
      Request request{Request::kChange, std::move(raft_address), std::move(done)};
      request.change = change;
      request.member = id;
      requests_.push_back(std::move(request));
      uv_async_send(&wake_);
      return;
    }
  }
  done(Status::unavailable("replication is stopped"));
}

std::string RaftLoop::leader_api_address() const {
  std::lock_guard lock(mutex_);
  return status_.leader_api_address;
}

NodeStatus RaftLoop::status() const {
  std::lock_guard lock(mutex_);
  NodeStatus out = status_;
  out.serving = serving();
  out.needs_data_copy = needs_data_copy_.load(std::memory_order_relaxed);
  return out;
}

void RaftLoop::run(std::promise<Status>* started) {
  // A write to a peer that went away raises SIGPIPE in the writing thread,
  // which would end the process: here it only makes the write fail (EPIPE).
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
  uv_loop_init(&loop_);
  Status s = open_server();
  if (s.is_ok()) {
    std::lock_guard lock(mutex_);
    running_ = true;
  } else {
    begin_close();
  }
  started->set_value(s);  // `started` is gone after this
  uv_run(&loop_, UV_RUN_DEFAULT);
  uv_loop_close(&loop_);
}

Status RaftLoop::open_server() {
  wake_.data = this;
  uv_async_init(&loop_, &wake_, [](uv_async_t* handle) { static_cast<RaftLoop*>(handle->data)->drain_requests(); });
  check_.data = this;
  uv_check_init(&loop_, &check_);
  uv_check_start(&check_, [](uv_check_t* handle) { static_cast<RaftLoop*>(handle->data)->observe(); });

  std::error_code error;
  std::filesystem::create_directories(options_.raft_directory, error);
  if (error) return Status::io_error("cannot create " + options_.raft_directory + ": " + error.message());

  const ClusterMember* self = nullptr;
  for (const auto& member : options_.members) {
    if (member.id == options_.node_id) self = &member;
  }
  if (self == nullptr) return Status::invalid_argument("this node's id is not among the cluster's members");

  if (int rv = transport_.init(&loop_); rv != 0) return raft_failure("cannot set up the transport", rv);
  if (int rv = raft_uv_init(&io_, &loop_, options_.raft_directory.c_str(), transport_.transport()); rv != 0) {
    return Status::io_error(std::string("cannot open the Raft log: ") + io_.errmsg);
  }
  io_initialized_ = true;
  fsm_.version = 1;
  fsm_.data = this;
  fsm_.apply = fsm_apply;
  fsm_.snapshot = fsm_snapshot;
  fsm_.restore = fsm_restore;
  if (int rv = raft_init(&raft_, &io_, &fsm_, options_.node_id, self->raft_address.c_str()); rv != 0) {
    return Status::io_error(std::string("cannot start Raft: ") + raft_errmsg(&raft_));
  }
  raft_initialized_ = true;
  raft_.data = this;
  raft_set_election_timeout(&raft_, static_cast<unsigned>(options_.election_timeout.count()));
  raft_set_heartbeat_timeout(&raft_, static_cast<unsigned>(options_.heartbeat_timeout.count()));
  raft_set_snapshot_threshold(&raft_, options_.snapshot_threshold);
  raft_set_snapshot_trailing(&raft_, options_.snapshot_trailing);
  // A snapshot here is a few bytes (its data is copied out of band), so
  // installing one takes no time. The library's default 30 s is how long a
  // leader waits before sending it again to a follower that did not take it
  // (one that restarted to copy the data, for instance): that long, the
  // follower stays behind.
  raft_set_install_snapshot_timeout(
      &raft_, static_cast<unsigned>(std::max<std::chrono::milliseconds::rep>(2 * options_.election_timeout.count(), 2000)));
  // A node cut off and back must not depose a healthy leader by its raised term.
  raft_set_pre_vote(&raft_, true);

  raft_configuration configuration;
  raft_configuration_init(&configuration);
  for (const auto& member : options_.members) {
    raft_configuration_add(&configuration, member.id, member.raft_address.c_str(), RAFT_VOTER);
  }
  // Only an empty log takes the configuration; one that has state keeps its
  // own. A node joining a running cluster takes the leader's instead.
  int rv = options_.bootstrap ? raft_bootstrap(&raft_, &configuration) : RAFT_CANTBOOTSTRAP;
  raft_configuration_close(&configuration);
  if (rv != 0 && rv != RAFT_CANTBOOTSTRAP) {
    return Status::io_error(std::string("cannot bootstrap the cluster: ") + raft_errmsg(&raft_));
  }
  if (rv = raft_start(&raft_); rv != 0) {
    return Status::io_error(std::string("cannot start Raft: ") + raft_errmsg(&raft_));
  }
  spdlog::info("replication: node {} of {} started, Raft log in {}", options_.node_id, options_.members.size(),
               options_.raft_directory);
  return Status::ok();
}

void RaftLoop::fail_all(std::deque<Request>& requests, const Status& status) {
  for (auto& request : requests) request.done(status);
  requests.clear();
}

void RaftLoop::drain_requests() {
  std::deque<Request> requests;
  bool stop = false;
  {
    std::lock_guard lock(mutex_);
    requests.swap(requests_);
    stop = stopping_;
  }
  if (closing_) {
    fail_all(requests, Status::unavailable("replication is stopping"));
    return;
  }
  if (stop) {
    fail_all(requests, Status::unavailable("replication is stopping"));
    begin_close();
    return;
  }
  for (auto& request : requests) {
    if (request.kind == Request::kBarrier) {
      barrier_waiters_.push_back(std::move(request.done));
      continue;
    }
    if (request.kind == Request::kChange) {
      start_change(request);
      continue;
    }
    if (raft_.state != RAFT_LEADER || !serving()) {
      request.done(Status::unavailable(std::string(kNotLeader)));
      continue;
    }
    unproposed_.push_back(std::move(request));
  }
  propose_unproposed();
  if (!barrier_waiters_.empty() && !barrier_in_flight_) start_barrier();
}

void RaftLoop::propose_unproposed() {
  // Proposals waiting together go in one log entry: the library writes and
  // syncs each entry's append on its own, so one entry per proposal made
  // concurrent writers queue behind each other's fsyncs. And while this
  // node's last entry is on its way, more proposals wait to share the next
  // one: an entry costs every replica an append, an fsync, messages and a
  // store write whatever it carries.
  while (!unproposed_.empty() && entries_in_flight_ < kMaxEntriesInFlight) {
    std::vector<std::string> group;
    std::vector<Done> group_dones;
    std::size_t group_bytes = 0;
    const auto oldest = unproposed_.front().queued_at;
    while (!unproposed_.empty() && group.size() < kMaxGroupEntries &&
           (group.empty() || group_bytes + unproposed_.front().entry.size() <= kMaxGroupBytes)) {
      group_bytes += unproposed_.front().entry.size();
      group.push_back(std::move(unproposed_.front().entry));
      group_dones.push_back(std::move(unproposed_.front().done));
      unproposed_.pop_front();
    }
    propose_group(std::move(group), std::move(group_dones), oldest);
  }
}

void RaftLoop::propose_group(std::vector<std::string> entries, std::vector<Done> dones,
                             std::chrono::steady_clock::time_point oldest) {
  const std::string joined = entries.size() == 1 ? std::move(entries.front()) : join_entries(entries);
  auto* apply = new ApplyRequest;
  apply->loop = this;
  apply->dones = std::make_shared<std::vector<Done>>(std::move(dones));
  raft_buffer buffer;
  buffer.len = joined.size();
  buffer.base = raft_malloc(buffer.len == 0 ? 1 : buffer.len);
  std::memcpy(buffer.base, joined.data(), buffer.len);
  const int rv = raft_apply(&raft_, &apply->request, &buffer, 1, applied);
  if (rv != 0) {
    raft_free(buffer.base);
    for (auto& done : *apply->dones) done(raft_failure("cannot propose", rv));
    delete apply;
    return;
  }
  own_indexes_.insert(apply->request.index);
  ++entries_in_flight_;
  deadlines_.push_back({oldest + options_.commit_timeout, apply->dones});
}

void RaftLoop::start_change(Request& request) {
  if (raft_.state != RAFT_LEADER || !serving()) {
    request.done(Status::unavailable(std::string(kNotLeader)));
    return;
  }
  auto* change = new ChangeRequest;
  change->request.data = change;
  change->done = std::move(request.done);
  int rv = RAFT_INVALID;
  switch (request.change) {
    case Change::kAddSpare:
      rv = raft_add(&raft_, &change->request, request.member, request.entry.c_str(), changed);
      break;
    case Change::kMakeVoter:
      // The library first lets the member catch up with the log, then
      // commits the configuration that makes it a voter.
      rv = raft_assign(&raft_, &change->request, request.member, RAFT_VOTER, changed);
      break;
    case Change::kRemove:
      rv = raft_remove(&raft_, &change->request, request.member, changed);
      break;
  }
  if (rv != 0) {
    const bool refused = rv == RAFT_BADID || rv == RAFT_DUPLICATEID || rv == RAFT_DUPLICATEADDRESS || rv == RAFT_BADROLE;
    change->done(rv == RAFT_CANTCHANGE ? Status::busy("another membership change is in progress")
                 : refused             ? Status::invalid_argument(std::string("membership change refused: ") + raft_strerror(rv))
                                       : raft_failure("membership change", rv));
    delete change;
  }
}

void RaftLoop::changed(struct raft_change* req, int status) {
  auto* change = static_cast<ChangeRequest*>(req->data);
  change->done(status == 0 ? Status::ok() : raft_failure("membership change not committed", status));
  delete change;
}

void RaftLoop::start_barrier() {
  auto waiters = std::move(barrier_waiters_);
  barrier_waiters_.clear();
  if (raft_.state != RAFT_LEADER || !serving()) {
    for (auto& done : waiters) done(Status::unavailable(std::string(kNotLeader)));
    return;
  }
  auto* barrier = new BarrierRequest;
  barrier->loop = this;
  barrier->waiters = std::move(waiters);
  barrier->term = raft_.current_term;
  const int rv = raft_barrier(&raft_, &barrier->request, barrier_done);
  if (rv != 0) {
    for (auto& done : barrier->waiters) done(raft_failure("cannot confirm leadership", rv));
    delete barrier;
    return;
  }
  barrier_in_flight_ = true;
}

void RaftLoop::applied(struct raft_apply* req, int status, void* /*result*/) {
  auto* apply = reinterpret_cast<ApplyRequest*>(req);
  RaftLoop* self = apply->loop;
  self->own_indexes_.erase(req->index);
  --self->entries_in_flight_;  // the library calls back once for every entry it took
  // Taken from the deadline (which finds none left) and told once the entry
  // is in the store: a write answered earlier could be missing from a read
  // made after its answer. Nothing left when the deadline told them already.
  std::vector<Done> dones = std::move(*apply->dones);
  apply->dones->clear();
  delete apply;
  if (dones.empty()) return;
  if (status != 0) {
    const Status outcome = raft_failure("not committed", status);
    for (auto& done : dones) done(outcome);
    return;
  }
  self->machine_.after_stored([dones = std::move(dones)](const Status& outcome) {
    for (const auto& done : dones) done(outcome);
  });
}

void RaftLoop::barrier_done(struct raft_barrier* req, int status) {
  auto* barrier = reinterpret_cast<BarrierRequest*>(req);
  RaftLoop* self = barrier->loop;
  if (barrier->readiness) {
    const bool still_leading = self->raft_.state == RAFT_LEADER && self->raft_.current_term == barrier->term;
    if (status == 0 && still_leading) {
      // Serving means planning writes on what the store holds: every
      // earlier entry must be in it.
      self->machine_.wait_stored();
      self->serving_.store(true, std::memory_order_release);
      self->machine_.on_serving();
      spdlog::info("replication: node {} leads term {}", self->options_.node_id, barrier->term);
    } else if (still_leading) {
      self->readiness_term_ = 0;  // failed, yet still leading: the next turn tries again
    }
  } else {
    self->barrier_in_flight_ = false;
  }
  if (status == 0 && !barrier->waiters.empty()) {
    // A consistent read after the barrier reads the store: what the entries
    // before it wrote must be there.
    self->machine_.after_stored([waiters = std::move(barrier->waiters)](const Status& outcome) {
      for (const auto& done : waiters) done(outcome);
    });
  } else {
    for (auto& done : barrier->waiters) done(status == 0 ? Status::ok() : raft_failure("leadership lost", status));
  }
  delete barrier;
}

void RaftLoop::expire_proposals() {
  if (deadlines_.empty() && unproposed_.empty()) return;
  const auto now = std::chrono::steady_clock::now();
  const auto timeout = [this] {
    return Status::unavailable("the write was not confirmed by a majority of the cluster within " +
                               std::to_string(options_.commit_timeout.count()) + " ms (no quorum?)");
  };
  while (!deadlines_.empty() && (deadlines_.front().dones->empty() || deadlines_.front().due <= now)) {
    auto dones = std::move(deadlines_.front().dones);
    deadlines_.pop_front();
    if (dones->empty()) continue;  // applied
    const Status outcome = timeout();
    for (auto& done : *dones) done(outcome);
    dones->clear();
  }
  while (!unproposed_.empty() && unproposed_.front().queued_at + options_.commit_timeout <= now) {
    unproposed_.front().done(timeout());
    unproposed_.pop_front();
  }
}

void RaftLoop::observe() {
  if (closing_) return;
  expire_proposals();
  if (!unproposed_.empty()) {
    if (raft_.state == RAFT_LEADER && serving()) {
      propose_unproposed();  // entries applied this turn made room
    } else {
      fail_all(unproposed_, Status::unavailable(std::string(kNotLeader)));
    }
  }
  if (raft_.state != RAFT_LEADER) {
    serving_.store(false, std::memory_order_release);
  } else if (readiness_term_ != raft_.current_term) {
    // Entries of earlier terms commit only with one of the leader's own:
    // until this barrier is applied, what the store holds may be behind.
    readiness_term_ = raft_.current_term;
    auto* barrier = new BarrierRequest;
    barrier->loop = this;
    barrier->readiness = true;
    barrier->term = raft_.current_term;
    if (raft_barrier(&raft_, &barrier->request, barrier_done) != 0) {
      delete barrier;
      readiness_term_ = 0;  // try again next turn
    }
  }
  if (!barrier_waiters_.empty() && !barrier_in_flight_) start_barrier();

  NodeStatus now;
  now.node_id = options_.node_id;
  now.role = role_of(raft_.state);
  now.term = raft_.current_term;
  raft_id leader_id = 0;
  const char* leader_address = nullptr;
  raft_leader(&raft_, &leader_id, &leader_address);
  now.leader_id = leader_id;
  if (leader_id != 0) now.leader_api_address = machine_.api_address_of(leader_id);
  now.commit_index = raft_.commit_index;
  now.applied_index = raft_.last_applied;
  now.last_log_index = raft_last_index(&raft_);
  now.snapshot_index = raft_.log.snapshot.last_index;
  now.log_entries = now.last_log_index - raft_.log.offset;
  for (unsigned i = 0; i < raft_.configuration.n; ++i) {
    const auto& server = raft_.configuration.servers[i];
    now.members.emplace_back(server.id, server.role == RAFT_VOTER     ? "voter"
                                        : server.role == RAFT_STANDBY ? "standby"
                                                                      : "spare");
  }
  if (raft_.state == RAFT_LEADER && raft_.leader_state.progress != nullptr) {
    for (unsigned i = 0; i < raft_.configuration.n; ++i) {
      now.match_index.emplace_back(raft_.configuration.servers[i].id, raft_.leader_state.progress[i].match_index);
    }
  }
  std::lock_guard lock(mutex_);
  status_ = std::move(now);
}

void RaftLoop::begin_close() {
  if (closing_) return;
  closing_ = true;
  serving_.store(false, std::memory_order_release);
  {
    std::lock_guard lock(mutex_);
    running_ = false;
    fail_all(requests_, Status::unavailable("replication is stopping"));
  }
  for (auto& done : barrier_waiters_) done(Status::unavailable("replication is stopping"));
  barrier_waiters_.clear();
  fail_all(unproposed_, Status::unavailable("replication is stopping"));
  uv_check_stop(&check_);
  if (raft_initialized_) {
    raft_close(&raft_, [](raft* r) { static_cast<RaftLoop*>(r->data)->close_handles(); });
  } else {
    close_handles();
  }
}

void RaftLoop::close_handles() {
  if (io_initialized_) raft_uv_close(&io_);
  transport_.release();
  uv_close(reinterpret_cast<uv_handle_t*>(&wake_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&check_), nullptr);
}

int RaftLoop::fsm_apply(raft_fsm* fsm, const raft_buffer* buf, void** result) {
  auto* self = static_cast<RaftLoop*>(fsm->data);
  *result = nullptr;
  // The library does not pass the index: it applies entries in order, and
  // this one follows the last it applied.
  const std::uint64_t index = self->raft_.last_applied + 1;
  const bool own = self->own_indexes_.erase(index) > 0;
  const int rv = self->machine_.apply(index, std::string_view(static_cast<const char*>(buf->base), buf->len), own);
  if (rv == 0) self->account_applied(buf->len);
  return rv;
}

void RaftLoop::account_applied(std::size_t entry_bytes) {
  bytes_since_snapshot_ += entry_bytes;
  ++entries_since_snapshot_;
  if (bytes_since_snapshot_ < options_.log_memory_budget / 2) return;
  // The library snapshots once the entries applied since the last snapshot
  // reach its threshold, checked after this apply: lower it to them.
  const std::uint64_t applied_since = raft_.last_applied + 1 - raft_.log.snapshot.last_index;
  if (applied_since < options_.snapshot_threshold) {
    raft_set_snapshot_threshold(&raft_, static_cast<unsigned>(std::max<std::uint64_t>(applied_since, 1)));
  }
}

void RaftLoop::note_snapshot() {
  // Entries kept after this snapshot: as many as the configuration says, or
  // as many of the size seen lately as fit in the other half of the budget.
  std::uint64_t trailing = options_.snapshot_trailing;
  if (entries_since_snapshot_ > 0 && bytes_since_snapshot_ > 0) {
    const std::uint64_t average = std::max<std::uint64_t>(bytes_since_snapshot_ / entries_since_snapshot_, 1);
    trailing = std::clamp<std::uint64_t>(options_.log_memory_budget / 2 / average, kMinTrailing, trailing);
  }
  raft_set_snapshot_trailing(&raft_, static_cast<unsigned>(trailing));
  raft_set_snapshot_threshold(&raft_, options_.snapshot_threshold);
  bytes_since_snapshot_ = 0;
  entries_since_snapshot_ = 0;
}

int RaftLoop::fsm_snapshot(raft_fsm* fsm, raft_buffer* bufs[], unsigned* n_bufs) {
  auto* self = static_cast<RaftLoop*>(fsm->data);
  auto descriptor = self->machine_.snapshot(self->raft_.last_applied);
  if (!descriptor.is_ok()) {
    spdlog::warn("replication: no snapshot this time: {}", descriptor.status().to_string());
    return RAFT_BUSY;  // the library tries again later
  }
  self->note_snapshot();
  *bufs = static_cast<raft_buffer*>(raft_malloc(sizeof(raft_buffer)));
  (*bufs)[0].len = descriptor->size();
  (*bufs)[0].base = raft_malloc(descriptor->size());
  std::memcpy((*bufs)[0].base, descriptor->data(), descriptor->size());
  *n_bufs = 1;
  return 0;
}

int RaftLoop::fsm_restore(raft_fsm* fsm, raft_buffer* buf) {
  auto* self = static_cast<RaftLoop*>(fsm->data);
  if (!self->machine_.restore(std::string_view(static_cast<const char*>(buf->base), buf->len))) {
    if (!self->needs_data_copy_.exchange(true, std::memory_order_relaxed)) self->machine_.on_data_copy_needed();
    return RAFT_CORRUPT;
  }
  raft_free(buf->base);  // the state machine owns it once restored
  return 0;
}

}  // namespace dynastore::replication
