#include "fuzz_target.h"

#include <cstdio>
#include <cstdlib>

namespace dynastore::fuzz {

namespace {

// The input the driver is running (one thread runs targets at a time).
std::string current_input;
std::string current_description;

}  // namespace

void set_current_input(std::string_view input, std::string description) {
  current_input.assign(input);
  current_description = std::move(description);
}

std::string printable(std::string_view s, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    }
  }
  if (s.size() > limit) out += "... (" + std::to_string(s.size()) + " bytes)";
  return out;
}

void fail(const char* file, int line, const std::string& what) {
  std::fprintf(stderr, "\nFUZZ INVARIANT FAILED at %s:%d\n  %s\n", file, line, what.c_str());
  if (!current_description.empty()) {
    std::fprintf(stderr, "  input: %s\n  bytes: %s\n", current_description.c_str(),
                 printable(current_input, 1 << 16).c_str());
  }
  std::fflush(stderr);
  std::abort();
}

}  // namespace dynastore::fuzz
