#include "replication/nodelay_transport.h"

#include <cstdio>

namespace dynastore::replication {

namespace {

// A connect request of ours wrapping raft_uv's, so the stream can be tuned
// before raft_uv sees it.
struct PendingConnect {
  raft_uv_connect inner{};
  raft_uv_connect* outer = nullptr;
};

void set_nodelay(uv_stream_t* stream) {
  if (stream != nullptr && stream->type == UV_TCP) uv_tcp_nodelay(reinterpret_cast<uv_tcp_t*>(stream), 1);
}

NodelayTransport* self_of(raft_uv_transport* t) { return static_cast<NodelayTransport*>(t->impl); }

}  // namespace

int NodelayTransport::init(uv_loop_t* loop) {
  const int rv = raft_uv_tcp_init(&stock_, loop);
  if (rv != 0) return rv;
  initialized_ = true;
  stock_.data = this;  // raft_uv uses outer_.data, never the stock transport's
  outer_.impl = this;
  outer_.init = on_init;
  outer_.listen = on_listen;
  outer_.connect = on_connect;
  outer_.close = on_close;
  return 0;
}

void NodelayTransport::release() {
  if (initialized_) raft_uv_tcp_close(&stock_);
  initialized_ = false;
}

int NodelayTransport::on_init(raft_uv_transport* t, raft_id id, const char* address) {
  auto* self = self_of(t);
  const int rv = self->stock_.init(&self->stock_, id, address);
  if (rv != 0) std::snprintf(t->errmsg, sizeof t->errmsg, "%s", self->stock_.errmsg);
  return rv;
}

int NodelayTransport::on_listen(raft_uv_transport* t, raft_uv_accept_cb cb) {
  auto* self = self_of(t);
  self->accept_cb_ = cb;
  const int rv = self->stock_.listen(&self->stock_, accepted);
  if (rv != 0) std::snprintf(t->errmsg, sizeof t->errmsg, "%s", self->stock_.errmsg);
  return rv;
}

void NodelayTransport::accepted(raft_uv_transport* stock, raft_id id, const char* address, uv_stream_t* stream) {
  auto* self = static_cast<NodelayTransport*>(stock->data);
  set_nodelay(stream);
  self->accept_cb_(&self->outer_, id, address, stream);
}

int NodelayTransport::on_connect(raft_uv_transport* t, raft_uv_connect* req, raft_id id, const char* address,
                                 raft_uv_connect_cb cb) {
  auto* self = self_of(t);
  req->cb = cb;
  auto* pending = new PendingConnect;
  pending->inner.data = pending;
  pending->outer = req;
  const int rv = self->stock_.connect(&self->stock_, &pending->inner, id, address, connected);
  if (rv != 0) {
    std::snprintf(t->errmsg, sizeof t->errmsg, "%s", self->stock_.errmsg);
    delete pending;
  }
  return rv;
}

void NodelayTransport::connected(raft_uv_connect* inner, uv_stream_t* stream, int status) {
  auto* pending = static_cast<PendingConnect*>(inner->data);
  raft_uv_connect* outer = pending->outer;
  delete pending;
  if (status == 0) set_nodelay(stream);
  outer->cb(outer, stream, status);
}

void NodelayTransport::on_close(raft_uv_transport* t, raft_uv_transport_close_cb cb) {
  auto* self = self_of(t);
  self->close_cb_ = cb;
  self->stock_.close(&self->stock_, closed);
}

void NodelayTransport::closed(raft_uv_transport* stock) {
  auto* self = static_cast<NodelayTransport*>(stock->data);
  if (self->close_cb_ != nullptr) self->close_cb_(&self->outer_);
}

}  // namespace dynastore::replication
