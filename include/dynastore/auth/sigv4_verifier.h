// AWS Signature Version 4 verification for DynamoDB requests.
//
// Module overview (auth/): given a view of an HTTP request, decide who sent it.
//   auth_error.h        AuthError, DynamoDB exception names, statuses, message texts
//   credential_store.h  CredentialProvider interface and the file-backed store
//   sigv4_verifier.h    this file: the verifier
// Private helpers live in src/auth/ (canonicalisation, HMAC and SHA-256 via
// OpenSSL, the signing-key cache, timestamp parsing). The module knows nothing
// of HTTP libraries or JSON: the caller fills a SignedRequest and turns an
// AuthResult into a response.
//
// Only the Authorization-header form is supported:
//   Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/dynamodb/aws4_request,
//                  SignedHeaders=host;x-amz-date;..., Signature=<64 hex>
// with the timestamp in X-Amz-Date (or, failing that, Date). Presigned query
// strings are not accepted: DynamoDB SDKs never send them.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/auth/auth_error.h"
#include "dynastore/auth/credential_store.h"

namespace dynastore::auth {

// A borrowed view of an HTTP request; it must outlive the verify() call.
struct SignedRequest {
  std::string_view method;  // "POST"
  std::string_view path;    // as received, still percent-encoded; "/" for DynamoDB
  std::string_view query;   // as received, without the '?'; usually empty
  // As received, in order; names in any case; repeated names allowed.
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;
};

struct AuthResult {
  AuthError error = AuthError::kNone;
  std::string message;        // DynamoDB's text; empty on success
  std::string access_key_id;  // set on success (and on errors once it is known)
  std::string account_id;     // set on success
  std::string region;         // from the credential scope; set on success

  bool ok() const { return error == AuthError::kNone; }
};

class SigningKeyCache;  // src/auth/signing_key_cache.h

// Thread-safety: verify() is const and may be called concurrently from any
// number of threads; the signing-key cache inside is internally synchronised.
class SigV4Verifier {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // Largest difference between the request timestamp and the clock accepted.
  static constexpr std::chrono::minutes kMaxClockSkew{15};
  // Bound on cached signing keys (one per secret, date, region and service).
  static constexpr std::size_t kSigningKeyCacheCapacity = 1024;

  // `credentials` is borrowed and must outlive the verifier. nullptr selects
  // development mode, like DynamoDB Local: any well-formed Authorization header
  // is accepted without looking the key up or checking the signature or the
  // clock; a missing or malformed header is still refused. In development mode
  // every caller gets account kDefaultAccountId.
  // `service` is the credential-scope service to require ("dynamodb").
  // `clock` defaults to std::chrono::system_clock::now.
  SigV4Verifier(const CredentialProvider* credentials, std::string service, Clock clock = {});
  ~SigV4Verifier();
  SigV4Verifier(const SigV4Verifier&) = delete;
  SigV4Verifier& operator=(const SigV4Verifier&) = delete;

  // Checks, in DynamoDB's order: header present (MissingAuthenticationToken);
  // header well-formed and a date present (IncompleteSignature); timestamp
  // format (IncompleteSignature) and within kMaxClockSkew (SignatureExpired);
  // 'host' signed (InvalidSignature); algorithm and credential shape
  // (IncompleteSignature); credential scope: region non-empty, service,
  // terminator, date (InvalidSignature); access key known (UnrecognizedClient);
  // payload hash and signature (InvalidSignature). Any non-empty region is
  // accepted and reported unless require_region() named one.
  // With credentials (not in development mode) every part of the request
  // must be signed: the payload hash is always checked against the body
  // (UNSIGNED-PAYLOAD is refused), X-Amz-Target must be among SignedHeaders,
  // and an X-Amz-Security-Token is refused (UnrecognizedClient): there is
  // no token service here, so no token is one the server knows.
  AuthResult verify(const SignedRequest& request) const;

  // verify() without what needs the body (steps 1 to 7: everything but the
  // payload hash and the signature), for a request whose body has not
  // arrived yet: a request refused here would be refused by verify() with
  // the same answer, and one accepted here still needs verify().
  AuthResult verify_head(const SignedRequest& request) const;

  // Accept only `region` in the credential scope (empty: any region, the
  // default). Call before the first verify().
  void require_region(std::string region);

  bool development_mode() const { return credentials_ == nullptr; }

  // Test-only: number of signing keys currently cached.
  std::size_t test_cached_signing_keys() const;

 private:
  AuthResult check(const SignedRequest& request, bool head_only) const;

  const CredentialProvider* credentials_;
  std::string service_;
  std::string required_region_;
  Clock clock_;
  std::unique_ptr<SigningKeyCache> key_cache_;
};

}  // namespace dynastore::auth
