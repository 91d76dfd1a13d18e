// Fuzz target: the HTTP/1.1 request parsers of a session (src/http/request_parser.h).
//
// The input is the byte stream a client sends on one connection. Beast's
// RequestParser reads it as the session would, message after message; the
// fast head parser reads the same bytes, whole and in pieces. The fast parser
// may hand any message to Beast (kFallback), but a head it accepts must be
// the head Beast reads: same method, target, version, fields, keep-alive,
// Expect and Content-Length, same size. And while the fast parser waits for
// more bytes, Beast must not have refused the bytes so far (else a malformed
// request would wait for the read timeout instead of getting its 400).
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_target.h"
#include "http/request_parser.h"

namespace dynastore::fuzz {
namespace {

using http::HttpHeader;
using http::HttpRequest;
namespace detail = http::detail;

// Small limits, so that the inputs the fuzzer makes reach them.
constexpr std::size_t kHeaderLimit = 2048;
constexpr std::size_t kBodyLimit = 4096;
constexpr int kMaxMessages = 4;

// What a parser made of one message's head.
struct Head {
  std::string method;
  std::string target;
  std::vector<HttpHeader> headers;
  unsigned version = 0;
  bool keep_alive = false;
  bool expect_continue = false;
  bool head_method = false;
  std::uint64_t content_length = 0;
  std::size_t size = 0;  // bytes of the head
};

std::string describe(const Head& h) {
  std::string out = h.method + " " + h.target + " HTTP/" + std::to_string(h.version / 10) + "." + std::to_string(h.version % 10) + " size " +
                    std::to_string(h.size) + " length " + std::to_string(h.content_length) +
                    (h.keep_alive ? " keep-alive" : " close") + (h.expect_continue ? " expect-100" : "") + " [";
  for (const auto& f : h.headers) out += printable(f.name) + ": " + printable(f.value) + "; ";
  return out + "]";
}

bool same_head(const Head& a, const Head& b) {
  if (a.headers.size() != b.headers.size()) return false;
  for (std::size_t i = 0; i < a.headers.size(); ++i) {
    if (a.headers[i].name != b.headers[i].name || a.headers[i].value != b.headers[i].value) return false;
  }
  return a.method == b.method && a.target == b.target && a.version == b.version && a.keep_alive == b.keep_alive &&
         a.expect_continue == b.expect_continue && a.head_method == b.head_method &&
         a.content_length == b.content_length && a.size == b.size;
}

// The session's objects, reused from one message to the next as a session
// reuses them (field slots survive in `spare`).
struct Reused {
  HttpRequest request;
  std::vector<HttpHeader> spare;
};

// Beast over `data` as the session feeds it when everything has arrived:
// put() until the message is done, an error, or no progress.
struct BeastRun {
  detail::error_code error;    // the first error other than need_more
  bool header_done = false;
  bool done = false;
  std::size_t consumed = 0;    // bytes of the message (when done)
  std::optional<Head> head;    // when header_done
  std::size_t body_size = 0;
};

BeastRun run_beast(std::string_view data, Reused& reused, bool eager) {
  BeastRun run;
  detail::RequestParser parser(reused.request, reused.spare);
  parser.header_limit(static_cast<std::uint32_t>(kHeaderLimit));
  parser.body_limit(kBodyLimit);
  parser.eager(eager);
  std::size_t offset = 0;
  while (!parser.is_done() && offset < data.size()) {
    detail::error_code ec;
    const std::size_t used = parser.put(detail::net::buffer(data.data() + offset, data.size() - offset), ec);
    offset += used;
    if (ec == detail::bhttp::error::need_more) break;
    if (ec) {
      run.error = ec;
      break;
    }
    if (used == 0) break;
    if (!eager && parser.is_header_done()) break;
  }
  run.header_done = parser.is_header_done();
  run.done = parser.is_done();
  run.consumed = offset;
  if (run.header_done) {
    Head head;
    head.method = reused.request.method;
    head.target = reused.request.target;
    head.headers = reused.request.headers;
    head.version = parser.version();
    head.keep_alive = parser.keep_alive();
    head.expect_continue = parser.expect_continue();
    head.head_method = parser.head();
    head.content_length = parser.content_length().value_or(0);
    head.size = offset;  // meaningful only for a non-eager run
    run.head = std::move(head);
  }
  run.body_size = reused.request.body.size();
  return run;
}

Head fast_head(const detail::FastHeadParser& parser, const HttpRequest& request) {
  Head head;
  head.method = request.method;
  head.target = request.target;
  head.headers = request.headers;
  head.version = parser.version();
  head.keep_alive = parser.keep_alive();
  head.expect_continue = parser.expect_continue();
  head.head_method = parser.head();
  head.content_length = parser.content_length();
  head.size = parser.head_size();
  return head;
}

// One message at the start of `data`. Returns its size when both parsers
// (or Beast alone) read it whole and the connection would go on, else nullopt.
std::optional<std::size_t> check_message(std::string_view data, Reused& beast_state, Reused& fast_state) {
  const BeastRun whole = run_beast(data, beast_state, /*eager=*/true);
  const BeastRun head_only = run_beast(data, beast_state, /*eager=*/false);
  FUZZ_CHECK(whole.header_done == head_only.header_done, "eager and header-only Beast runs disagree");
  FUZZ_CHECK(!whole.done || whole.body_size <= kBodyLimit, "Beast read a body over its limit");

  detail::FastHeadParser fast(fast_state.request, fast_state.spare, kHeaderLimit);
  const auto result = fast.parse(data);
  std::optional<Head> accepted;
  if (result == detail::FastHeadParser::Result::kDone) {
    accepted = fast_head(fast, fast_state.request);
    if (accepted->content_length > kBodyLimit) {
      // Refused by both (413) once the head is read: Beast fails the head,
      // the session checks the fast parser's length.
      FUZZ_CHECK(head_only.error == detail::bhttp::error::body_limit,
                 "over-long Content-Length, but Beast said: " + head_only.error.message());
      return std::nullopt;
    }
    FUZZ_CHECK(head_only.head.has_value(),
               "the fast parser accepted a head Beast did not finish: " + describe(*accepted) + " / Beast: " +
                   head_only.error.message());
    FUZZ_CHECK(same_head(*accepted, *head_only.head),
               "fast: " + describe(*accepted) + "\nBeast: " + describe(*head_only.head));
  }

  // The same bytes as they might arrive: pieces of 1 to 8 bytes, sizes from
  // the data itself. Only the bytes after those seen are parsed each time.
  {
    detail::FastHeadParser pieces(fast_state.request, fast_state.spare, kHeaderLimit);
    std::size_t end = 0;
    while (end < data.size()) {
      end = std::min(data.size(), end + 1 + static_cast<unsigned char>(data[end]) % 8);
      const std::string_view prefix = data.substr(0, end);
      const auto step = pieces.parse(prefix);
      if (step == detail::FastHeadParser::Result::kFallback) break;
      if (step == detail::FastHeadParser::Result::kDone) {
        const Head got = fast_head(pieces, fast_state.request);
        FUZZ_CHECK(accepted.has_value() && same_head(got, *accepted),
                   "in pieces the fast parser read " + describe(got) + ", whole " +
                       (accepted ? describe(*accepted) : std::string("not")));
        break;
      }
      // Waiting for more: Beast must not have refused these bytes already.
      Reused scratch;
      const BeastRun early = run_beast(prefix, scratch, /*eager=*/false);
      FUZZ_CHECK(!early.error, "the fast parser waits for more after " + std::to_string(end) +
                                   " bytes, which Beast refused: " + early.error.message());
    }
  }

  if (whole.error || !whole.done || whole.consumed == 0) return std::nullopt;
  if (accepted) {
    FUZZ_CHECK(accepted->size + accepted->content_length == whole.consumed,
               "message sizes differ: fast " + std::to_string(accepted->size) + "+" +
                   std::to_string(accepted->content_length) + ", Beast " + std::to_string(whole.consumed));
  }
  if (!whole.head->keep_alive) return std::nullopt;
  return whole.consumed;
}

}  // namespace
}  // namespace dynastore::fuzz

DYNASTORE_FUZZ_TARGET(http_request) {
  using namespace dynastore::fuzz;
  // Kept from one input to the next, as a session keeps them from one
  // request to the next.
  static Reused beast_state;
  static Reused fast_state;
  std::string_view stream(reinterpret_cast<const char*>(data), size);
  for (int message = 0; message < kMaxMessages && !stream.empty(); ++message) {
    const auto used = check_message(stream, beast_state, fast_state);
    if (!used) break;
    stream.remove_prefix(*used);
  }
  return 0;
}
