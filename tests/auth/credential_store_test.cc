#include "dynastore/auth/credential_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace dynastore::auth {
namespace {

// A file under the test temp directory, removed when the test ends. Named
// by process too: ctest runs each test in a process of its own, in parallel.
class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("dynastore_credentials_" + std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1)) +
              ".txt"))
                .string();
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(CredentialStoreTest, LoadsAGoodFile) {
  TempFile file(
      "# Dynastore access keys\n"
      "\n"
      "AKIDEXAMPLE wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n"
      "   # indented comment\n"
      "AKIDSECOND\tsecret#with#hashes\t123456789012\r\n"
      "  AKIDTHIRD   s3cr3t    210987654321   \n"
      "\t\n"
      "AKIDLAST last-line-without-newline");
  CredentialStore store;
  ASSERT_TRUE(store.load_file(file.path()).is_ok());
  EXPECT_EQ(store.size(), 4u);

  const auto first = store.lookup("AKIDEXAMPLE");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(first->secret_access_key, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  EXPECT_EQ(first->account_id, "000000000000");

  const auto second = store.lookup("AKIDSECOND");
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->secret_access_key, "secret#with#hashes");  // '#' inside a field is not a comment
  EXPECT_EQ(second->account_id, "123456789012");              // and CRLF is tolerated

  EXPECT_EQ(store.lookup("AKIDTHIRD")->account_id, "210987654321");
  EXPECT_EQ(store.lookup("AKIDLAST")->secret_access_key, "last-line-without-newline");
  EXPECT_FALSE(store.lookup("akidexample").has_value()) << "ids are case-sensitive";
  EXPECT_FALSE(store.lookup("").has_value());
}

TEST(CredentialStoreTest, EmptyAndCommentOnlyFilesLoadNoKeys) {
  CredentialStore store;
  EXPECT_TRUE(store.load_text("").is_ok());
  EXPECT_EQ(store.size(), 0u);
  EXPECT_TRUE(store.load_text("# nothing here\n\n").is_ok());
  EXPECT_EQ(store.size(), 0u);
}

TEST(CredentialStoreTest, MalformedLineNamesTheLineButNotTheSecret) {
  CredentialStore store;
  const Status s = store.load_text("# header\nAKID1 secret1\nAKID2\n", "creds.txt");
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("creds.txt:3:"), std::string::npos) << s.message();

  const Status too_many = store.load_text("AKID1 topsecret 123456789012 extra\n", "creds.txt");
  ASSERT_FALSE(too_many.is_ok());
  EXPECT_NE(too_many.message().find("creds.txt:1:"), std::string::npos) << too_many.message();
  EXPECT_EQ(too_many.message().find("topsecret"), std::string::npos) << "secrets must not leak into logs";
}

TEST(CredentialStoreTest, BadAccountIdIsRejected) {
  CredentialStore store;
  for (const char* account : {"12345", "1234567890123", "12345678901x"}) {
    SCOPED_TRACE(account);
    const Status s = store.load_text(std::string("\nAKID secret ") + account + "\n", "f");
    ASSERT_FALSE(s.is_ok());
    EXPECT_NE(s.message().find("f:2:"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("account id"), std::string::npos) << s.message();
  }
}

TEST(CredentialStoreTest, DuplicateIdIsRejected) {
  CredentialStore store;
  const Status s = store.load_text("AKID a\nOTHER b\nAKID c\n", "f");
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("f:3:"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("line 1"), std::string::npos) << s.message();
}

TEST(CredentialStoreTest, MissingFileIsIoError) {
  CredentialStore store;
  const Status s = store.load_file("/nonexistent/dir/credentials.txt");
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("/nonexistent/dir/credentials.txt"), std::string::npos);
}

TEST(CredentialStoreTest, FailedReloadKeepsTheCurrentSet) {
  CredentialStore store;
  ASSERT_TRUE(store.load_text("AKID1 one\nAKID2 two\n").is_ok());
  EXPECT_FALSE(store.load_text("AKID3 three\nbroken\n").is_ok());
  EXPECT_FALSE(store.load_file("/nonexistent/credentials.txt").is_ok());
  EXPECT_EQ(store.load_file(std::filesystem::temp_directory_path().string()).code(), StatusCode::kIoError);
  EXPECT_EQ(store.size(), 2u);
  EXPECT_TRUE(store.lookup("AKID1").has_value());
  EXPECT_FALSE(store.lookup("AKID3").has_value()) << "no partial load";
}

