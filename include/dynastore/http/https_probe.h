// A GET over HTTPS for the server's own health check (`dynastore
// --health-check https://...`, the container HEALTHCHECK when --port serves
// HTTPS). The certificate is not verified: this probes a server on this
// machine for liveness; it is not a client to trust with data.
#pragma once

#include <chrono>
#include <string>

#include "dynastore/common/http_client.h"
#include "dynastore/common/status.h"

namespace dynastore::http {

struct HttpsProbeAnswer {
  int status = 0;
  std::string reason;
  std::string body;
};

// Connects to url.host:url.port, does a TLS handshake (SNI: url.host), sends
// GET url.path and reads the answer, all within `timeout`. IoError says
// what failed.
Result<HttpsProbeAnswer> https_probe(const HttpUrl& url, std::chrono::milliseconds timeout);

}  // namespace dynastore::http
