#include "dynastore/json/json.h"

#include <gtest/gtest.h>

#include <string>

namespace dynastore::json {
namespace {

std::string nested_arrays(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }

TEST(JsonParseTest, ParsesAnObject) {
  Document doc;
  EXPECT_EQ(parse(R"({"a":[1,"x",true,null],"b":{"c":1.5}})", doc), "");
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(doc["a"].Size(), 4u);
  EXPECT_EQ(to_string(doc), R"({"a":[1,"x",true,null],"b":{"c":1.5}})");
}

TEST(JsonParseTest, RejectsTrailingGarbage) {
  for (const char* text : {"{} x", "{}{}", "[1] ]", "{\"a\":1}}", "1 2", "{} \"x\""}) {
    Document doc;
    EXPECT_NE(parse(text, doc), "") << text;
  }
}

TEST(JsonParseTest, RejectsMalformedAndEmptyDocuments) {
  for (const char* text : {"", "   ", "{", "{\"a\":}", "[1,]", "{'a':1}", "{\"a\" 1}", "nul", "\"unterminated"}) {
    Document doc;
    EXPECT_NE(parse(text, doc), "") << text;
  }
}

TEST(JsonParseTest, ErrorNamesTheOffset) {
  Document doc;
  const std::string error = parse("{} x", doc);
  EXPECT_NE(error.find("offset 3"), std::string::npos) << error;
}

TEST(JsonParseTest, HonoursTheTextLengthNotANulTerminator) {
  Document doc;
  const std::string text = "{\"a\":1}garbage";
  EXPECT_EQ(parse(std::string_view(text).substr(0, 7), doc), "");
  EXPECT_NE(parse(std::string_view(text), doc), "");
}

TEST(JsonParseTest, AcceptsNestingUpToTheLimit) {
  Document doc;
  EXPECT_EQ(parse(nested_arrays(kMaxParseDepth), doc), "");
  std::string objects;
  for (int i = 0; i < kMaxParseDepth - 1; ++i) objects += "{\"a\":";
  objects += "{}";
  for (int i = 0; i < kMaxParseDepth - 1; ++i) objects += "}";
  EXPECT_EQ(parse(objects, doc), "");
}

TEST(JsonParseTest, RefusesNestingPastTheLimit) {
  Document doc;
  EXPECT_EQ(parse(nested_arrays(kMaxParseDepth + 1), doc), "document nested too deeply");
}

TEST(JsonParseTest, RefusesHostileDepthWithoutCrashing) {
  Document doc;
  EXPECT_EQ(parse(std::string(100000, '['), doc), "document nested too deeply");
  EXPECT_EQ(parse(nested_arrays(100000), doc), "document nested too deeply");
  EXPECT_EQ(parse(std::string(100000, '{'), doc), "document nested too deeply");
}

TEST(JsonParseTest, BracketsInsideStringsDoNotCountAsNesting) {
  Document doc;
  const std::string text = "[\"" + std::string(500, '[') + "\\\"" + std::string(500, '{') + "\"]";
  EXPECT_EQ(parse(text, doc), "");
  ASSERT_TRUE(doc.IsArray());
  EXPECT_EQ(doc[0].GetStringLength(), 1001u);
}

TEST(JsonParseTest, WrongTypeAccessThrowsInsteadOfAborting) {
  Document doc;
  ASSERT_EQ(parse(R"({"a":"text"})", doc), "");
  EXPECT_THROW((void)doc["a"].GetInt(), JsonAssertError);
  EXPECT_THROW((void)doc["a"].Size(), JsonAssertError);
}

// parse_in_place must agree with parse on every document, good or bad: the
// API parses request bodies with it.
TEST(JsonParseInPlaceTest, AgreesWithParse) {
  const std::string with_nul("{\"a\":\"x\0y\"}", 13);
  const std::string nul_after("{\"a\":1}\0}", 10);
  for (const std::string& text :
       {std::string(R"({"a":[1,"x",true,null],"b":{"c":1.5}})"), std::string(R"(["a\"b\\c\n\u00e9\ud83d\ude00"])"),
        std::string("{} x"), std::string("{\"a\":}"), std::string(""), std::string("\"unterminated"),
        std::string("{\"a\":\"\\uZZZZ\"}"), with_nul, nul_after, nested_arrays(kMaxParseDepth),
        nested_arrays(kMaxParseDepth + 1), std::string(100000, '[')}) {
    Document copied;
    const std::string copied_error = parse(text, copied);
    std::string writable = text;
    Document in_place;
    EXPECT_EQ(parse_in_place(writable, in_place), copied_error) << text.substr(0, 80);
    if (copied_error.empty()) {
      EXPECT_EQ(to_string(in_place), to_string(copied)) << text.substr(0, 80);
    }
  }
}

// Found by the attribute_values fuzz target: parse() skipped the bytes of a
// UTF-8 byte-order mark (each of EF, BB, BF, in that order) before the
// document, where parse_in_place refused them. Neither takes them now.
TEST(JsonParseInPlaceTest, NeitherSkipsByteOrderMarkBytes) {
  for (const std::string& text : {std::string("\xEF\xBB\xBF{}"), std::string("\xBB{}"), std::string("\xEF[1]"),
                                  std::string("\xBF\"x\""), std::string("\xEF\xBF{\"a\":1}")}) {
    Document copied;
    const std::string copied_error = parse(text, copied);
    EXPECT_EQ(copied_error, "Invalid value. at offset 0") << text;
    std::string writable = text;
    Document in_place;
    EXPECT_EQ(parse_in_place(writable, in_place), copied_error) << text;
  }
}

TEST(JsonParseInPlaceTest, StringsPointIntoTheText) {
  std::string text = R"({"key":"a\"b","n":"plain"})";
  Document doc;
  ASSERT_EQ(parse_in_place(text, doc), "");
  const char* key = doc["key"].GetString();
  EXPECT_GE(key, text.data());
  EXPECT_LT(key, text.data() + text.size());
  EXPECT_EQ(std::string(key, doc["key"].GetStringLength()), "a\"b");
  EXPECT_EQ(std::string(doc["n"].GetString(), doc["n"].GetStringLength()), "plain");
}

