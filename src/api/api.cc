#include "dynastore/api/api.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "api/injected_fault.h"
#include "api/request_context.h"
#include "api/throughput_limiter.h"
#include "dynastore/common/ascii.h"
#include "dynastore/common/clock.h"
#include "dynastore/json/json.h"
#include "dynastore/metrics/request_record.h"
#include "dynastore/protocol/content_coding.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/request_validator.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

namespace {

constexpr std::string_view kContentType = "application/x-amz-json-1.0";

// DynamoDB request ids: 52 characters of [A-Z0-9], drawn from a per-thread
// xoshiro256** seeded once from std::random_device. Each 64-bit draw yields
// ten characters: multiplying a 32-bit half by 36 moves its next base-36
// digit (the half read as a fraction) into the bits above 32. mt19937_64
// with a division per character cost ~2.6k instructions per request; this
// costs ~0.7k, most of it the string.
class RequestIdGenerator {
 public:
  RequestIdGenerator() {
    std::random_device device;
    for (auto& word : state_) word = (std::uint64_t{device()} << 32) ^ device();
    if ((state_[0] | state_[1] | state_[2] | state_[3]) == 0) state_[0] = 1;  // the one state xoshiro cannot leave
  }

  std::string next() {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    constexpr std::size_t kLength = 52;
    char id[kLength + 8];  // whole draws of ten characters; the excess is dropped
    for (std::size_t i = 0; i < kLength; i += 10) {
      const std::uint64_t draw = next_u64();
      // Five digits from each 32-bit half (36^5 < 2^32, so every digit is
      // close to uniform).
      std::uint64_t high = draw >> 32, low = draw & 0xFFFFFFFFu;
      for (std::size_t d = 0; d < 5; ++d) {
        high *= 36;
        low *= 36;
        id[i + d] = kAlphabet[high >> 32];
        id[i + 5 + d] = kAlphabet[low >> 32];
        high &= 0xFFFFFFFFu;
        low &= 0xFFFFFFFFu;
      }
    }
    return std::string(id, kLength);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  std::uint64_t state_[4];
};

std::string new_request_id() {
  thread_local RequestIdGenerator generator;
  return generator.next();
}

// The request headers the pipeline reads, found in one pass.
struct PipelineHeaders {
  std::string_view target;           // X-Amz-Target
  std::string_view content_type;
  std::string_view host;
  std::string_view content_encoding;
  std::string_view accept_encoding;
};

PipelineHeaders pipeline_headers(const ApiRequest& request) {
  PipelineHeaders out;
  for (const auto& [key, value] : request.headers) {
    // Only names of these lengths can match: most headers skip the compares.
    switch (key.size()) {
      case 4:
        if (ascii_iequals(key, "Host")) out.host = value;
        break;
      case 12:
        if (ascii_iequals(key, "X-Amz-Target")) {
          out.target = value;
        } else if (ascii_iequals(key, "Content-Type")) {
          out.content_type = value;
        }
        break;
      case 15:
        if (ascii_iequals(key, "Accept-Encoding")) out.accept_encoding = value;
        break;
      case 16:
        if (ascii_iequals(key, "Content-Encoding")) out.content_encoding = value;
        break;
      default:
        break;
    }
  }
  return out;
}

// Undoes the request's Content-Encoding (protocol/content_coding.h), after
// the signature was checked over the bytes as received.
void decode_request_body(std::string_view codings, std::string& body, std::size_t limit) {
  protocol::DecodeResult result = protocol::decode_body(codings, body, limit);
  switch (result.outcome) {
    case protocol::DecodeOutcome::kOk:
      return;
    case protocol::DecodeOutcome::kUnsupported:
      throw protocol::DynamoError::serialization("Unsupported Content-Encoding: " + result.detail +
                                                 " (supported: gzip, deflate)");
    case protocol::DecodeOutcome::kCorrupt:
      throw protocol::DynamoError::serialization("Request body could not be decoded as its Content-Encoding (" +
                                                 std::string(codings) + ") states: " + result.detail);
    case protocol::DecodeOutcome::kTooLarge:
      throw protocol::DynamoError::request_entity_too_large("Request body exceeds " + std::to_string(limit) +
                                                            " bytes once decompressed");
  }
}

// DynamoDB's request framework takes only its JSON media types (the AWS
// JSON protocol 1.0 its SDKs send, 1.1, and plain application/json, which
// dynalite recorded it accepting); anything else, or none, is answered 404
// UnknownOperationException, as dynalite recorded. Case-insensitive, with
// optional parameters ("; charset=utf-8").
bool is_json_content_type(std::string_view value) {
  const std::size_t semicolon = value.find(';');
  std::string_view type = value.substr(0, semicolon);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  return ascii_iequals(type, kContentType) || ascii_iequals(type, "application/x-amz-json-1.1") ||
         ascii_iequals(type, "application/json");
}

// What handle() refuses before it reads the body, in its order: a method
// other than POST, a Content-Type other than DynamoDB's, and (with
// head_only) what the signature check can decide without the body.
auth::AuthResult check_head_parts(const ApiRequest& request, const PipelineHeaders& headers,
                                  const auth::SigV4Verifier& verifier, std::string_view body, bool head_only) {
  if (request.method != "POST") throw protocol::DynamoError::unknown_operation();
  if (!is_json_content_type(headers.content_type)) throw protocol::DynamoError::unknown_operation_not_found();
  const auth::SignedRequest signed_request{request.method, request.path, request.query, request.headers, body};
  auth::AuthResult auth = head_only ? verifier.verify_head(signed_request) : verifier.verify(signed_request);
  if (!auth.ok()) {
    throw protocol::DynamoError::from_name(auth::exception_name(auth.error), auth.message,
                                           auth::http_status(auth.error));
  }
  return auth;
}

// Memory for parsing requests and writing responses (see handle()).
json::CrtAllocator crt_allocator;  // stateless: one for everyone
constexpr std::size_t kParseStackBytes = 1024;
constexpr std::size_t kPoolChunkBytes = 64 * 1024;
constexpr std::size_t kResponseBufferBytes = 4096;
constexpr std::size_t kMaxRetainedResponse = 1024 * 1024;
alignas(std::max_align_t) thread_local char parse_scratch[16 * 1024];

ApiResponse make_response(int status, std::string request_id, std::string body, std::string_view content_type) {
  ApiResponse response;
  response.status = status;
  response.headers.reserve(3);
  response.headers.emplace_back("Content-Type", std::string(content_type));
  response.headers.emplace_back("x-amzn-RequestId", std::move(request_id));
  response.headers.emplace_back("x-amz-crc32", std::to_string(protocol::crc32_of(body)));
  response.body = std::move(body);
  return response;
}

// A response body compressed for a client that asked (Accept-Encoding).
// x-amz-crc32 covers the bytes sent, the compressed ones: botocore's
// CRC32Checker takes crc32 of the raw body it reads (it does not decode
// it), and the Java SDK checks DynamoDB's compressed responses the same way
// (calculateCrc32FromCompressedData). Kept out of make_response so that
// clients that do not ask pay nothing.
ApiResponse make_compressed_response(int status, std::string request_id, std::string_view body,
                                     protocol::ContentCoding coding) {
  ApiResponse response = make_response(status, std::move(request_id), protocol::encode_body(coding, body),
                                       kContentType);
  response.headers.emplace_back("Content-Encoding", std::string(protocol::coding_name(coding)));
  response.headers.emplace_back("Vary", "Accept-Encoding");
  return response;
}

// The response for `body`: compressed when the client accepts a coding and
// the body is at least `min_bytes` long.
ApiResponse json_response(int status, std::string request_id, std::string body, std::string_view accept_encoding,
                          std::size_t min_bytes) {
  if (!accept_encoding.empty() && body.size() >= min_bytes) {
    const protocol::ContentCoding coding = protocol::choose_response_coding(accept_encoding);
    if (coding != protocol::ContentCoding::kIdentity) {
      return make_compressed_response(status, std::move(request_id), body, coding);
    }
  }
  return make_response(status, std::move(request_id), std::move(body), kContentType);
}

// What the last operation on this thread consumed, for report() (handle()
// is never re-entered on a thread).
thread_local std::vector<metrics::CapacityRecord> last_capacity_records;

ApiResponse error_response(const protocol::DynamoError& error, std::string request_id) {
  return make_response(error.http_status(), std::move(request_id), error.to_json(), kContentType);
}

// Applies the faults that fire for `request` (fault_injector.h): records
// what they do in `injected` and `delay`, and throws the injected error, if
// any.
void inject_faults(FaultInjector& faults, std::string_view operation, const json::Value& request,
                   std::string& injected, std::chrono::milliseconds& delay) {
  const FaultDecision decision = faults.decide(operation, request_tables(request));
  if (decision.delay.count() > 0) {
    delay = decision.delay;
    injected = "delay " + std::to_string(decision.delay.count()) + "ms";
  }
  if (!decision.error) return;
  if (!injected.empty()) injected += ", ";
  injected += fault_kind_name(*decision.error);
  throw injected_error(*decision.error, operation, request);
}

}  // namespace

Api::Api(ApiConfig config, catalog::Catalog& catalog, partition::ItemStore& items, txn::ClientTokens& tokens,
         const auth::SigV4Verifier& verifier)
    : config_(std::move(config)), catalog_(catalog), items_(items), tokens_(tokens), verifier_(verifier) {
  if (config_.enforce_capacity) limiter_ = std::make_unique<ThroughputLimiter>(config_.capacity_burst_seconds);
}

Api::~Api() = default;

ApiResponse Api::reject(int http_status, std::string_view reason) const {
  if (http_status == 408) {
    // S3's code and text for the same event; DynamoDB documents none.
    return error_response(protocol::DynamoError::from_name("RequestTimeout", std::string(reason), 408),
                          new_request_id());
  }
  if (http_status == 503) {
    // AWS's common error for a temporary failure; SDKs retry it.
    return error_response(protocol::DynamoError::from_name("ServiceUnavailable", std::string(reason), 503),
                          new_request_id());
  }
  if (http_status == 413) {
    return error_response(protocol::DynamoError::request_entity_too_large(std::string(reason)), new_request_id());
  }
  return error_response(protocol::DynamoError::serialization(std::string(reason)), new_request_id());
}

ApiResponse Api::internal_error() const {
  return error_response(protocol::DynamoError::internal_server_error(), new_request_id());
}

std::optional<ApiResponse> Api::check_head(const ApiRequest& head) const {
  // The health line needs no body; a body sent with it is read and ignored.
  if (head.method == "GET" || head.method == "HEAD") return std::nullopt;
  const auto started = std::chrono::steady_clock::now();
  const PipelineHeaders headers = pipeline_headers(head);
  try {
    check_head_parts(head, headers, verifier_, {}, /*head_only=*/true);
    return std::nullopt;
  } catch (const protocol::DynamoError& error) {
    ApiResponse response = json_response(error.http_status(), new_request_id(), error.to_json(),
                                         headers.accept_encoding, config_.response_compression_min_bytes);
    // Refused before its body was read, but an API request all the same.
    RequestFacts facts;
    facts.error = error.name();
    facts.auth_reason = error.message();
    report(response, facts, started, /*request_bytes=*/0);
    return response;
  }
}

void Api::report(const ApiResponse& response, const RequestFacts& facts,
                 std::chrono::steady_clock::time_point started, std::uint64_t request_bytes) const {
  if (config_.observers.empty()) return;
  metrics::RequestRecord record = make_record(response, facts, request_bytes);
  record.latency = std::chrono::steady_clock::now() - started;
  for (metrics::RequestObserver* observer : config_.observers) observer->on_request(record);
}

namespace {

// A request record kept past its request: owns what the record borrows.
struct HeldRecord {
  explicit HeldRecord(const metrics::RequestRecord& borrowed)
      : request_id(borrowed.request_id),
        operation(borrowed.operation),
        table(borrowed.table),
        error(borrowed.error),
        injected_fault(borrowed.injected_fault),
        record(borrowed) {
    for (const auto& entry : borrowed.capacity) capacity_tables.emplace_back(entry.table);
    capacity.assign(borrowed.capacity.begin(), borrowed.capacity.end());
    for (std::size_t i = 0; i < capacity.size(); ++i) capacity[i].table = capacity_tables[i];
    record.request_id = request_id;
    record.operation = operation;
    record.table = table;
    record.error = error;
    record.injected_fault = injected_fault;
    record.auth_reason = {};  // only failed authentications have one, and they write nothing
    record.capacity = capacity;
  }
  HeldRecord(const HeldRecord&) = delete;
  HeldRecord& operator=(const HeldRecord&) = delete;

