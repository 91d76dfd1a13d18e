#include "server/http_adapter.h"

#include <algorithm>
#include <cctype>

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

// Marks a request one node relayed to another, so it is never relayed again.
constexpr std::string_view kForwardedHeader = "X-Dynastore-Forwarded-By";

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
  if (router_ != nullptr && request.method == "POST") {
    if (auto answer = route(request)) {
      add_cors_headers(*answer, request);
      return std::move(*answer);
    }
  }

  api::ApiRequest api_request = api_request_head(request);
  api_request.body = &request.body;
  auto response = to_http(api_.handle(api_request));
  add_cors_headers(response, request);
  // Only API answers can reveal writes; the health line must answer even
  // while the log cannot be synced (a full disk), to say so.
  if (syncer_ != nullptr && request.method == "POST") {
    response.hold = [this](http::HttpResponse::Send send) {
      syncer_->after_durable([this, send = std::move(send)](const Status& synced) {
        if (synced.is_ok()) {
          send(std::nullopt);
        } else {
          send(to_http(api_.internal_error()));
        }
      });
    };
  }
  return response;
}

void HttpAdapter::set_cluster(const routing::Router* router, http::Forwarder* forwarder,
                              replication::ReplicatedEngine* replica) {
  router_ = router;
  forwarder_ = forwarder;
  replica_ = replica;
}

std::optional<http::HttpResponse> HttpAdapter::route(http::HttpRequest& request) {
  const std::string* target = request.header("X-Amz-Target");
  const std::string* encoding = request.header("Content-Encoding");
  const bool encoded = encoding != nullptr && !iequals(*encoding, "identity") && !encoding->empty();
  const bool forwarded = request.header(kForwardedHeader) != nullptr;
  const auto decision =
      router_->decide(target != nullptr ? std::string_view(*target) : std::string_view(), request.body, encoded, forwarded);
  switch (decision.kind) {
    case routing::Router::Decision::kHere:
      if (decision.confirm_leadership) {
        // A consistent read here must see every acknowledged write: only a
        // leader a majority still follows has them all.
        if (auto s = replica_->confirm_leadership(); !s.is_ok()) {
          return to_http(api_.reject(503, "The cluster's leader could not be confirmed (" + s.message() + ")"));
        }
      }
      return std::nullopt;
    case routing::Router::Decision::kNoLeader:
      return to_http(api_.reject(503, "No leader of the cluster is known to this node (no quorum?); retry later"));
    case routing::Router::Decision::kForward:
      break;
  }
  auto relayed = forwarder_->forward(decision.forward_to, request,
                                     {std::string(kForwardedHeader), std::to_string(replica_->status().node_id)});
  if (!relayed.is_ok()) {
    return to_http(api_.reject(503, "The cluster's leader at " + decision.forward_to + " did not answer (" +
                                        relayed.status().message() + "); retry later"));
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
                     ",\"lag\":" + std::to_string(status.commit_index - std::min(status.commit_index, status.applied_index)) +
                     ",\"needsDataCopy\":" + (status.needs_data_copy ? "true" : "false") + ",\"matchIndex\":{";
  for (std::size_t i = 0; i < status.match_index.size(); ++i) {
    if (i > 0) body += ',';
    body += "\"" + std::to_string(status.match_index[i].first) + "\":" + std::to_string(status.match_index[i].second);
  }
  body += "}}\n";
  http::HttpResponse response;
  response.headers.push_back({"Content-Type", "application/json"});
  response.body = std::move(body);
  return response;
}

http::HttpResponse HttpAdapter::reject(int status, std::string_view reason) {
  auto response = to_http(api_.reject(status, reason));
  response.close_connection = true;
  return response;
}

std::optional<http::HttpResponse> HttpAdapter::check_head(const http::HttpRequest& head) {
  if (head.method == "OPTIONS") return std::nullopt;  // a preflight has no body worth refusing
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