TEST(CredentialStoreTest, ReloadReplacesTheWholeSet) {
  TempFile before("AKID1 one\nAKID2 two\n");
  TempFile after("AKID2 deux\nAKID3 trois\n");
  CredentialStore store;
  ASSERT_TRUE(store.load_file(before.path()).is_ok());
  ASSERT_TRUE(store.load_file(after.path()).is_ok());
  EXPECT_FALSE(store.lookup("AKID1").has_value());
  EXPECT_EQ(store.lookup("AKID2")->secret_access_key, "deux");
  EXPECT_EQ(store.lookup("AKID3")->secret_access_key, "trois");
}

TEST(CredentialStoreTest, ReplaceValidates) {
  CredentialStore store;
  EXPECT_TRUE(store.replace({{"AKID", "secret"}, {"AKID2", "secret", "123456789012"}}).is_ok());
  EXPECT_EQ(store.size(), 2u);
  EXPECT_EQ(store.lookup("AKID")->account_id, "000000000000");
  EXPECT_FALSE(store.replace({{"", "secret"}}).is_ok());
  EXPECT_FALSE(store.replace({{"AKID", ""}}).is_ok());
  EXPECT_FALSE(store.replace({{"AK ID", "secret"}}).is_ok());
  EXPECT_FALSE(store.replace({{"AKID", "sec ret"}}).is_ok());
  EXPECT_FALSE(store.replace({{"AKID", "secret", "000"}}).is_ok());
  EXPECT_FALSE(store.replace({{"AKID", "a"}, {"AKID", "b"}}).is_ok());
  EXPECT_EQ(store.size(), 2u) << "failed replace keeps the current set";
}

TEST(CredentialStoreTest, SnapshotStaysValidAcrossReload) {
  CredentialStore store;
  ASSERT_TRUE(store.load_text("AKID1 one\n").is_ok());
  const auto snapshot = store.snapshot();
  ASSERT_TRUE(store.load_text("AKID2 two\n").is_ok());
  ASSERT_NE(snapshot->find("AKID1"), nullptr);
  EXPECT_EQ(snapshot->find("AKID1")->secret_access_key, "one");
  EXPECT_EQ(snapshot->find("AKID2"), nullptr);
  EXPECT_FALSE(store.lookup("AKID1").has_value());
}

// Readers racing a reloader must only ever see one complete generation: every
// key present, all with the same generation's secret.
TEST(CredentialStoreTest, ReloadIsAtomicForReaders) {
  constexpr int kKeys = 50;
  auto generation_text = [](const std::string& secret) {
    std::string text = "# generation " + secret + "\n";
    for (int i = 0; i < kKeys; ++i) text += "AKID" + std::to_string(i) + " " + secret + "\n";
    return text;
  };
  const std::string gen_a = generation_text("alpha");
  const std::string gen_b = generation_text("bravo");

  CredentialStore store;
  ASSERT_TRUE(store.load_text(gen_a).is_ok());
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::atomic<int> missing{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        const auto set = store.snapshot();
        if (set->size() != static_cast<std::size_t>(kKeys)) torn.fetch_add(1);
        const Credential* first = set->find("AKID0");
        if (first == nullptr) {
          missing.fetch_add(1);
          continue;
        }
        for (int i = 1; i < kKeys; ++i) {
          const Credential* c = set->find("AKID" + std::to_string(i));
          if (c == nullptr || c->secret_access_key != first->secret_access_key) torn.fetch_add(1);
        }
        if (!store.lookup("AKID" + std::to_string(kKeys - 1)).has_value()) missing.fetch_add(1);
      }
    });
  }
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(store.load_text(i % 2 ? gen_a : gen_b).is_ok());
    if (i % 50 == 0) {
      EXPECT_FALSE(store.load_text("half a line\n").is_ok());
    }
  }
  stop.store(true);
  for (auto& r : readers) r.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(missing.load(), 0);
}

}  // namespace
}  // namespace dynastore::auth
