// One HTTP/1.1 connection. Private to src/http.
//
// Each session runs on its own strand (the executor of the accepted socket),
// so its members are touched by one handler at a time and need no lock. It
// owns the socket, one deadline timer, the read buffer, a fresh parser per
// message (request_parser.h: a fast one for plain request heads, Beast's for
// everything else) and the HttpRequest they fill, and walks this cycle, one
// request at a time:
//
//   idle (wait for the first byte, idle_timeout)
//     -> read header (read_timeout starts)
//     -> [413/431/400 reject and close] or [100 Continue] -> read body
//     -> handle() on this I/O thread -> [held until the handler sends it]
//     -> write response (write_timeout)
//     -> back to idle, or shut down the send side, drain, close.
//
// The hot path is kept lean on purpose (docs/performance.md): the socket and
// timer have a concrete executor type (a type-erased any_io_executor copies
// itself onto the heap at every operation); the request's strings and the
// response's header block are reused from one request to the next; a response
// is first written with a plain non-blocking send, and only what the socket
// does not take at once goes through an asynchronous write; and the deadline
// timer is re-armed only when it fires (see set_deadline), not at every step.
//
// The session is kept alive by the shared_ptr in whichever completion handler
// is pending; when none is, it is destroyed and its socket closed.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/beast.h"
#include "http/request_parser.h"
#include "http/server_state.h"
#include "http/transport.h"

namespace dynastore::http::detail {

class Session : public std::enable_shared_from_this<Session> {
 public:
  // Every session's handlers run on a strand of the server's io_context
  // (the transport's executor).
  Session(Transport transport, ServerState& state);
  ~Session();

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Registers with the ServerState and starts reading. Call once, right after
  // construction, from the thread that accepted the socket.
  void start();

  // Thread-safe. Part of Server::stop(): closes the connection now if it is
  // idle; otherwise the current request completes (see ServerState::stopping).
  void begin_shutdown();

  // Closes the socket immediately. Only for Server::stop() after the I/O
  // threads have been joined, when no handler can run concurrently.
  void force_close();

 private:
  using Clock = std::chrono::steady_clock;
  using Timer = net::basic_waitable_timer<Clock, net::wait_traits<Clock>, SessionExecutor>;

  enum class Phase { kIdle, kReading, kHandling, kWriting, kLingering, kClosed };

  // TLS: the handshake comes first, under read_timeout (tls_session.cc).
  void start_tls_handshake();
  void on_tls_handshake(error_code ec);

  void wait_for_request();
  void read_more();
  void on_read(error_code ec, std::size_t n);
  void parse();
  bool parse_fast();  // true: handed over to Beast's parser
  void parse_with_beast();
  bool send_continue_if_expected();
  bool header_done() const;
  unsigned message_version() const;
  bool message_head() const;
  void on_continue_written(error_code ec, std::size_t n);

  // A body that has not all arrived with its head is waited for only once
  // the head passed the handler's check_head and the body's bytes fit the
  // server's budget (ServerState::try_reserve_body_bytes). Each returns
  // false when the request was answered instead (the session is closing).
  bool admit_body(std::uint64_t content_length);
  bool budget_beast_body();  // Beast's parser: admits the head, then follows a chunked body
  bool reserve_body(std::size_t bytes);
  void release_body();
  void on_read_error(error_code ec);

  void handle_request();
  void hold_response(HttpResponse response, unsigned version, bool close_after, bool head);
  void release_large_buffers();
  void reject(int status, std::string_view reason);
  void refuse(HttpResponse response);  // answers and closes, the body unread
  void write_response(HttpResponse response, unsigned version, bool keep_alive, bool head);
  void on_write(bool close_after, error_code ec, std::size_t n);
  void after_write(bool close_after);

  void linger_then_close();
  void on_linger_read(error_code ec, std::size_t n);
  void close();

  // Deadlines. The timer is armed at most min_timeout_ ahead, and every
  // deadline is at least min_timeout_ ahead when it is set, so a new deadline
  // never comes before the armed expiry: setting one is a store, and the
  // timer is re-armed only when it fires (then at the deadline, or another
  // min_timeout_ on). The linger deadline, shorter, re-arms it once.
  void set_deadline(Clock::duration timeout);
  void clear_deadline() { deadline_ = Clock::time_point::max(); }
  void arm_timer(Clock::time_point now);
  void answer_request_timeout();
  void on_timer(std::uint64_t generation, error_code ec);

  ServerState& state_;
  Transport socket_;  // the TCP socket, or TLS over it
  Timer timer_;
  const Clock::duration min_timeout_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point timer_expiry_{};
  bool timer_armed_ = false;
  std::uint64_t timer_generation_ = 0;  // tells a stale timer completion from the current one

  beast::flat_buffer buffer_;
  // The message being read: by the fast parser while fast_ is engaged, else
  // by Beast's (request_parser.h).
  std::optional<FastHeadParser> fast_;
  bool fast_head_done_ = false;
  std::uint64_t body_remaining_ = 0;  // fast path: Content-Length bytes still to come
  std::optional<RequestParser> parser_;
  bool continue_sent_ = false;
  bool head_admitted_ = false;     // the head went through admit_body
  std::size_t body_reserved_ = 0;  // bytes of the shared body budget this request holds
  HttpRequest request_;               // reused: its strings keep their capacity
  std::vector<HttpHeader> spare_headers_;

  HttpResponse held_;       // a response the handler holds back (HttpResponse::hold)
  std::string out_header_;  // the response's status line and header block, reused
  std::string out_body_;    // the response body being written
  std::string_view continue_;  // "HTTP/1.x 100 Continue\r\n\r\n" being written

  std::string remote_address_;  // peer IP, passed on in HttpRequest
  std::string peer_;            // "ip:port", for logs
  Phase phase_ = Phase::kIdle;

  // Lingering close: scratch space for discarded input, and how much was
  // discarded so far.
  std::array<char, 4096> linger_buffer_{};
  std::size_t linger_discarded_ = 0;
};

}  // namespace dynastore::http::detail
