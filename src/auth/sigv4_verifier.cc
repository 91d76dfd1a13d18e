#include "dynastore/auth/sigv4_verifier.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>

#include "auth/amz_time.h"
#include "auth/canonical_request.h"
#include "auth/crypto.h"
#include "auth/signing_key_cache.h"

namespace dynastore::auth {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The bytes that separate the parameters of the Authorization header
// (whitespace and ','), as a table: the header is scanned on every request,
// also in development mode.
constexpr std::array<bool, 256> kParamSeparator = [] {
  std::array<bool, 256> table{};
  for (const char c : {' ', '\t', '\r', '\n', ','}) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

bool is_param_separator(char c) { return kParamSeparator[static_cast<unsigned char>(c)]; }

// The index of the first separator in text[i, n), or n. Every separator is
// a byte below 0x2D, and most of the header's bytes (letters, digits, '/',
// '=', ';', '-') are not, so eight bytes are tested at once for a byte
// below 0x2D (Bit Twiddling Hacks' "hasless") and only a word that has one
// is looked at byte by byte.
std::size_t find_param_separator(const char* text, std::size_t i, std::size_t n) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  while (i + 8 <= n) {
    std::uint64_t word;
    std::memcpy(&word, text + i, sizeof word);
    if (((word - kOnes * 0x2D) & ~word & kHighs) != 0) break;
    i += 8;
  }
  while (i < n && !is_param_separator(text[i])) ++i;
  return i;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

const std::string_view* find_header(const SignedRequest& request, std::string_view name) {
  for (const auto& [header_name, value] : request.headers) {
    if (iequals(header_name, name)) return &value;
  }
  return nullptr;
}

// The headers every request needs, found in one pass (the first of each name).
struct AuthHeaders {
  const std::string_view* authorization = nullptr;
  const std::string_view* x_amz_date = nullptr;
  const std::string_view* date = nullptr;
};

AuthHeaders find_auth_headers(const SignedRequest& request) {
  AuthHeaders found;
  for (const auto& [name, value] : request.headers) {
    // Compare only names of a matching length: most headers are skipped
    // without looking at their characters.
    const std::string_view** slot = nullptr;
    if (name.size() == 13) {
      slot = &found.authorization;
      if (!iequals(name, "authorization")) continue;
    } else if (name.size() == 10) {
      slot = &found.x_amz_date;
      if (!iequals(name, "x-amz-date")) continue;
    } else if (name.size() == 4) {
      slot = &found.date;
      if (!iequals(name, "date")) continue;
    } else {
      continue;
    }
    if (*slot == nullptr) *slot = &value;
  }
  return found;
}

// Whether SignedHeaders ("a;b;c") names 'host' (any case) or ':authority'.
// Whether the SignedHeaders list names `header` (or, for "host", the
// HTTP/2 ":authority").
bool signs(std::string_view signed_headers, std::string_view header) {
  std::size_t start = 0;
  while (start <= signed_headers.size()) {
    std::size_t end = signed_headers.find(';', start);
    if (end == std::string_view::npos) end = signed_headers.size();
    const std::string_view name = signed_headers.substr(start, end - start);
    if (iequals(name, header) || (header == "host" && name == ":authority")) return true;
    start = end + 1;
  }
  return false;
}

bool signs_host(std::string_view signed_headers) { return signs(signed_headers, "host"); }

AuthResult fail(AuthError error, std::string message) {
  AuthResult result;
  result.error = error;
  result.message = std::move(message);
  return result;
}

// The parameters of "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...".
struct AuthorizationParams {
  std::string_view algorithm;
  std::optional<std::string_view> credential;
  std::optional<std::string_view> signed_headers;
  std::optional<std::string_view> signature;
};

// Splits `value` (already trimmed) into its parameters. Pieces are separated
// by commas and/or whitespace, as DynamoDB does: "Credential= AKID/..." yields
// the piece "AKID/...", which it reports as lacking '='. Returns the
// IncompleteSignature message for the first piece without '=', else nullopt.
std::optional<std::string> parse_authorization(std::string_view value, std::string_view raw_header,
                                               AuthorizationParams& out) {
  const std::size_t n = value.size();
  const char* const text = value.data();
  std::size_t i = find_param_separator(text, 0, n);
  out.algorithm = value.substr(0, i);
  while (i < n) {
    while (i < n && is_param_separator(text[i])) ++i;
    const std::size_t start = i;
    i = find_param_separator(text, i, n);
    if (i == start) break;
    const std::string_view piece = value.substr(start, i - start);
    const std::size_t eq = piece.find('=');
    if (eq == std::string_view::npos) return format_message(messages::kMissingEqualSign, {piece, raw_header});
    const std::string_view key = piece.substr(0, eq);
    const std::string_view param = piece.substr(eq + 1);
    // A repeated parameter keeps its last value.
    if (key == "Credential") {
      out.credential = param;
    } else if (key == "SignedHeaders") {
      out.signed_headers = param;
    } else if (key == "Signature") {
      out.signature = param;
    }
  }
  return std::nullopt;
}

// The request time: X-Amz-Date if it has a value, else Date. Sets `error` to
// the IncompleteSignature message when the chosen header is not a date.
std::optional<std::chrono::sys_seconds> request_time(std::string_view x_amz_date, std::string_view date,
                                                     std::string& error) {
  if (!x_amz_date.empty()) {
    if (auto t = parse_amz_date(x_amz_date)) return t;
    error = format_message(messages::kBadDateFormat, {x_amz_date});
    return std::nullopt;
  }
  // botocore puts an RFC 7231 date here; accept the SigV4 form too.
  if (auto t = parse_http_date(date)) return t;
  if (auto t = parse_amz_date(date)) return t;
  error = format_message(messages::kBadDateFormat, {date});
  return std::nullopt;
}

}  // namespace

SigV4Verifier::SigV4Verifier(const CredentialProvider* credentials, std::string service, Clock clock)
    : credentials_(credentials),
      service_(std::move(service)),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })),
      key_cache_(std::make_unique<SigningKeyCache>(kSigningKeyCacheCapacity)) {}

