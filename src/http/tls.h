// TLS for the HTTP server: Boost.Beast's ssl_stream over OpenSSL, and the
// server context built from PEM files. Private to src/http. Boost's SSL
// headers are not clean under our warning flags (see beast.h).
#pragma once
#pragma GCC system_header

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <memory>
#include <string>

#include "dynastore/common/status.h"
#include "dynastore/http/server.h"
#include "http/beast.h"

namespace dynastore::http::detail {

namespace ssl = boost::asio::ssl;

// Builds a server context: TLS 1.2 and 1.3 only, the certificate chain and
// private key from PEM files (the chain file holds the leaf first, then any
// intermediates), and with a client CA file, client certificates required
// and verified against it. Fails with kInvalidArgument naming the file and
// OpenSSL's reason when a file is missing or unreadable, or when the key
// does not match the certificate.
Status make_tls_context(const TlsOptions& options, std::shared_ptr<ssl::context>& out);

}  // namespace dynastore::http::detail
