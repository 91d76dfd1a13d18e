#include "dynastore/auth/digest.h"

#include "auth/crypto.h"

namespace dynastore::auth {

std::string sha256_digest(std::string_view data) {
  const Sha256Digest digest = sha256(data);
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace dynastore::auth
