// Authentication outcomes and the DynamoDB error vocabulary for them.
//
// auth/ returns an AuthError plus a ready-made message; protocol/ and api/ turn
// that into DynamoDB's error body. Every message text the module can produce is
// defined below, once. Templates use "{}" for the values substituted in order.
//
// Where the texts come from. Each was seen in a response from Amazon DynamoDB
// itself (quoted in the public GitHub threads named), unless noted otherwise:
//  - MissingAuthenticationTokenException, HTTP 400, "Request is missing
//    Authentication Token": amazon-archives/aws-dynamodb-session-tomcat#42
//    ("Status Code: 400; Error Code: MissingAuthenticationTokenException"),
//    architect/dynalite#105, and dynalite's test/connection.js, a suite
//    written to pass against the real service.
//    It is 400, not the 403 of the AWS "Common Errors" pages: DynamoDB's JSON
//    protocol answers every authentication failure with 400.
//  - UnrecognizedClientException, HTTP 400, "The security token included in
//    the request is invalid.": boto/boto3#509 (HTTPStatusCode 400),
//    jcabi/jcabi-dynamo#101, yegor256/s3auth#237, dynalite index.js comments.
//    That is the unknown-access-key text; DynamoDB's reply to a bad
//    X-Amz-Security-Token lacks the final period (baopham/laravel-dynamodb#228,
//    dynalite), but tokens are not checked here, so only the first is used.
//  - InvalidSignatureException, HTTP 400, "The request signature we calculated
//    does not match the signature you provided. Check your AWS Secret Access
//    Key and signing method. Consult the service documentation for details.":
//    ttsuruoka/php-simple-amazon-dynamodb#1 (com.amazon.coral.service#, 178
//    chars: no canonical string appended, as DynamoDB did until ~2017).
//  - "Signature expired: <t> is now earlier than <now-15m> (<now> - 15 min.)",
//    InvalidSignatureException, 400: aws/aws-sdk-js#254 ("statusCode":400),
//    praetorian-inc/chariot-ui#453 (DynamoDB PutItem). The "not yet current"
//    twin is from the IAM SigV4 troubleshooting guide; the "(<now> + 15 min.)"
//    tail mirrors the expired form (not directly observed for DynamoDB).
//  - IncompleteSignatureException, 400, "Authorization header requires
//    '<Credential|Signature|SignedHeaders>' parameter. ... Authorization=<h>":
//    dynalite test/connection.js; same coral text in aws/aws-sdk-js#4285.
//  - "'<piece>' not a valid key=value pair (missing equal-sign) in
//    Authorization header: '<h>'.": awslabs/fhir-works-on-aws-deployment#379
//    (DynamoDB), iann0036/cloud9-sync#10.
//  - Date-format, algorithm, 5-element credential, 'Host' signed-header and the
//    credential-scope texts (region/service/terminator/date): recorded from
//    DynamoDB in dynalite's index.js comments (2013); "Credential should be
//    scoped to correct service: 'dynamodb'. " (with its trailing space) again
//    in arnemolland/sigv4#15 (2020, DynamoDB). For the 'Host' check DynamoDB
//    said "'Host' must be a 'SignedHeader' in the AWS Authorization." in 2013;
//    we use AWS's current wording from aws/aws-sdk-php#2469 (not DynamoDB).
//
// The wire __type for these errors is "com.amazon.coral.service#<name>", not
// DynamoDB's "com.amazonaws.dynamodb.v20120810#": they come from AWS's shared
// request front end (laravel-dynamodb#228, php-simple-amazon-dynamodb#1). SDKs
// keep only the part after '#', so either prefix is understood.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace dynastore::auth {

enum class AuthError {
  kNone,
  // No Authorization header, or one that is not AWS4-* at all.
  kMissingAuthenticationToken,
  // Authorization header present but structurally incomplete or malformed.
  kIncompleteSignature,
  // Access key id not known to the credential provider.
  kUnrecognizedClient,
  // Signature, signed-header set or credential scope does not check out.
  kInvalidSignature,
  // Request timestamp more than 15 minutes from the server clock, either way.
  // DynamoDB reports it as InvalidSignatureException; kept apart so callers
  // can count clock-skew separately.
  kSignatureExpired,
};

