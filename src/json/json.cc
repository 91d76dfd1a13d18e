#include "dynastore/json/json.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace dynastore::json {

namespace {

// What scan_document() must look at: outside strings only quotes and
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

// The one pass every request body gets before RapidJSON sees it (no
// allocation). It measures bracket nesting, so that a hostile document
// ("[[[[…" 16 MiB deep) is refused before RapidJSON's DOM, whose destructor
// recurses, ever sees it; and it checks that every string is well-formed
// UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF)
// and that no \u escape leaves a surrogate unpaired, because RapidJSON
// passes raw bytes through and encodes a lone "\udc00" as bytes that are not
// UTF-8 (stored, they would break every later read of the item). String
// contents, most of a request's bytes, are skipped eight bytes at a time
// while they are plain ASCII. Bytes outside strings are the parser's to judge.
enum class Scan { kOk, kTooDeep, kBadUtf8 };

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence that starts at `p` (its first
// byte is 0x80 or above), or 0 if it is not one.
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = p[0];
  std::size_t length;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;   // overlong below U+0800
    if (c == 0xED) high = 0x9F;  // U+D800..U+DFFF are surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;   // overlong below U+10000
    if (c == 0xF4) high = 0x8F;  // past U+10FFFF
  } else {
    return 0;  // a continuation byte, C0/C1 (overlong) or F5..FF
  }
  if (static_cast<std::size_t>(end - p) < length) return 0;
  if (p[1] < low || p[1] > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!is_continuation(p[k])) return 0;
  }
  return length;
}

// The value of four hex digits at `p`, or -1.
int hex4(const char* p) {
  int value = 0;
  for (int k = 0; k < 4; ++k) {
    const char c = p[k];
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
      digit = (c | 0x20) - 'a' + 10;
    } else {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

Scan scan_document(std::string_view text, int max_depth) {
  int depth = 0;
  const char* const data = text.data();
  const auto* const bytes = reinterpret_cast<const unsigned char*>(data);
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    switch (kByteClass[bytes[i]]) {
      case kQuote: {
        // Inside a string: find its closing quote, checking escapes and
        // bytes above 0x7F on the way.
        ++i;
        for (;;) {
          while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, data + i, sizeof word);
            if ((word & kHighs) != 0 || has_byte(word, '"') || has_byte(word, '\\')) break;
            i += 8;
          }
          while (i < n && data[i] != '"' && data[i] != '\\' && bytes[i] < 0x80) ++i;
          if (i >= n) return Scan::kOk;  // unterminated: the parser reports it
          if (data[i] == '"') break;
          if (bytes[i] >= 0x80) {
            const std::size_t length = utf8_sequence(bytes + i, bytes + n);
            if (length == 0) return Scan::kBadUtf8;
            i += length;
            continue;
          }
          // A backslash. A \u escape of a surrogate must be a high one
          // followed at once by an escaped low one.
          if (i + 6 <= n && data[i + 1] == 'u') {
            const int unit = hex4(data + i + 2);
            if (unit >= 0xDC00 && unit <= 0xDFFF) return Scan::kBadUtf8;
            if (unit >= 0xD800 && unit <= 0xDBFF) {
              const int next = i + 12 <= n && data[i + 6] == '\\' && data[i + 7] == 'u' ? hex4(data + i + 8) : -1;
              if (next < 0xDC00 || next > 0xDFFF) return Scan::kBadUtf8;
              i += 12;
              continue;
            }
          }
          i += 2;  // a backslash and the byte it escapes (a bad escape is the parser's)
        }
        break;
      }
      case kOpen:
        if (++depth > max_depth) return Scan::kTooDeep;
        break;
      case kClose:
        --depth;
        break;
      default:
        break;
    }
    ++i;
  }
  return Scan::kOk;
}

std::string scan_error(Scan scan) {
  // The offending bytes are never quoted back: they are not text.
  return scan == Scan::kTooDeep ? "document nested too deeply" : std::string(kInvalidUtf8Message);
}

std::string describe_error(const Document& doc) {
  return std::string(rapidjson::GetParseError_En(doc.GetParseError())) + " at offset " +
         std::to_string(doc.GetErrorOffset());
}

}  // namespace

bool is_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const std::size_t length = utf8_sequence(p, end);
    if (length == 0) return false;
    p += length;
  }
  return true;
}

std::string to_utf8_lossy(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  while (p < end) {
    const std::size_t length = *p < 0x80 ? 1 : utf8_sequence(p, end);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++p;
      continue;
    }
    out.append(reinterpret_cast<const char*>(p), length);
    p += length;
  }
  return out;
}

std::string parse(std::string_view text, Document& doc) {
  if (const Scan scan = scan_document(text, kMaxParseDepth); scan != Scan::kOk) return scan_error(scan);
  // A plain MemoryStream, not Parse(text, length): that wraps the text in
  // an EncodedInputStream, which skips each of the bytes EF, BB and BF
  // found in that order at the start (a byte-order mark, or any part of
  // one), so "\xBB{}" parsed here but not in place. (Found by the
  // attribute_values fuzz target.)
  rapidjson::MemoryStream stream(text.data(), text.size());
  doc.ParseStream<rapidjson::kParseIterativeFlag, rapidjson::UTF8<>>(stream);
  return doc.HasParseError() ? describe_error(doc) : std::string();
}

std::string parse_in_place(std::string& text, Document& doc) {
  if (const Scan scan = scan_document(text, kMaxParseDepth); scan != Scan::kOk) return scan_error(scan);
  // RapidJSON's in-place stream ends at the first NUL: the string's own
  // terminator, or an earlier NUL, where parse() ends too (its stream reads
  // a NUL byte as the end of input).
  doc.ParseInsitu<rapidjson::kParseIterativeFlag>(text.data());
  return doc.HasParseError() ? describe_error(doc) : std::string();
}

namespace {

std::string_view key_of(const Value& name) { return {name.GetString(), name.GetStringLength()}; }

bool object_has_duplicates(const Value& object) {
  const SizeType n = object.MemberCount();
  if (n < 2) return false;
  const auto begin = object.MemberBegin();
  if (n <= 16) {
    for (SizeType i = 1; i < n; ++i) {
      const std::string_view a = key_of(begin[i].name);
      for (SizeType j = 0; j < i; ++j) {
        if (key_of(begin[j].name) == a) return true;
      }
    }
    return false;
  }
  std::vector<std::string_view> keys;
  keys.reserve(n);
  for (SizeType i = 0; i < n; ++i) keys.push_back(key_of(begin[i].name));
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
}

// Nesting is bounded by kMaxParseDepth, so the recursion is too.
bool duplicates_within(const Value& value) {
  if (value.IsObject()) {
    if (object_has_duplicates(value)) return true;
    for (const auto& member : value.GetObject()) {
      if ((member.value.IsObject() || member.value.IsArray()) && duplicates_within(member.value)) return true;
    }
  } else if (value.IsArray()) {
    for (const auto& element : value.GetArray()) {
      if ((element.IsObject() || element.IsArray()) && duplicates_within(element)) return true;
    }
  }
  return false;
}

}  // namespace

bool has_duplicate_keys(const Value& value) { return duplicates_within(value); }

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
