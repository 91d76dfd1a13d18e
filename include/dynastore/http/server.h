// The HTTP/1.1 server: accepts connections, parses requests, hands each one
// to a RequestHandler (request_handler.h) and writes back its HttpResponse.
//
// http/ is a leaf module: it knows nothing of DynamoDB and depends only on
// common. Boost.Beast/Asio stay behind the pimpl in src/http/, so including
// this header never pulls in Boost.
//
// Per connection: requests are processed strictly in order, one at a time
// (pipelined requests wait in the socket/read buffer, so TCP flow control is
// the pipelining cap). Each request's header is read and checked before its
// body, so an oversized body is refused with 413 without being read.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "dynastore/common/status.h"
#include "dynastore/http/request_handler.h"

namespace dynastore::http {

// HTTPS: PEM files, read when the server starts and again on reload_tls().
struct TlsOptions {
  // The server's certificate chain: its certificate first, then any
  // intermediate CA certificates.
  std::string cert_file;
  // The certificate's private key (unencrypted PEM).
  std::string key_file;
  // With a file of CA certificates here, every client must present a
  // certificate that chains to one of them (mutual TLS). Default: empty,
  // no client certificates asked for.
  std::string client_ca_file;
};

// All options are fixed once the Server is constructed.
struct ServerOptions {
  // Address to listen on: an IPv4/IPv6 literal or a resolvable host name.
  // Default: "0.0.0.0" (all IPv4 interfaces).
  std::string host = "0.0.0.0";

  // TCP port. 0 picks a free port; read it back with Server::port().
  // Default: 8000 (DynamoDB Local's port).
  uint16_t port = 8000;

  // Number of I/O threads; handle() runs on them. 0 means
  // std::thread::hardware_concurrency() (at least 1). Default: 0.
  int threads = 0;

  // Most spare I/O threads started while I/O threads wait inside a
  // BlockingRegion (common/blocking_region.h): each stands in for one that
  // waits, so that its connections go on being served. 0: none; regions
  // then wait as any code does. Default: 0.
  int spare_threads = 0;

  // Largest request body accepted, in bytes, whether sent with Content-Length
  // or chunked. Larger requests get reject(413) and the connection is closed.
  // Default: 16 MiB.
  std::size_t body_limit = 16 * 1024 * 1024;

  // Most bytes of request bodies held at once by all connections together,
  // counted from the moment a body is announced (Content-Length) or arrives
  // (chunked) until its request has been handled. A body that would go past
  // it is refused with reject(503) before it is read, and the connection
  // closed; clients retry. Bodies that arrive together with their head are
  // not counted: they are in memory already. 0: no limit. Must be at least
  // body_limit. Default: 256 MiB.
  std::size_t buffered_body_limit = 256 * 1024 * 1024;

  // Largest request line plus header block, in bytes. Larger requests get
  // reject(431) and the connection is closed. Default: 64 KiB (SigV4 headers
  // with session tokens are a few KiB; Beast's own default of 8 KiB is tight).
  std::uint32_t header_limit = 64 * 1024;

  // A keep-alive connection with no request in progress is closed after this
  // long. Default: 60 s.
  std::chrono::seconds idle_timeout{60};

  // Once the first byte of a request has arrived, the whole request (header
  // and body) must arrive within this; otherwise the connection is closed.
  // Default: 30 s.
  std::chrono::seconds read_timeout{30};

  // Writing one response (or a 100 Continue) must finish within this;
  // otherwise the connection is closed. Default: 30 s.
  std::chrono::seconds write_timeout{30};

  // Connections beyond this many are closed as soon as they are accepted.
  // Default: 10000.
  std::size_t max_connections = 10000;

  // How long stop() waits for in-flight requests before it closes whatever is
  // left. Default: 10 s.
  std::chrono::seconds stop_timeout{10};

  // With TLS options, every connection is HTTPS: TLS 1.2 or 1.3, the
  // handshake under read_timeout. Default: none, plain HTTP.
  std::optional<TlsOptions> tls;
};

// Thread-safety: start(), stop() and port() may be called from any thread,
// but not from inside RequestHandler::handle() (stop() joins the I/O threads,
// so calling it from one of them would deadlock). The handler must outlive
// the Server and be safe to call concurrently from all I/O threads.
//
// Lifecycle: construct -> start() -> stop() (or destroy). A Server is started
// at most once; after stop() it cannot be restarted.
class Server {
 public:
  Server(ServerOptions options, RequestHandler& handler);
  ~Server();  // calls stop()

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Resolves the host, binds (SO_REUSEADDR), listens and starts the I/O
  // threads. Returns kIoError if the address cannot be resolved or bound (for
  // example, address in use), kInvalidArgument for bad options, and
  // kAborted if the server was already started.
  Status start();

  // The bound port (the real one when options.port was 0); 0 before a
  // successful start().
  uint16_t port() const;

  // Open connections, and bytes of request bodies held now (see
  // ServerOptions::buffered_body_limit), for the metrics page.
  std::size_t connections() const;
  std::size_t buffered_body_bytes() const;

  // Graceful shutdown; idempotent, and a no-op if never started. Stops
  // accepting, closes idle keep-alive connections, and lets requests that are
  // being read, handled or written finish (their responses carry
  // "Connection: close"). After options.stop_timeout it closes whatever is
  // left. Returns once every I/O thread has been joined. A handle() call that
  // never returns makes stop() wait for it: threads cannot be interrupted.
  void stop();

  // Reads the TLS files again (a renewed certificate, say): new connections
  // use them, established ones keep theirs. On failure the old ones stay in
  // use and the error is returned; kInvalidArgument without TLS options.
  Status reload_tls();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dynastore::http
