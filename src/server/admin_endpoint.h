// The admin endpoint (--admin-port): a second HTTP listener, on a loopback
// address only, through which a test arms faults (api/fault_injector.h):
//
//   GET    /faults   {"faults": [...]}: the armed rules, with their remaining
//                    counts and how often each fired (api/fault_rules_json.h)
//   POST   /faults   arms the rule(s) in the body; answers the armed list
//                    (400 with a reason when a rule is refused: none armed)
//   DELETE /faults   disarms every rule; answers the (empty) list
//
// Nothing is authenticated: whoever reaches the port can make the server
// fail requests, which is why it listens on loopback only. Private to
// src/server.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dynastore/api/fault_injector.h"
#include "dynastore/common/status.h"
#include "dynastore/http/request_handler.h"

namespace dynastore::server {

// Whether `host` is a loopback address: 127.0.0.0/8, ::1, or "localhost".
bool is_loopback_host(std::string_view host);

// Thread-safe (the injector is).
class AdminHandler final : public http::RequestHandler {
 public:
  explicit AdminHandler(api::FaultInjector& faults) : faults_(faults) {}  // borrowed
  http::HttpResponse handle(http::HttpRequest& request) override;
  http::HttpResponse reject(int status, std::string_view reason) override;

 private:
  api::FaultInjector& faults_;
};

// Arms the rules of a --faults-file (api/fault_rules_json.h), all or none.
// Errors: the file's, or InvalidArgument for a rule that is refused.
Status arm_faults_from_file(api::FaultInjector& faults, const std::string& path);

}  // namespace dynastore::server
