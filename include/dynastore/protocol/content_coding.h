// HTTP content codings of DynamoDB request and response bodies: gzip and
// deflate (RFC 9110 §8.4.1), both through zlib.
//
// Requests: SDKs compress a body before they sign it (botocore's
// RequestCompressor, the Java SDK's request compression), so the SigV4
// payload hash covers the compressed bytes. The pipeline checks the
// signature over the body as received and only then decodes it here, under
// a limit on the decoded size, so that a small "zip bomb" is refused after
// inflating at most `limit` + 1 bytes.
//
// Responses: a client that sends Accept-Encoding: gzip or deflate may get a
// compressed body; x-amz-crc32 is then the CRC32 of the compressed bytes, the
// bytes on the wire, which is what botocore's CRC32Checker and the Java SDK
// (DynamoDB's calculateCrc32FromCompressedData) check.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dynastore::protocol {

enum class ContentCoding { kIdentity, kGzip, kDeflate };

enum class DecodeOutcome {
  kOk,
  kUnsupported,  // a coding other than gzip, deflate, identity (or x-gzip)
  kCorrupt,      // not valid gzip/deflate data, truncated, or trailing garbage
  kTooLarge,     // the decoded body would exceed the limit
};

struct DecodeResult {
  DecodeOutcome outcome = DecodeOutcome::kOk;
  std::string detail;  // for kUnsupported the coding's name; else zlib's message
};

// Decodes `body` in place as the Content-Encoding header value `codings`
// describes: a comma-separated list, applied by the sender in the order
// listed, so undone here from last to first. "identity" and empty list
// entries are skipped. gzip accepts several concatenated members (RFC 1952
// §2.2), as `cat a.gz b.gz` makes; deflate accepts the zlib format RFC 9110
// names and also raw DEFLATE, which some clients send instead. On any
// outcome but kOk `body` is unspecified.
DecodeResult decode_body(std::string_view codings, std::string& body, std::size_t limit);

// The coding to answer with for an Accept-Encoding header value: gzip or
// deflate if the client accepts one (gzip preferred at equal q-values;
// "q=0" refuses; "*" accepts gzip), else kIdentity.
ContentCoding choose_response_coding(std::string_view accept_encoding);

// `body` compressed as `coding` (gzip or deflate, the zlib format).
// Precondition: coding is not kIdentity.
std::string encode_body(ContentCoding coding, std::string_view body);

// "gzip" or "deflate" (or "identity").
std::string_view coding_name(ContentCoding coding);

}  // namespace dynastore::protocol
