// Runs the fuzz targets of tests/fuzz/targets/ without libFuzzer, so that
// every `make test` (built by the ordinary compiler, no sanitizers) checks
// their invariants: first over the committed seed corpus
// (tests/fuzz/corpus/<target>/), then over mutations of it made by a small
// mutator with a fixed seed, bounded both in count and in time.
//
//   DYNASTORE_FUZZ_ITERATIONS  mutations per target (default 10000)
//   DYNASTORE_FUZZ_SECONDS     time per target's mutations (default 3)
//   DYNASTORE_FUZZ_SEED        the mutator's seed (default 1)
//
// A failed invariant aborts with the input printed (fuzz_target.h); an
// exception escaping a target fails the test with the input named. The long,
// coverage-guided runs are `make fuzz` (libFuzzer, ASan, UBSan).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_target.h"

// The targets, as fuzz_target.h names them outside libFuzzer.
int dynastore_fuzz_http_request(const std::uint8_t* data, std::size_t size);
int dynastore_fuzz_api_request(const std::uint8_t* data, std::size_t size);
int dynastore_fuzz_attribute_values(const std::uint8_t* data, std::size_t size);
int dynastore_fuzz_expressions(const std::uint8_t* data, std::size_t size);
int dynastore_fuzz_sigv4(const std::uint8_t* data, std::size_t size);
int dynastore_fuzz_stored_item(const std::uint8_t* data, std::size_t size);

