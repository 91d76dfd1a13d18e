// A small blocking HTTP/1.1 client over plain TCP, for the server's own
// outgoing calls to local endpoints: the container health probe and the
// stream trigger's HTTP target. One request per connection (Connection:
// close); no TLS, no redirects, no proxies.
//
// Thread-safety: free functions; each call uses its own socket.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/common/status.h"

namespace dynastore {

struct HttpUrl {
  std::string host;  // a name, an IPv4 literal, or an IPv6 literal without brackets
  std::string port = "80";
  std::string path = "/";
};

// http://HOST[:PORT][/PATH], HOST possibly a bracketed IPv6 literal;
// nullopt for anything else.
std::optional<HttpUrl> parse_http_url(std::string_view url);

struct HttpAnswer {
  int status = 0;
  std::string reason;                                        // "OK"
  std::vector<std::pair<std::string, std::string>> headers;  // names as sent
  std::string body;                                          // de-chunked

  // The first header named `name`, ignoring case.
  std::optional<std::string_view> header(std::string_view name) const;
};

struct HttpRequest {
  std::string_view method = "GET";
  std::string_view content_type;  // sent when not empty
  std::string_view body;
  std::string_view user_agent = "dynastore";
};

// Sends `request` to `url` and reads the whole answer (bodies beyond
// kMaxAnswerBytes are cut). The exchange must end by `deadline`; it also
// ends soon after `*cancel` becomes true. IoError says what went wrong
// (cannot resolve, cannot connect, timed out, cancelled, no HTTP answer).
inline constexpr std::size_t kMaxAnswerBytes = 1024 * 1024;
Result<HttpAnswer> http_exchange(const HttpUrl& url, const HttpRequest& request,
                                 std::chrono::steady_clock::time_point deadline,
                                 const std::atomic<bool>* cancel = nullptr);

}  // namespace dynastore
