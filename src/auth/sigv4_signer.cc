#include "dynastore/auth/sigv4_signer.h"

#include <algorithm>
#include <optional>

#include "auth/amz_time.h"
#include "auth/canonical_request.h"
#include "auth/crypto.h"
#include "auth/signing_key_cache.h"

namespace dynastore::auth {

namespace {

constexpr std::string_view kTerminator = "aws4_request";
// Yesterday's and today's key per signer are all that is ever live; a few more
// slots cost nothing and survive a clock that jumps around midnight.
constexpr std::size_t kKeyCacheCapacity = 4;

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_unsigned(std::string_view lowercase_name) {
  return std::find(kUnsignedHeaders.begin(), kUnsignedHeaders.end(), lowercase_name) != kUnsignedHeaders.end();
}

// Headers the signature replaces; never signed from the caller's copy.
bool is_replaced(std::string_view name, bool replacing_content_sha256) {
  return iequals(name, "authorization") || iequals(name, "x-amz-date") ||
         (replacing_content_sha256 && iequals(name, "x-amz-content-sha256"));
}

}  // namespace

SigV4Signer::SigV4Signer(std::string access_key_id, std::string secret_access_key, std::string region,
                         std::string service, SignerOptions options)
    : access_key_id_(std::move(access_key_id)),
      secret_access_key_(std::move(secret_access_key)),
      region_(std::move(region)),
      service_(std::move(service)),
      options_(options),
      key_cache_(std::make_unique<SigningKeyCache>(kKeyCacheCapacity)) {}

SigV4Signer::~SigV4Signer() = default;

SignatureHeaders SigV4Signer::signature(const SignedRequest& request,
                                        std::chrono::system_clock::time_point time) const {
  SignatureHeaders out;
  out.amz_date = format_amz_date(std::chrono::floor<std::chrono::seconds>(time));
  const std::string_view day = std::string_view(out.amz_date).substr(0, 8);

  // The view that gets canonicalised: the caller's headers plus ours.
  SignedRequest signed_view;
  signed_view.method = request.method;
  signed_view.path = request.path;
  signed_view.query = request.query;
  signed_view.body = request.body;
  signed_view.headers.reserve(request.headers.size() + 2);
  std::optional<std::string_view> stated_hash;
  for (const auto& header : request.headers) {
    if (is_replaced(header.first, options_.add_content_sha256)) continue;
    if (iequals(header.first, "x-amz-content-sha256")) stated_hash = header.second;
    signed_view.headers.push_back(header);
  }
  signed_view.headers.emplace_back("x-amz-date", out.amz_date);

  // botocore signs a stated X-Amz-Content-SHA256 verbatim instead of hashing.
  std::string payload_hash = stated_hash ? std::string(*stated_hash) : to_hex(sha256(request.body));
  if (options_.add_content_sha256) {
    out.content_sha256 = payload_hash;
    signed_view.headers.emplace_back("x-amz-content-sha256", out.content_sha256);
  }

  std::vector<std::string> names;
  names.reserve(signed_view.headers.size());
  for (const auto& header : signed_view.headers) {
    std::string name = lowercase(header.first);
    if (!is_unsigned(name)) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string signed_headers;
  for (const std::string& name : names) {
    if (!signed_headers.empty()) signed_headers.push_back(';');
    signed_headers.append(name);
  }

  const std::string canonical =
      canonical_request(signed_view, split_signed_headers(signed_headers), signed_headers, payload_hash);
  std::string scope;
  scope.reserve(day.size() + region_.size() + service_.size() + kTerminator.size() + 3);
  scope.append(day).append("/").append(region_).append("/").append(service_).append("/").append(kTerminator);

  std::optional<SigningKey> key = key_cache_->find(secret_access_key_, day, region_, service_);
  if (!key) {
    key = derive_signing_key(secret_access_key_, day, region_, service_);
    key_cache_->insert(secret_access_key_, day, region_, service_, *key);
  }
  const std::string signature = auth::sign(*key, string_to_sign(out.amz_date, scope, canonical));

  out.authorization.reserve(64 + access_key_id_.size() + scope.size() + signed_headers.size() + signature.size());
  out.authorization.append("AWS4-HMAC-SHA256 Credential=").append(access_key_id_).append("/").append(scope);
  out.authorization.append(", SignedHeaders=").append(signed_headers);
  out.authorization.append(", Signature=").append(signature);
  return out;
}

void SigV4Signer::sign(OutgoingRequest& request, std::chrono::system_clock::time_point time) const {
  std::erase_if(request.headers,
                [&](const auto& header) { return is_replaced(header.first, options_.add_content_sha256); });
  SignedRequest view;
  view.method = request.method;
  view.path = request.path;
  view.query = request.query;
  view.body = request.body;
  view.headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) view.headers.emplace_back(name, value);

  SignatureHeaders headers = signature(view, time);
  // Appended in botocore's order: the date first, the Authorization last.
  request.headers.emplace_back("X-Amz-Date", std::move(headers.amz_date));
  if (options_.add_content_sha256) {
    request.headers.emplace_back("X-Amz-Content-SHA256", std::move(headers.content_sha256));
  }
  request.headers.emplace_back("Authorization", std::move(headers.authorization));
}

}  // namespace dynastore::auth