namespace dynastore::fuzz {
namespace {

using TargetFunction = int (*)(const std::uint8_t*, std::size_t);
namespace fs = std::filesystem;

long env_number(const char* name, long fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr) return fallback;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  return end != text && *end == '\0' && value >= 0 ? value : fallback;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> read_corpus(std::string_view target) {
  const fs::path dir = fs::path(DYNASTORE_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / std::string(target);
  std::vector<fs::path> paths;
  if (fs::is_directory(dir)) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file()) paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());  // a fixed order, for a fixed mutation sequence
  std::vector<std::string> corpus;
  for (const auto& path : paths) corpus.push_back(read_file(path));
  return corpus;
}

// A libFuzzer dictionary (tests/fuzz/dict/<target>.dict): one "quoted" token
// a line, optionally name=, with \\, \" and \xNN escapes.
std::vector<std::string> read_dictionary(std::string_view target) {
  const fs::path path = fs::path(DYNASTORE_SOURCE_DIR) / "tests" / "fuzz" / "dict" / (std::string(target) + ".dict");
  std::vector<std::string> tokens;
  std::istringstream lines(read_file(path));
  for (std::string line; std::getline(lines, line);) {
    const std::size_t open = line.find('"');
    const std::size_t close = line.rfind('"');
    if (line.empty() || line[0] == '#' || open == std::string::npos || close <= open) continue;
    std::string token;
    for (std::size_t i = open + 1; i < close; ++i) {
      if (line[i] == '\\' && i + 1 < close) {
        if (line[i + 1] == 'x' && i + 3 < close) {
          token.push_back(static_cast<char>(std::stoi(line.substr(i + 2, 2), nullptr, 16)));
          i += 3;
        } else {
          token.push_back(line[++i]);
        }
      } else {
        token.push_back(line[i]);
      }
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// libFuzzer-like mutations, without coverage feedback: each input is a corpus
// entry with one to four edits.
class Mutator {
 public:
  Mutator(std::uint64_t seed, const std::vector<std::string>& corpus, std::vector<std::string> dictionary)
      : rng_(seed), corpus_(corpus), dictionary_(std::move(dictionary)) {}

  std::string next() {
    std::string s = corpus_[pick(corpus_.size())];
    const int edits = 1 + static_cast<int>(pick(4));
    for (int i = 0; i < edits; ++i) edit(s);
    return s;
  }

 private:
  std::size_t pick(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }

  void edit(std::string& s) {
    static constexpr char kTelling[] = {'\0', '\xff', '\x7f', '\x80', '"', '{', '}', '[', ']', ',', ':', '\\',
                                        '\r', '\n', ' ', '0', '9', '-', '.', '(', ')', '#', '\t', 'e'};
    const std::size_t at = pick(s.size() + 1);
    switch (pick(9)) {
      case 0:  // flip a bit
        if (!s.empty()) s[at % s.size()] = static_cast<char>(s[at % s.size()] ^ (1 << pick(8)));
        break;
      case 1:  // a byte the formats give meaning to
        if (!s.empty()) s[at % s.size()] = kTelling[pick(sizeof kTelling)];
        break;
      case 2:  // insert a random byte
        s.insert(at, 1, static_cast<char>(rng_()));
        break;
      case 3:  // erase a range
        if (!s.empty()) s.erase(at % s.size(), 1 + pick(std::min<std::size_t>(s.size(), 16)));
        break;
      case 4:  // repeat a range
        if (!s.empty()) {
          const std::size_t from = pick(s.size());
          s.insert(at, s.substr(from, 1 + pick(32)));
        }
        break;
      case 5:  // cut short
        s.resize(at);
        break;
      case 6:  // splice in part of another corpus entry
      {
        const std::string& other = corpus_[pick(corpus_.size())];
        if (!other.empty()) {
          const std::size_t from = pick(other.size());
          s.insert(at, other.substr(from, 1 + pick(64)));
        }
        break;
      }
      default:  // a dictionary token, inserted or overwriting
        if (!dictionary_.empty()) {
          const std::string& token = dictionary_[pick(dictionary_.size())];
          if (pick(2) == 0 || at + token.size() > s.size()) {
            s.insert(at, token);
          } else {
            s.replace(at, token.size(), token);
          }
        }
        break;
    }
  }

  std::mt19937_64 rng_;
  const std::vector<std::string>& corpus_;
  std::vector<std::string> dictionary_;
};

void run_one(TargetFunction target, std::string_view input, const std::string& description) {
  set_current_input(input, description);
  try {
    target(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  } catch (const std::exception& e) {
    ADD_FAILURE() << "an exception escaped the target: " << e.what() << "\n  input: " << description
                  << "\n  bytes: " << printable(input, 4096);
  }
}

void run_target(std::string_view name, TargetFunction target) {
  const std::vector<std::string> corpus = read_corpus(name);
  ASSERT_GE(corpus.size(), 10u) << "the seed corpus tests/fuzz/corpus/" << name << "/ is missing or tiny";
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    run_one(target, corpus[i], std::string(name) + " corpus entry " + std::to_string(i) + " (sorted by file name)");
    if (::testing::Test::HasFailure()) return;
  }

  const long iterations = env_number("DYNASTORE_FUZZ_ITERATIONS", 10000);
  const auto budget = std::chrono::seconds(env_number("DYNASTORE_FUZZ_SECONDS", 3));
  const auto seed = static_cast<std::uint64_t>(env_number("DYNASTORE_FUZZ_SEED", 1));
  Mutator mutator(seed ^ std::hash<std::string_view>{}(name), corpus, read_dictionary(name));
  const auto start = std::chrono::steady_clock::now();
  long done = 0;
  for (; done < iterations && std::chrono::steady_clock::now() - start < budget; ++done) {
    const std::string input = mutator.next();
    run_one(target, input,
            std::string(name) + " mutation " + std::to_string(done) + " (DYNASTORE_FUZZ_SEED=" + std::to_string(seed) +
                ")");
    if (::testing::Test::HasFailure()) return;
  }
  set_current_input({}, {});
  ::testing::Test::RecordProperty("mutations", static_cast<int>(done));
  std::printf("%s: %zu corpus entries, %ld mutations\n", std::string(name).c_str(), corpus.size(), done);
}

TEST(FuzzTargets, HttpRequest) { run_target("http_request", dynastore_fuzz_http_request); }
TEST(FuzzTargets, ApiRequest) { run_target("api_request", dynastore_fuzz_api_request); }
TEST(FuzzTargets, AttributeValues) { run_target("attribute_values", dynastore_fuzz_attribute_values); }
TEST(FuzzTargets, Expressions) { run_target("expressions", dynastore_fuzz_expressions); }
TEST(FuzzTargets, Sigv4) { run_target("sigv4", dynastore_fuzz_sigv4); }
TEST(FuzzTargets, StoredItem) { run_target("stored_item", dynastore_fuzz_stored_item); }

}  // namespace
}  // namespace dynastore::fuzz
