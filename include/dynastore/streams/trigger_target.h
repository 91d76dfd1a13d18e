// Where a stream trigger delivers an event ({"Records": [...]}, as AWS Lambda
// receives it): an HTTP endpoint it POSTs to, or a command it runs with the
// event on standard input.
//
// HTTP: any 2xx answer is success, unless it says the function failed as
// Lambda's Invoke API and its runtime interface emulator do (an
// X-Amz-Function-Error header, or a JSON body with errorMessage and
// errorType), so a Lambda container image serves as the endpoint unchanged.
// Plain http only: the endpoint is local. Command: exit status 0 is success;
// it runs under /bin/sh -c with the server's environment, its output going
// where the server's goes.
//
// Thread-safety: deliver() from one thread at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"

namespace dynastore::streams {

class TriggerTarget {
 public:
  virtual ~TriggerTarget() = default;
  // Delivers `event` and returns the function's response (an HTTP answer's
  // body; nothing for a command); gives up with an error after `timeout`,
  // or soon after `cancel` becomes true.
  virtual Result<std::string> deliver(std::string_view event, std::chrono::milliseconds timeout,
                                      const std::atomic<bool>& cancel) = 0;
};

// For "http://host[:port][/path]" or "cmd:<shell command>"; InvalidArgument
// for anything else.
Result<std::unique_ptr<TriggerTarget>> make_trigger_target(std::string_view target);

}  // namespace dynastore::streams
