// SHA-256 and HMAC-SHA256 through OpenSSL libcrypto, the only place auth/
// touches OpenSSL. Private to the module.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace dynastore::auth {

using Sha256Digest = std::array<unsigned char, 32>;
// kSigning of the SigV4 key-derivation chain.
using SigningKey = Sha256Digest;

Sha256Digest sha256(std::string_view data);
Sha256Digest hmac_sha256(std::string_view key, std::string_view data);

// Lowercase hexadecimal, as SigV4 writes hashes and signatures.
std::string to_hex(const Sha256Digest& digest);

// HMAC chain: "AWS4"+secret -> date -> region -> service -> "aws4_request".
SigningKey derive_signing_key(std::string_view secret, std::string_view date, std::string_view region,
                              std::string_view service);

// Hex signature of `string_to_sign` under `key`.
std::string sign(const SigningKey& key, std::string_view string_to_sign);

// Compares in time that depends only on the lengths, so a forger learns nothing
// from how long a wrong guess took to reject (CRYPTO_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace dynastore::auth
