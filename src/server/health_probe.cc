#include "server/health_probe.h"

#include <iostream>
#include <string>

#include "dynastore/common/http_client.h"

namespace dynastore::server {

int run_health_probe(std::string_view url_text, std::chrono::milliseconds timeout) {
  const auto url = parse_http_url(url_text);
  if (!url) {
    std::cout << "unhealthy: bad URL " << url_text << " (expected http://HOST[:PORT][/PATH])\n";
    return 1;
  }
  HttpRequest request;
  request.user_agent = "dynastore-health-check";
  auto answer = http_exchange(*url, request, std::chrono::steady_clock::now() + timeout);
  if (!answer.is_ok()) {
    std::cout << "unhealthy: " << answer.status().message() << "\n";
    return 1;
  }
  if (answer->status != 200) {
    std::cout << "unhealthy: HTTP " << answer->status << " " << answer->reason << "\n";
    return 1;
  }
  const std::string first_line = answer->body.substr(0, answer->body.find('\n'));
  std::cout << (first_line.empty() ? "HTTP 200 " + answer->reason : first_line) << "\n";
  return 0;
}

}  // namespace dynastore::server
