#include "http/default_headers.h"

#include <ctime>

namespace dynastore::http::detail {

void append_date_header(std::string& out) {
  struct Cache {
    std::time_t second = -1;
    char text[64] = {};
    std::size_t size = 0;
  };
  thread_local Cache cache;
  const std::time_t now = std::time(nullptr);
  if (now != cache.second) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    // IMF-fixdate (RFC 9110 §5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT";
    // strftime's %a and %b are English in the C locale, which we never change.
    cache.size = std::strftime(cache.text, sizeof cache.text, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &utc);
    cache.second = now;
  }
  out.append(cache.text, cache.size);
}

void append_server_header(std::string& out) { out += "Server: Server\r\n"; }

}  // namespace dynastore::http::detail
