// Access keys the server accepts: who may sign requests, with which secret,
// on behalf of which account.
//
// CredentialProvider is the interface SigV4Verifier asks; CredentialStore is
// the file-backed implementation. The credentials file is plain text:
//
//   # comment lines and blank lines are ignored
//   ACCESS_KEY_ID  SECRET_ACCESS_KEY  [ACCOUNT_ID]
//
// Fields are separated by spaces or tabs; ACCOUNT_ID is 12 digits and defaults
// to kDefaultAccountId. Only whole-line comments are recognised, because a
// secret may legitimately contain '#'. Error messages name the source and line
// but never echo the line: it may hold a secret.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/common/string_hash.h"

namespace dynastore::auth {

// Account id given to keys that do not name one (DynamoDB Local uses the same).
inline constexpr std::string_view kDefaultAccountId = "000000000000";

struct Credential {
  std::string access_key_id;
  std::string secret_access_key;
  std::string account_id{kDefaultAccountId};
};

// Thread-safety: implementations must allow concurrent lookup() calls.
class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  // Returns the credential for `access_key_id` (exact, case-sensitive match),
  // or nullopt if it is unknown.
  virtual std::optional<Credential> lookup(std::string_view access_key_id) const = 0;
};

// An immutable set of credentials. Safe to share between threads.
class CredentialSet {
 public:
  CredentialSet() = default;

  // Validates and indexes `credentials`: ids and secrets non-empty without
  // whitespace, account ids 12 digits, ids unique. Returns InvalidArgument
  // otherwise.
  static Result<std::shared_ptr<const CredentialSet>> create(std::vector<Credential> credentials);

  // Parses the file format described at the top of this header. `source_name`
  // prefixes error messages ("<source>:<line>: ..."). Returns InvalidArgument
  // naming the first bad line.
  static Result<std::shared_ptr<const CredentialSet>> parse(std::string_view text, std::string_view source_name);

  const Credential* find(std::string_view access_key_id) const;
  std::size_t size() const { return by_id_.size(); }

 private:
  std::unordered_map<std::string, Credential, StringHash, std::equal_to<>> by_id_;
};

// File-backed credential provider.
//
// Thread-safety: every method may be called concurrently. A (re)load builds the
// new set completely, then swaps it in under a mutex, so a reader sees either
// the old set or the new one, never a mixture; a failed load leaves the current
// set untouched. Starts empty (every lookup fails) until something is loaded.
class CredentialStore final : public CredentialProvider {
 public:
  CredentialStore();

  // Reads and parses `path`, then replaces the current set. Returns IoError if
  // the file cannot be read, InvalidArgument naming the line if it is malformed.
  Status load_file(const std::string& path);

  // As load_file, from text already in memory (config strings, tests).
  Status load_text(std::string_view text, std::string_view source_name = "<credentials>");

  // Replaces the current set with `credentials` (validated as in
  // CredentialSet::create).
  Status replace(std::vector<Credential> credentials);

  std::optional<Credential> lookup(std::string_view access_key_id) const override;

  // The current set, for callers that need several consistent lookups.
  std::shared_ptr<const CredentialSet> snapshot() const;

  std::size_t size() const { return snapshot()->size(); }

 private:
  void install(std::shared_ptr<const CredentialSet> set);

  mutable std::mutex mutex_;  // guards the pointer only; sets are immutable
  std::shared_ptr<const CredentialSet> current_;
};

}  // namespace dynastore::auth
