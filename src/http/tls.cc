#include "http/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <string>

namespace dynastore::http::detail {

namespace {

// OpenSSL's reason for the last failure, e.g. "no such file" or "key values
// mismatch", and clears its error queue.
std::string openssl_reason(const boost::system::error_code& ec) {
  std::string reason = ec ? ec.message() : std::string();
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    if (reason.empty()) reason = text;
  }
  return reason.empty() ? "unknown OpenSSL error" : reason;
}

}  // namespace

Status make_tls_context(const TlsOptions& options, std::shared_ptr<ssl::context>& out) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  // TLS 1.2 and 1.3 only; no compression (CRIME), no renegotiation.
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    return Status::internal("tls: cannot set the minimum protocol version");
  }
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  boost::system::error_code ec;
  context->use_certificate_chain_file(options.cert_file, ec);
  if (ec) {
    return Status::invalid_argument("tls: cannot load certificate chain " + options.cert_file + ": " +
                                    openssl_reason(ec));
  }
  context->use_private_key_file(options.key_file, ssl::context::pem, ec);
  if (ec) {
    return Status::invalid_argument("tls: cannot load private key " + options.key_file + ": " + openssl_reason(ec));
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    return Status::invalid_argument("tls: private key " + options.key_file + " does not match certificate " +
                                    options.cert_file + ": " + openssl_reason({}));
  }
  if (!options.client_ca_file.empty()) {
    context->load_verify_file(options.client_ca_file, ec);
    if (ec) {
      return Status::invalid_argument("tls: cannot load client CA " + options.client_ca_file + ": " +
                                      openssl_reason(ec));
    }
    // The CA names sent in the CertificateRequest, so clients pick the
    // right certificate.
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(options.client_ca_file.c_str());
    if (names != nullptr) SSL_CTX_set_client_CA_list(native, names);
    context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert, ec);
    if (ec) return Status::internal("tls: cannot require client certificates: " + openssl_reason(ec));
    // Session resumption with client verification needs an id context.
    static const unsigned char kSessionContext[] = "dynastore";
    SSL_CTX_set_session_id_context(native, kSessionContext, sizeof kSessionContext - 1);
  }
  ERR_clear_error();
  out = std::move(context);
  return Status::ok();
}

}  // namespace dynastore::http::detail
