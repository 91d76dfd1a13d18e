// GET /metrics: everything the server counts, in Prometheus's text format.
// The API's request metrics, the HTTP servers' connections, the engine's own
// measurements (RocksDB, the row cache), write health and GSI backfills.
// Private to src/server.
#pragma once

#include <string>
#include <vector>

#include "dynastore/catalog/catalog.h"
#include "dynastore/http/server.h"
#include "dynastore/index/backfiller.h"
#include "dynastore/metrics/request_metrics.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::server {

// Thread-safe: render() may run on every I/O thread at once. References
// are borrowed and must outlive the page.
class MetricsPage {
 public:
  MetricsPage(const metrics::RequestMetrics& requests, const storage::KvEngine& engine,
              const catalog::Catalog& catalog, const index::Backfiller& backfiller)
      : requests_(requests), engine_(engine), catalog_(catalog), backfiller_(backfiller) {}

  // The HTTP servers whose connections are counted (HTTP and HTTPS); set
  // before the first request.
  void add_http_server(const http::Server& server, std::string scheme) {
    http_servers_.push_back({&server, std::move(scheme)});
  }

  std::string render() const;

 private:
  struct HttpServer {
    const http::Server* server;
    std::string scheme;
  };

  const metrics::RequestMetrics& requests_;
  const storage::KvEngine& engine_;
  const catalog::Catalog& catalog_;
  const index::Backfiller& backfiller_;
  std::vector<HttpServer> http_servers_;
};

}  // namespace dynastore::server
