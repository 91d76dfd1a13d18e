// One HTTP/1.1 connection. Private to src/http.
//
// Each session runs on its own strand (the executor of the accepted socket),
// so its members are touched by one handler at a time and need no lock. It
// owns the stream, the read buffer and a fresh parser per message, and walks
// this cycle, one request at a time:
//
//   idle (wait for the first byte, idle_timeout)
//     -> read header (read_timeout starts)
//     -> [413/431/400 reject and close] or [100 Continue] -> read body
//     -> handle() on this I/O thread -> write response (write_timeout)
//     -> back to idle, or shut down the send side, drain, close.
//
// The session is kept alive by the shared_ptr in whichever completion handler
// is pending; when none is, it is destroyed and its socket closed.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/beast.h"
#include "http/server_state.h"

namespace dynastore::http::detail {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerState& state);
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
  enum class Phase { kIdle, kReading, kHandling, kWriting, kLingering, kClosed };

  void wait_for_request();
  void on_idle_read(error_code ec, std::size_t n);
  void read_header();
  void on_header(error_code ec, std::size_t n);
  void on_continue_written(error_code ec, std::size_t n);
  void read_body();
  void on_body(error_code ec, std::size_t n);
  void on_read_error(error_code ec, std::string_view what);

  void handle_request();
  void reject(int status, std::string_view reason);
  void write_response(HttpResponse response, unsigned version, bool keep_alive, bool head);
  void on_write(bool close, error_code ec, std::size_t n);

  void linger_then_close();
  void on_linger_read(error_code ec, std::size_t n);
  void close();

  ServerState& state_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::empty_body> continue_response_;
  std::optional<bhttp::response<bhttp::string_body>> response_;
  std::string remote_address_;  // peer IP, passed on in HttpRequest
  std::string peer_;            // "ip:port", for logs
  Phase phase_ = Phase::kIdle;

  // Lingering close: scratch space for discarded input, and how much was
  // discarded so far.
  std::array<char, 4096> linger_buffer_{};
  std::size_t linger_discarded_ = 0;
};

}  // namespace dynastore::http::detail
