// model::Number: DynamoDB's N type, an exact decimal with up to 38 significant digits and a
// magnitude of 1E-130 .. 9.9999999999999999999999999999999999999E+125 (either sign), or zero.
// No floating point is involved anywhere: values are a sign, a digit string and an exponent.
//
// Error texts. All four are DynamoDB's own wording; where each was confirmed:
//  - kNumberNotNumericMessage: dynalite validations/index.js checkNum() and its test suites
//    (GetItem/BatchWriteItem/UpdateItem "empty/invalid numbers" tables, recorded against AWS):
//    "<text>" for an empty string, "<text>: <input>" otherwise. paritysuite/dynamodb-conformance
//    tests/tier3/limits/numberExponent.test.ts (real AWS, eu-west-2) asserts it for an exponent
//    past a 64-bit integer; scylladb test/alternator/test_number.py test_invalid_numbers for
//    NaN/Infinity/"dog"/" 1"/"1 ".
//  - kNumberOverflowMessage / kNumberUnderflowMessage: quoted verbatim from a real DynamoDB
//    response in ExtendDB/extenddb issue #94 (overflow) and guidance-for-media2cloud-on-aws
//    issue #13 (overflow); both in dynalite's tests and in paritysuite numberExponent.test.ts
//    (1e126 / 1e-131 / 1e99999999999 / 0e126 / 0e-131).
//  - kNumberTooManyDigitsMessage: dynalite checkNum() and its tests (39-digit integer and
//    -1.23456789012345678901234567890123456789); scylladb test_number_precision_not_allowed.
// Which texts carry a "1 validation error detected: " envelope varies by region and operation
// (paritysuite notes); that envelope belongs to the api layer, not here.
//
// Thread-safety: a Number is an immutable value; concurrent const use is safe.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"

namespace dynastore::model {

inline constexpr std::string_view kNumberNotNumericMessage =
    "The parameter cannot be converted to a numeric value";
inline constexpr std::string_view kNumberOverflowMessage =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
inline constexpr std::string_view kNumberUnderflowMessage =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
inline constexpr std::string_view kNumberTooManyDigitsMessage =
    "Attempting to store more than 38 significant digits in a Number";

// The unconvertible-text message exactly as DynamoDB words it for `text`: the bare constant for
// an empty string, otherwise the constant, ": " and the offending text echoed back.
std::string number_not_numeric_message(std::string_view text);

class Number {
 public:
  static constexpr int kMaxSignificantDigits = 38;
  static constexpr int kMinExponent = -130;  // of the leading digit: 1E-130 is the smallest
  static constexpr int kMaxExponent = 125;   // 9.99..9E+125 is the largest
  // Longest append_key() output: tag + exponent + 19 digit pairs + terminator.
  static constexpr std::size_t kMaxKeySize = 2 + kMaxSignificantDigits / 2 + 1;

  Number() = default;  // zero

  // Parses DynamoDB wire text: [+-] digits [. digits] [(e|E) [+-] digits], with at least one
  // mantissa digit (".5" and "5." are fine, "." is not). No whitespace, no "NaN"/"Infinity",
  // no hex. Errors are Status::invalid_argument with one of the messages above; checks run in
  // the order overflow, underflow, significant digits. An exponent that does not fit in a
  // signed 64-bit integer is unconvertible; any other huge exponent is an overflow/underflow.
  // Zero is range-checked by the exponent it is written with (0e126 overflows, 0.0e126 is fine),
  // as DynamoDB does.
  [[nodiscard]] static Result<Number> parse(std::string_view text);

  // Exact conversion from a machine integer (never fails: |int64| < 1E19).
  [[nodiscard]] static Number from_int64(std::int64_t value);

  // DynamoDB's canonical text: plain decimal, never an exponent, no leading zeros, no trailing
  // fractional zeros, no '+', "0" for any zero ("1.50"->"1.5", "1e2"->"100", "1E-5"->"0.00001").
  [[nodiscard]] std::string to_string() const;
  // Same text appended to `out`, for writers that build one response buffer.
  void append_to(std::string& out) const;

  bool is_zero() const { return size_ == 0; }
  bool is_negative() const { return negative_; }  // never true for zero
  // Digits from the first to the last non-zero digit; 0 for zero.
  int significant_digits() const { return size_; }
  // The significant digits as ASCII, e.g. "15" for -1.5 and 150; empty for zero.
  std::string_view digits() const { return {digits_.data(), size_}; }
  // Power of ten of the leading digit (1.5 -> 0, 150 -> 2, 0.015 -> -2); 0 for zero.
  int exponent() const { return exponent_; }
  Number negated() const;

  std::strong_ordering operator<=>(const Number& other) const;
  // Representations are canonical, so member-wise equality is numeric equality.
  bool operator==(const Number& other) const = default;

  // Exact sum/difference. A result outside the range, or one needing more than 38 significant
  // digits, fails with invalid_argument; DynamoDB words the too-many-digits case as an overflow
  // too (scylladb test_update_expression_plus_imprecise: 1e50 - 1), so that is what we return.
  [[nodiscard]] static Result<Number> add(const Number& a, const Number& b);
  [[nodiscard]] static Result<Number> subtract(const Number& a, const Number& b);

  // Order-preserving, self-delimiting key encoding (format in number.cc; FROZEN, it is on disk).
  // For all a, b: a < b <=> encoding(a) < encoding(b) bytewise, and no encoding is a prefix of
  // another, so arbitrary bytes may follow. Equal numbers encode identically.
  void append_key(std::string& out) const;
  // Decodes one encoding from the front of `in` and advances past it. Input that no
  // append_key() call could have produced -> Status::corruption; `in` is then unchanged.
  [[nodiscard]] static Result<Number> decode_key(std::string_view& in);

  // Bytes this number counts for in an item's size (the value only; the attribute name is the
  // caller's). See number.cc for the rule and the measurements behind it.
  std::size_t storage_size() const;

 private:
  std::strong_ordering compare_magnitude(const Number& other) const;
  int lowest_exponent() const { return exponent_ - size_ + 1; }  // power of the last digit

  // Invariants: size_ == 0 (zero: negative_ false, exponent_ 0, digits_ all '\0'), or
  // 1 <= size_ <= 38 with digits_[0] and digits_[size_-1] non-zero ASCII digits, the rest of
  // digits_ '\0', and kMinExponent <= exponent_ <= kMaxExponent. The '\0' padding lets one
  // fixed-length memcmp compare magnitudes that share an exponent.
  bool negative_ = false;
  std::uint8_t size_ = 0;
  std::int16_t exponent_ = 0;
  std::array<char, kMaxSignificantDigits> digits_{};
};

}  // namespace dynastore::model
