// Bounded, thread-safe cache of derived SigV4 signing keys.
//
// Deriving kSigning costs four HMACs and depends only on (secret, date,
// region, service), which stay the same for a client all day; verification is
// on every request's path, so the result is kept. Private to the module.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/crypto.h"
#include "dynastore/common/string_hash.h"

namespace dynastore::auth {

// Thread-safety: all methods may be called concurrently (lookups share a
// reader lock; inserts take it exclusively).
class SigningKeyCache {
 public:
  explicit SigningKeyCache(std::size_t capacity);

  std::optional<SigningKey> find(std::string_view secret, std::string_view date, std::string_view region,
                                 std::string_view service) const;

  // Adds or refreshes an entry. When the cache is full an arbitrary entry is
  // evicted first, so the size never exceeds the capacity. Callers insert only
  // keys that just verified a signature, so a client that knows no secret
  // cannot flood the cache with keys for made-up regions.
  void insert(std::string_view secret, std::string_view date, std::string_view region, std::string_view service,
              const SigningKey& key);

  std::size_t size() const;
  std::size_t capacity() const { return capacity_; }

 private:
  // Fields joined with '\n', which cannot occur inside any of them once the
  // request parsed (secrets come from a whitespace-separated file).
  static std::string make_key(std::string_view secret, std::string_view date, std::string_view region,
                              std::string_view service);

  const std::size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, SigningKey, StringHash, std::equal_to<>> keys_;
};

}  // namespace dynastore::auth
