#include "server/data_copy.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "dynastore/common/http_client.h"
#include "dynastore/json/json.h"
#include "server/checkpoint_shelf.h"

namespace dynastore::server {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStatusTimeout = std::chrono::seconds(2);
constexpr auto kChunkTimeout = std::chrono::seconds(30);
constexpr auto kCheckpointTimeout = std::chrono::minutes(5);

Result<HttpAnswer> call(const std::string& address, std::string_view method, std::string_view path,
                        std::chrono::seconds timeout) {
  auto url = parse_http_url("http://" + address + std::string(path));
  if (!url) return Status::invalid_argument("not an address: " + address);
  HttpRequest request;
  request.method = method;
  auto answer = http_exchange(*url, request, Clock::now() + timeout);
  if (!answer.is_ok()) return answer.status();
  if (answer->status != 200) {
    return Status::io_error(std::string(method) + " " + std::string(path) + " at " + address + ": HTTP " +
                            std::to_string(answer->status) + " " + answer->body);
  }
  return answer;
}

Status sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::io_error("cannot open " + path);
  const int rv = ::fsync(fd);
  ::close(fd);
  return rv == 0 ? Status::ok() : Status::io_error("cannot sync " + path);
}

Status write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::io_error("cannot write the copy");
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::ok();
}

// Fetches one file of checkpoint `id` into `to`, chunk by chunk.
Status fetch_file(const std::string& leader, const std::string& id, const std::string& name, std::uint64_t size,
                  const std::string& to) {
  const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::io_error("cannot create " + to);
  std::uint64_t offset = 0;
  Status s;
  while (s.is_ok() && offset < size) {
    auto chunk = call(leader, "GET", "/cluster/checkpoints/" + id + "/" + name + "?offset=" + std::to_string(offset),
                      std::chrono::duration_cast<std::chrono::seconds>(kChunkTimeout));
    if (!chunk.is_ok()) {
      s = chunk.status();
      break;
    }
    if (chunk->body.empty()) {
      s = Status::io_error(name + " ended before its size");
      break;
    }
    s = write_all(fd, chunk->body);
    offset += chunk->body.size();
  }
  if (s.is_ok() && ::fsync(fd) != 0) s = Status::io_error("cannot sync " + to);
  ::close(fd);
  return s;
}

}  // namespace

std::string find_leader(const std::vector<replication::ClusterMember>& members, std::uint64_t self) {
  for (const auto& member : members) {
    if (member.id == self) continue;
    auto status = call(member.api_address, "GET", "/cluster/status", kStatusTimeout);
    if (!status.is_ok()) continue;
    json::Document document;
    if (!json::parse(status->body, document).empty() || !document.IsObject()) continue;
    auto leader = document.FindMember("leaderApiAddress");
    if (leader != document.MemberEnd() && leader->value.IsString() && leader->value.GetStringLength() > 0) {
      return std::string(leader->value.GetString(), leader->value.GetStringLength());
    }
  }
  return {};
}

Result<std::uint64_t> copy_store_from(const std::string& leader, const ClusterPaths& paths) {
  auto made = call(leader, "POST", "/cluster/checkpoints",
                   std::chrono::duration_cast<std::chrono::seconds>(kCheckpointTimeout));
  if (!made.is_ok()) return made.status();
  json::Document manifest;
  if (!json::parse(made->body, manifest).empty() || !manifest.IsObject() || !manifest.HasMember("id") ||
      !manifest["id"].IsString() || !manifest.HasMember("files") || !manifest["files"].IsArray()) {
    return Status::corruption("the leader's checkpoint list is not what it should be");
  }
  const std::string id = manifest["id"].GetString();
  std::error_code error;
  fs::remove_all(paths.incoming, error);
  fs::create_directories(paths.incoming, error);
  if (error) return Status::io_error("cannot create " + paths.incoming + ": " + error.message());
  std::uint64_t copied = 0;
  Status s;
  for (const auto& file : manifest["files"].GetArray()) {
    if (!file.IsObject() || !file.HasMember("name") || !file["name"].IsString() || !file.HasMember("size") ||
        !file["size"].IsUint64()) {
      s = Status::corruption("a file of the leader's checkpoint list is not what it should be");
      break;
    }
    const std::string name = file["name"].GetString();
    if (name.find('/') != std::string::npos || name == "." || name == "..") {
      s = Status::corruption("a file name with a path in the leader's checkpoint list");
      break;
    }
    s = fetch_file(leader, id, name, file["size"].GetUint64(), paths.incoming + "/" + name);
    if (!s.is_ok()) break;
    copied += file["size"].GetUint64();
  }
  (void)call(leader, "DELETE", "/cluster/checkpoints/" + id, std::chrono::duration_cast<std::chrono::seconds>(kStatusTimeout));
  if (!s.is_ok()) return s;
  if (s = sync_path(paths.incoming); !s.is_ok()) return s;
  // The swap: the copy takes the store's place; a crash between the two
  // renames leaves no store, and the marker makes the next start copy again.
  fs::remove_all(paths.replaced, error);
  if (fs::exists(paths.store)) fs::rename(paths.store, paths.replaced, error);
  if (error) return Status::io_error("cannot move the old store aside: " + error.message());
  fs::rename(paths.incoming, paths.store, error);
  if (error) return Status::io_error("cannot put the copy in place: " + error.message());
  if (s = sync_path(fs::path(paths.store).parent_path().string()); !s.is_ok()) return s;
  fs::remove_all(paths.replaced, error);
  return copied;
}

}  // namespace dynastore::server
