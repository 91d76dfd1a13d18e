#include "dynastore/http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "dynastore/common/blocking_region.h"
#include "dynastore/common/log_throttle.h"
#include "http/beast.h"
#include "http/server_state.h"
#include "http/session.h"
#include "http/event_loop.h"
#include "http/spare_threads.h"

namespace dynastore::http {

using detail::error_code;
using detail::tcp;
namespace net = detail::net;

namespace {

int thread_count(const ServerOptions& options) {
  if (options.threads > 0) return options.threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// Asio's hint of how many threads run the io_context. One lets it skip
// waking other threads, which spares running beside that one need.
int concurrency_hint(const ServerOptions& options, int threads) {
  return options.spare_threads > 0 ? std::max(threads, 2) : threads;
}

// Accept failures such as EMFILE repeat immediately; retrying at once would
// spin a core, so the listener backs off for this long.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

}  // namespace

// The listener lives here too: the acceptor and its retry timer run on one
// strand; every accepted socket gets a strand of its own for its Session.
struct Server::Impl {
  Impl(ServerOptions options, RequestHandler& handler)
      : state(std::move(options), handler),
        threads_wanted(thread_count(state.options())),
        ioc(concurrency_hint(state.options(), threads_wanted)),
        acceptor(net::make_strand(ioc)),
        accept_retry_timer(acceptor.get_executor()) {}

  Status listen();
  void do_accept();
  void on_accept(error_code ec, detail::SessionSocket socket);
  void run_thread();
  void note_refused_connection();

  // Declared first so it is destroyed last: destroying the io_context
  // releases sessions still referenced by its handlers, and ~Session
  // unregisters itself here.
  detail::ServerState state;
  const int threads_wanted;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry_timer;
  std::vector<std::thread> threads;
  std::unique_ptr<detail::SpareThreads> spares;  // with options().spare_threads
  std::atomic<uint16_t> bound_port{0};
  // A flood of connections past the limit must not become a flood of log
  // lines: one warning at once, then at most one a minute, with the count.
  LogThrottle refusal_warnings{std::chrono::seconds(60)};

  enum class Lifecycle { kNew, kRunning, kStopped };
  std::mutex lifecycle_mutex;  // serializes start() and stop()
  Lifecycle lifecycle = Lifecycle::kNew;
};

Status Server::Impl::listen() {
  const ServerOptions& options = state.options();
  error_code ec;
  tcp::endpoint endpoint;
  const auto address = net::ip::make_address(options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options.port);
  } else {
    tcp::resolver resolver(ioc);
    const auto results = resolver.resolve(options.host, std::to_string(options.port),
                                          tcp::resolver::passive | tcp::resolver::address_configured, ec);
    if (ec || results.empty()) {
      return Status::io_error("cannot resolve http listen host '" + options.host +
                              "': " + (ec ? ec.message() : std::string("no addresses")));
    }
    endpoint = results.begin()->endpoint();
  }

  const std::string where = options.host + ":" + std::to_string(options.port);
  auto fail = [&](const char* step) {
    error_code ignored;
    acceptor.close(ignored);
    return Status::io_error(std::string("http ") + step + " " + where + ": " + ec.message());
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  // Lets a restarted server bind while old connections sit in TIME_WAIT.
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return fail("setsockopt SO_REUSEADDR");
  acceptor.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  const tcp::endpoint local = acceptor.local_endpoint(ec);
  if (ec) return fail("getsockname");
  bound_port.store(local.port());
  return Status::ok();
}

void Server::Impl::do_accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, detail::SessionSocket socket) {
    on_accept(ec, std::move(socket));
  });
}

void Server::Impl::on_accept(error_code ec, detail::SessionSocket socket) {
  if (ec) {
    if (ec == net::error::operation_aborted || state.stopping() || !acceptor.is_open()) return;
    if (ec == net::error::connection_aborted) {  // the client gave up first; harmless
      do_accept();
      return;
    }
    spdlog::warn("http: accept failed: {}; retrying in {} ms", ec.message(), kAcceptRetryDelay.count());
    accept_retry_timer.expires_after(kAcceptRetryDelay);
    accept_retry_timer.async_wait([this](error_code wait_ec) {
      if (!wait_ec && !state.stopping()) do_accept();
    });
    return;
  }
  if (state.stopping()) return;  // the socket closes as it goes out of scope

  if (state.size() >= state.options().max_connections) {
    note_refused_connection();
    do_accept();  // the refused socket closes as it goes out of scope
    return;
  }
  // Requests and responses are small and latency-bound; Nagle's algorithm
  // would hold a response's last segment back waiting for an ACK.
  error_code option_ec;
  socket.set_option(tcp::no_delay(true), option_ec);
  if (option_ec) spdlog::debug("http: TCP_NODELAY failed: {}", option_ec.message());

  std::make_shared<detail::Session>(detail::Transport(std::move(socket), state.tls_context()), state)->start();
  do_accept();
}

void Server::Impl::note_refused_connection() {
  if (const auto refused = refusal_warnings.note()) {
    spdlog::warn("http: connection limit ({}) reached; refused {} connection(s) since the last warning",
                 state.options().max_connections, *refused);
  }
}