TEST(JsonParseTest, CanonicalStringSortsMembersAtEveryLevelAndSkipsTopLevelOnes) {
  Document a, b;
  ASSERT_EQ(parse(R"({"z":1,"a":{"y":[{"q":1,"p":2}],"b":"x"},"skip":true})", a), "");
  ASSERT_EQ(parse(R"({"a":{"b":"x","y":[{"p":2,"q":1}]},"skip":false,"z":1})", b), "");
  EXPECT_EQ(to_canonical_string(a, {"skip"}), R"({"a":{"b":"x","y":[{"p":2,"q":1}]},"z":1})");
  EXPECT_EQ(to_canonical_string(a, {"skip"}), to_canonical_string(b, {"skip"}));
  EXPECT_NE(to_canonical_string(a), to_canonical_string(b));  // "skip" differs
  Document reordered_list;
  ASSERT_EQ(parse(R"({"z":1,"a":{"y":[{"q":1,"p":2}],"b":"y"}})", reordered_list), "");
  EXPECT_NE(to_canonical_string(a, {"skip"}), to_canonical_string(reordered_list, {"skip"}));
}

TEST(JsonParseTest, ToStringEscapesStrings) {
  Document doc;
  ASSERT_EQ(parse(R"(["a\"b\\c\n"])", doc), "");
  EXPECT_EQ(to_string(doc), R"(["a\"b\\c\n"])");
}

// Every string of a document must be well-formed UTF-8 (issue 19, defect 2):
// raw bytes that are not, at any position relative to the 8-byte fast path.
TEST(JsonParseTest, RefusesStringsThatAreNotUtf8) {
  const std::string bad[] = {
      "\xFF",               // never valid
      "\x80",               // a lone continuation byte
      "\xC0\xAF",           // overlong '/'
      "\xC1\xBF",           // overlong
      "\xE0\x80\xAF",       // overlong (3 bytes)
      "\xF0\x80\x80\xAF",   // overlong (4 bytes)
      "\xED\xA0\x80",       // encoded surrogate U+D800
      "\xED\xBF\xBF",       // encoded surrogate U+DFFF
      "\xF4\x90\x80\x80",   // past U+10FFFF
      "\xF5\x80\x80\x80",   // never valid
      "\xC3",               // truncated at the string's end
      "\xE2\x82",           // truncated
      "\xE2\x28\xA1",       // bad continuation
  };
  for (const std::string& bytes : bad) {
    for (const std::string& padding : {std::string(), std::string("abc"), std::string("abcdefghijklmnop")}) {
      for (const bool in_key : {false, true}) {
        const std::string text = in_key ? "{\"" + padding + bytes + "\":1}" : "{\"a\":\"" + padding + bytes + "xyz\"}";
        Document doc;
        EXPECT_EQ(parse(text, doc), kInvalidUtf8Message) << testing::PrintToString(text);
        std::string in_place = text;
        Document doc2;
        EXPECT_EQ(parse_in_place(in_place, doc2), kInvalidUtf8Message) << testing::PrintToString(text);
      }
    }
  }
}

TEST(JsonParseTest, RefusesUnpairedSurrogateEscapes) {
  for (const char* text : {R"({"a":"\udc00"})", R"({"a":"x\uDFFFy"})", R"({"a":"\ud800"})", R"({"a":"\ud800x"})",
                           R"({"a":"\ud800\u0041"})", R"({"a":"\ud800\ud800"})", R"({"\udc00":1})"}) {
    Document doc;
    EXPECT_EQ(parse(text, doc), kInvalidUtf8Message) << text;
  }
}

TEST(JsonParseTest, AcceptsWellFormedUtf8AndEscapes) {
  const std::string text =
      "{\"k\xC3\xA9y\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF\xED\x9F\xBF"
      "\\ud83d\\ude00\\u00e9\\\\u\\\\udc00 plain ascii long enough for words\"}";
  Document doc;
  ASSERT_EQ(parse(text, doc), "");
  EXPECT_EQ(std::string(doc["k\xC3\xA9y"].GetString()),
            "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF\xED\x9F\xBF\xF0\x9F\x98\x80\xC3\xA9"
            "\\u\\udc00 plain ascii long enough for words");
}

}  // namespace
}  // namespace dynastore::json
