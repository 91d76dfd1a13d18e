// The node-to-node transport: Raft's own TCP transport with TCP_NODELAY on
// every connection. Without it, Nagle's algorithm holds a small
// AppendEntries back until the previous one is acknowledged, and the
// receiver's delayed ACK makes that up to 40 ms: a commit round trip of
// 40 ms instead of a fraction of one.
#pragma once

#include "replication/raft_c.h"

namespace dynastore::replication {

class NodelayTransport {
 public:
  NodelayTransport() = default;
  NodelayTransport(const NodelayTransport&) = delete;
  NodelayTransport& operator=(const NodelayTransport&) = delete;

  // Sets up the stock TCP transport on `loop`; returns a raft error code.
  int init(uv_loop_t* loop);
  // The transport to hand raft_uv_init(). Valid until release().
  raft_uv_transport* transport() { return &outer_; }
  // Frees the stock transport's memory, after raft_uv_close().
  void release();

 private:
  static int on_init(raft_uv_transport* t, raft_id id, const char* address);
  static int on_listen(raft_uv_transport* t, raft_uv_accept_cb cb);
  static int on_connect(raft_uv_transport* t, raft_uv_connect* req, raft_id id, const char* address,
                        raft_uv_connect_cb cb);
  static void on_close(raft_uv_transport* t, raft_uv_transport_close_cb cb);
  static void accepted(raft_uv_transport* stock, raft_id id, const char* address, uv_stream_t* stream);
  static void connected(raft_uv_connect* inner, uv_stream_t* stream, int status);
  static void closed(raft_uv_transport* stock);

  raft_uv_transport stock_{};   // raft's TCP transport, doing the work
  raft_uv_transport outer_{};   // what raft_uv sees: forwards to stock_
  raft_uv_accept_cb accept_cb_ = nullptr;
  raft_uv_transport_close_cb close_cb_ = nullptr;
  bool initialized_ = false;
};

}  // namespace dynastore::replication
