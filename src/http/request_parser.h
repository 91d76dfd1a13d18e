// The HTTP/1.1 request parsers of a Session. Private to src/http.
//
// Two parsers share the work. FastHeadParser reads the request head (request
// line and fields) of the common, plain requests that clients send, at a
// few instructions per byte, and hands everything it is not sure about to
// RequestParser, which is Beast's basic_parser and reads all of HTTP/1.1:
// chunked bodies, obs-fold, Transfer-Encoding, odd but valid bytes, and every
// kind of malformed input with Beast's error for it. The fast parser accepts
// only a strict subset of what Beast accepts, with the same result (see
// FastHeadParser), so which of the two read a request is invisible: it only
// saves the ~5k instructions per request that Beast's byte-by-byte parsing
// cost (docs/performance.md).
//
// Both store what they read straight into an HttpRequest that the session
// reuses from one request to the next, into strings whose capacity survives
// the request (Beast's own request_parser would first build a bhttp::fields
// container, one allocation per field, and a fresh body string).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "dynastore/http/request_handler.h"
#include "http/beast.h"

namespace dynastore::http::detail {

// Writes the fields of one request into request.headers, reusing its slots
// and, for a request with more fields than the last one, slots kept in
// `spare`; finish() moves surplus slots to `spare`, so that a request with
// fewer fields than the last one frees nothing.
class FieldWriter {
 public:
  FieldWriter(HttpRequest& request, std::vector<HttpHeader>& spare) : request_(request), spare_(spare) {}

  void restart() { count_ = 0; }
  void add(std::string_view name, std::string_view value);
  void finish();

 private:
  HttpRequest& request_;
  std::vector<HttpHeader>& spare_;
  std::size_t count_ = 0;
};

// Beast's parser, for every request. One per message: basic_parser cannot be
// restarted.
class RequestParser final : public bhttp::basic_parser<true> {
 public:
  // `request` receives method, target, headers and body; its remote_address
  // is left alone.
  RequestParser(HttpRequest& request, std::vector<HttpHeader>& spare);

  unsigned version() const { return version_; }
  bool head() const { return method_ == bhttp::verb::head; }
  // The first Expect field asked for "100-continue".
  bool expect_continue() const { return expect_continue_; }

 private:
  bool transfer_encoding_acceptable() const;
  void on_request_impl(bhttp::verb method, beast::string_view method_str, beast::string_view target, int version,
                       error_code& ec) override;
  void on_response_impl(int code, beast::string_view reason, int version, error_code& ec) override;
  void on_field_impl(bhttp::field name, beast::string_view name_string, beast::string_view value,
                     error_code& ec) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code& ec) override;
  std::size_t on_body_impl(beast::string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t size, beast::string_view extensions, error_code& ec) override;
  std::size_t on_chunk_body_impl(std::uint64_t remain, beast::string_view body, error_code& ec) override;
  void on_finish_impl(error_code& ec) override;

  HttpRequest& request_;
  FieldWriter fields_;
  unsigned version_ = 11;
  bhttp::verb method_ = bhttp::verb::unknown;
  bool expect_seen_ = false;
  bool expect_continue_ = false;
  // Transfer-Encoding fields seen, and whether every one was "chunked"
  // alone (see transfer_encoding_acceptable).
  unsigned transfer_encoding_fields_ = 0;
  bool transfer_encoding_chunked_only_ = true;
};

// The fast path for the request head. It reads the bytes of one message as
// they arrive (the caller consumes nothing until the head is done) and
// accepts only:
//   - a request line of a token method, one space, a target of visible ASCII,
//     one space, and HTTP/1.0 or HTTP/1.1;
//   - fields of a token name, ':', and a value of visible ASCII, spaces and
//     tabs (trimmed at both ends, as Beast trims it); no obs-fold;
//   - at most one Content-Length, of 1 to 19 digits; no Transfer-Encoding;
//     Connection and Proxy-Connection as plain lists of tokens;
//   - every line ended by CRLF, and the whole head shorter than the header
//     limit.
// Anything else, valid or not, makes it answer kFallback before any byte is
// consumed, and the message goes to RequestParser from its first byte.
// Bytes that cannot be part of an acceptable head are refused as soon as they
// arrive, so a malformed request still gets Beast's error when Beast would
// have given it, not at the read timeout.
class FastHeadParser {
 public:
  enum class Result { kNeedMore, kDone, kFallback };

  FastHeadParser(HttpRequest& request, std::vector<HttpHeader>& spare, std::size_t header_limit)
      : request_(request), fields_(request, spare), header_limit_(header_limit) {}

  // `data` is the message from its first byte: what earlier calls saw and
  // possibly more. Only the bytes not looked at before are parsed.
  Result parse(std::string_view data);

  // Valid after kDone.
  std::size_t head_size() const { return pos_; }
  unsigned version() const { return version_; }
  bool head() const { return head_method_; }
  bool keep_alive() const { return version_ >= 11 ? !connection_close_ : connection_keep_alive_; }
  bool expect_continue() const { return expect_continue_; }
  std::uint64_t content_length() const { return content_length_.value_or(0); }

 private:
  bool parse_request_line(std::string_view line);
  bool parse_field(std::string_view line);
  bool parse_connection(std::string_view value);

  HttpRequest& request_;
  FieldWriter fields_;
  const std::size_t header_limit_;
  std::size_t pos_ = 0;      // start of the first line not parsed yet (the head's size once done)
  std::size_t checked_ = 0;  // bytes up to here are known to be acceptable in a head
  bool request_line_done_ = false;
  unsigned version_ = 11;
  bool head_method_ = false;
  bool connection_close_ = false;
  bool connection_keep_alive_ = false;
  bool expect_seen_ = false;
  bool expect_continue_ = false;
  std::optional<std::uint64_t> content_length_;
};

}  // namespace dynastore::http::detail
