#include "server/http_adapter.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <optional>
#include <thread>

#include "dynastore/common/blocking_region.h"
#include "dynastore/json/json.h"
#include "dynastore/storage/deferred_commit.h"
#include "server/plain_response.h"

namespace dynastore::server {

namespace {

// What a browser may send and read. The allowed request headers are those
// the browser asks for (Access-Control-Request-Headers); this list is only
// for a preflight that does not ask.
constexpr std::string_view kAllowMethods = "GET, HEAD, POST, OPTIONS";
constexpr std::string_view kDefaultAllowHeaders =
    "Authorization, Content-Type, X-Amz-Target, X-Amz-Date, X-Amz-Security-Token, X-Amz-User-Agent, "
    "X-Amz-Content-Sha256, amz-sdk-invocation-id, amz-sdk-request";
constexpr std::string_view kExposeHeaders = "x-amzn-RequestId, x-amz-crc32";
// How long a browser may cache a preflight answer, in seconds (two days, as
// DynamoDB answers; browsers cap it lower themselves).
constexpr std::string_view kMaxAge = "172800";

http::HttpResponse to_http(api::ApiResponse&& response) {
  http::HttpResponse out;
  out.status = response.status;
  out.body = std::move(response.body);
  out.headers.reserve(response.headers.size());
  for (auto& [name, value] : response.headers) out.headers.push_back({std::move(name), std::move(value)});
  return out;
}

// "/metrics", with or without a query.
bool is_metrics_path(const http::HttpRequest& request) {
  const std::string_view target = request.target;
  return target.substr(0, target.find('?')) == "/metrics";
}

// The request's method, path, query and headers, borrowed.
api::ApiRequest api_request_head(const http::HttpRequest& request) {
  api::ApiRequest out;
  out.method = request.method;
  std::string_view target = request.target;
  const auto question = target.find('?');
  out.path = target.substr(0, question);
  if (question != std::string_view::npos) out.query = target.substr(question + 1);
  out.headers.reserve(request.headers.size());
  for (const auto& header : request.headers) out.headers.emplace_back(header.name, header.value);
  return out;
}

// "/cluster/status", with or without a query.
bool is_cluster_status_path(const http::HttpRequest& request) {
  const std::string_view target = request.target;
  return target.substr(0, target.find('?')) == "/cluster/status";
}

constexpr std::string_view kMembersPath = "/cluster/members";

// "/cluster/members" or "/cluster/members/ID".
bool is_members_path(const http::HttpRequest& request) {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  return path == kMembersPath || path.substr(0, kMembersPath.size() + 1) == std::string(kMembersPath) + "/";
}

// A membership change's outcome as an HTTP status.
int http_status_of(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kBusy: return 409;
    default: return 503;
  }
}

// Marks a request one node relayed to another, so it is never relayed again.
constexpr std::string_view kForwardedHeader = "X-Dynastore-Forwarded-By";
// On the leader's answer to a relayed request: its replica's applied index.
constexpr std::string_view kAppliedIndexHeader = "X-Dynastore-Applied-Index";
// How long a follower waits to apply what it relayed before it asks the
// leader instead: the leader tells followers of a commit with its next
// message, at the latest a heartbeat (a tenth of the election timeout) later.
constexpr auto kFenceWait = std::chrono::milliseconds(500);
// How long a request that needs the leader waits for an election to end.
constexpr auto kLeaderWait = std::chrono::milliseconds(3000);

// The operations whose one item write (ItemStore) is the last thing they
// do: their answer may wait for it instead of a thread.
bool ends_with_item_write(const http::HttpRequest& request) {
  const std::string* target = request.header("X-Amz-Target");
  if (target == nullptr) return false;
  constexpr std::string_view kPrefix = "DynamoDB_20120810.";
  const std::string_view name = *target;
  if (name.substr(0, kPrefix.size()) != kPrefix) return false;
  const std::string_view operation = name.substr(kPrefix.size());
  return operation == "PutItem" || operation == "UpdateItem" || operation == "DeleteItem" ||
         operation == "BatchWriteItem" || operation == "TransactWriteItems";
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

HttpAdapter::HttpAdapter(const api::Api& api, CorsOptions cors, storage::LogSyncer* syncer)
    : api_(api),
      cors_(std::move(cors)),
      syncer_(syncer),
      any_origin_(std::find(cors_.allowed_origins.begin(), cors_.allowed_origins.end(), "*") !=
                  cors_.allowed_origins.end()) {}

http::HttpResponse HttpAdapter::handle(http::HttpRequest& request) {
  if (request.method == "OPTIONS") return preflight(request);
  if (metrics_page_ != nullptr && (request.method == "GET" || request.method == "HEAD") && is_metrics_path(request)) {
    http::HttpResponse response;
    response.headers.push_back({"Content-Type", "text/plain; version=0.0.4; charset=utf-8"});
    response.body = metrics_page_->render();
    return response;
  }

  if (replica_ != nullptr && (request.method == "GET" || request.method == "HEAD") && is_cluster_status_path(request)) {
    return cluster_status();
  }
  if (replica_ != nullptr && is_members_path(request)) {
    if (!from_member(request)) return plain_response(403, "only the cluster's members may change its membership\n", "text/plain");
    return change_members(request);
  }
  if (shelf_ != nullptr && CheckpointShelf::is_shelf_path(request)) {
    // A copy of every table: for the other nodes of the cluster only.
    if (!from_member(request)) return plain_response(403, "only the cluster's members may fetch checkpoints\n", "text/plain");
    return shelf_->handle(request);
  }
  if (router_ != nullptr && request.method == "POST") {
    auto answer = route(request);
    add_cors_headers(answer, request);
    return answer;
  }
  return answer_here(request, defer_item_writes_);
}

http::HttpResponse HttpAdapter::answer_here(http::HttpRequest& request, bool may_defer_write) {
  api::ApiRequest api_request = api_request_head(request);
  api_request.body = &request.body;
  // A write the cluster commits later leaves no thread waiting for it: the
  // answer waits instead (storage/deferred_commit.h).
  std::optional<storage::DeferredCommit> deferral;
  if (may_defer_write && ends_with_item_write(request)) deferral.emplace();
  api::ApiResponse answer;
  {
    const storage::DeferredCommit::Scope scope(deferral ? &*deferral : nullptr);
    answer = api_.handle(api_request);
  }
  const std::chrono::milliseconds delay = delayer_ != nullptr ? answer.delay : std::chrono::milliseconds(0);
  auto response = to_http(std::move(answer));
  add_cors_headers(response, request);
  // What the answer waits for before it leaves, last first: an injected
  // delay; before it, with --sync, the fsync of what it reveals (only API
  // answers can reveal writes; the health line must answer even while the
  // log cannot be synced, a full disk, to say so). Empty: nothing. No
  // thread waits meanwhile.
  http::HttpResponse::Hold send_when_due;
  if (delay.count() > 0) {
    send_when_due = [this, delay](http::HttpResponse::Send send) {
      delayer_->after(delay, [send = std::move(send)] { send(std::nullopt); });
    };
  }
  if (syncer_ != nullptr && request.method == "POST") {
    send_when_due = [this, then = std::move(send_when_due)](http::HttpResponse::Send send) {
      syncer_->after_durable([this, then, send = std::move(send)](const Status& synced) {
        if (!synced.is_ok()) return send(to_http(api_.internal_error()));
        then ? then(send) : send(std::nullopt);
      });
    };
  }
  if (deferral && deferral->claimed()) {
    // And first the deferred write: a write that was not made is an error,
    // as a write that blocked would have answered.
    response.hold = [this, deferral = std::move(*deferral),
                     then = std::move(send_when_due)](http::HttpResponse::Send send) mutable {
      deferral.when_known([this, then = std::move(then), send = std::move(send)](const Status& outcome) {
        if (!outcome.is_ok()) return send(to_http(api_.internal_error()));
        then ? then(send) : send(std::nullopt);
      });
    };
  } else {
    response.hold = std::move(send_when_due);
  }
  return response;
}

bool HttpAdapter::from_member(const http::HttpRequest& request) const {
  return std::find(member_hosts_.begin(), member_hosts_.end(), request.remote_address) != member_hosts_.end();
}

void HttpAdapter::set_cluster(const routing::Router* router, http::Forwarder* forwarder,
                              replication::ReplicatedEngine* replica, std::vector<std::string> member_hosts) {
  member_hosts_ = std::move(member_hosts);
  router_ = router;
  forwarder_ = forwarder;
  replica_ = replica;
  node_id_ = std::to_string(replica->status().node_id);
}

http::HttpResponse HttpAdapter::route(http::HttpRequest& request) {
  const std::string* target = request.header("X-Amz-Target");
  const std::string* encoding = request.header("Content-Encoding");
  const bool encoded = encoding != nullptr && !iequals(*encoding, "identity") && !encoding->empty();
  const bool forwarded = request.header(kForwardedHeader) != nullptr;
  const auto decision =
      router_->decide(target != nullptr ? std::string_view(*target) : std::string_view(), request.body, encoded, forwarded);
  switch (decision.kind) {
    case routing::Router::Decision::kNoLeader:
      // During an election: hold the request a little for its outcome.
      if (!forwarded && wait_for_leader()) return route(request);
      return to_http(api_.reject(503, "No leader of the cluster is known to this node (no quorum?); retry later"));
    case routing::Router::Decision::kForward:
      return relay(request, decision.forward_to);
    case routing::Router::Decision::kHere:
      break;
  }
  if (decision.confirm_leadership) {
    // A consistent read here must see every acknowledged write: only a
    // leader a majority still follows has them all.
    if (auto s = replica_->confirm_leadership(); !s.is_ok()) {
      return to_http(api_.reject(503, "The cluster's leader could not be confirmed (" + s.message() + ")"));
    }
  }
  if (replica_->is_serving_leader()) {
    // A relayed write is answered once applied: the header below must
    // cover it, so it is not deferred.
    auto response = answer_here(request, !forwarded);
    // Tells the node that relayed it how far its replica must have applied
    // for its own later reads to see this request's writes.
    if (forwarded) response.headers.push_back({std::string(kAppliedIndexHeader), std::to_string(replica_->applied_index())});
    return response;
  }
  return read_on_follower(request, forwarded);
}

http::HttpResponse HttpAdapter::read_on_follower(http::HttpRequest& request, bool forwarded) {
  // First up to every write this node relayed (a client reads its own
  // writes through the node it calls), else from the leader. A node that
  // knows no leader yet (it just started, or an election is on) may miss
  // recent writes entirely: it waits a little for one to ask.
  const std::uint64_t fence = relayed_fence_.load(std::memory_order_acquire);
  if (!forwarded) wait_for_leader();
  if (replica_->is_serving_leader()) return answer_here(request);  // elected meanwhile
  const std::string leader = replica_->leader_api_address();
  if (!replica_->wait_applied(fence, kFenceWait)) {
    if (!leader.empty()) return relay(request, leader);
  }
  // The API parses the body in place: keep it as received, to relay.
  std::string body = request.body;
  auto response = answer_here(request);
  // A table or index this replica does not have yet (just created): the
  // leader knows whether it exists.
  if (response.status == 400 && !leader.empty() && !forwarded &&
      response.body.find("ResourceNotFoundException") != std::string::npos) {
    request.body = std::move(body);
    return relay(request, leader);
  }
  return response;
}

http::HttpResponse HttpAdapter::change_members(http::HttpRequest& request) {
  auto problem = [](int status, const std::string& message) {
    return plain_response(status, "{\"message\":\"" + message + "\"}\n", "application/json");
  };
  const bool forwarded = request.header(kForwardedHeader) != nullptr;
  if (!replica_->is_serving_leader()) {
    if (forwarded || !wait_for_leader()) return problem(503, "no leader of the cluster is known to this node");
    if (!replica_->is_serving_leader()) return relay(request, replica_->leader_api_address());
  }
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  Status outcome;
  if (request.method == "POST" && path == kMembersPath) {
    json::Document body;
    if (!json::parse(request.body, body).empty() || !body.IsObject() || !body.HasMember("id") ||
        !body["id"].IsUint64() || !body.HasMember("raftAddress") || !body["raftAddress"].IsString() ||
        !body.HasMember("apiAddress") || !body["apiAddress"].IsString()) {
      return problem(400, "expected {\\\"id\\\": N, \\\"raftAddress\\\": \\\"IPV4:PORT\\\", \\\"apiAddress\\\": \\\"HOST:PORT\\\"}");
    }
    replication::ClusterMember member{body["id"].GetUint64(), body["raftAddress"].GetString(),
                                      body["apiAddress"].GetString()};
    const auto colon = member.raft_address.rfind(':');
    in_addr ipv4{};
    if (colon == std::string::npos || inet_pton(AF_INET, member.raft_address.substr(0, colon).c_str(), &ipv4) != 1 ||
        member.api_address.rfind(':') == std::string::npos) {
      return problem(400, "raftAddress must be IPV4:PORT and apiAddress HOST:PORT");
    }
    outcome = replica_->add_member(member);
  } else if (request.method == "DELETE" && path.size() > kMembersPath.size() + 1) {
    std::uint64_t id = 0;
    const auto digits = path.substr(kMembersPath.size() + 1);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), id).ec != std::errc() || id == 0) {
      return problem(400, "not a member id");
    }
    outcome = replica_->remove_member(id);
  } else {
    return problem(405, "POST /cluster/members adds a member, DELETE /cluster/members/ID removes one");
  }
  if (!outcome.is_ok()) return problem(http_status_of(outcome), outcome.message());
  return cluster_status();
}