void Server::Impl::run_thread() {
  // Completion handlers use error codes and catch handler exceptions, so
  // nothing should get here; if something does (say, bad_alloc), keep the
  // thread serving rather than terminate the process. The handler that threw
  // is dropped, which closes its connection.
  BlockingRegion::observe_this_thread(spares.get());
  detail::set_this_threads_loop(&ioc);
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::warn("http: exception escaped an I/O handler: {}", e.what());
    } catch (...) {
      spdlog::warn("http: unknown exception escaped an I/O handler");
    }
  }
}

Server::Server(ServerOptions options, RequestHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() { stop(); }

uint16_t Server::port() const { return impl_->bound_port.load(); }

std::size_t Server::connections() const { return impl_->state.size(); }

std::size_t Server::buffered_body_bytes() const { return impl_->state.body_bytes(); }

Status Server::start() {
  Impl& impl = *impl_;
  std::lock_guard lock(impl.lifecycle_mutex);
  if (impl.lifecycle != Impl::Lifecycle::kNew) return Status::aborted("http server was already started");
  const ServerOptions& options = impl.state.options();
  if (options.threads < 0) return Status::invalid_argument("http threads must be >= 0");
  if (options.max_connections == 0) return Status::invalid_argument("http max_connections must be > 0");
  if (options.buffered_body_limit != 0 && options.buffered_body_limit < options.body_limit) {
    return Status::invalid_argument("http buffered_body_limit must be 0 or at least body_limit");
  }

  if (options.tls) {
    std::shared_ptr<detail::ssl::context> context;
    if (Status s = detail::make_tls_context(*options.tls, context); !s.is_ok()) return s;
    impl.state.set_tls_context(std::move(context));
  }

  Status status = impl.listen();
  if (!status.is_ok()) return status;

  impl.do_accept();
  if (options.spare_threads > 0) {
    impl.spares = std::make_unique<detail::SpareThreads>(impl.ioc, static_cast<std::size_t>(options.spare_threads));
  }
  try {
    impl.threads.reserve(static_cast<std::size_t>(impl.threads_wanted));
    for (int i = 0; i < impl.threads_wanted; ++i) {
      impl.threads.emplace_back([&impl] { impl.run_thread(); });
    }
  } catch (const std::exception& e) {
    // Out of threads or memory: undo, so that no joinable std::thread is
    // left behind (its destructor would terminate the process).
    impl.ioc.stop();
    for (std::thread& thread : impl.threads) thread.join();
    impl.threads.clear();
    if (impl.spares) impl.spares->stop();
    error_code ignored;
    impl.acceptor.close(ignored);
    impl.lifecycle = Impl::Lifecycle::kStopped;
    return Status::internal(std::string("http: cannot start I/O threads: ") + e.what());
  }
  impl.lifecycle = Impl::Lifecycle::kRunning;
  spdlog::info("http: listening on {}:{} ({}) with {} I/O threads", options.host, impl.bound_port.load(),
               options.tls ? "HTTPS" : "HTTP", impl.threads_wanted);
  return Status::ok();
}

Status Server::reload_tls() {
  const ServerOptions& options = impl_->state.options();
  if (!options.tls) return Status::invalid_argument("http: this server has no TLS options");
  std::shared_ptr<detail::ssl::context> context;
  if (Status s = detail::make_tls_context(*options.tls, context); !s.is_ok()) return s;
  impl_->state.set_tls_context(std::move(context));
  return Status::ok();
}

void Server::stop() {
  Impl& impl = *impl_;
  std::lock_guard lock(impl.lifecycle_mutex);
  if (impl.lifecycle != Impl::Lifecycle::kRunning) return;
  impl.lifecycle = Impl::Lifecycle::kStopped;

  const auto deadline = std::chrono::steady_clock::now() + impl.state.options().stop_timeout;
  spdlog::info("http: stopping ({} open connections)", impl.state.size());
  impl.state.set_stopping();

  // 1. Stop accepting. The acceptor belongs to its strand, so close it there
  //    and wait, so that no session is created after the snapshot below.
  auto acceptor_closed = std::make_shared<std::promise<void>>();
  auto acceptor_closed_future = acceptor_closed->get_future();
  net::post(impl.acceptor.get_executor(), [&impl, acceptor_closed] {
    error_code ignored;
    impl.acceptor.close(ignored);
    impl.accept_retry_timer.cancel();
    acceptor_closed->set_value();
  });
  acceptor_closed_future.wait_until(deadline);

  // 2. Close idle connections; busy ones finish their request and close.
  for (const auto& session : impl.state.snapshot()) session->begin_shutdown();

  // 3. Wait for them, bounded.
  if (!impl.state.wait_empty_until(deadline)) {
    spdlog::warn("http: {} connections still open after {} s; closing them", impl.state.size(),
                 impl.state.options().stop_timeout.count());
  }

  // 4. Stop and join the I/O threads. A handle() call still running holds
  //    its thread, and join() waits for it: it cannot be interrupted.
  impl.ioc.stop();
  if (impl.spares) impl.spares->stop();
  for (std::thread& thread : impl.threads) thread.join();
  impl.threads.clear();

  // 5. With no I/O thread left, touching sockets off their strands is safe.
  //    The session objects themselves go when the io_context is destroyed.
  error_code ignored;
  impl.acceptor.close(ignored);
  for (const auto& session : impl.state.snapshot()) session->force_close();
  spdlog::info("http: stopped");
}

}  // namespace dynastore::http
