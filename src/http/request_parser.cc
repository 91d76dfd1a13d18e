#include "http/request_parser.h"

#include <array>
#include <cstring>
#include <utility>

#include "dynastore/common/ascii.h"

namespace dynastore::http::detail {

namespace {

// RFC 9110 §5.6.2 token characters.
constexpr std::array<bool, 256> kTokenChar = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (const char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

bool is_token_char(char c) { return kTokenChar[static_cast<unsigned char>(c)]; }

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

// Visible ASCII and space, the bytes the fast parser takes in a field value
// (with HTAB), a target (without space) or a partial line.
bool is_visible_or_space(char c) { return c >= 0x20 && c <= 0x7E; }

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

// Whether the word has a byte below `n` or above 0x7E (Bit Twiddling Hacks'
// "hasless" and "hasmore"; exact for n <= 128).
bool has_byte_outside(std::uint64_t word, std::uint64_t n) {
  const std::uint64_t below = (word - kOnes * n) & ~word & kHighs;
  const std::uint64_t above = ((word + kOnes * (127 - 0x7E)) | word) & kHighs;
  return (below | above) != 0;
}

// A field value: visible ASCII, space and HTAB only (Beast also takes
// obs-text, bytes of 0x80 and up: those go to Beast). Eight bytes at a time;
// a word with a byte outside 0x20..0x7E is looked at byte by byte.
bool is_plain_value(std::string_view value) {
  const char* p = value.data();
  std::size_t n = value.size();
  while (n >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    if (has_byte_outside(word, 0x20)) {
      for (int i = 0; i < 8; ++i) {
        if (!is_visible_or_space(p[i]) && p[i] != '\t') return false;
      }
    }
    p += 8;
    n -= 8;
  }
  for (; n > 0; ++p, --n) {
    if (!is_visible_or_space(*p) && *p != '\t') return false;
  }
  return true;
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// 1 to 19 decimal digits (below 2^64), nothing else.
std::optional<std::uint64_t> parse_length(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

// Whether `data`, a request line without its LF, could still become one the
// fast parser takes (see parse_request_line).
bool is_partial_request_line(std::string_view data) {
  const bool cr = data.ends_with('\r');
  const std::string_view line = cr ? data.substr(0, data.size() - 1) : data;
  const std::size_t sp1 = line.find(' ');
  const std::string_view method = line.substr(0, sp1);
  for (const char c : method) {
    if (!is_token_char(c)) return false;
  }
  if (sp1 == std::string_view::npos) return !cr;
  if (sp1 == 0) return false;
  const std::size_t sp2 = line.find(' ', sp1 + 1);
  const std::string_view target = line.substr(sp1 + 1, sp2 == std::string_view::npos ? sp2 : sp2 - sp1 - 1);
  for (const char c : target) {
    if (c <= 0x20 || c > 0x7E) return false;
  }
  if (sp2 == std::string_view::npos) return !cr;
  if (target.empty()) return false;
  const std::string_view version = line.substr(sp2 + 1);
  for (const std::string_view known : {std::string_view("HTTP/1.1"), std::string_view("HTTP/1.0")}) {
    if (cr ? version == known : known.starts_with(version)) return true;
  }
  return false;
}

// Whether `data`, a field line without its LF, could still become one the
// fast parser takes: a token name, as far as it goes, then ':'. (Or the CR of
// the empty line that ends the head.)
bool is_partial_field_line(std::string_view data) {
  if (data == "\r") return true;
  std::size_t i = 0;
  while (i < data.size() && is_token_char(data[i])) ++i;
  if (i == data.size()) return true;
  return i > 0 && data[i] == ':';
}

}  // namespace

// --- FieldWriter ---------------------------------------------------------------

void FieldWriter::add(std::string_view name, std::string_view value) {
  std::vector<HttpHeader>& headers = request_.headers;
  if (count_ == headers.size()) {
    if (!spare_.empty()) {
      headers.push_back(std::move(spare_.back()));
      spare_.pop_back();
    } else {
      headers.emplace_back();
    }
  }
  HttpHeader& header = headers[count_++];
  header.name.assign(name.data(), name.size());
  header.value.assign(value.data(), value.size());
}

void FieldWriter::finish() {
  std::vector<HttpHeader>& headers = request_.headers;
  while (headers.size() > count_) {
    spare_.push_back(std::move(headers.back()));
    headers.pop_back();
  }
}

// --- RequestParser (Beast) ---------------------------------------------------------

RequestParser::RequestParser(HttpRequest& request, std::vector<HttpHeader>& spare)
    : request_(request), fields_(request, spare) {
  // Every field of the message comes before its body, so the body can be
  // cleared here; a request without one ends with an empty body.
  request_.body.clear();
  // Limits are the session's to set; parse the body in the same put() call
  // as the header when it is already buffered.
  eager(true);
}

void RequestParser::on_request_impl(bhttp::verb method, beast::string_view method_str, beast::string_view target,
                                    int version, error_code& /*ec*/) {
  method_ = method;
  version_ = static_cast<unsigned>(version);
  request_.method.assign(method_str.data(), method_str.size());
  request_.target.assign(target.data(), target.size());
}

void RequestParser::on_response_impl(int /*code*/, beast::string_view /*reason*/, int /*version*/, error_code& ec) {
  ec = bhttp::error::bad_method;  // unreachable: this is a request parser
}

void RequestParser::on_field_impl(bhttp::field name, beast::string_view name_string, beast::string_view value,
                                  error_code& /*ec*/) {
  fields_.add({name_string.data(), name_string.size()}, {value.data(), value.size()});
  if (name == bhttp::field::transfer_encoding) {
    ++transfer_encoding_fields_;
    if (!ascii_iequals(trim_ows(std::string_view(value.data(), value.size())), "chunked")) {
      transfer_encoding_chunked_only_ = false;
    }
  }
  if (name == bhttp::field::expect && !expect_seen_) {
    expect_seen_ = true;
    expect_continue_ = ascii_iequals(std::string_view(value.data(), value.size()), "100-continue");
  }
}

void RequestParser::on_header_impl(error_code& ec) {
  fields_.finish();
  if (!transfer_encoding_acceptable()) ec = bhttp::error::bad_transfer_encoding;
}

// RFC 9112 §6.1 and §6.3: a request whose Transfer-Encoding does not end in
// "chunked" has no reliable length and must be answered 400 and the
// connection closed. Beast would take its body as empty and read the body
// bytes as the next request (a request-smuggling set-up), so such a request
// fails here, as a malformed head. Codings before a final "chunked" ("gzip,
// chunked") would need decoding we do not offer (RFC 9112 says 501); they
// are refused the same way, so the only Transfer-Encoding taken is one
// field that says "chunked" and nothing else.
bool RequestParser::transfer_encoding_acceptable() const {
  return transfer_encoding_fields_ == 0 || (transfer_encoding_fields_ == 1 && transfer_encoding_chunked_only_);
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code& ec) {
  if (!content_length) return;
  if (*content_length > request_.body.max_size()) {
    ec = bhttp::error::buffer_overflow;
    return;
  }
  // Bounded by the body limit, which basic_parser checked already.
  request_.body.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(beast::string_view body, error_code& /*ec*/) {
  request_.body.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t /*size*/, beast::string_view /*extensions*/,
                                         error_code& /*ec*/) {}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t /*remain*/, beast::string_view body, error_code& /*ec*/) {
  request_.body.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_finish_impl(error_code& /*ec*/) {}

// --- FastHeadParser ------------------------------------------------------------------

FastHeadParser::Result FastHeadParser::parse(std::string_view data) {
  const char* const base = data.data();
  const std::size_t size = data.size();
  for (;;) {
    const void* found = checked_ < size ? std::memchr(base + checked_, '\n', size - checked_) : nullptr;
    if (found == nullptr) {
      // A partial line. Its bytes must be ones an acceptable head can have
      // (a CR only as the last byte): Beast parses as bytes arrive and may
      // refuse them now, so let it.
      // (The last byte checked before is looked at again: a CR then is no
      // longer the last byte.)
      for (std::size_t i = checked_ > pos_ ? checked_ - 1 : checked_; i < size; ++i) {
        const char c = base[i];
        if (!is_visible_or_space(c) && c != '\t' && !(c == '\r' && i + 1 == size)) return Result::kFallback;
      }
      // Beast also refuses a malformed request line or field name before it
      // is complete.
      if (!request_line_done_ ? !is_partial_request_line(data)
                              : !is_partial_field_line(data.substr(pos_))) {
        return Result::kFallback;
      }
      checked_ = size;
      return size >= header_limit_ ? Result::kFallback : Result::kNeedMore;
    }
    const auto newline = static_cast<std::size_t>(static_cast<const char*>(found) - base);
    const std::size_t line_end = newline + 1;
    // Only heads well inside the limit; Beast decides at the edge.
    if (line_end >= header_limit_) return Result::kFallback;
    if (newline == pos_ || base[newline - 1] != '\r') return Result::kFallback;  // a bare LF
    const std::string_view line(base + pos_, newline - 1 - pos_);
    if (!request_line_done_) {
      if (!parse_request_line(line)) return Result::kFallback;
      request_line_done_ = true;
      fields_.restart();
    } else if (line.empty()) {
      pos_ = line_end;
      checked_ = line_end;
      fields_.finish();
      return Result::kDone;
    } else if (!parse_field(line)) {
      return Result::kFallback;
    }
    pos_ = line_end;
    checked_ = line_end;
  }
}

bool FastHeadParser::parse_request_line(std::string_view line) {
  const std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return false;
  const std::string_view method = line.substr(0, sp1);
  if (!is_token(method)) return false;
  const std::size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return false;
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (target.empty()) return false;
  for (const char c : target) {
    if (c <= 0x20 || c > 0x7E) return false;
  }
  const std::string_view version = line.substr(sp2 + 1);
  if (version == "HTTP/1.1") {
    version_ = 11;
  } else if (version == "HTTP/1.0") {
    version_ = 10;
  } else {
    return false;
  }
  head_method_ = method == "HEAD";  // Beast's verbs are case-sensitive too
  request_.method.assign(method.data(), method.size());
  request_.target.assign(target.data(), target.size());
  return true;
}

bool FastHeadParser::parse_field(std::string_view line) {
  // Name: a token right up to the colon (a line starting with a space or tab
  // is obs-fold, which is not a token character either).
  std::size_t colon = 0;
  while (colon < line.size() && is_token_char(line[colon])) ++colon;
  if (colon == 0 || colon == line.size() || line[colon] != ':') return false;
  const std::string_view name = line.substr(0, colon);
  const std::string_view raw_value = line.substr(colon + 1);
  if (!is_plain_value(raw_value)) return false;
  const std::string_view value = trim_ows(raw_value);

  // The fields that shape the message, as Beast reads them.
  switch (name.size()) {
    case 14:  // Content-Length
      if (ascii_iequals(name, "content-length")) {
        if (content_length_) return false;  // repeated: Beast decides
        content_length_ = parse_length(value);
        if (!content_length_) return false;
      }
      break;
    case 17:  // Transfer-Encoding
      if (ascii_iequals(name, "transfer-encoding")) return false;
      break;
    case 10:  // Connection
      if (ascii_iequals(name, "connection") && !parse_connection(value)) return false;
      break;
    case 16:  // Proxy-Connection
      if (ascii_iequals(name, "proxy-connection") && !parse_connection(value)) return false;
      break;
    case 6:  // Expect
      if (!expect_seen_ && ascii_iequals(name, "expect")) {
        expect_seen_ = true;
        expect_continue_ = ascii_iequals(std::string_view(value.data(), value.size()), "100-continue");
      }
      break;
    default:
      break;
  }
  fields_.add(name, value);
  return true;
}

// "token *( OWS "," OWS token )": the plainest form of Beast's token list.
bool FastHeadParser::parse_connection(std::string_view value) {
  if (value.empty()) return false;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = value.find(',', start);
    const std::string_view element =
        trim_ows(value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (!is_token(element)) return false;
    if (ascii_iequals(element, "close")) connection_close_ = true;
    if (ascii_iequals(element, "keep-alive")) connection_keep_alive_ = true;
    if (comma == std::string_view::npos) return true;
    start = comma + 1;
  }
}

}  // namespace dynastore::http::detail
