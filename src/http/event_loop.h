// The event loop an I/O thread runs, for run_after_this_turn
// (include/dynastore/http/event_loop.h).
#pragma once

#include "http/beast.h"

namespace dynastore::http::detail {

// From now on the calling thread runs `loop` (nullptr: none).
void set_this_threads_loop(net::io_context* loop);

}  // namespace dynastore::http::detail
