// The one header that includes RapidJSON. Its configuration macros must be
// identical in every translation unit, so nobody else includes RapidJSON.
//
// RAPIDJSON_ASSERT throws instead of aborting: a malformed request must fail
// that request, never the process (cf. scylladb utils/rjson.hh).
#pragma once

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dynastore::json {
// Thrown when RapidJSON's own invariant checks fail (e.g. a value of the wrong
// type reached); the API layer turns it into a 500 for that request only.
struct JsonAssertError : std::logic_error {
  using std::logic_error::logic_error;
};
}  // namespace dynastore::json

#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(x) \
  do { if (!(x)) throw ::dynastore::json::JsonAssertError("json assertion failed: " #x); } while (0)
#endif
#define RAPIDJSON_HAS_STDSTRING 1
#define RAPIDJSON_NOEXCEPT_ASSERT(x)
#define RAPIDJSON_PARSE_DEFAULT_FLAGS rapidjson::kParseNoFlags

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dynastore::json {

using Value = rapidjson::Value;
using Document = rapidjson::Document;
using StringBuffer = rapidjson::StringBuffer;
using Writer = rapidjson::Writer<StringBuffer>;
using SizeType = rapidjson::SizeType;  // RapidJSON's string and array lengths

// The allocators a Document and a StringBuffer take: the stateless malloc one,
// and the pool a Document allocates its values from (which can start in a
// caller's buffer).
using CrtAllocator = rapidjson::CrtAllocator;
using MemoryPoolAllocator = rapidjson::MemoryPoolAllocator<>;

// Value types, for Writer::RawValue.
inline constexpr rapidjson::Type kObjectType = rapidjson::kObjectType;

// A string Value that points at `s` without copying it, for lookups such as
// FindMember; `s` must outlive it.
inline Value string_ref(std::string_view s) { return Value(rapidjson::StringRef(s.data(), s.size())); }

// Writes `s` as a string value, or as an object's key, with its length (so
// it may hold NUL bytes).
inline void write_string(Writer& writer, std::string_view s) {
  writer.String(s.data(), static_cast<SizeType>(s.size()));
}
inline void write_key(Writer& writer, std::string_view key) {
  writer.Key(key.data(), static_cast<SizeType>(key.size()));
}

// Deepest JSON nesting parsed at all. Well above what valid requests need
// (32 attribute levels take about 70 JSON levels), so a request nested a
// little too deep reaches attribute validation and gets DynamoDB's
// ValidationException; bounded, because only destroying the parsed document
// recurses (parsing itself is iterative).
inline constexpr int kMaxParseDepth = 512;

// What parse() answers for a string that is not well-formed UTF-8 (raw
// bytes, overlong forms, encoded surrogates, or an unpaired surrogate
// escape such as "\udc00"). DynamoDB documents strings as UTF-8 and does
// not document this text; the offending bytes are never quoted back.
inline constexpr std::string_view kInvalidUtf8Message = "Invalid UTF-8 in a string: strings must be well-formed UTF-8";

// Whether `s` is well-formed UTF-8 (RFC 3629).
bool is_utf8(std::string_view s);

// `s` with each byte that is not part of a well-formed UTF-8 sequence
// replaced by U+FFFD: for texts that may quote what a client sent in a
// header (error messages), which must never carry invalid bytes back.
std::string to_utf8_lossy(std::string_view s);

// Parses `text` into `doc`. Returns an empty string on success, else a
// description of the syntax error. Rejects documents nested deeper than
// kMaxParseDepth without recursing into them, and documents with a string
// that is not well-formed UTF-8 (kInvalidUtf8Message), in one pass that
// allocates nothing.
std::string parse(std::string_view text, Document& doc);

// The same, but parses `text` where it lies: strings are unescaped in place
// and `doc` points into `text` instead of holding copies, so `text` must
// outlive `doc` and its bytes are garbage afterwards. Saves copying every
// string of a request (~3k instructions per PutItem).
std::string parse_in_place(std::string& text, Document& doc);

// Whether some object in `value`, at any depth, names a member twice.
// RapidJSON keeps both; lookups find the first while a walk over the members
// sees both, so a request with duplicates would mean different things to
// different readers. Allocation-free for objects of up to 16 members.
bool has_duplicate_keys(const Value& value);

// Serialises a value to compact JSON.
std::string to_string(const Value& value);

// Compact JSON with every object's members sorted by name (bytewise), so two
// documents that differ only in member order serialise to the same bytes;
// top-level members named in `skip` are left out. For fingerprints of
// requests (e.g. ClientRequestToken), not for answers.
std::string to_canonical_string(const Value& value, std::initializer_list<std::string_view> skip = {});

}  // namespace dynastore::json
