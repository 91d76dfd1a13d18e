#include "auth/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <initializer_list>
#include <stdexcept>

namespace dynastore::auth {

namespace {
std::string_view as_view(const Sha256Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

// OpenSSL 3 looks an algorithm up by name in its provider tables on every
// implicit use (EVP_sha256() passed to a one-shot call, HMAC()): ~10k
// instructions for a SHA-256 of a few hundred bytes, ~24k for an HMAC. The
// algorithm is fetched once here, and each thread keeps one digest context.
const EVP_MD* sha256_md() {
  static EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) throw std::runtime_error("EVP_MD_fetch(SHA256) failed");
    return fetched;
  }();
  return md;
}

struct DigestContext {
  DigestContext() : ctx(EVP_MD_CTX_new()) {
    if (ctx == nullptr) throw std::runtime_error("EVP_MD_CTX_new failed");
  }
  ~DigestContext() { EVP_MD_CTX_free(ctx); }
  DigestContext(const DigestContext&) = delete;
  DigestContext& operator=(const DigestContext&) = delete;
  EVP_MD_CTX* ctx;
};

// SHA-256 over the concatenation of `parts`.
Sha256Digest sha256_of(std::initializer_list<std::string_view> parts) {
  thread_local DigestContext context;
  Sha256Digest out{};
  unsigned int len = 0;
  bool ok = EVP_DigestInit_ex(context.ctx, sha256_md(), nullptr) == 1;
  for (const std::string_view part : parts) ok = ok && EVP_DigestUpdate(context.ctx, part.data(), part.size()) == 1;
  ok = ok && EVP_DigestFinal_ex(context.ctx, out.data(), &len) == 1;
  if (!ok || len != out.size()) throw std::runtime_error("SHA-256 failed");
  return out;
}
}  // namespace

Sha256Digest sha256(std::string_view data) { return sha256_of({data}); }

// HMAC (RFC 2104) over SHA-256, built from the digest above:
// H((K ^ opad) || H((K ^ ipad) || data)), K the key padded to the 64-byte
// block (or its hash, if longer).
Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  constexpr std::size_t kBlock = 64;
  std::array<unsigned char, kBlock> block{};
  if (key.size() > kBlock) {
    const Sha256Digest hashed = sha256(key);
    std::copy(hashed.begin(), hashed.end(), block.begin());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::array<char, kBlock> inner_pad, outer_pad;
  for (std::size_t i = 0; i < kBlock; ++i) {
    inner_pad[i] = static_cast<char>(block[i] ^ 0x36);
    outer_pad[i] = static_cast<char>(block[i] ^ 0x5c);
  }
  const Sha256Digest inner = sha256_of({std::string_view(inner_pad.data(), kBlock), data});
  const Sha256Digest out = sha256_of({std::string_view(outer_pad.data(), kBlock), as_view(inner)});
  // The pads and block are key material (the secret, early in the chain).
  OPENSSL_cleanse(block.data(), block.size());
  OPENSSL_cleanse(inner_pad.data(), inner_pad.size());
  OPENSSL_cleanse(outer_pad.data(), outer_pad.size());
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
