#include "report.h"

#include <string>
#include <string_view>

namespace dynastore::bench {

namespace {

constexpr double kPercentiles[] = {50, 90, 99, 99.9};
constexpr const char* kPercentileNames[] = {"p50", "p90", "p99", "p99.9"};
constexpr const char* kPercentileKeys[] = {"p50", "p90", "p99", "p999"};

double ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }

double per_second(std::uint64_t count, double seconds) {
  return seconds > 0 ? static_cast<double>(count) / seconds : 0.0;
}

// CPU microseconds per completed request, or a negative value if unknown.
double cpu_us_per_request(std::optional<double> cpu_seconds, std::uint64_t requests) {
  if (!cpu_seconds || requests == 0) return -1;
  return *cpu_seconds * 1e6 / static_cast<double>(requests);
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out.append(buf);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

void print_latency_text(std::FILE* out, const LatencyHistogram& h) {
  for (std::size_t i = 0; i < std::size(kPercentiles); ++i) {
    std::fprintf(out, "%s %.3f  ", kPercentileNames[i], ms(h.value_at_percentile(kPercentiles[i])));
  }
  std::fprintf(out, "max %.3f  mean %.3f ms\n", ms(h.max()), h.mean() / 1e6);
}

void print_latency_json(std::FILE* out, const LatencyHistogram& h) {
  std::fprintf(out, "{");
  for (std::size_t i = 0; i < std::size(kPercentiles); ++i) {
    std::fprintf(out, "\"%s\":%.4f,", kPercentileKeys[i], ms(h.value_at_percentile(kPercentiles[i])));
  }
  std::fprintf(out, "\"max\":%.4f,\"mean\":%.4f,\"min\":%.4f}", ms(h.max()), h.mean() / 1e6, ms(h.min()));
}

std::string load_shape(const BenchOptions& o) {
  if (o.rate <= 0) return "closed loop";
  return "open loop at " + std::to_string(static_cast<long long>(o.rate)) + " req/s";
}

}  // namespace

void print_text(std::FILE* out, const BenchOptions& o, const LoadResult& r) {
  const RunStats& s = r.stats;
  std::fprintf(out, "workload   %s against %s: %d connections, %d thread%s, %s, %s keys over %llu, %u-byte items\n",
               std::string(workload_name(o.workload)).c_str(), o.endpoint.c_str(), o.connections, o.threads,
               o.threads == 1 ? "" : "s", load_shape(o).c_str(),
               o.keys == KeyDistribution::kZipfian ? "zipfian" : "uniform",
               static_cast<unsigned long long>(o.table_size), o.item_size);
  std::fprintf(out, "measured   %.2f s after %.1f s warm-up: %llu requests, %.0f req/s (%.0f ok/s)\n",
               r.measured_seconds, o.warmup_s, static_cast<unsigned long long>(s.requests),
               per_second(s.requests, r.measured_seconds), per_second(s.requests - s.errors_total, r.measured_seconds));
  std::fprintf(out, "latency    ");
  print_latency_text(out, s.all);
  for (std::size_t i = 0; i < kOperationCount; ++i) {
    const OperationStats& op = s.operations[i];
    if (op.ok + op.errors == 0) continue;
    const auto kind = static_cast<Operation>(i);
    std::fprintf(out, "%-10s %llu ok, %llu errors", std::string(operation_name(kind)).c_str(),
                 static_cast<unsigned long long>(op.ok), static_cast<unsigned long long>(op.errors));
    if (kind == Operation::kGetItem && op.ok > 0) {
      std::fprintf(out, ", %.1f%% found", 100.0 * static_cast<double>(op.items) / static_cast<double>(op.ok));
    } else if ((kind == Operation::kQuery || kind == Operation::kScan) && op.ok > 0) {
      std::fprintf(out, ", %.1f items/response", static_cast<double>(op.items) / static_cast<double>(op.ok));
    } else if (kind == Operation::kBatchWriteItem) {
      std::fprintf(out, ", %llu items written (%.0f items/s)", static_cast<unsigned long long>(op.items),
                   per_second(op.items, r.measured_seconds));
    }
    std::fprintf(out, "\n           ");
    print_latency_text(out, op.latency);
  }
  const std::uint64_t completed = s.requests;
  const double server_us = cpu_us_per_request(r.server_cpu_seconds, completed);
  if (server_us >= 0) std::fprintf(out, "server CPU %.1f us/request (pid %d)\n", server_us, o.server_pid);
  const std::uint64_t written = s.operations[static_cast<std::size_t>(Operation::kBatchWriteItem)].items;
  if (server_us >= 0 && written > 0) {
    std::fprintf(out, "server CPU %.2f us/item written\n", *r.server_cpu_seconds * 1e6 / static_cast<double>(written));
  }
  if (o.server_pid > 0 && server_us < 0)
    std::fprintf(out, "server CPU unknown (cannot read /proc/%d/stat)\n", o.server_pid);
  const double client_us = cpu_us_per_request(r.client_cpu_seconds, completed);
  if (client_us >= 0) std::fprintf(out, "client CPU %.1f us/request\n", client_us);
  if (s.backlog > 0) {
    std::fprintf(out,
                 "BACKLOG    %llu scheduled requests had not completed by the end: the target rate was not sustained\n",
                 static_cast<unsigned long long>(s.backlog));
  }
  if (s.errors_total == 0) {
    std::fprintf(out, "errors     none\n");
  } else {
    std::fprintf(out, "ERRORS     %llu of %llu requests failed (%.2f%%):\n",
                 static_cast<unsigned long long>(s.errors_total), static_cast<unsigned long long>(completed),
                 100.0 * static_cast<double>(s.errors_total) / static_cast<double>(completed));
    for (const auto& [key, count] : s.errors) {
      std::fprintf(out, "           %-4s %-40s %llu\n", key.first ? std::to_string(key.first).c_str() : "-",
                   key.second.c_str(), static_cast<unsigned long long>(count));
    }
  }
  if (s.warmup_errors > 0) {
    std::fprintf(out, "WARM-UP    %llu requests failed during the warm-up (not counted above)\n",
                 static_cast<unsigned long long>(s.warmup_errors));
  }
}

void print_json(std::FILE* out, const BenchOptions& o, const LoadResult& r) {
  const RunStats& s = r.stats;
  std::fprintf(out, "{\"workload\":%s,\"endpoint\":%s,\"connections\":%d,\"threads\":%d,\"rate\":%.1f,",
               json_string(workload_name(o.workload)).c_str(), json_string(o.endpoint).c_str(), o.connections,
               o.threads, o.rate);
  std::fprintf(out, "\"keys\":\"%s\",\"table_size\":%llu,\"item_size\":%u,",
               o.keys == KeyDistribution::kZipfian ? "zipfian" : "uniform",
               static_cast<unsigned long long>(o.table_size), o.item_size);
  std::fprintf(out, "\"measured_seconds\":%.3f,\"requests\":%llu,\"ok\":%llu,\"errors\":%llu,", r.measured_seconds,
               static_cast<unsigned long long>(s.requests),
               static_cast<unsigned long long>(s.requests - s.errors_total),
               static_cast<unsigned long long>(s.errors_total));
  std::fprintf(out,
               "\"throughput\":%.1f,\"ok_throughput\":%.1f,\"latency_ms\":", per_second(s.requests, r.measured_seconds),
               per_second(s.requests - s.errors_total, r.measured_seconds));
  print_latency_json(out, s.all);
  // Items written by BatchWriteItem (batch-load): the rate that workload is
  // judged by.
  const std::uint64_t written = s.operations[static_cast<std::size_t>(Operation::kBatchWriteItem)].items;
  if (written > 0) {
    std::fprintf(out, ",\"items_written\":%llu,\"items_per_second\":%.1f", static_cast<unsigned long long>(written),
                 per_second(written, r.measured_seconds));
  }
  std::fprintf(out, ",\"operations\":{");
  bool first = true;
  for (std::size_t i = 0; i < kOperationCount; ++i) {
    const OperationStats& op = s.operations[i];
    if (op.ok + op.errors == 0) continue;
    std::fprintf(out, "%s%s:{\"ok\":%llu,\"errors\":%llu,\"items\":%llu,\"empty_results\":%llu,\"latency_ms\":",
                 first ? "" : ",", json_string(operation_name(static_cast<Operation>(i))).c_str(),
                 static_cast<unsigned long long>(op.ok), static_cast<unsigned long long>(op.errors),
                 static_cast<unsigned long long>(op.items), static_cast<unsigned long long>(op.empty_results));
    print_latency_json(out, op.latency);
    std::fprintf(out, "}");
    first = false;
  }
  std::fprintf(out, "},\"errors_by_type\":[");
  first = true;
  for (const auto& [key, count] : s.errors) {
    std::fprintf(out, "%s{\"status\":%d,\"type\":%s,\"count\":%llu}", first ? "" : ",", key.first,
                 json_string(key.second).c_str(), static_cast<unsigned long long>(count));
    first = false;
  }
  std::fprintf(out, "],\"warmup_errors\":%llu,\"backlog\":%llu,", static_cast<unsigned long long>(s.warmup_errors),
               static_cast<unsigned long long>(s.backlog));
  const double server_us = cpu_us_per_request(r.server_cpu_seconds, s.requests);
  if (server_us >= 0) {
    std::fprintf(out, "\"server_pid\":%d,\"server_cpu_us_per_request\":%.2f,", o.server_pid, server_us);
  } else {
    std::fprintf(out, "\"server_cpu_us_per_request\":null,");
  }
  const double client_us = cpu_us_per_request(r.client_cpu_seconds, s.requests);
  std::fprintf(out, "\"client_cpu_us_per_request\":%.2f}\n", client_us >= 0 ? client_us : 0.0);
}

}  // namespace dynastore::bench
