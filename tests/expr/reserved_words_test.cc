#include "dynastore/expr/reserved_words.h"

#include <gtest/gtest.h>

namespace dynastore::expr {
namespace {

TEST(ReservedWords, TableMatchesTheDeveloperGuide) {
  ASSERT_EQ(reserved_words().size(), 573u);
  EXPECT_EQ(reserved_words().front(), "ABORT");
  EXPECT_EQ(reserved_words().back(), "ZONE");
}

TEST(ReservedWords, CaseInsensitiveMembership) {
  for (const char* w : {"name", "NAME", "Name", "abort", "zone", "size", "status", "DATA", "value", "flattern",
                        "innter", "loged", "ttl", "year", "Absolute"}) {
    EXPECT_TRUE(is_reserved_word(w)) << w;
  }
  for (const char* w : {"", "a", "pk", "named", "abortx", "zones", "sk", "id", "if_not_exists", "list_append",
                        "correspondingx", "LOCALTIMESTAMPS", "abcdefghijklmnopqrstuvwxyz"}) {
    EXPECT_FALSE(is_reserved_word(w)) << w;
  }
  for (auto w : reserved_words()) EXPECT_TRUE(is_reserved_word(w)) << w;
}

}  // namespace
}  // namespace dynastore::expr
