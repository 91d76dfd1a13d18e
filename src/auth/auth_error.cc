#include "dynastore/auth/auth_error.h"

namespace dynastore::auth {

const char* exception_name(AuthError error) {
  switch (error) {
    case AuthError::kNone: return "";
    case AuthError::kMissingAuthenticationToken: return "MissingAuthenticationTokenException";
    case AuthError::kIncompleteSignature: return "IncompleteSignatureException";
    case AuthError::kUnrecognizedClient: return "UnrecognizedClientException";
    case AuthError::kInvalidSignature: return "InvalidSignatureException";
    // DynamoDB has no separate exception for clock skew.
    case AuthError::kSignatureExpired: return "InvalidSignatureException";
  }
  return "";
}

int http_status(AuthError error) { return error == AuthError::kNone ? 200 : 400; }

std::string format_message(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 64);
  auto arg = args.begin();
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    const std::size_t hole = pattern.find("{}", pos);
    if (hole == std::string_view::npos || arg == args.end()) {
      out.append(pattern.substr(pos));
      break;
    }
    out.append(pattern.substr(pos, hole - pos)).append(*arg++);
    pos = hole + 2;
  }
  return out;
}

}  // namespace dynastore::auth
