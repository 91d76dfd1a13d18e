// An HTTP answer of the server's own endpoints (not DynamoDB's): a status,
// a Content-Type and a body.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "dynastore/http/request_handler.h"

namespace dynastore::server {

inline http::HttpResponse plain_response(int status, std::string body, std::string_view content_type) {
  http::HttpResponse response;
  response.status = status;
  response.headers.push_back({"Content-Type", std::string(content_type)});
  response.body = std::move(body);
  return response;
}

}  // namespace dynastore::server
