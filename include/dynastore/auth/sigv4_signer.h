// AWS Signature Version 4 signing: the client side of sigv4_verifier.h.
//
// Produces exactly what botocore's SigV4Auth (botocore/auth.py) adds to a
// request, so anything signed here is accepted by SigV4Verifier and by any
// other DynamoDB endpoint. Used by the benchmark tool and by tests that need
// to act as a client.
//
// What is signed, as botocore does it:
//  - every header present at signing time, names lowercased, sorted and
//    de-duplicated, except the hop-by-hop and proxy headers botocore skips
//    (kUnsignedHeaders below: user-agent, expect, connection, ...). Headers
//    added after signing, such as Content-Length, are not signed; botocore's
//    HTTP layer adds Content-Length only after signing too;
//  - Host must already be among the headers: botocore derives it from the URL,
//    which the signer never sees;
//  - the payload hash is the hex SHA-256 of the body, or the value of an
//    X-Amz-Content-SHA256 header the caller supplied;
//  - a Date header, if any, is signed as given. (botocore would rewrite it and
//    use it instead of X-Amz-Date; DynamoDB clients never send one.)
// Session tokens (X-Amz-Security-Token) are not supported.
#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/auth/sigv4_verifier.h"

namespace dynastore::auth {

// Headers botocore never signs (botocore.auth.SIGNED_HEADERS_BLACKLIST,
// botocore 1.43), lowercase. Authorization is removed before signing as well.
inline constexpr std::array<std::string_view, 11> kUnsignedHeaders = {
    "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
    "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"};

// An HTTP request the signer may edit. Owns its data.
struct OutgoingRequest {
  std::string method = "POST";
  std::string path = "/";  // already percent-encoded, as it will be sent
  std::string query;       // without the '?'
  // In order; names in any case; repeated names allowed.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// The header values a signature consists of.
struct SignatureHeaders {
  std::string amz_date;        // X-Amz-Date: "20261125T123456Z"
  std::string content_sha256;  // X-Amz-Content-SHA256; empty unless the signer was asked to add it
  std::string authorization;   // Authorization: "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."
};

struct SignerOptions {
  // Also add (and sign) X-Amz-Content-SHA256 with the body's hash. botocore
  // does this only for S3; DynamoDB clients leave it out.
  bool add_content_sha256 = false;
};

class SigningKeyCache;  // src/auth/signing_key_cache.h

// Thread-safety: every method is const and may be called concurrently; the
// signing-key cache inside is internally synchronised.
class SigV4Signer {
 public:
  // `service` is the credential-scope service, "dynamodb" for DynamoDB.
  SigV4Signer(std::string access_key_id, std::string secret_access_key, std::string region,
              std::string service = "dynamodb", SignerOptions options = {});
  ~SigV4Signer();
  SigV4Signer(const SigV4Signer&) = delete;
  SigV4Signer& operator=(const SigV4Signer&) = delete;

  // Signs `request` as of `time` (truncated to whole seconds): removes any
  // Authorization, X-Amz-Date (and, when adding it, X-Amz-Content-SHA256)
  // header, then appends X-Amz-Date, X-Amz-Content-SHA256 if configured, and
  // Authorization.
  void sign(OutgoingRequest& request, std::chrono::system_clock::time_point time) const;

  // The same signature without editing anything, for callers that write the
  // headers straight into their own buffer. `request` must not carry
  // Authorization or X-Amz-Date (they would be signed or ignored wrongly); its
  // views need only last for the call.
  SignatureHeaders signature(const SignedRequest& request, std::chrono::system_clock::time_point time) const;

  const std::string& access_key_id() const { return access_key_id_; }
  const std::string& region() const { return region_; }

 private:
  std::string access_key_id_;
  std::string secret_access_key_;
  std::string region_;
  std::string service_;
  SignerOptions options_;
  // The derived key depends only on (secret, day, region, service): four HMACs
  // saved on every request but the first of each day.
  std::unique_ptr<SigningKeyCache> key_cache_;
};

}  // namespace dynastore::auth
