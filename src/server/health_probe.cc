#include "server/health_probe.h"

#include <iostream>
#include <string>

#include "dynastore/common/http_client.h"
#include "dynastore/http/https_probe.h"

namespace dynastore::server {

namespace {

// Prints the verdict on an answer to GET / (its first line) and returns the
// exit status: 0 for 200. A server that is up but unhealthy (a full disk:
// 503) says why on its first line, which is printed as it is.
template <typename Answer>
int report(const Result<Answer>& answer) {
  if (!answer.is_ok()) {
    std::cout << "unhealthy: " << answer.status().message() << "\n";
    return 1;
  }
  const std::string first_line = answer->body.substr(0, answer->body.find('\n'));
  if (answer->status != 200) {
    if (first_line.starts_with("unhealthy: ")) {
      std::cout << first_line << "\n";
    } else {
      std::cout << "unhealthy: HTTP " << answer->status << " " << answer->reason << "\n";
    }
    return 1;
  }
  std::cout << (first_line.empty() ? "HTTP 200 " + answer->reason : first_line) << "\n";
  return 0;
}

// https://...: the same probe over TLS (the certificate is not verified:
// this checks our own server's liveness).
int run_https_probe(std::string_view url_text, std::chrono::milliseconds timeout) {
  constexpr std::string_view kScheme = "https://";
  auto url = parse_http_url("http://" + std::string(url_text.substr(kScheme.size())));
  if (!url) {
    std::cout << "unhealthy: bad URL " << url_text << " (expected https://HOST[:PORT][/PATH])\n";
    return 1;
  }
  // parse_http_url defaults to port 80; HTTPS's is 443.
  const std::string_view rest = url_text.substr(kScheme.size());
  const std::string_view authority = rest.substr(0, rest.find('/'));
  const bool bracketed = authority.starts_with('[');
  const bool has_port =
      bracketed ? authority.find("]:") != std::string_view::npos : authority.find(':') != std::string_view::npos;
  if (!has_port) url->port = "443";
  return report(http::https_probe(*url, timeout));
}

}  // namespace

int run_health_probe(std::string_view url_text, std::chrono::milliseconds timeout) {
  if (url_text.starts_with("https://")) return run_https_probe(url_text, timeout);
  const auto url = parse_http_url(url_text);
  if (!url) {
    std::cout << "unhealthy: bad URL " << url_text << " (expected http://HOST[:PORT][/PATH])\n";
    return 1;
  }
  HttpRequest request;
  request.user_agent = "dynastore-health-check";
  return report(http_exchange(*url, request, std::chrono::steady_clock::now() + timeout));
}

}  // namespace dynastore::server
