// Just enough reading of DynamoDB's JSON responses to count results and follow
// pages, without a full parse on the client's hot path (the client shares the
// machine with the server, so its CPU per request is kept small).
//
// The lookups find the first occurrence of "name" as a JSON key. That is only
// sound because the benchmark's own data never contains quotes, and every
// field looked up here sits at the top level of DynamoDB's responses.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace dynastore::bench {

// The raw text of the value of key `name` (an object, array, string with its
// quotes, or scalar), or nullopt if absent or cut short.
std::optional<std::string_view> find_value(std::string_view json, std::string_view name);

// The contents of a string-valued key, without quotes (escapes left as is).
std::optional<std::string_view> find_string(std::string_view json, std::string_view name);

// A non-negative integer-valued key.
std::optional<std::uint64_t> find_uint(std::string_view json, std::string_view name);

// The exception name of an error body: "__type" after its last '#', as the
// SDKs read it ("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
// -> "ResourceNotFoundException"). Empty if there is none.
std::string_view error_type(std::string_view json);

// True if `value` is "{}" give or take whitespace.
bool is_empty_object(std::string_view value);

}  // namespace dynastore::bench
