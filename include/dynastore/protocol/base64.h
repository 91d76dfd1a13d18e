// Standard base64 (RFC 4648, with padding), as the DynamoDB JSON protocol
// carries binary values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dynastore::protocol {

std::string base64_encode(std::string_view bytes);
// Strict decode: length a multiple of 4, only the standard alphabet, '=' only
// as trailing padding. Returns nullopt when the text is not valid base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace dynastore::protocol
