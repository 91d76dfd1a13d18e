#include "server/checkpoint_shelf.h"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <random>

#include "server/plain_response.h"

namespace dynastore::server {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "/cluster/checkpoints";

http::HttpResponse answer(int status, std::string body, std::string_view type = "application/json") {
  return plain_response(status, std::move(body), type);
}

http::HttpResponse problem(int status, std::string_view message) {
  return answer(status, "{\"message\":\"" + std::string(message) + "\"}\n");
}

// A checkpoint id or a file name as a path part: no separators, no dots only.
bool is_plain_name(std::string_view name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  }
  return true;
}

}  // namespace

CheckpointShelf::CheckpointShelf(storage::KvEngine& engine, std::string directory)
    : engine_(engine), directory_(std::move(directory)) {
  std::error_code ignored;
  fs::remove_all(directory_, ignored);
  // Ids differ from an earlier run's, whose copies a fetcher may still name.
  next_id_ = std::random_device{}() % 1000000 * 1000 + 1;
}

bool CheckpointShelf::is_shelf_path(const http::HttpRequest& request) {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  return path == kPrefix || path.substr(0, kPrefix.size() + 1) == std::string(kPrefix) + "/";
}

http::HttpResponse CheckpointShelf::handle(const http::HttpRequest& request) {
  const std::string_view target = request.target;
  const auto question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query = question == std::string_view::npos ? "" : target.substr(question + 1);
  std::string_view rest = path.substr(kPrefix.size());
  if (rest.empty()) {
    if (request.method != "POST") return problem(405, "POST makes a checkpoint");
    return create();
  }
  rest.remove_prefix(1);  // '/'
  const auto slash = rest.find('/');
  const std::string id(rest.substr(0, slash));
  if (!is_plain_name(id)) return problem(404, "no such checkpoint");
  if (slash == std::string_view::npos) {
    if (request.method != "DELETE") return problem(405, "DELETE lets a checkpoint go");
    return remove(id);
  }
  const std::string file(rest.substr(slash + 1));
  if (!is_plain_name(file) || request.method != "GET") return problem(404, "no such file");
  std::uint64_t offset = 0;
  if (query.substr(0, 7) == "offset=") {
    const auto digits = query.substr(7);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), offset).ec != std::errc()) {
      return problem(400, "offset must be a number");
    }
  }
  return read_chunk(id, file, offset);
}

http::HttpResponse CheckpointShelf::create() {
  std::string id;
  {
    std::lock_guard lock(mutex_);
    expire_old();
    id = "cp" + std::to_string(next_id_++);
    made_[id] = std::chrono::steady_clock::now();
  }
  std::error_code error;
  fs::create_directories(directory_, error);
  const std::string where = directory_ + "/" + id;
  if (auto s = engine_.checkpoint(where); !s.is_ok()) {
    std::lock_guard lock(mutex_);
    made_.erase(id);
    return problem(500, "cannot make a checkpoint: " + s.message());
  }
  std::string body = "{\"id\":\"" + id + "\",\"files\":[";
  bool first = true;
  for (const auto& entry : fs::directory_iterator(where, error)) {
    if (!entry.is_regular_file()) continue;
    if (!first) body += ',';
    first = false;
    body += "{\"name\":\"" + entry.path().filename().string() + "\",\"size\":" + std::to_string(entry.file_size()) + "}";
  }
  body += "]}\n";
  return answer(200, std::move(body));
}

http::HttpResponse CheckpointShelf::read_chunk(const std::string& id, const std::string& file, std::uint64_t offset) {
  {
    std::lock_guard lock(mutex_);
    if (made_.find(id) == made_.end()) return problem(404, "no such checkpoint");
  }
  const std::string path = directory_ + "/" + id + "/" + file;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return problem(404, "no such file");
  std::string chunk(kChunkBytes, '\0');
  std::size_t got = 0;
  while (got < chunk.size()) {
    const ssize_t n = ::pread(fd, chunk.data() + got, chunk.size() - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return problem(500, "cannot read the checkpoint");
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  chunk.resize(got);
  return answer(200, std::move(chunk), "application/octet-stream");
}

http::HttpResponse CheckpointShelf::remove(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    if (made_.erase(id) == 0) return problem(404, "no such checkpoint");
  }
  std::error_code ignored;
  fs::remove_all(directory_ + "/" + id, ignored);
  return answer(200, "{}\n");
}

void CheckpointShelf::expire_old() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = made_.begin(); it != made_.end();) {
    if (now - it->second < kMaxAge) {
      ++it;
      continue;
    }
    std::error_code ignored;
    fs::remove_all(directory_ + "/" + it->first, ignored);
    it = made_.erase(it);
  }
}

}  // namespace dynastore::server
