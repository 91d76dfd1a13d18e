#include "dynastore/protocol/content_coding.h"

#include <zlib.h>

#include <algorithm>
#include <limits>
#include <new>
#include <stdexcept>
#include <vector>

#include "dynastore/common/ascii.h"

namespace dynastore::protocol {

namespace {

// zlib's windowBits: 15 is the largest window; +16 selects the gzip wrapper,
// a negative value raw DEFLATE without any wrapper.
constexpr int kWindowBits = 15;
constexpr int kGzipWindowBits = kWindowBits + 16;
constexpr int kRawWindowBits = -kWindowBits;

// The first decode buffer, before it doubles (capped at the limit + 1).
constexpr std::size_t kInitialOutput = 64 * 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 1950 §2.2: a zlib stream starts with CMF (method 8 = deflate, window
// at most 32 KiB) and FLG, and CMF*256 + FLG is a multiple of 31.
bool looks_like_zlib(std::string_view data) {
  if (data.size() < 2) return false;
  const auto cmf = static_cast<unsigned char>(data[0]);
  const auto flg = static_cast<unsigned char>(data[1]);
  return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
}

class Inflater {
 public:
  explicit Inflater(int window_bits) { ok_ = inflateInit2(&stream_, window_bits) == Z_OK; }
  ~Inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Inflates `in` into `out`. With `members`, a stream end followed by more
  // input starts another gzip member.
  DecodeResult run(std::string_view in, std::string& out, std::size_t limit, bool members) {
    if (!ok_) return {DecodeOutcome::kCorrupt, "cannot initialise zlib"};
    // More than `limit` output bytes, one of them past it, means too large.
    const std::size_t cap = limit == std::numeric_limits<std::size_t>::max() ? limit : limit + 1;
    out.clear();
    out.resize(std::min(cap, std::max(kInitialOutput, in.size() * 4)));
    std::size_t produced = 0;
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    // Request bodies are at most the HTTP body limit, far below 4 GiB.
    stream_.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), std::numeric_limits<uInt>::max()));
    for (;;) {
      if (produced == out.size()) {
        if (out.size() >= cap) return {DecodeOutcome::kTooLarge, {}};
        out.resize(std::min(cap, out.size() * 2));
      }
      stream_.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
      const std::size_t room = std::min<std::size_t>(out.size() - produced, std::numeric_limits<uInt>::max());
      stream_.avail_out = static_cast<uInt>(room);
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      produced += room - stream_.avail_out;
      if (rc == Z_STREAM_END) {
        if (stream_.avail_in == 0) break;
        if (!members) return {DecodeOutcome::kCorrupt, "data after the end of the compressed stream"};
        if (inflateReset(&stream_) != Z_OK) return {DecodeOutcome::kCorrupt, "cannot reset zlib"};
        continue;
      }
      if (rc == Z_OK) continue;
      if (rc == Z_BUF_ERROR && stream_.avail_out == 0) continue;  // only needs more room
      if (rc == Z_BUF_ERROR) return {DecodeOutcome::kCorrupt, "unexpected end of the compressed data"};
      return {DecodeOutcome::kCorrupt, stream_.msg != nullptr ? stream_.msg : "invalid compressed data"};
    }
    if (produced > limit) return {DecodeOutcome::kTooLarge, {}};
    out.resize(produced);
    return {};
  }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

DecodeResult decode_one(ContentCoding coding, std::string_view in, std::string& out, std::size_t limit) {
  if (coding == ContentCoding::kGzip) {
    Inflater inflater(kGzipWindowBits);
    return inflater.run(in, out, limit, /*members=*/true);
  }
  Inflater inflater(looks_like_zlib(in) ? kWindowBits : kRawWindowBits);
  return inflater.run(in, out, limit, /*members=*/false);
}

// Parses one q-value ("1", "0.5", "0.000"); malformed reads as 1, as if
// absent (lenient, like most servers).
double parse_q(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    std::string_view param = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
    param.remove_prefix(2);
    double value = 0;
    double scale = 1;
    bool fraction = false;
    bool any = false;
    for (const char c : param) {
      if (c == '.' && !fraction) {
        fraction = true;
        continue;
      }
      if (c < '0' || c > '9') return 1;
      any = true;
      if (fraction) {
        scale /= 10;
        value += (c - '0') * scale;
      } else {
        value = value * 10 + (c - '0');
      }
    }
    return any ? std::min(value, 1.0) : 1;
  }
  return 1;
}

}  // namespace

DecodeResult decode_body(std::string_view codings, std::string& body, std::size_t limit) {
  std::vector<ContentCoding> steps;
  while (!codings.empty()) {
    const auto comma = codings.find(',');
    const std::string_view name = trim(codings.substr(0, comma));
    codings = comma == std::string_view::npos ? std::string_view() : codings.substr(comma + 1);
    if (name.empty() || ascii_iequals(name, "identity")) continue;
    if (ascii_iequals(name, "gzip") || ascii_iequals(name, "x-gzip")) {
      steps.push_back(ContentCoding::kGzip);
    } else if (ascii_iequals(name, "deflate")) {
      steps.push_back(ContentCoding::kDeflate);
    } else {
      return {DecodeOutcome::kUnsupported, std::string(name)};
    }
  }
  std::string decoded;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    DecodeResult result = decode_one(*it, body, decoded, limit);
    if (result.outcome != DecodeOutcome::kOk) return result;
    body.swap(decoded);
  }
  return {};
}

ContentCoding choose_response_coding(std::string_view accept_encoding) {
  double gzip = -1;
  double deflate = -1;
  double any = -1;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    const std::string_view entry = trim(accept_encoding.substr(0, comma));
    accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    const auto semi = entry.find(';');
    const std::string_view name = trim(entry.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1 : parse_q(entry.substr(semi + 1));
    if (ascii_iequals(name, "gzip") || ascii_iequals(name, "x-gzip")) {
      gzip = std::max(gzip, q);
    } else if (ascii_iequals(name, "deflate")) {
      deflate = std::max(deflate, q);
    } else if (name == "*") {
      any = q;
    }
  }
  if (gzip < 0) gzip = any;
  if (deflate < 0) deflate = any;
  if (gzip <= 0 && deflate <= 0) return ContentCoding::kIdentity;
  return gzip >= deflate ? ContentCoding::kGzip : ContentCoding::kDeflate;
}

std::string encode_body(ContentCoding coding, std::string_view body) {
  z_stream stream{};
  // Level 1: responses are compressed on the request's I/O thread; DynamoDB
  // JSON is repetitive enough that the fastest level already shrinks it
  // several times over.
  const int window_bits = coding == ContentCoding::kGzip ? kGzipWindowBits : kWindowBits;
  if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::bad_alloc();  // zlib fails to initialise only without memory
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(body.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  // One call finishes: the output buffer is deflateBound() large.
  const int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
  return out;
}

std::string_view coding_name(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::kGzip:
      return "gzip";
    case ContentCoding::kDeflate:
      return "deflate";
    case ContentCoding::kIdentity:
      break;
  }
  return "identity";
}

}  // namespace dynastore::protocol
