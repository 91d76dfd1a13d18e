#include "dynastore/http/https_probe.h"

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "http/beast.h"
#include "http/tls.h"

namespace dynastore::http {

namespace {

using detail::error_code;
using detail::tcp;
namespace net = detail::net;
namespace beast = detail::beast;
namespace bhttp = detail::bhttp;
namespace ssl = detail::ssl;

// One probe: resolve, connect, handshake, write, read, each step's
// completion starting the next; the first error ends it.
struct Probe : std::enable_shared_from_this<Probe> {
  Probe(net::io_context& ioc, ssl::context& context, const HttpUrl& url)
      : resolver(ioc), stream(ioc, context), url(url) {}

  void run() {
    request.method(bhttp::verb::get);
    request.target(url.path);
    request.version(11);
    request.set(bhttp::field::host, url.host);
    request.set(bhttp::field::user_agent, "dynastore-health-check");
    request.set(bhttp::field::connection, "close");
    SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());
    resolver.async_resolve(url.host, url.port, [self = shared_from_this()](error_code ec, auto results) {
      if (self->fail(ec, "resolve")) return;
      beast::get_lowest_layer(self->stream).async_connect(results, [self](error_code ec2, const auto&) {
        if (self->fail(ec2, "connect")) return;
        self->stream.async_handshake(ssl::stream_base::client, [self](error_code ec3) {
          if (self->fail(ec3, "TLS handshake")) return;
          bhttp::async_write(self->stream, self->request, [self](error_code ec4, std::size_t) {
            if (self->fail(ec4, "write")) return;
            bhttp::async_read(self->stream, self->buffer, self->response, [self](error_code ec5, std::size_t) {
              if (self->fail(ec5, "read")) return;
              self->done = true;
            });
          });
        });
      });
    });
  }

  bool fail(error_code ec, const char* step) {
    if (!ec) return false;
    error = std::string(step) + ": " + ec.message();
    return true;
  }

  tcp::resolver resolver;
  beast::ssl_stream<beast::tcp_stream> stream;
  HttpUrl url;
  bhttp::request<bhttp::empty_body> request;
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  std::string error;
  bool done = false;
};

}  // namespace

Result<HttpsProbeAnswer> https_probe(const HttpUrl& url, std::chrono::milliseconds timeout) {
  net::io_context ioc;
  ssl::context context(ssl::context::tls_client);
  context.set_verify_mode(ssl::verify_none);
  auto probe = std::make_shared<Probe>(ioc, context, url);
  beast::get_lowest_layer(probe->stream).expires_after(timeout);
  probe->run();
  ioc.run_for(timeout);
  if (!probe->done) {
    return Status::io_error(probe->error.empty() ? "no answer within " + std::to_string(timeout.count()) + " ms"
                                                 : probe->error);
  }
  HttpsProbeAnswer answer;
  answer.status = static_cast<int>(probe->response.result_int());
  answer.reason = std::string(probe->response.reason());
  answer.body = std::move(probe->response.body());
  return answer;
}

}  // namespace dynastore::http
