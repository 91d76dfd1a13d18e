#include "server/admin_endpoint.h"

#include <arpa/inet.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "dynastore/api/fault_rules_json.h"
#include "server/plain_response.h"

namespace dynastore::server {

namespace {

http::HttpResponse text_response(int status, std::string body, std::string_view content_type = "text/plain") {
  return plain_response(status, std::move(body), content_type);
}

http::HttpResponse armed_list(const api::FaultInjector& faults) {
  return text_response(200, api::armed_faults_json(faults.list()) + "\n", "application/json");
}

// Arms every rule, or none when one is refused.
Status arm_all(api::FaultInjector& faults, const std::vector<api::FaultRule>& rules) {
  // Checked on a scratch injector first, so a refused rule leaves the
  // real one as it was.
  api::FaultInjector trial;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (auto added = trial.add(rules[i]); !added.is_ok()) {
      return rules.size() == 1 ? added.status()
                               : Status::invalid_argument("rule " + std::to_string(i + 1) + ": " +
                                                          added.status().message());
    }
  }
  for (const auto& rule : rules) {
    if (auto added = faults.add(rule); !added.is_ok()) return added.status();
  }
  return Status::ok();
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr v4{};
  const std::string text(host);
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  return false;
}

http::HttpResponse AdminHandler::handle(http::HttpRequest& request) {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  if (path != "/faults") return text_response(404, "Not Found: the admin endpoint serves /faults\n");
  if (request.method == "GET" || request.method == "HEAD") return armed_list(faults_);
  if (request.method == "DELETE") {
    faults_.reset();
    spdlog::info("admin: every fault disarmed");
    return armed_list(faults_);
  }
  if (request.method == "POST") {
    auto rules = api::parse_fault_rules(request.body);
    Status armed = rules.is_ok() ? arm_all(faults_, rules.value()) : rules.status();
    if (!armed.is_ok()) return text_response(400, armed.message() + "\n");
    spdlog::info("admin: armed {} fault rule(s)", rules.value().size());
    return armed_list(faults_);
  }
  auto response = text_response(405, "Method Not Allowed: GET, POST or DELETE /faults\n");
  response.headers.push_back({"Allow", "GET, HEAD, POST, DELETE"});
  return response;
}

http::HttpResponse AdminHandler::reject(int status, std::string_view reason) {
  auto response = text_response(status, std::string(reason) + "\n");
  response.close_connection = true;
  return response;
}

Status arm_faults_from_file(api::FaultInjector& faults, const std::string& path) {
  std::ifstream file(path);
  if (!file) return Status::io_error("cannot read " + path);
  std::stringstream text;
  text << file.rdbuf();
  auto rules = api::parse_fault_rules(text.str());
  if (!rules.is_ok()) return rules.status();
  return arm_all(faults, rules.value());
}

}  // namespace dynastore::server
