// Forwarder: relays an HTTP request, as received, to another server and
// brings back its answer — for a cluster node that passes a request to the
// node that must answer it (the client's SDK does not follow redirects, so
// the node it called answers). Headers and body go byte for byte (a
// request's SigV4 signature stays valid); connections are kept alive and
// reused, per destination.
//
// Thread-safety: forward() may be called concurrently; it blocks the
// calling thread for the exchange.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"
#include "dynastore/http/request_handler.h"

namespace dynastore::http {

class Forwarder {
 public:
  // `timeout`: the longest an exchange may take, connecting included.
  explicit Forwarder(std::chrono::milliseconds timeout);
  ~Forwarder();
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

  // Sends `request` to `address` ("host:port", IPv4 or a name) with one
  // more header, `mark` (a name and value: it tells the receiver the
  // request was forwarded). The answer's status, headers (less framing and
  // Date/Server, which the local session writes) and body; IoError when no
  // answer came. A reused connection that the destination had closed is
  // replaced once, when no byte of an answer was read.
  Result<HttpResponse> forward(const std::string& address, const HttpRequest& request, const HttpHeader& mark);

 private:
  struct Pool;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace dynastore::http
