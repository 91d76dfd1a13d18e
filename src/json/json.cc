#include "dynastore/json/json.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace dynastore::json {

namespace {

// What nesting_within() must look at: outside strings only quotes and
// brackets matter, inside them only quotes and backslashes.
enum ByteClass : unsigned char { kPlain, kQuote, kOpen, kClose, kBackslash };

constexpr std::array<unsigned char, 256> kByteClass = [] {
  std::array<unsigned char, 256> table{};
  table['"'] = kQuote;
  table['{'] = table['['] = kOpen;
  table['}'] = table[']'] = kClose;
  table['\\'] = kBackslash;
  return table;
}();

// Whether the word has a byte equal to `byte` (Bit Twiddling Hacks'
// "haszero" on the word xor the byte repeated).
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
bool has_byte(std::uint64_t word, unsigned char byte) {
  const std::uint64_t x = word ^ (kOnes * byte);
  return ((x - kOnes) & ~x & kHighs) != 0;
}

// Measures bracket nesting without building anything, so a hostile document
// ("[[[[…" 16 MiB deep) is refused before RapidJSON's DOM, whose destructor
// recurses, ever sees it. Runs on every request body: string contents, most
// of a request's bytes, are skipped eight bytes at a time.
bool nesting_within(std::string_view text, int max_depth) {
  int depth = 0;
  const char* const data = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    switch (kByteClass[static_cast<unsigned char>(data[i])]) {
      case kQuote: {
        // Inside a string: find its closing quote, stepping over escapes.
        ++i;
        for (;;) {
          while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, data + i, sizeof word);
            if (has_byte(word, '"') || has_byte(word, '\\')) break;
            i += 8;
          }
          while (i < n && data[i] != '"' && data[i] != '\\') ++i;
          if (i >= n) return true;  // unterminated: the parser reports it
          if (data[i] == '"') break;
          i += 2;  // a backslash and the byte it escapes
        }
        break;
      }
      case kOpen:
        if (++depth > max_depth) return false;
        break;
      case kClose:
        --depth;
        break;
      default:
        break;
    }
    ++i;
  }
  return true;
}

std::string describe_error(const Document& doc) {
  return std::string(rapidjson::GetParseError_En(doc.GetParseError())) + " at offset " +
         std::to_string(doc.GetErrorOffset());
}

}  // namespace

std::string parse(std::string_view text, Document& doc) {
  if (!nesting_within(text, kMaxParseDepth)) return "document nested too deeply";
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  return doc.HasParseError() ? describe_error(doc) : std::string();
}

std::string parse_in_place(std::string& text, Document& doc) {
  if (!nesting_within(text, kMaxParseDepth)) return "document nested too deeply";
  // RapidJSON's in-place stream ends at the first NUL: the string's own
  // terminator, or an earlier NUL, where parse() ends too (its stream reads
  // a NUL byte as the end of input).
  doc.ParseInsitu<rapidjson::kParseIterativeFlag>(text.data());
  return doc.HasParseError() ? describe_error(doc) : std::string();
}

std::string to_string(const Value& value) {
  StringBuffer buffer;
  Writer writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

namespace {

std::string_view name_of(const Value& name) { return {name.GetString(), name.GetStringLength()}; }

// Nesting is bounded by kMaxParseDepth, so the recursion is too.
void write_canonical(const Value& value, Writer& writer, std::initializer_list<std::string_view> skip) {
  if (!value.IsObject()) {
    if (!value.IsArray()) {
      value.Accept(writer);
      return;
    }
    writer.StartArray();
    for (const auto& element : value.GetArray()) write_canonical(element, writer, {});
    writer.EndArray();
    return;
  }
  std::vector<const Value::Member*> members;
  for (const auto& member : value.GetObject()) {
    if (std::find(skip.begin(), skip.end(), name_of(member.name)) == skip.end()) members.push_back(&member);
  }
  std::sort(members.begin(), members.end(),
            [](const Value::Member* a, const Value::Member* b) { return name_of(a->name) < name_of(b->name); });
  writer.StartObject();
  for (const auto* member : members) {
    write_key(writer, name_of(member->name));
    write_canonical(member->value, writer, {});
  }
  writer.EndObject();
}

}  // namespace

std::string to_canonical_string(const Value& value, std::initializer_list<std::string_view> skip) {
  StringBuffer buffer;
  Writer writer(buffer);
  write_canonical(value, writer, skip);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace dynastore::json