bool HttpAdapter::wait_for_leader() const {
  if (replica_->is_serving_leader() || !replica_->leader_api_address().empty()) return true;
  const BlockingRegion waiting;
  const auto deadline = std::chrono::steady_clock::now() + kLeaderWait;
  for (;;) {
    if (replica_->is_serving_leader() || !replica_->leader_api_address().empty()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

http::HttpResponse HttpAdapter::relay(http::HttpRequest& request, const std::string& leader) {
  auto relayed = [&] {
    const BlockingRegion waiting;
    return forwarder_->forward(leader, request, {std::string(kForwardedHeader), node_id_});
  }();
  if (!relayed.is_ok()) {
    return to_http(api_.reject(503, "The cluster's leader at " + leader + " did not answer (" +
                                        relayed.status().message() + "); retry later"));
  }
  auto& headers = relayed.value().headers;
  for (auto it = headers.begin(); it != headers.end(); ++it) {
    if (!iequals(it->name, kAppliedIndexHeader)) continue;
    std::uint64_t index = 0;
    const auto& digits = it->value;
    if (std::from_chars(digits.data(), digits.data() + digits.size(), index).ec == std::errc()) {
      std::uint64_t seen = relayed_fence_.load(std::memory_order_relaxed);
      while (index > seen && !relayed_fence_.compare_exchange_weak(seen, index, std::memory_order_acq_rel)) {
      }
    }
    headers.erase(it);
    break;
  }
  return std::move(relayed).value();
}

http::HttpResponse HttpAdapter::cluster_status() const {
  const auto status = replica_->status();
  std::string body = "{\"nodeId\":" + std::to_string(status.node_id) + ",\"role\":\"" +
                     std::string(replication::role_name(status.role)) + "\",\"serving\":" +
                     (status.serving ? "true" : "false") + ",\"term\":" + std::to_string(status.term) +
                     ",\"leaderId\":" + std::to_string(status.leader_id) + ",\"leaderApiAddress\":\"" +
                     status.leader_api_address + "\",\"commitIndex\":" + std::to_string(status.commit_index) +
                     ",\"appliedIndex\":" + std::to_string(status.applied_index) +
                     ",\"lastLogIndex\":" + std::to_string(status.last_log_index) +
                     ",\"snapshotIndex\":" + std::to_string(status.snapshot_index) +
                     ",\"logEntries\":" + std::to_string(status.log_entries) +
                     ",\"lag\":" + std::to_string(status.commit_index - std::min(status.commit_index, status.applied_index)) +
                     ",\"needsDataCopy\":" + (status.needs_data_copy ? "true" : "false") + ",\"matchIndex\":{";
  for (std::size_t i = 0; i < status.match_index.size(); ++i) {
    if (i > 0) body += ',';
    body += "\"" + std::to_string(status.match_index[i].first) + "\":" + std::to_string(status.match_index[i].second);
  }
  body += "},\"members\":{";
  for (std::size_t i = 0; i < status.members.size(); ++i) {
    if (i > 0) body += ',';
    body += "\"" + std::to_string(status.members[i].first) + "\":\"" + status.members[i].second + "\"";
  }
  body += "}}\n";
  return plain_response(200, std::move(body), "application/json");
}

http::HttpResponse HttpAdapter::reject(int status, std::string_view reason) {
  auto response = to_http(api_.reject(status, reason));
  response.close_connection = true;
  return response;
}

std::optional<http::HttpResponse> HttpAdapter::check_head(const http::HttpRequest& head) {
  if (head.method == "OPTIONS") return std::nullopt;  // a preflight has no body worth refusing
  // The cluster's own endpoints are not the API's to refuse.
  if (replica_ != nullptr && (is_members_path(head) || CheckpointShelf::is_shelf_path(head))) return std::nullopt;
  auto refusal = api_.check_head(api_request_head(head));
  if (!refusal) return std::nullopt;
  auto response = to_http(std::move(*refusal));
  add_cors_headers(response, head);
  return response;
}

http::HttpResponse HttpAdapter::preflight(const http::HttpRequest& request) const {
  http::HttpResponse response;
  response.status = 200;
  response.headers.push_back({"Allow", std::string(kAllowMethods)});
  // Without an allowed origin the browser refuses the actual request: the
  // answer is still 200, as a CORS-unaware server's would be. Without an
  // Origin at all (curl -X OPTIONS) the headers show what "*" allows.
  const std::string* origin = request.header("Origin");
  const bool allowed = origin != nullptr ? add_allow_origin(response, *origin)
                                         : any_origin_ && add_allow_origin(response, "*");
  if (!allowed) return response;
  response.headers.push_back({"Access-Control-Allow-Methods", std::string(kAllowMethods)});
  const std::string* requested = request.header("Access-Control-Request-Headers");
  response.headers.push_back(
      {"Access-Control-Allow-Headers", requested != nullptr ? *requested : std::string(kDefaultAllowHeaders)});
  response.headers.push_back({"Access-Control-Max-Age", std::string(kMaxAge)});
  return response;
}

void HttpAdapter::add_cors_headers(http::HttpResponse& response, const http::HttpRequest& request) const {
  const std::string* origin = request.header("Origin");
  if (origin != nullptr && add_allow_origin(response, *origin)) {
    response.headers.push_back({"Access-Control-Expose-Headers", std::string(kExposeHeaders)});
  }
}

bool HttpAdapter::add_allow_origin(http::HttpResponse& response, const std::string& origin) const {
  if (any_origin_) {
    response.headers.push_back({"Access-Control-Allow-Origin", "*"});
    return true;
  }
  if (cors_.allowed_origins.empty()) return false;
  // The answer depends on the Origin header: tell caches so.
  response.headers.push_back({"Vary", "Origin"});
  for (const auto& allowed : cors_.allowed_origins) {
    if (iequals(allowed, origin)) {
      response.headers.push_back({"Access-Control-Allow-Origin", origin});
      return true;
    }
  }
  return false;
}

}  // namespace dynastore::server
