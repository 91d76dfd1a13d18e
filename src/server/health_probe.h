// `dynastore --health-check URL`: a tiny HTTP client for container health
// checks, so the image needs neither curl nor wget.
#pragma once

#include <chrono>
#include <string_view>

namespace dynastore::server {

// GETs `url` (http://HOST[:PORT][/PATH]; HOST may be a bracketed IPv6
// literal) over plain HTTP/1.1 and returns 0 when the answer is 200, 1
// otherwise (bad URL, no connection, timeout, other status). Prints the
// response body's first line on success, or the reason on failure, to
// stdout: Docker keeps that output in the container's health log. The
// whole exchange must finish within `timeout`.
int run_health_probe(std::string_view url, std::chrono::milliseconds timeout);

}  // namespace dynastore::server
