// SHA-256 of arbitrary bytes, for callers outside auth/ that need a digest
// (e.g. ClientRequestToken's request fingerprint) without touching OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace dynastore::auth {

// The 32 raw bytes of SHA-256(data).
std::string sha256_digest(std::string_view data);

}  // namespace dynastore::auth
