#include "dynastore/protocol/content_coding.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace dynastore::protocol {
namespace {

// Raw DEFLATE (no zlib or gzip wrapper), as some clients send "deflate".
std::string raw_deflate(std::string_view in) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, in.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

const std::string kJson = R"({"TableName":"t","Item":{"pk":{"S":"a"}}})";

TEST(ContentCodingTest, RoundTripsGzipAndDeflate) {
  for (const ContentCoding coding : {ContentCoding::kGzip, ContentCoding::kDeflate}) {
    std::string body = encode_body(coding, kJson);
    EXPECT_NE(body, kJson);
    const DecodeResult result = decode_body(coding_name(coding), body, 1024);
    ASSERT_EQ(result.outcome, DecodeOutcome::kOk) << result.detail;
    EXPECT_EQ(body, kJson);
  }
}

TEST(ContentCodingTest, DecodesConcatenatedGzipMembers) {
  std::string body = encode_body(ContentCoding::kGzip, "{\"a\":") + encode_body(ContentCoding::kGzip, "1}");
  ASSERT_EQ(decode_body("gzip", body, 1024).outcome, DecodeOutcome::kOk);
  EXPECT_EQ(body, "{\"a\":1}");
}

TEST(ContentCodingTest, DecodesRawDeflateAndStackedCodings) {
  std::string body = raw_deflate(kJson);
  ASSERT_EQ(decode_body("deflate", body, 1024).outcome, DecodeOutcome::kOk);
  EXPECT_EQ(body, kJson);
  // "deflate, gzip": deflated first, then gzipped; undone in reverse.
  body = encode_body(ContentCoding::kGzip, encode_body(ContentCoding::kDeflate, kJson));
  ASSERT_EQ(decode_body(" Deflate ,identity, GZIP", body, 1024).outcome, DecodeOutcome::kOk);
  EXPECT_EQ(body, kJson);
}

TEST(ContentCodingTest, RefusesUnknownCorruptTruncatedAndTrailing) {
  std::string body = kJson;
  DecodeResult result = decode_body("br", body, 1024);
  EXPECT_EQ(result.outcome, DecodeOutcome::kUnsupported);
  EXPECT_EQ(result.detail, "br");

  body = kJson;
  EXPECT_EQ(decode_body("gzip", body, 1024).outcome, DecodeOutcome::kCorrupt);
  body = "";
  EXPECT_EQ(decode_body("gzip", body, 1024).outcome, DecodeOutcome::kCorrupt);

  const std::string gz = encode_body(ContentCoding::kGzip, kJson);
  body = gz.substr(0, gz.size() - 5);
  EXPECT_EQ(decode_body("gzip", body, 1024).outcome, DecodeOutcome::kCorrupt);
  body = gz + "junk";
  EXPECT_EQ(decode_body("gzip", body, 1024).outcome, DecodeOutcome::kCorrupt);
  body = encode_body(ContentCoding::kDeflate, kJson) + "x";
  EXPECT_EQ(decode_body("deflate", body, 1024).outcome, DecodeOutcome::kCorrupt);
  // A flipped byte in the deflate data or the CRC.
  body = gz;
  body[body.size() - 6] ^= 0x55;
  EXPECT_EQ(decode_body("gzip", body, 1024).outcome, DecodeOutcome::kCorrupt);
}

TEST(ContentCodingTest, StopsAZipBombAtTheLimit) {
  const std::string zeros(64 * 1024 * 1024, '\0');
  std::string bomb = encode_body(ContentCoding::kGzip, zeros);
  EXPECT_LT(bomb.size(), 1024u * 1024u);
  EXPECT_EQ(decode_body("gzip", bomb, 16 * 1024 * 1024).outcome, DecodeOutcome::kTooLarge);
  // Exactly at the limit is fine.
  std::string exact = encode_body(ContentCoding::kGzip, std::string(4096, 'x'));
  EXPECT_EQ(decode_body("gzip", exact, 4096).outcome, DecodeOutcome::kOk);
  exact = encode_body(ContentCoding::kGzip, std::string(4097, 'x'));
  EXPECT_EQ(decode_body("gzip", exact, 4096).outcome, DecodeOutcome::kTooLarge);
}

TEST(ContentCodingTest, ChoosesResponseCoding) {
  EXPECT_EQ(choose_response_coding(""), ContentCoding::kIdentity);
  EXPECT_EQ(choose_response_coding("identity"), ContentCoding::kIdentity);
  EXPECT_EQ(choose_response_coding("gzip"), ContentCoding::kGzip);
  EXPECT_EQ(choose_response_coding("deflate"), ContentCoding::kDeflate);
  EXPECT_EQ(choose_response_coding("gzip, deflate, br"), ContentCoding::kGzip);
  EXPECT_EQ(choose_response_coding("gzip;q=0.5, deflate"), ContentCoding::kDeflate);
  EXPECT_EQ(choose_response_coding("gzip;q=0, deflate;q=0"), ContentCoding::kIdentity);
  EXPECT_EQ(choose_response_coding("*"), ContentCoding::kGzip);
  EXPECT_EQ(choose_response_coding("*;q=0"), ContentCoding::kIdentity);
  EXPECT_EQ(choose_response_coding("GZIP ; Q=1.0"), ContentCoding::kGzip);
  EXPECT_EQ(choose_response_coding("br, zstd"), ContentCoding::kIdentity);
}

}  // namespace
}  // namespace dynastore::protocol
