// SigV4 canonicalisation: the canonical request and the string to sign.
// Private to the module. Each rule mirrors botocore's signer
// (botocore/auth.py SigV4Auth), since requests signed by the SDKs are what we
// must reproduce byte for byte.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dynastore/auth/sigv4_verifier.h"

namespace dynastore::auth {

// Path as received -> canonical URI: dot segments and empty segments removed
// (botocore's remove_dot_segments), then every byte but unreserved characters
// and '/' percent-encoded. The path is encoded as received, so "%2F" becomes
// "%252F": SigV4 encodes the already-encoded path once more for every service
// but S3. An empty path is "/".
std::string canonical_uri(std::string_view raw_path);

// Query as received -> canonical query string: pairs split on '&' (empty ones
// dropped) and the first '=', form-decoded ('+' is a space: botocore sends
// params through urlencode), re-encoded with only unreserved characters left
// bare (space -> %20), sorted by encoded name then value, joined with '&'.
std::string canonical_query(std::string_view raw_query);

// Header value -> canonical value: leading and trailing whitespace removed and
// every inner run of whitespace turned into one space.
std::string trim_all(std::string_view value);

// SignedHeaders "a;b;c" -> {"a","b","c"} (empty names dropped).
std::vector<std::string_view> split_signed_headers(std::string_view signed_headers);

// The full canonical request. For each name in `signed_names` (lowercase, in
// the order given) the line is "name:" + the trimmed values of every request
// header of that name (any case), joined with ','; a signed header absent from
// the request contributes an empty value. `signed_headers` is echoed verbatim.
std::string canonical_request(const SignedRequest& request, const std::vector<std::string_view>& signed_names,
                              std::string_view signed_headers, std::string_view payload_hash);

// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of canonical request>".
std::string string_to_sign(std::string_view amz_date, std::string_view credential_scope,
                           std::string_view canonical_request);

// ASCII case-insensitive equality, for header names.
bool iequals(std::string_view a, std::string_view b);

}  // namespace dynastore::auth
