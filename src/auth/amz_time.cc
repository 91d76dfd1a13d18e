#include "auth/amz_time.h"

#include <array>
#include <cstdio>

namespace dynastore::auth {

namespace {

using std::chrono::sys_seconds;

// Parses exactly `digits` ASCII digits at `text[pos]`.
std::optional<int> read_number(std::string_view text, std::size_t pos, std::size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + digits; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<sys_seconds> make_time(int y, int mo, int d, int h, int mi, int s) {
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  // Leap seconds (":60") are not representable in sys_seconds; clients never send them.
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  return sys_seconds{std::chrono::sys_days{ymd}} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

}  // namespace

std::optional<sys_seconds> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  const auto y = read_number(text, 0, 4), mo = read_number(text, 4, 2), d = read_number(text, 6, 2);
  const auto h = read_number(text, 9, 2), mi = read_number(text, 11, 2), s = read_number(text, 13, 2);
  if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
  return make_time(*y, *mo, *d, *h, *mi, *s);
}

std::optional<sys_seconds> parse_http_date(std::string_view text) {
  // "Wed, 25 Nov 2026 12:34:56 GMT": fixed layout up to the zone.
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() < 29 || text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text[25] != ' ') {
    return std::nullopt;
  }
  const std::string_view zone = text.substr(26);
  if (zone != "GMT" && zone != "UTC" && zone != "+0000" && zone != "-0000") return std::nullopt;
  int month = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (text.substr(8, 3) == kMonths[i]) month = static_cast<int>(i) + 1;
  }
  const auto d = read_number(text, 5, 2), y = read_number(text, 12, 4);
  const auto h = read_number(text, 17, 2), mi = read_number(text, 20, 2), s = read_number(text, 23, 2);
  if (month == 0 || !d || !y || !h || !mi || !s) return std::nullopt;
  // The weekday is redundant; a wrong one is the client's typo, not a reason to refuse.
  return make_time(*y, month, *d, *h, *mi, *s);
}

std::string format_amz_date(sys_seconds time) {
  const auto days = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{time - days};
  const int year = static_cast<int>(ymd.year());
  const auto month = static_cast<unsigned>(ymd.month()), day = static_cast<unsigned>(ymd.day());
  const auto hour = static_cast<int>(hms.hours().count()), minute = static_cast<int>(hms.minutes().count()),
             second = static_cast<int>(hms.seconds().count());
  if (year < 0 || year > 9999) {
    // Not a date a client sends; the general (and slower) path.
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", year, month, day, hour, minute, second);
    return buf;
  }
  // Called for every request: digits by hand rather than through snprintf.
  std::string out(16, '0');
  auto put = [&out](std::size_t pos, unsigned value, std::size_t digits) {
    for (std::size_t i = digits; i-- > 0; value /= 10) out[pos + i] = static_cast<char>('0' + value % 10);
  };
  put(0, static_cast<unsigned>(year), 4);
  put(4, month, 2);
  put(6, day, 2);
  out[8] = 'T';
  put(9, static_cast<unsigned>(hour), 2);
  put(11, static_cast<unsigned>(minute), 2);
  put(13, static_cast<unsigned>(second), 2);
  out[15] = 'Z';
  return out;
}

}  // namespace dynastore::auth