  std::string request_id, operation, table, error, injected_fault;
  std::vector<std::string> capacity_tables;
  std::vector<metrics::CapacityRecord> capacity;
  metrics::RequestRecord record;
};

}  // namespace

void Api::report_when_committed(storage::DeferredCommit& commit, const ApiResponse& response,
                                const RequestFacts& facts, std::chrono::steady_clock::time_point started,
                                std::uint64_t request_bytes) const {
  if (config_.observers.empty()) return;
  auto held = std::make_shared<HeldRecord>(make_record(response, facts, request_bytes));
  // Runs on the thread that learns the outcome, just before the answer
  // leaves (the observers are thread-safe).
  commit.after_outcome([this, held = std::move(held), started](const Status& outcome) {
    metrics::RequestRecord& record = held->record;
    record.latency = std::chrono::steady_clock::now() - started;
    if (!outcome.is_ok()) {
      // The client gets an InternalServerError instead (server/http_adapter.cc).
      record.status = 500;
      record.error = "InternalServerError";
    }
    for (metrics::RequestObserver* observer : config_.observers) observer->on_request(record);
  });
}

metrics::RequestRecord Api::make_record(const ApiResponse& response, const RequestFacts& facts,
                                        std::uint64_t request_bytes) const {
  metrics::RequestRecord record;
  for (const auto& [name, value] : response.headers) {
    if (name == "x-amzn-RequestId") record.request_id = value;
  }
  record.operation = facts.operation;
  record.table = facts.table;
  record.status = response.status;
  record.error = facts.error;
  record.injected_fault = facts.injected_fault;
  record.auth_reason = facts.auth_reason;
  record.request_bytes = request_bytes;
  record.response_bytes = response.body.size();
  record.returned_items = facts.returned_items;
  if (facts.consumed_capacity) {
    last_capacity_records.clear();
    for (const auto& entry : ConsumedCapacity::for_this_thread().tables()) {
      last_capacity_records.push_back({entry.table != nullptr ? std::string_view(entry.table->name) : entry.name,
                                       entry.all_read(), entry.all_write()});
    }
    record.capacity = last_capacity_records;
  }
  return record;
}

ApiResponse Api::handle(const ApiRequest& request) const {
  std::string request_id = new_request_id();
  std::string no_body;
  std::string& request_body = request.body != nullptr ? *request.body : no_body;

  // A health line for load balancers and docker HEALTHCHECKs, as DynamoDB
  // (and DynamoDB Local) answer a plain GET.
  if (request.method == "GET" || request.method == "HEAD") {
    if (request.path != "/" && !request.path.empty()) {
      return make_response(404, std::move(request_id), "Not Found\n", "text/plain");
    }
    // A server whose disk refuses writes is not healthy, though it serves
    // reads: the check says so, and why.
    if (auto writes = items_.write_health(); !writes.is_ok()) {
      return make_response(503, std::move(request_id), "unhealthy: " + writes.message() + "\n", "text/plain");
    }
    return make_response(200, std::move(request_id), "healthy: dynamodb." + config_.region + ".amazonaws.com ",
                         "text/plain");
  }

  if (config_.observers.empty()) {
    RequestFacts facts;
    ApiResponse response = serve(request, std::move(request_id), request_body, facts);
    response.delay = facts.injected_delay;
    return response;
  }
  // What observers hear of: measured here, around everything the API does.
  const auto started = std::chrono::steady_clock::now();
  const std::uint64_t request_bytes = request_body.size();  // as received, before any decoding
  RequestFacts facts;
  ApiResponse response = serve(request, std::move(request_id), request_body, facts);
  response.delay = facts.injected_delay;
  if (auto* commit = storage::DeferredCommit::current(); commit != nullptr && commit->claimed()) {
    report_when_committed(*commit, response, facts, started, request_bytes);
  } else {
    report(response, facts, started, request_bytes);
  }
  return response;
}

ApiResponse Api::serve(const ApiRequest& request, std::string request_id, std::string& request_body,
                       RequestFacts& facts) const {
  const PipelineHeaders headers = pipeline_headers(request);
  bool authenticated = false;
  try {
    const auth::AuthResult auth = check_head_parts(request, headers, verifier_, request_body, /*head_only=*/false);
    authenticated = true;

    if (!headers.content_encoding.empty()) {
      decode_request_body(headers.content_encoding, request_body, config_.request_body_limit);
    }
    const std::string_view target = headers.target;
    const OperationEntry* operation = find_operation(target);
    if (operation == nullptr) {
      const std::string_view known = unimplemented_operation(target);
      if (!known.empty()) throw protocol::DynamoError::unimplemented_operation(known);
      throw protocol::DynamoError::unknown_operation();
    }
    facts.operation = target.substr(target.find('.') + 1);

    // The document's first memory chunk is this thread's scratch buffer, so a
    // typical request parses without malloc; a larger one spills into
    // ordinary chunks, freed with the document. handle() is never re-entered
    // on a thread, so the buffer has one user at a time.
    json::MemoryPoolAllocator pool(parse_scratch, sizeof parse_scratch, kPoolChunkBytes, &crt_allocator);
    json::Document document(&pool, kParseStackBytes, &crt_allocator);
    const auto parse_error = json::parse_in_place(request_body, document);
    if (!parse_error.empty()) throw protocol::DynamoError::serialization(parse_error);
    if (!document.IsObject()) throw protocol::DynamoError::serialization("Start of structure or map expected");
    // Undocumented for DynamoDB; RapidJSON keeps both members, which one
    // reader would take first and another last, so the strict answer.
    if (json::has_duplicate_keys(document)) {
      throw protocol::DynamoError::serialization("Duplicate member name in a JSON object");
    }
    // Parsed in place: the name stays valid in the request's body buffer.
    if (const auto table = document.FindMember("TableName"); table != document.MemberEnd() && table->value.IsString()) {
      facts.table = std::string_view(table->value.GetString(), table->value.GetStringLength());
    }
    // Every member against the operation's modelled constraints, all
    // violations in one message, before the operation reads anything.
    protocol::validate_request_shape(operation->shape, document);
    // Faults armed for a test (fault_injector.h): an error is answered
    // instead of running the operation, a delay holds the answer.
    if (config_.faults != nullptr && config_.faults->armed()) {
      inject_faults(*config_.faults, facts.operation, document, facts.injected_fault, facts.injected_delay);
    }

    RequestContext context{request_id, facts.operation, auth.account_id, config_.region,
                           epoch_seconds_now(), {}, config_.status_delays, catalog_, items_, tokens_,
                           config_.stream_iterator_seconds};
    context.lagged_reads = config_.lagged_reads;
    context.endpoint_address = headers.host.empty() ? std::string_view(config_.endpoint_address) : headers.host;
    if (config_.tables_per_access_key) {
      context.region = auth.region;
      context.scope = auth.access_key_id + "_" + auth.region;
    }
    // The response is written into this thread's buffer, which keeps its
    // capacity from one request to the next (up to kMaxRetainedResponse).
    thread_local json::StringBuffer buffer(&crt_allocator, kResponseBufferBytes);
    buffer.Clear();
    json::Writer writer(buffer);
    context.limiter = limiter_.get();
    context.consumed.clear();
    // What the operation consumed counts even when it then fails (a write
    // whose condition failed consumed its units): the limiter is paid and
    // the metrics are told either way (report() reads context.consumed).
    auto settle_capacity = [&] {
      if (limiter_ != nullptr) {
        for (const auto& entry : context.consumed.tables()) limiter_->charge(entry);
      }
      facts.consumed_capacity = true;
    };
    try {
      operation->operation(context, document, writer);
    } catch (...) {
      settle_capacity();
      throw;
    }
    settle_capacity();
    facts.returned_items = context.returned_items;
    std::string body(buffer.GetString(), buffer.GetSize());
    if (buffer.GetSize() > kMaxRetainedResponse) {
      buffer.Clear();
      buffer.ShrinkToFit();
    }
    return json_response(200, std::move(request_id), std::move(body), headers.accept_encoding,
                         config_.response_compression_min_bytes);
  } catch (const protocol::DynamoError& error) {
    if (error.http_status() >= 500 && facts.injected_fault.empty()) {
      spdlog::error("request {}: {}", request_id, error.message());
    }
    facts.error = error.name();
    if (!authenticated) facts.auth_reason = error.message();
    return json_response(error.http_status(), std::move(request_id), error.to_json(), headers.accept_encoding,
                         config_.response_compression_min_bytes);
  } catch (const std::exception& e) {
    spdlog::error("request {} failed: {}", request_id, e.what());
    facts.error = "InternalServerError";
    return error_response(protocol::DynamoError::internal_server_error(), std::move(request_id));
  }
}

}  // namespace dynastore::api
