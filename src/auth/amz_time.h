// Request timestamps: SigV4's ISO 8601 basic format and the HTTP Date header.
// Private to the module.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dynastore::auth {

// "20261125T123456Z" (YYYYMMDD'T'HHMMSS'Z', UTC). Rejects anything else,
// including impossible dates and times.
std::optional<std::chrono::sys_seconds> parse_amz_date(std::string_view text);

// RFC 7231 IMF-fixdate, "Wed, 25 Nov 2026 12:34:56 GMT". Also accepts the zone
// spelled "UTC", "+0000" or "-0000" (Python's email.utils.formatdate, which
// botocore uses, writes "-0000"). Other offsets are refused, not applied: HTTP
// dates are GMT by definition.
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text);

// "20261125T123456Z".
std::string format_amz_date(std::chrono::sys_seconds time);

}  // namespace dynastore::auth
