#include "dynastore/streams/trigger_config.h"

#include <charconv>
#include <optional>

namespace dynastore::streams {

namespace {

constexpr std::string_view kTargetKey = "target=";

// `text` as a whole number in [min, max], or nullopt.
std::optional<long long> whole_number(std::string_view text, long long min, long long max) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
  return value;
}

Status out_of_range(std::string_view key, std::string_view value, std::string_view range) {
  return Status::invalid_argument("" + std::string(key) + "=" + std::string(value) +
                                  " is not a whole number " + std::string(range));
}

Status set_field(TriggerConfig& config, std::string_view key, std::string_view value) {
  using std::chrono::milliseconds;
  if (key == "table") {
    if (value.empty()) return Status::invalid_argument("table= needs a table name");
    config.table = value;
  } else if (key == "batch-size") {
    auto n = whole_number(value, 1, 10000);
    if (!n) return out_of_range(key, value, "from 1 to 10000");
    config.batch_size = static_cast<std::size_t>(*n);
  } else if (key == "batching-window-ms") {
    auto n = whole_number(value, 0, 300000);
    if (!n) return out_of_range(key, value, "from 0 to 300000");
    config.batching_window = milliseconds(*n);
  } else if (key == "starting-position") {
    if (value == "TRIM_HORIZON") {
      config.starting_position = StartingPosition::kTrimHorizon;
    } else if (value == "LATEST") {
      config.starting_position = StartingPosition::kLatest;
    } else {
      return Status::invalid_argument("starting-position must be TRIM_HORIZON or LATEST, not " +
                                      std::string(value));
    }
  } else if (key == "max-retries") {
    auto n = whole_number(value, -1, 10000);
    if (!n) return out_of_range(key, value, "from -1 (until the records expire) to 10000");
    config.max_retries = static_cast<int>(*n);
  } else if (key == "retry-backoff-ms") {
    auto n = whole_number(value, 1, TriggerConfig::kMaxBackoff.count());
    if (!n) return out_of_range(key, value, "from 1 to 60000");
    config.retry_backoff = milliseconds(*n);
  } else if (key == "timeout-ms") {
    auto n = whole_number(value, 1, 900000);
    if (!n) return out_of_range(key, value, "from 1 to 900000");
    config.timeout = milliseconds(*n);
  } else if (key == "report-batch-item-failures") {
    if (value != "true" && value != "false") {
      return Status::invalid_argument("report-batch-item-failures must be true or false, not " +
                                      std::string(value));
    }
    config.report_batch_item_failures = value == "true";
  } else if (key == "account-id") {
    if (value.size() != 12 || value.find_first_not_of("0123456789") != std::string_view::npos) {
      return Status::invalid_argument("account-id must be 12 digits, not " + std::string(value));
    }
    config.account_id = value;
  } else if (key == "dead-letter-dir") {
    config.dead_letter_dir = value;
  } else {
    return Status::invalid_argument("unknown setting \"" + std::string(key) +
                                    "\" (table, batch-size, batching-window-ms, starting-position, max-retries, "
                                    "retry-backoff-ms, timeout-ms, report-batch-item-failures, account-id, dead-letter-dir, target)");
  }
  return Status::ok();
}

}  // namespace

Result<TriggerConfig> parse_trigger_config(std::string_view text) {
  TriggerConfig config;
  std::string_view rest = text;
  while (!rest.empty()) {
    if (rest.starts_with(kTargetKey)) {
      config.target = rest.substr(kTargetKey.size());
      break;
    }
    const auto comma = rest.find(',');
    const auto field = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto equals = field.find('=');
    if (equals == std::string_view::npos) {
      return Status::invalid_argument("\"" + std::string(field) + "\" is not key=value");
    }
    if (auto s = set_field(config, field.substr(0, equals), field.substr(equals + 1)); !s.is_ok()) return s;
  }
  if (config.table.empty()) return Status::invalid_argument("table= is missing");
  if (config.target.empty()) {
    return Status::invalid_argument("target= is missing (last: http://host:port/path or cmd:<command>)");
  }
  if (!config.target.starts_with("http://") && !config.target.starts_with("cmd:")) {
    return Status::invalid_argument("target must be http://host:port/path or cmd:<command>, not " +
                                    config.target);
  }
  if (config.report_batch_item_failures && !config.target.starts_with("http://")) {
    return Status::invalid_argument("report-batch-item-failures needs an http:// target (a command's output is not read)");
  }
  return config;
}

}  // namespace dynastore::streams
