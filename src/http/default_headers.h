// The Date and Server response headers, which http/ adds to every response
// whose handler did not set them (RFC 9110 §6.6.1: an origin server with a
// clock must send Date). DynamoDB answers "Server: Server". Private to
// src/http.
#pragma once

#include <string>

namespace dynastore::http::detail {

// Appends "Date: <IMF-fixdate>\r\n" for the current second. The text is
// formatted once per second per thread (a thread_local cache).
void append_date_header(std::string& out);

// Appends "Server: Server\r\n", DynamoDB's value.
void append_server_header(std::string& out);

}  // namespace dynastore::http::detail
