// The request log (--access-log): one line per API request, with its id,
// operation, table, status, exception name, item count, bytes and latency,
// as text or as JSON lines. An authentication failure carries its reason,
// with any signature in it redacted; secrets never reach the server.
#pragma once

#include <string>
#include <string_view>

#include "dynastore/metrics/request_record.h"

namespace dynastore::metrics {

enum class AccessLogFormat { kText, kJson };

class AccessLog final : public RequestObserver {
 public:
  // `level`: the spdlog level name the lines are logged at ("info", ...).
  AccessLog(std::string_view level, AccessLogFormat format);

  void on_request(const RequestRecord& record) override;

  // The line for `record`, without logging it.
  std::string format(const RequestRecord& record) const;

 private:
  int level_;  // spdlog::level::level_enum, kept out of this header
  AccessLogFormat format_;
};

// `text` with the value after every "Signature=" replaced by "<redacted>".
std::string redact_signatures(std::string_view text);

}  // namespace dynastore::metrics
