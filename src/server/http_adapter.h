// Joins the HTTP front end to the DynamoDB pipeline: translates
// http::HttpRequest into api::ApiRequest and back.
#pragma once

#include "dynastore/api/api.h"
#include "dynastore/http/request_handler.h"

namespace dynastore::server {

class HttpAdapter final : public http::RequestHandler {
 public:
  explicit HttpAdapter(const api::Api& api) : api_(api) {}
  http::HttpResponse handle(http::HttpRequest& request) override;
  http::HttpResponse reject(int status, std::string_view reason) override;

 private:
  const api::Api& api_;
};

}  // namespace dynastore::server
