// The seam between the HTTP front end and the application. http/ knows nothing
// of DynamoDB: it parses HTTP/1.1, hands each complete request to a
// RequestHandler and writes back the HttpResponse it returns.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dynastore::http {

struct HttpHeader {
  std::string name;   // as received (case preserved); compare case-insensitively
  std::string value;
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as received, e.g. "/" or "/?a=b"
  std::vector<HttpHeader> headers;
  std::string body;
  std::string remote_address;  // peer IP address, without the port

  // Returns the first header with this name (ASCII case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  // Content-Length is added by http/. Framing headers set here
  // (Content-Length, Transfer-Encoding, Connection) are ignored, as are
  // headers that are not valid on the wire (CR/LF in a value, say).
  std::vector<HttpHeader> headers;
  std::string body;  // not sent for HEAD requests, nor for 204/304
  bool close_connection = false;  // close after writing this response

  // For a response that must wait (until the writes it reveals are durable,
  // say): the session calls `hold` once, right after handle(), and writes the
  // response when `send` is called, exactly once, from any thread. A
  // response passed to `send` goes out instead of this one (an error that
  // arose while waiting). Meanwhile the connection reads nothing more, and
  // `send` holds the only reference to it: drop it uncalled and the
  // connection is closed without an answer.
  using Send = std::function<void(std::optional<HttpResponse> replacement)>;
  using Hold = std::function<void(Send send)>;
  Hold hold;
};

// Implementations must be thread-safe: handle() is called concurrently from
// every I/O thread. It must not throw; an exception escaping it is logged and
// answered with a bare 500 by the session.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual HttpResponse handle(HttpRequest& request) = 0;

  // Called with a request whose head (method, target, headers) is read but
  // whose body has not all arrived, before the session waits for the rest:
  // a response returned here is sent at once, the body is never read, and
  // the connection closes. Lets the application refuse what the head alone
  // condemns (no credentials, say) without buffering a large body for it.
  // Must answer as handle() would answer the whole request. Default: read on.
  virtual std::optional<HttpResponse> check_head(const HttpRequest& /*head*/) { return std::nullopt; }

  // Called when a request is refused before it reaches handle() (body too
  // large, malformed HTTP). Lets the application shape the error body.
  virtual HttpResponse reject(int status, std::string_view reason) = 0;
};

}  // namespace dynastore::http
