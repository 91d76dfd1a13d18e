// The HTTP trigger target: POSTs the event as application/json.
#include "dynastore/common/http_client.h"
#include "dynastore/json/json.h"
#include "streams/targets.h"

namespace dynastore::streams {

namespace {

// How much of an answer an error message quotes.
constexpr std::size_t kQuotedBytes = 300;

// Lambda reports a function's failure in an answer that is otherwise a
// success: the Invoke API with an X-Amz-Function-Error header, the runtime
// interface emulator of Lambda's container images with only the error
// document ({"errorMessage": ..., "errorType": ...}) as the body.
std::optional<std::string> function_error(const HttpAnswer& answer) {
  // json::parse, not RapidJSON's recursive Parse: the answer is not ours,
  // and a deeply nested one must not exhaust the stack.
  json::Document parsed;
  const bool is_object = json::parse(answer.body, parsed).empty() && parsed.IsObject();
  const json::Value& body = parsed;  // const: one MemberIterator type to compare
  std::string what;
  if (is_object) {
    const auto type = body.FindMember("errorType");
    const auto message = body.FindMember("errorMessage");
    if (type != body.MemberEnd() && type->value.IsString() && message != body.MemberEnd() &&
        message->value.IsString()) {
      what = std::string(type->value.GetString(), type->value.GetStringLength()) + ": " +
             std::string(message->value.GetString(), message->value.GetStringLength());
    }
  }
  if (auto header = answer.header("X-Amz-Function-Error")) {
    return "function error (" + std::string(*header) + ")" + (what.empty() ? "" : ": " + what);
  }
  if (!what.empty()) return "function error: " + what;
  return std::nullopt;
}

class HttpTarget final : public TriggerTarget {
 public:
  explicit HttpTarget(HttpUrl url) : url_(std::move(url)) {}

  Result<std::string> deliver(std::string_view event, std::chrono::milliseconds timeout, const std::atomic<bool>& cancel) override {
    HttpRequest request;
    request.method = "POST";
    request.content_type = "application/json";
    request.body = event;
    request.user_agent = "dynastore-stream-trigger";
    auto answer = http_exchange(url_, request, std::chrono::steady_clock::now() + timeout, &cancel);
    if (!answer.is_ok()) return answer.status();
    if (answer->status < 200 || answer->status > 299) {
      return Status::io_error("HTTP " + std::to_string(answer->status) + " " + answer->reason + ": " +
                              answer->body.substr(0, kQuotedBytes));
    }
    if (auto error = function_error(answer.value())) return Status::aborted(error->substr(0, kQuotedBytes));
    return std::move(answer->body);
  }

 private:
  const HttpUrl url_;
};

}  // namespace

Result<std::unique_ptr<TriggerTarget>> make_http_target(std::string_view url) {
  auto parsed = parse_http_url(url);
  if (!parsed) {
    return Status::invalid_argument("a trigger's HTTP target is http://HOST[:PORT][/PATH], not " + std::string(url));
  }
  return std::unique_ptr<TriggerTarget>(std::make_unique<HttpTarget>(std::move(*parsed)));
}

}  // namespace dynastore::streams
