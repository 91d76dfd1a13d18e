// One response as the benchmark sees it, or the reason there was none.
#pragma once

#include <string>

namespace dynastore::bench {

struct HttpResponse {
  int status = 0;               // 0: no HTTP response; see transport_error
  std::string transport_error;  // "timeout", "connect: Connection refused", ...
  std::string body;
};

}  // namespace dynastore::bench
