#include "auth/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace dynastore::auth {

namespace {
std::string_view as_view(const Sha256Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}
}  // namespace

Sha256Digest sha256(std::string_view data) {
  Sha256Digest out{};
  unsigned int len = 0;
  // One-shot EVP_Digest: the SHA256_* API is deprecated in OpenSSL 3.
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 || len != out.size()) {
    throw std::runtime_error("EVP_Digest(SHA-256) failed");
  }
  return out;
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  Sha256Digest out{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), out.data(), &len) == nullptr ||
      len != out.size()) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return out;
}

std::string to_hex(const Sha256Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(digest.size() * 2, '\0');
  for (std::size_t i = 0; i < digest.size(); ++i) {
    out[2 * i] = kDigits[digest[i] >> 4];
    out[2 * i + 1] = kDigits[digest[i] & 0xF];
  }
  return out;
}

SigningKey derive_signing_key(std::string_view secret, std::string_view date, std::string_view region,
                              std::string_view service) {
  std::string seed;
  seed.reserve(4 + secret.size());
  seed.append("AWS4").append(secret);
  const Sha256Digest k_date = hmac_sha256(seed, date);
  OPENSSL_cleanse(seed.data(), seed.size());  // a copy of the secret
  const Sha256Digest k_region = hmac_sha256(as_view(k_date), region);
  const Sha256Digest k_service = hmac_sha256(as_view(k_region), service);
  return hmac_sha256(as_view(k_service), "aws4_request");
}

std::string sign(const SigningKey& key, std::string_view string_to_sign) {
  return to_hex(hmac_sha256(as_view(key), string_to_sign));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace dynastore::auth