// DynamoDB's exception type name, e.g. "UnrecognizedClientException".
// Returns "" for kNone.
const char* exception_name(AuthError error);

// The HTTP status DynamoDB answers with: 400 for every error, 200 for kNone.
int http_status(AuthError error);

// Namespace DynamoDB uses in "__type" for these errors (see above).
inline constexpr std::string_view kExceptionNamespace = "com.amazon.coral.service";

namespace messages {

inline constexpr std::string_view kMissingAuthenticationToken = "Request is missing Authentication Token";
inline constexpr std::string_view kUnrecognizedClient = "The security token included in the request is invalid.";
inline constexpr std::string_view kInvalidSignature =
    "The request signature we calculated does not match the signature you provided. Check your AWS "
    "Secret Access Key and signing method. Consult the service documentation for details.";

// IncompleteSignature: each missing piece adds its sentence, then
// kAuthorizationEcho and the header as received.
inline constexpr std::string_view kRequiresCredential = "Authorization header requires 'Credential' parameter. ";
inline constexpr std::string_view kRequiresSignature = "Authorization header requires 'Signature' parameter. ";
inline constexpr std::string_view kRequiresSignedHeaders =
    "Authorization header requires 'SignedHeaders' parameter. ";
inline constexpr std::string_view kRequiresDate =
    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
inline constexpr std::string_view kAuthorizationEcho = "Authorization=";
// {} = offending piece, {} = whole header.
inline constexpr std::string_view kMissingEqualSign =
    "'{}' not a valid key=value pair (missing equal-sign) in Authorization header: '{}'.";
// {} = date header value.
inline constexpr std::string_view kBadDateFormat =
    "Date must be in ISO-8601 'basic format'. Got '{}'. See http://en.wikipedia.org/wiki/ISO_8601";
// {} = algorithm.
inline constexpr std::string_view kUnsupportedAlgorithm =
    "Unsupported AWS 'algorithm': '{}' (only AWS4-HMAC-SHA256 for now). ";
// {} = Credential value.
inline constexpr std::string_view kCredentialElements =
    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{}'";

// InvalidSignature / SignatureExpired. Timestamps are YYYYMMDD'T'HHMMSS'Z'.
// {} = request time, {} = now - 15 min, {} = now.
inline constexpr std::string_view kSignatureExpired = "Signature expired: {} is now earlier than {} ({} - 15 min.)";
// {} = request time, {} = now + 15 min, {} = now.
inline constexpr std::string_view kSignatureNotYetCurrent =
    "Signature not yet current: {} is still later than {} ({} + 15 min.)";
inline constexpr std::string_view kHostNotSigned =
    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
// Not DynamoDB's (its SDKs always sign the target, so no text is known);
// worded like the 'Host' one.
inline constexpr std::string_view kTargetNotSigned =
    "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.";
// Credential-scope problems; every one that applies is appended, in this order.
// {} = region given.
inline constexpr std::string_view kScopeRegion = "Credential should be scoped to a valid region, not '{}'. ";
// {} = the service this server answers for.
inline constexpr std::string_view kScopeService = "Credential should be scoped to correct service: '{}'. ";
// {} = terminator given.
inline constexpr std::string_view kScopeTerminator =
    "Credential should be scoped with a valid terminator: 'aws4_request', not '{}'. ";
// {} = scope date, {} = request date (YYYYMMDD), {} = request timestamp.
inline constexpr std::string_view kScopeDate =
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
    "'{}' != '{}', from '{}'.";

}  // namespace messages

// Substitutes each "{}" in `pattern` with the next argument, left to right.
// Surplus placeholders stay as written; surplus arguments are ignored.
std::string format_message(std::string_view pattern, std::initializer_list<std::string_view> args);

}  // namespace dynastore::auth
