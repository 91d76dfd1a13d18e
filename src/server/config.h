// Command-line configuration of the dynastore server.
#pragma once

#include <optional>
#include <string>

namespace dynastore::server {

struct Config {
  std::string host = "0.0.0.0";            // --host
  int port = 8000;                         // --port
  std::string data_dir = "./dynastore-data";  // --data-dir
  bool in_memory = false;                  // --in-memory
  bool sync_writes = false;                // --sync: fsync before acknowledging each write
  std::string region = "us-east-1";        // --region
  std::string credentials_file;            // --credentials (empty: development mode)
  int threads = 0;                         // --threads (0: one per core)
  std::string log_level = "info";          // --log-level
};

// Parses argv. On --help / --version prints to stdout and sets `exit_code` to
// 0; on a bad flag prints the reason to stderr and sets it to 2. Returns
// nullopt in both cases.
std::optional<Config> parse_command_line(int argc, char** argv, int& exit_code);

}  // namespace dynastore::server
