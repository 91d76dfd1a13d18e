#include "server/config.h"

#include <charconv>
#include <cstring>
#include <iostream>
#include <string_view>

namespace dynastore::server {

namespace {

constexpr std::string_view kVersion = "0.1.0";

constexpr std::string_view kHelp = R"(Usage: dynastore [options]

A DynamoDB-compatible database server. Point any AWS SDK or the AWS CLI at
http://<host>:<port> (e.g. aws dynamodb --endpoint-url http://localhost:8000 ...).

Options:
  --host ADDR          Address to listen on. Default: 0.0.0.0
  --port N             TCP port (0 picks a free one). Default: 8000
  --data-dir DIR       Directory of the on-disk store (created if missing).
                       Default: ./dynastore-data
  --in-memory          Keep all data in memory; nothing survives a restart.
  --sync               fsync the write-ahead log before acknowledging each
                       write (survives power loss, not only a process crash).
                       Default: off (acknowledged writes survive kill -9).
  --region NAME        Region reported in ARNs and the health line.
                       Default: us-east-1
  --credentials FILE   Verify AWS Signature V4 on every request against the
                       keys in FILE: one "ACCESS_KEY_ID SECRET [ACCOUNT_ID]" per
                       line, '#' comments. Re-read on SIGHUP. Without this flag
                       any well-formed credential is accepted (development
                       mode, like DynamoDB Local).
  --threads N          I/O threads. Default: 0 (one per CPU core)
  --log-level LEVEL    trace, debug, info, warn, error, critical or off.
                       Default: info
  --help               Print this help and exit.
  --version            Print the version and exit.

Signals: SIGINT/SIGTERM shut down cleanly; SIGHUP reloads --credentials.
)";

bool parse_int(std::string_view text, int& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

std::optional<Config> parse_command_line(int argc, char** argv, int& exit_code) {
  Config config;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    // Accept both "--flag value" and "--flag=value".
    if (auto eq = arg.find('='); arg.substr(0, 2) == "--" && eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    bool missing_value = false;
    auto need_value = [&](std::string_view& out) {
      if (!value.empty()) {
        out = value;
        return true;
      }
      if (i + 1 >= argc) {
        missing_value = true;
        return false;
      }
      out = argv[++i];
      return true;
    };
    std::string_view v;
    if (arg == "--help" || arg == "-h") {
      std::cout << kHelp;
      exit_code = 0;
      return std::nullopt;
    } else if (arg == "--version") {
      std::cout << "dynastore " << kVersion << "\n";
      exit_code = 0;
      return std::nullopt;
    } else if (arg == "--in-memory") {
      config.in_memory = true;
    } else if (arg == "--sync") {
      config.sync_writes = true;
    } else if (arg == "--host" && need_value(v)) {
      config.host = v;
    } else if (arg == "--port" && need_value(v)) {
      if (!parse_int(v, config.port) || config.port < 0 || config.port > 65535) {
        std::cerr << "dynastore: --port must be 0..65535\n";
        exit_code = 2;
        return std::nullopt;
      }
    } else if (arg == "--data-dir" && need_value(v)) {
      config.data_dir = v;
    } else if (arg == "--region" && need_value(v)) {
      config.region = v;
    } else if (arg == "--credentials" && need_value(v)) {
      config.credentials_file = v;
    } else if (arg == "--threads" && need_value(v)) {
      if (!parse_int(v, config.threads) || config.threads < 0 || config.threads > 1024) {
        std::cerr << "dynastore: --threads must be 0..1024\n";
        exit_code = 2;
        return std::nullopt;
      }
    } else if (arg == "--log-level" && need_value(v)) {
      config.log_level = v;
    } else {
      if (missing_value) {
        std::cerr << "dynastore: " << arg << " needs a value\n";
      } else {
        std::cerr << "dynastore: unknown option " << arg << " (see --help)\n";
      }
      exit_code = 2;
      return std::nullopt;
    }
  }
  return config;
}

}  // namespace dynastore::server
