#include "dynastore/protocol/base64.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

namespace dynastore::protocol {
namespace {

// RFC 4648 section 10 test vectors.
const std::vector<std::pair<std::string, std::string>> kRfc4648 = {
    {"", ""},           {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
};

TEST(Base64Test, EncodesRfc4648Vectors) {
  for (const auto& [plain, encoded] : kRfc4648) EXPECT_EQ(base64_encode(plain), encoded) << plain;
}

TEST(Base64Test, DecodesRfc4648Vectors) {
  for (const auto& [plain, encoded] : kRfc4648) {
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, plain) << encoded;
  }
}

TEST(Base64Test, UsesTheStandardAlphabetWithPlusAndSlash) {
  EXPECT_EQ(base64_encode("\xfb\xff\xbf"), "+/+/");
  EXPECT_EQ(base64_decode("+/+/"), std::string("\xfb\xff\xbf"));
  EXPECT_EQ(base64_encode(std::string("\0\0\0", 3)), "AAAA");
}

TEST(Base64Test, RoundTripsEveryByteValueAndRandomData) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(base64_decode(base64_encode(all)), all);

  std::mt19937 rng(4648);
  std::uniform_int_distribution<int> byte(0, 255);
  for (std::size_t len = 0; len < 200; ++len) {
    std::string data(len, '\0');
    for (auto& c : data) c = static_cast<char>(byte(rng));
    const std::string encoded = base64_encode(data);
    ASSERT_EQ(encoded.size(), (len + 2) / 3 * 4);
    ASSERT_EQ(base64_decode(encoded), data) << len;
  }
}

TEST(Base64Test, RejectsLengthsThatAreNotMultiplesOfFour) {
  for (const char* text : {"Z", "Zg", "Zg=", "Zm9", "Zm9vY", "Zm9vYg=", "Zm8==", "="}) {
    EXPECT_EQ(base64_decode(text), std::nullopt) << text;
  }
}

TEST(Base64Test, RejectsCharactersOutsideTheAlphabet) {
  for (const char* text : {"Zm9v!A==", "Zm-_", "Zm9v\nYg==", "Zm 9", "Zm9\x80", "Zm\x00v"}) {
    EXPECT_EQ(base64_decode(text), std::nullopt) << text;
  }
  EXPECT_EQ(base64_decode(std::string("Zm\0v", 4)), std::nullopt);
}

TEST(Base64Test, RejectsMisplacedPadding) {
  for (const char* text : {"====", "A===", "Zg==Zg==", "Z=g=", "Zm=v", "=Zm9", "Zm9v====", "Zm9v=A=="}) {
    EXPECT_EQ(base64_decode(text), std::nullopt) << text;
  }
}

TEST(Base64Test, RejectsNonZeroTrailingBits) {
  // "Zg==" is 'f'; "Zh==" carries stray low bits and is not a canonical encoding.
  EXPECT_EQ(base64_decode("Zh=="), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9="), std::nullopt);
  EXPECT_EQ(base64_decode("Zm8="), std::string("fo"));
}

}  // namespace
}  // namespace dynastore::protocol