SigV4Verifier::~SigV4Verifier() = default;

void SigV4Verifier::require_region(std::string region) { required_region_ = std::move(region); }

std::size_t SigV4Verifier::test_cached_signing_keys() const { return key_cache_->size(); }

AuthResult SigV4Verifier::verify(const SignedRequest& request) const { return check(request, /*head_only=*/false); }

AuthResult SigV4Verifier::verify_head(const SignedRequest& request) const {
  return check(request, /*head_only=*/true);
}

AuthResult SigV4Verifier::check(const SignedRequest& request, bool head_only) const {
  // 1. Is there an AWS4 Authorization header at all?
  const AuthHeaders headers = find_auth_headers(request);
  const std::string_view* raw_header = headers.authorization;
  const std::string_view header = raw_header ? trim(*raw_header) : std::string_view{};
  if (!header.starts_with("AWS4-")) {
    return fail(AuthError::kMissingAuthenticationToken, std::string(messages::kMissingAuthenticationToken));
  }

  // 2. Its parameters, and a date header. Empty Credential or Signature values
  // count as missing; an empty SignedHeaders does not (it fails the 'host'
  // check below instead).
  AuthorizationParams params;
  if (auto error = parse_authorization(header, *raw_header, params)) {
    return fail(AuthError::kIncompleteSignature, std::move(*error));
  }
  const std::string_view* x_amz_date = headers.x_amz_date;
  const std::string_view* date = headers.date;
  const std::string_view x_amz_date_value = x_amz_date ? trim(*x_amz_date) : std::string_view{};
  const std::string_view date_value = date ? trim(*date) : std::string_view{};
  {
    std::string missing;
    if (!params.credential || params.credential->empty()) missing += messages::kRequiresCredential;
    if (!params.signature || params.signature->empty()) missing += messages::kRequiresSignature;
    if (!params.signed_headers) missing += messages::kRequiresSignedHeaders;
    if (x_amz_date_value.empty() && date_value.empty()) missing += messages::kRequiresDate;
    if (!missing.empty()) {
      missing += messages::kAuthorizationEcho;
      missing += *raw_header;
      return fail(AuthError::kIncompleteSignature, std::move(missing));
    }
  }

  // 3. The timestamp: well-formed, and (unless in development mode) recent.
  std::string date_error;
  const auto time = request_time(x_amz_date_value, date_value, date_error);
  if (!time) return fail(AuthError::kIncompleteSignature, std::move(date_error));
  const std::string amz_date = format_amz_date(*time);
  if (!development_mode()) {
    const auto now = std::chrono::floor<std::chrono::seconds>(clock_());
    if (*time < now - kMaxClockSkew) {
      return fail(AuthError::kSignatureExpired,
                  format_message(messages::kSignatureExpired,
                                 {amz_date, format_amz_date(now - kMaxClockSkew), format_amz_date(now)}));
    }
    if (*time > now + kMaxClockSkew) {
      return fail(AuthError::kSignatureExpired,
                  format_message(messages::kSignatureNotYetCurrent,
                                 {amz_date, format_amz_date(now + kMaxClockSkew), format_amz_date(now)}));
    }
  }

  // 4. 'host' must be signed, or a captured request could be replayed to
  // another endpoint.
  if (!signs_host(*params.signed_headers)) {
    return fail(AuthError::kInvalidSignature, std::string(messages::kHostNotSigned));
  }

  // 5. Algorithm and credential shape.
  if (params.algorithm != kAlgorithm) {
    return fail(AuthError::kIncompleteSignature, format_message(messages::kUnsupportedAlgorithm, {params.algorithm}));
  }
  std::string_view credential = *params.credential;
  while (credential.ends_with('/')) credential.remove_suffix(1);  // DynamoDB ignores trailing slashes
  std::string_view scope_parts[5];
  std::size_t part_count = 0;
  for (std::size_t start = 0;;) {
    const std::size_t slash = credential.find('/', start);
    const std::string_view part = credential.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (part_count < 5) scope_parts[part_count] = part;
    ++part_count;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (part_count != 5) {
    return fail(AuthError::kIncompleteSignature, format_message(messages::kCredentialElements, {*params.credential}));
  }
  const auto [key_id, scope_date, region, service, terminator] = scope_parts;

  // 6. Credential scope. Every problem is reported at once, as DynamoDB does.
  {
    std::string problems;
    // A required region (see require_region) is the only valid one.
    if (region.empty() || (!required_region_.empty() && region != required_region_)) {
      problems += format_message(messages::kScopeRegion, {region});
    }
    if (service != service_) problems += format_message(messages::kScopeService, {service_});
    if (terminator != kTerminator) problems += format_message(messages::kScopeTerminator, {terminator});
    const std::string_view request_day = std::string_view(amz_date).substr(0, 8);
    if (scope_date != request_day) {
      problems += format_message(messages::kScopeDate, {scope_date, request_day, amz_date});
    }
    if (!problems.empty()) return fail(AuthError::kInvalidSignature, std::move(problems));
  }

  AuthResult result;
  result.access_key_id = std::string(key_id);
  result.region = std::string(region);
  if (development_mode()) {
    result.account_id = std::string(kDefaultAccountId);
    return result;
  }

  // 7. Who is it?
  const std::optional<Credential> credential_record = credentials_->lookup(key_id);
  if (!credential_record) {
    result.error = AuthError::kUnrecognizedClient;
    result.message = std::string(messages::kUnrecognizedClient);
    return result;
  }

  // 7b. There is no token service here, so no session token is one the
  // server issued: a request that carries one is refused rather than the
  // token ignored (a client using temporary credentials must learn they do
  // not work here). DynamoDB's text for an unknown token.
  if (find_header(request, "x-amz-security-token") != nullptr) {
    result.error = AuthError::kUnrecognizedClient;
    result.message = std::string(messages::kUnrecognizedClient);
    return result;
  }

  // 7c. The operation is chosen by X-Amz-Target: unsigned, a captured
  // GetItem could be replayed as a DeleteItem. Stock SDKs always sign it.
  if (find_header(request, "x-amz-target") != nullptr && !signs(*params.signed_headers, "x-amz-target")) {
    result.error = AuthError::kInvalidSignature;
    result.message = std::string(messages::kTargetNotSigned);
    return result;
  }
  if (head_only) {
    result.account_id = credential_record->account_id;
    return result;
  }

  // 8. The payload hash, always of the body actually received. A client may
  // state it in X-Amz-Content-SHA256 (and then signs that value); a stated
  // hash must match, or the body could be swapped under a valid signature.
  // UNSIGNED-PAYLOAD, which SigV4 allows for S3, is refused the same way:
  // DynamoDB SDKs always sign the body, and a request whose body is not
  // signed could be replayed with any other body.
  std::string payload_hash = to_hex(sha256(request.body));
  if (const std::string_view* stated_hash = find_header(request, "x-amz-content-sha256")) {
    const std::string_view stated = trim(*stated_hash);
    if (!iequals(stated, payload_hash)) {
      result.error = AuthError::kInvalidSignature;
      result.message = std::string(messages::kInvalidSignature);
      return result;
    }
    payload_hash = std::string(stated);  // signed as the client wrote it
  }

  // 9. The signature itself.
  const std::vector<std::string_view> signed_names = split_signed_headers(*params.signed_headers);
  const std::string canonical = canonical_request(request, signed_names, *params.signed_headers, payload_hash);
  std::string scope;
  scope.reserve(scope_date.size() + region.size() + service.size() + terminator.size() + 3);
  scope.append(scope_date).append("/").append(region).append("/").append(service).append("/").append(terminator);
  const std::string to_sign = string_to_sign(amz_date, scope, canonical);

  const std::string& secret = credential_record->secret_access_key;
  const std::optional<SigningKey> cached = key_cache_->find(secret, scope_date, region, service);
  const SigningKey key = cached ? *cached : derive_signing_key(secret, scope_date, region, service);
  if (!constant_time_equal(sign(key, to_sign), *params.signature)) {
    result.error = AuthError::kInvalidSignature;
    result.message = std::string(messages::kInvalidSignature);
    return result;
  }
  // Cached only once it has verified a signature; see SigningKeyCache::insert.
  if (!cached) key_cache_->insert(secret, scope_date, region, service, key);

  result.account_id = credential_record->account_id;
  return result;
}

}  // namespace dynastore::auth
