#include "dynastore/api/api.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <random>

#include "api/request_context.h"
#include "dynastore/json/json.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
constexpr std::string_view kContentType = "application/x-amz-json-1.0";

// DynamoDB request ids: 52 characters of [A-Z0-9].
std::string new_request_id() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string id(52, 'A');
  for (auto& c : id) c = kAlphabet[rng() % 36];
  return id;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string_view header_of(const ApiRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

double epoch_seconds_now() {
  using namespace std::chrono;
  return static_cast<double>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()) / 1000.0;
}

ApiResponse make_response(int status, std::string request_id, std::string body, std::string_view content_type) {
  ApiResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", std::string(content_type));
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  response.headers.emplace_back("x-amz-crc32", std::to_string(protocol::crc32_of(body)));
  response.body = std::move(body);
  return response;
}

ApiResponse error_response(const protocol::DynamoError& error, std::string request_id) {
  return make_response(error.http_status(), std::move(request_id), error.to_json(), kContentType);
}

}  // namespace

Api::Api(ApiConfig config, catalog::Catalog& catalog, partition::ItemStore& items,
         const auth::SigV4Verifier& verifier)
    : config_(std::move(config)), catalog_(catalog), items_(items), verifier_(verifier) {}

ApiResponse Api::reject(int http_status, std::string_view reason) const {
  if (http_status == 413) {
    return error_response(protocol::DynamoError::request_entity_too_large(std::string(reason)), new_request_id());
  }
  return error_response(protocol::DynamoError::serialization(std::string(reason)), new_request_id());
}

ApiResponse Api::handle(const ApiRequest& request) const {
  std::string request_id = new_request_id();

  // A health line for load balancers and docker HEALTHCHECKs, as DynamoDB
  // (and DynamoDB Local) answer a plain GET.
  if (request.method == "GET" || request.method == "HEAD") {
    return make_response(200, std::move(request_id), "healthy: dynamodb." + config_.region + ".amazonaws.com ",
                         "text/plain");
  }

  try {
    if (request.method != "POST") throw protocol::DynamoError::unknown_operation();

    auth::SignedRequest signed_request{request.method, request.path, request.query, request.headers, request.body};
    auto auth = verifier_.verify(signed_request);
    if (!auth.ok()) {
      throw protocol::DynamoError::from_name(auth::exception_name(auth.error), auth.message,
                                             auth::http_status(auth.error));
    }

    const auto target = header_of(request, "X-Amz-Target");
    if (target.substr(0, kTargetPrefix.size()) != kTargetPrefix) throw protocol::DynamoError::unknown_operation();
    const Operation operation = find_operation(target.substr(kTargetPrefix.size()));
    if (operation == nullptr) throw protocol::DynamoError::unknown_operation();

    json::Document document;
    const auto parse_error = json::parse(request.body, document);
    if (!parse_error.empty()) throw protocol::DynamoError::serialization(parse_error);
    if (!document.IsObject()) throw protocol::DynamoError::serialization("Start of structure or map expected");

    RequestContext context{request_id, auth.account_id, config_.region, epoch_seconds_now(), catalog_, items_};
    rapidjson::StringBuffer buffer;
    json::Writer writer(buffer);
    operation(context, document, writer);
    return make_response(200, std::move(request_id), std::string(buffer.GetString(), buffer.GetSize()), kContentType);
  } catch (const protocol::DynamoError& error) {
    if (error.http_status() >= 500) spdlog::error("request {}: {}", request_id, error.message());
    return error_response(error, std::move(request_id));
  } catch (const std::exception& e) {
    spdlog::error("request {} failed: {}", request_id, e.what());
    return error_response(protocol::DynamoError::internal_server_error(), std::move(request_id));
  }
}

}  // namespace dynastore::api
