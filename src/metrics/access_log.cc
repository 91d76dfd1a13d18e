#include "dynastore/metrics/access_log.h"

#include <spdlog/spdlog.h>

#include <cstdio>

namespace dynastore::metrics {

namespace {

// A JSON string's content: quotes, backslashes and control characters
// escaped. (Values here are the server's own strings and validated UTF-8.)
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

std::string_view or_dash(std::string_view value) { return value.empty() ? std::string_view("-") : value; }

}  // namespace

std::string redact_signatures(std::string_view text) {
  constexpr std::string_view kMarker = "Signature=";
  std::string out;
  out.reserve(text.size());
  for (;;) {
    const std::size_t at = text.find(kMarker);
    if (at == std::string_view::npos) break;
    out.append(text.substr(0, at + kMarker.size()));
    text.remove_prefix(at + kMarker.size());
    std::size_t end = 0;
    while (end < text.size() && text[end] != ',' && text[end] != ' ' && text[end] != '\'' && text[end] != '"') ++end;
    if (end > 0) out += "<redacted>";
    text.remove_prefix(end);
  }
  out.append(text);
  return out;
}

AccessLog::AccessLog(std::string_view level, AccessLogFormat format)
    : level_(static_cast<int>(spdlog::level::from_str(std::string(level)))), format_(format) {}

void AccessLog::on_request(const RequestRecord& record) {
  const auto level = static_cast<spdlog::level::level_enum>(level_);
  if (!spdlog::should_log(level)) return;
  spdlog::log(level, "{}", format(record));
}

std::string AccessLog::format(const RequestRecord& record) const {
  const auto latency_us = std::chrono::duration_cast<std::chrono::microseconds>(record.latency).count();
  const std::string reason = record.auth_reason.empty() ? std::string() : redact_signatures(record.auth_reason);
  std::string line;
  if (format_ == AccessLogFormat::kJson) {
    line += "{\"request_id\":";
    append_json_string(line, record.request_id);
    line += ",\"operation\":";
    append_json_string(line, record.operation);
    line += ",\"table\":";
    append_json_string(line, record.table);
    line += ",\"status\":" + std::to_string(record.status);
    line += ",\"error\":";
    append_json_string(line, record.error);
    if (!reason.empty()) {
      line += ",\"reason\":";
      append_json_string(line, reason);
    }
    if (!record.injected_fault.empty()) {
      line += ",\"injected_fault\":";
      append_json_string(line, record.injected_fault);
    }
    line += ",\"items\":" + std::to_string(record.returned_items);
    line += ",\"request_bytes\":" + std::to_string(record.request_bytes);
    line += ",\"response_bytes\":" + std::to_string(record.response_bytes);
    line += ",\"latency_us\":" + std::to_string(latency_us) + "}";
    return line;
  }
  line = fmt::format("request {} {} table={} status={} error={} items={} in={}B out={}B latency={}us",
                     or_dash(record.request_id), or_dash(record.operation), or_dash(record.table), record.status,
                     or_dash(record.error), record.returned_items, record.request_bytes, record.response_bytes,
                     latency_us);
  if (!reason.empty()) {
    line += " reason=";
    append_json_string(line, reason);  // quoted: a reason has spaces
  }
  if (!record.injected_fault.empty()) {
    line += " injected=";
    append_json_string(line, record.injected_fault);
  }
  return line;
}

}  // namespace dynastore::metrics
