#include "server/http_adapter.h"

namespace dynastore::server {

namespace {

http::HttpResponse to_http(api::ApiResponse&& response) {
  http::HttpResponse out;
  out.status = response.status;
  out.body = std::move(response.body);
  out.headers.reserve(response.headers.size());
  for (auto& [name, value] : response.headers) out.headers.push_back({std::move(name), std::move(value)});
  return out;
}

}  // namespace

http::HttpResponse HttpAdapter::handle(http::HttpRequest& request) {
  api::ApiRequest api_request;
  api_request.method = request.method;
  std::string_view target = request.target;
  const auto question = target.find('?');
  api_request.path = target.substr(0, question);
  if (question != std::string_view::npos) api_request.query = target.substr(question + 1);
  api_request.headers.reserve(request.headers.size());
  for (const auto& header : request.headers) api_request.headers.emplace_back(header.name, header.value);
  api_request.body = request.body;
  return to_http(api_.handle(api_request));
}

http::HttpResponse HttpAdapter::reject(int status, std::string_view reason) {
  auto response = to_http(api_.reject(status, reason));
  response.close_connection = true;
  return response;
}

}  // namespace dynastore::server
