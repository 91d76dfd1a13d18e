#include "expr/messages.h"

namespace dynastore::expr::msg {

namespace {
void append_detail(std::string& out, std::string_view key, std::string_view value, bool first) {
  out += first ? " " : ", ";
  out += key;
  out += ": ";
  out += value;
}
}  // namespace

std::string with_details(std::string_view message, std::string_view key1, std::string_view value1) {
  std::string out(message);
  append_detail(out, key1, value1, true);
  return out;
}

std::string with_details(std::string_view message, std::string_view key1, std::string_view value1,
                         std::string_view key2, std::string_view value2) {
  std::string out = with_details(message, key1, value1);
  append_detail(out, key2, value2, false);
  return out;
}

std::string with_details(std::string_view message, std::string_view key1, std::string_view value1,
                         std::string_view key2, std::string_view value2, std::string_view key3,
                         std::string_view value3) {
  std::string out = with_details(message, key1, value1, key2, value2);
  append_detail(out, key3, value3, false);
  return out;
}

}  // namespace dynastore::expr::msg
