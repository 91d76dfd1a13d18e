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

  api::ApiRequest api_request = api_request_head(request);
  api_request.body = &request.body;
  api::ApiResponse answer = api_.handle(api_request);
  const std::chrono::milliseconds delay = delayer_ != nullptr ? answer.delay : std::chrono::milliseconds(0);
  auto response = to_http(std::move(answer));
  add_cors_headers(response, request);
  // An injected delay: the answer leaves once it is due (after the sync,
  // with --sync), and no thread waits for it.
  auto send_when_due = [this, delay](http::HttpResponse::Send send) {
    if (delay.count() == 0) return send(std::nullopt);
    delayer_->after(delay, [send = std::move(send)] { send(std::nullopt); });
  };
  // Only API answers can reveal writes; the health line must answer even
  // while the log cannot be synced (a full disk), to say so.
  if (syncer_ != nullptr && request.method == "POST") {
    response.hold = [this, send_when_due](http::HttpResponse::Send send) {
      syncer_->after_durable([this, send_when_due, send = std::move(send)](const Status& synced) {
        if (synced.is_ok()) {
          send_when_due(send);
        } else {
          send(to_http(api_.internal_error()));
        }
      });
    };
  } else if (delay.count() > 0) {
    response.hold = send_when_due;
  }
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
