// Joins the HTTP front end to the DynamoDB pipeline: translates
// http::HttpRequest into api::ApiRequest and back, and answers CORS (browser
// cross-origin) requests, which are HTTP's business rather than DynamoDB's.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/api/api.h"
#include "dynastore/http/forwarder.h"
#include "dynastore/http/request_handler.h"
#include "dynastore/routing/router.h"
#include "dynastore/storage/log_syncer.h"
#include "server/checkpoint_shelf.h"
#include "server/metrics_page.h"
#include "server/response_delayer.h"

namespace dynastore::server {

struct CorsOptions {
  // Origins a browser may call from ("https://app.example.com"), compared
  // ASCII case-insensitively; "*" allows any. Empty: no CORS headers are
  // ever sent, so browsers refuse cross-origin calls. Default: "*", as
  // DynamoDB Local's -cors.
  std::vector<std::string> allowed_origins{"*"};
};

// Thread-safe: immutable after construction.
class HttpAdapter final : public http::RequestHandler {
 public:
  // With a `syncer` (--sync), every API answer is held until everything
  // visible when it was ready is durable: a write is acknowledged, and any
  // data is shown, only once a power loss can no longer take it back.
  explicit HttpAdapter(const api::Api& api, CorsOptions cors = {}, storage::LogSyncer* syncer = nullptr);
  http::HttpResponse handle(http::HttpRequest& request) override;
  http::HttpResponse reject(int status, std::string_view reason) override;
  std::optional<http::HttpResponse> check_head(const http::HttpRequest& head) override;

  // Serves GET /metrics from `page` (borrowed); without one, /metrics is
  // an unknown path (404). Call before the server starts.
  void set_metrics_page(const MetricsPage* page) { metrics_page_ = page; }
  // Holds answers the API asks to delay (an injected fault) on `delayer`
  // (borrowed); without one they go out at once. Call before the server
  // starts.
  void set_response_delayer(ResponseDelayer* delayer) { delayer_ = delayer; }

  // Cluster mode: API requests go where `router` decides (answered here,
  // after a confirmation of leadership, or relayed to the leader through
  // `forwarder`), and GET /cluster/status describes this node. Borrowed;
  // call before the server starts.
  // The cluster's own endpoints (/cluster/members, /cluster/checkpoints)
  // answer only the hosts of its members (remote addresses in
  // `member_hosts`); others get 403.
  void set_cluster(const routing::Router* router, http::Forwarder* forwarder, replication::ReplicatedEngine* replica,
                   std::vector<std::string> member_hosts);
  // Serves /cluster/checkpoints from `shelf` (to members only, as above).
  void set_checkpoint_shelf(CheckpointShelf* shelf) { shelf_ = shelf; }
  // A single node whose engine gathers a turn's item writes into one
  // (storage/coalescing_engine.h): their answers wait for that write.
  // Call before the server starts.
  void defer_item_writes() { defer_item_writes_ = true; }

 private:
  // The answer of the API here (and the hold of --sync). With
  // `may_defer_write`, an item write the engine makes later (the cluster's
  // commit, the end of the turn) is answered from its completion
  // (storage/deferred_commit.h).
  http::HttpResponse answer_here(http::HttpRequest& request, bool may_defer_write = false);
  // A POST in a cluster: answered here or relayed to the leader, as the
  // router decides (routing/router.h).
  http::HttpResponse route(http::HttpRequest& request);
  // An eventually consistent read on a follower: from its own replica, or
  // the leader's when that replica is behind or lacks the table.
  http::HttpResponse read_on_follower(http::HttpRequest& request, bool forwarded);
  // Whether a leader (this node or another) is known, waiting up to a few
  // seconds for one (an election).
  bool wait_for_leader() const;
  // The leader's answer to `request`, or 503 when it does not answer.
  http::HttpResponse relay(http::HttpRequest& request, const std::string& leader);
  http::HttpResponse cluster_status() const;
  // POST /cluster/members ({"id", "raftAddress", "apiAddress"}) adds a
  // member, DELETE /cluster/members/ID removes one: on the leader (relayed
  // there from a follower); answers the new status.
  http::HttpResponse change_members(http::HttpRequest& request);
  // OPTIONS: a CORS preflight, answered here without reaching the API.
  http::HttpResponse preflight(const http::HttpRequest& request) const;
  // Adds Access-Control-Allow-Origin (and Vary: Origin when it depends on
  // the request's Origin) when `origin` is allowed; returns whether it was.
  bool add_allow_origin(http::HttpResponse& response, const std::string& origin) const;
  // An API answer's CORS headers, for a request from an allowed Origin.
  void add_cors_headers(http::HttpResponse& response, const http::HttpRequest& request) const;

  const api::Api& api_;
  CorsOptions cors_;
  ResponseDelayer* delayer_ = nullptr;
  storage::LogSyncer* syncer_;
  const MetricsPage* metrics_page_ = nullptr;
  const routing::Router* router_ = nullptr;
  http::Forwarder* forwarder_ = nullptr;
  replication::ReplicatedEngine* replica_ = nullptr;
  std::string node_id_;  // this node's id, as relayed requests name it
  CheckpointShelf* shelf_ = nullptr;
  std::vector<std::string> member_hosts_;
  // Whether `request` comes from one of the members' hosts.
  bool from_member(const http::HttpRequest& request) const;
  // The highest applied index the leader reported for a request this node
  // relayed: a local read waits until the replica has applied that far.
  std::atomic<std::uint64_t> relayed_fence_{0};
  bool any_origin_ = false;
  bool defer_item_writes_ = false;
};

}  // namespace dynastore::server
