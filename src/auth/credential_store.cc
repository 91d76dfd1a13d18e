#include "dynastore/auth/credential_store.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

namespace dynastore::auth {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool has_whitespace(std::string_view s) {
  for (const char c : s) {
    if (is_blank(c) || c == '\r' || c == '\n' || c == '\v' || c == '\f') return true;
  }
  return false;
}

bool is_account_id(std::string_view s) {
  if (s.size() != 12) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

// Validates one credential; returns "" or what is wrong with it. Never quotes
// the secret.
std::string check(const Credential& c) {
  if (c.access_key_id.empty() || has_whitespace(c.access_key_id)) {
    return "access key id must be non-empty and contain no whitespace";
  }
  if (c.secret_access_key.empty() || has_whitespace(c.secret_access_key)) {
    return "secret access key must be non-empty and contain no whitespace";
  }
  if (!is_account_id(c.account_id)) return "account id must be 12 digits";
  return {};
}

}  // namespace

// ---- CredentialSet ----------------------------------------------------------

Result<std::shared_ptr<const CredentialSet>> CredentialSet::create(std::vector<Credential> credentials) {
  auto set = std::make_shared<CredentialSet>();
  set->by_id_.reserve(credentials.size());
  for (std::size_t i = 0; i < credentials.size(); ++i) {
    Credential& c = credentials[i];
    if (std::string problem = check(c); !problem.empty()) {
      return Status::invalid_argument("credential #" + std::to_string(i + 1) + ": " + problem);
    }
    if (set->by_id_.contains(c.access_key_id)) {
      return Status::invalid_argument("credential #" + std::to_string(i + 1) + ": duplicate access key id '" +
                                      c.access_key_id + "'");
    }
    std::string id = c.access_key_id;
    set->by_id_.emplace(std::move(id), std::move(c));
  }
  return std::shared_ptr<const CredentialSet>(std::move(set));
}

Result<std::shared_ptr<const CredentialSet>> CredentialSet::parse(std::string_view text,
                                                                  std::string_view source_name) {
  auto set = std::make_shared<CredentialSet>();
  std::unordered_map<std::string_view, std::size_t> first_line;  // id -> line, for duplicate reports
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF files

    const std::vector<std::string_view> fields = split_fields(line);
    if (fields.empty() || fields.front().front() == '#') continue;

    const std::string where = std::string(source_name) + ":" + std::to_string(line_no) + ": ";
    if (fields.size() < 2 || fields.size() > 3) {
      return Status::invalid_argument(where + "malformed credential line: expected "
                                              "'ACCESS_KEY_ID SECRET_ACCESS_KEY [ACCOUNT_ID]', found " +
                                      std::to_string(fields.size()) + " field(s)");
    }
    Credential c{std::string(fields[0]), std::string(fields[1]),
                 fields.size() == 3 ? std::string(fields[2]) : std::string(kDefaultAccountId)};
    if (std::string problem = check(c); !problem.empty()) return Status::invalid_argument(where + problem);
    if (const auto it = first_line.find(fields[0]); it != first_line.end()) {
      return Status::invalid_argument(where + "duplicate access key id '" + c.access_key_id +
                                      "' (first defined on line " + std::to_string(it->second) + ")");
    }
    first_line.emplace(fields[0], line_no);
    std::string id = c.access_key_id;
    set->by_id_.emplace(std::move(id), std::move(c));
  }
  return std::shared_ptr<const CredentialSet>(std::move(set));
}

const Credential* CredentialSet::find(std::string_view access_key_id) const {
  const auto it = by_id_.find(access_key_id);
  return it == by_id_.end() ? nullptr : &it->second;
}

// ---- CredentialStore --------------------------------------------------------

CredentialStore::CredentialStore() : current_(std::make_shared<const CredentialSet>()) {}

Status CredentialStore::load_file(const std::string& path) {
  // A directory opens and reads as empty on Linux; loading that would silently
  // replace every key with none.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::io_error("cannot read credentials file '" + path + "': is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    return Status::io_error("cannot open credentials file '" + path +
                            "': " + std::generic_category().message(err));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return Status::io_error("cannot read credentials file '" + path + "'");
  return load_text(contents.str(), path);
}

Status CredentialStore::load_text(std::string_view text, std::string_view source_name) {
  auto parsed = CredentialSet::parse(text, source_name);
  if (!parsed.is_ok()) return parsed.status();
  install(std::move(parsed).value());
  return Status::ok();
}

Status CredentialStore::replace(std::vector<Credential> credentials) {
  auto created = CredentialSet::create(std::move(credentials));
  if (!created.is_ok()) return created.status();
  install(std::move(created).value());
  return Status::ok();
}

void CredentialStore::install(std::shared_ptr<const CredentialSet> set) {
  std::shared_ptr<const CredentialSet> old;
  {
    std::lock_guard lock(mutex_);
    old = std::exchange(current_, std::move(set));
  }
  // `old` is released here, outside the lock: freeing a large set must not
  // stall readers.
}

std::shared_ptr<const CredentialSet> CredentialStore::snapshot() const {
  std::lock_guard lock(mutex_);
  return current_;
}

std::optional<Credential> CredentialStore::lookup(std::string_view access_key_id) const {
  const std::shared_ptr<const CredentialSet> set = snapshot();
  if (const Credential* c = set->find(access_key_id)) return *c;
  return std::nullopt;
}

}  // namespace dynastore::auth
