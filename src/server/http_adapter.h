// Joins the HTTP front end to the DynamoDB pipeline: translates
// http::HttpRequest into api::ApiRequest and back, and answers CORS (browser
// cross-origin) requests, which are HTTP's business rather than DynamoDB's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dynastore/api/api.h"
#include "dynastore/http/request_handler.h"
#include "dynastore/storage/log_syncer.h"
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

 private:
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
  bool any_origin_ = false;
};

}  // namespace dynastore::server
