// Fuzz target: the SigV4 verifier (src/auth), in development mode and with
// credentials.
//
// The input is a request in HTTP's shape: "METHOD target" on the first line,
// "Name: value" lines, an empty line, the body (lines end in LF or CRLF). It
// is verified as it stands by both verifiers, which must not throw and must
// say why they refuse; a request the credentialed verifier accepts, the
// development one accepts too. Then, when the request could have come over
// HTTP (token names, values of visible ASCII and spaces, trimmed), it is
// signed anew by SigV4Signer as botocore would sign it: that must verify, and
// must stop verifying once a byte of its body changes.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/auth/credential_store.h"
#include "dynastore/auth/sigv4_signer.h"
#include "dynastore/auth/sigv4_verifier.h"
#include "fuzz_target.h"

namespace dynastore::fuzz {
namespace {

// As tests/auth/make_fixtures.py and tests/fuzz/make_corpus.py sign.
constexpr std::string_view kAccessKey = "AKIDEXAMPLE";
constexpr std::string_view kSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kRegion = "us-east-1";
// 2026-11-25T12:34:56Z, the corpus's signing time.
const std::chrono::system_clock::time_point kSigningTime{std::chrono::seconds(1795610096)};

struct Request {
  std::string method;
  std::string path;
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  auth::SignedRequest view() const {
    auth::SignedRequest out{method, path, query, {}, body};
    for (const auto& [name, value] : headers) out.headers.emplace_back(name, value);
    return out;
  }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view take_line(std::string_view& data, bool& ended) {
  const std::size_t newline = data.find('\n');
  ended = newline != std::string_view::npos;
  std::string_view line = data.substr(0, newline);
  data.remove_prefix(ended ? newline + 1 : data.size());
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

Request read_request(std::string_view data) {
  Request request;
  bool ended = false;
  const std::string_view first = take_line(data, ended);
  const std::size_t sp1 = first.find(' ');
  request.method = first.substr(0, sp1);
  std::string_view target = sp1 == std::string_view::npos ? std::string_view() : first.substr(sp1 + 1);
  target = target.substr(0, target.find(' '));  // " HTTP/1.1", if any
  const std::size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string_view::npos) request.query = target.substr(question + 1);
  while (ended) {
    const std::string_view line = take_line(data, ended);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    request.headers.emplace_back(line.substr(0, colon),
                                 colon == std::string_view::npos ? std::string_view() : trim(line.substr(colon + 1)));
  }
  request.body = data;
  return request;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool is_field_value(std::string_view s) {
  for (const char c : s) {
    if ((c < 0x20 || c > 0x7E) && c != '\t') return false;
  }
  return trim(s).size() == s.size();
}

bool is_target_text(std::string_view s) {
  for (const char c : s) {
    if (c <= 0x20 || c > 0x7E) return false;
  }
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Whether the request could have arrived over HTTP/1.1 as it stands.
bool could_arrive(const Request& r) {
  if (!is_token(r.method) || r.path.empty() || r.path.front() != '/' || !is_target_text(r.path) ||
      !is_target_text(r.query)) {
    return false;
  }
  for (const auto& [name, value] : r.headers) {
    if (!is_token(name) || !is_field_value(value)) return false;
  }
  return true;
}

void check_result(const auth::AuthResult& result, std::string_view who) {
  FUZZ_CHECK(result.ok() == (result.error == auth::AuthError::kNone), std::string(who) + ": ok() disagrees with error");
  if (!result.ok()) {
    FUZZ_CHECK(!result.message.empty(), std::string(who) + " refused without a message");
    FUZZ_CHECK(!std::string_view(auth::exception_name(result.error)).empty() && auth::http_status(result.error) / 100 == 4,
               std::string(who) + " refused with no 4xx DynamoDB exception");
  }
}

struct Verifiers {
  Verifiers() : development(nullptr, "dynamodb"), checking(&store, "dynamodb", [] { return kSigningTime; }) {
    Status loaded = store.load_text(std::string(kAccessKey) + " " + std::string(kSecretKey) + "\n");
    FUZZ_CHECK(loaded.is_ok(), loaded.to_string());
    checking.require_region(std::string(kRegion));
  }
  auth::CredentialStore store;
  auth::SigV4Verifier development;
  auth::SigV4Verifier checking;
  auth::SigV4Signer signer{std::string(kAccessKey), std::string(kSecretKey), std::string(kRegion)};
};

}  // namespace
}  // namespace dynastore::fuzz

DYNASTORE_FUZZ_TARGET(sigv4) {
  using namespace dynastore;
  using namespace dynastore::fuzz;
  static Verifiers verifiers;
  Request request = read_request(std::string_view(reinterpret_cast<const char*>(data), size));

  const auto dev = verifiers.development.verify(request.view());
  const auto checked = verifiers.checking.verify(request.view());
  check_result(dev, "development mode");
  check_result(checked, "with credentials");
  FUZZ_CHECK(!checked.ok() || dev.ok(), "accepted with credentials but refused in development mode: " + dev.message);
  if (checked.ok()) {
    FUZZ_CHECK(checked.access_key_id == kAccessKey && checked.region == kRegion,
               "accepted for " + printable(checked.access_key_id) + " in " + printable(checked.region));
  }

  if (!could_arrive(request)) return 0;
  // Signed anew, as botocore signs: its own date and signature, the target
  // named (a signature must cover it), Host present. Without a payload hash
  // field: the signer would sign the one given, which the verifier rightly
  // refuses when it is not the body's.
  std::erase_if(request.headers, [](const auto& header) {
    return iequals(header.first, "authorization") || iequals(header.first, "x-amz-date") ||
           iequals(header.first, "x-amz-security-token") || iequals(header.first, "date") ||
           iequals(header.first, "x-amz-content-sha256");
  });
  const auto has = [&](std::string_view name) {
    for (const auto& header : request.headers) {
      if (iequals(header.first, name)) return true;
    }
    return false;
  };
  if (!has("host")) request.headers.emplace_back("Host", "localhost:8000");
  if (!has("x-amz-target")) request.headers.emplace_back("X-Amz-Target", "DynamoDB_20120810.ListTables");
  const auth::SignatureHeaders signature = verifiers.signer.signature(request.view(), kSigningTime);
  request.headers.emplace_back("X-Amz-Date", signature.amz_date);
  request.headers.emplace_back("Authorization", signature.authorization);
  const auto resigned = verifiers.checking.verify(request.view());
  FUZZ_CHECK(resigned.ok(), "a request SigV4Signer signed is refused: " + resigned.message);
  FUZZ_CHECK(verifiers.development.verify(request.view()).ok(), "a signed request is refused in development mode");

  request.body.push_back('x');
  const auto tampered = verifiers.checking.verify(request.view());
  FUZZ_CHECK(tampered.error == auth::AuthError::kInvalidSignature,
             "a request whose body changed after signing got: " + tampered.message);
  return 0;
}
