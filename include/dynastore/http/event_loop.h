// run_after_this_turn: work an I/O thread's handler leaves for the end of
// the turn - after the other requests its event loop read at the same time.
//
// Why: a handler that can let its answer wait (HttpResponse::hold) may
// gather work from every request of a turn and do it once for all of them -
// one store write for the turn's item writes (storage/coalescing_engine.h) -
// where doing it per request would repeat the fixed part of that work.
//
// Thread-safety: call from any thread; only an http::Server's I/O threads
// (its spares included) have a loop.
#pragma once

#include <functional>

namespace dynastore::http {

// Queues `task` on the calling I/O thread's event loop behind the handlers
// that loop has ready now, so it runs once they have. Returns false, and
// runs nothing, when the calling thread runs no event loop.
bool run_after_this_turn(std::function<void()> task);

}  // namespace dynastore::http
