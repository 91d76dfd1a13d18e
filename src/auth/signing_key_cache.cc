#include "auth/signing_key_cache.h"

#include <openssl/crypto.h>

#include <mutex>
#include <utility>

namespace dynastore::auth {

SigningKeyCache::SigningKeyCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {
  keys_.reserve(capacity_);
}

std::string SigningKeyCache::make_key(std::string_view secret, std::string_view date, std::string_view region,
                                      std::string_view service) {
  std::string key;
  key.reserve(secret.size() + date.size() + region.size() + service.size() + 3);
  key.append(secret).append("\n").append(date).append("\n").append(region).append("\n").append(service);
  return key;
}

std::optional<SigningKey> SigningKeyCache::find(std::string_view secret, std::string_view date,
                                                std::string_view region, std::string_view service) const {
  std::string key = make_key(secret, date, region, service);
  std::optional<SigningKey> found;
  {
    std::shared_lock lock(mutex_);
    const auto it = keys_.find(std::string_view(key));
    if (it != keys_.end()) found = it->second;
  }
  OPENSSL_cleanse(key.data(), key.size());  // holds a copy of the secret
  return found;
}

void SigningKeyCache::insert(std::string_view secret, std::string_view date, std::string_view region,
                             std::string_view service, const SigningKey& key) {
  std::string map_key = make_key(secret, date, region, service);
  std::unique_lock lock(mutex_);
  if (auto it = keys_.find(std::string_view(map_key)); it != keys_.end()) {
    it->second = key;
    return;
  }
  // Arbitrary eviction is enough: entries are per secret and day, so a full
  // cache means many distinct clients, and a miss costs only four HMACs.
  if (keys_.size() >= capacity_) keys_.erase(keys_.begin());
  keys_.emplace(std::move(map_key), key);
}

std::size_t SigningKeyCache::size() const {
  std::shared_lock lock(mutex_);
  return keys_.size();
}

}  // namespace dynastore::auth
