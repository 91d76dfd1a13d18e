#include "server/metrics_page.h"

#include <cstdint>
#include <string_view>

#include "dynastore/metrics/prometheus_text.h"

namespace dynastore::server {

std::string MetricsPage::render() const {
  metrics::PrometheusText out;
  requests_.write(out);

  out.family("dynastore_http_connections", "gauge", "Open client connections.");
  for (const auto& http : http_servers_) {
    out.sample("dynastore_http_connections", {{"scheme", http.scheme}},
               static_cast<std::uint64_t>(http.server->connections()));
  }
  out.family("dynastore_http_buffered_request_bytes", "gauge",
             "Bytes of request bodies held now, against --max-buffered-request-mib.");
  for (const auto& http : http_servers_) {
    out.sample("dynastore_http_buffered_request_bytes", {{"scheme", http.scheme}},
               static_cast<std::uint64_t>(http.server->buffered_body_bytes()));
  }

  out.family("dynastore_write_healthy", "gauge", "1 while writes work; 0 while the disk refuses them (full, failing).");
  out.sample("dynastore_write_healthy", {}, static_cast<std::uint64_t>(engine_.write_health().is_ok() ? 1 : 0));
  out.family("dynastore_write_recoveries_total", "counter", "Times writes resumed after the disk refused them.");
  out.sample("dynastore_write_recoveries_total", {}, engine_.write_recoveries());

  std::vector<storage::EngineStat> stats;
  engine_.stats(stats);
  for (const auto& stat : stats) {
    const std::string name = "dynastore_" + std::string(stat.name);
    out.family(name, stat.counter ? "counter" : "gauge", stat.help);
    out.sample(name, {}, stat.value);
  }

  out.family("dynastore_tables", "gauge", "Tables, in every status.");
  out.sample("dynastore_tables", {}, static_cast<std::uint64_t>(catalog_.table_count()));
  out.family("dynastore_gsi_backfilling", "gauge",
             "1 for each global secondary index being backfilled (added by UpdateTable, not yet ACTIVE).");
  for (const auto& table : catalog_.tables()) {
    for (const auto& index : table->indexes) {
      if (index.backfilling) {
        out.sample("dynastore_gsi_backfilling", {{"table", table->name}, {"index", index.schema.name}},
                   std::uint64_t{1});
      }
    }
  }
  out.family("dynastore_gsi_backfill_entries_total", "counter", "Index entries written by GSI backfills.");
  out.sample("dynastore_gsi_backfill_entries_total", {}, backfiller_.entries_indexed());
  return out.take();
}

}  // namespace dynastore::server
