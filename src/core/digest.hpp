// SHA-256 and HMAC-SHA-256 as lower-case hex (OpenSSL): message hashes, register chain, release tokens.
#pragma once

#include <string>
#include <string_view>

namespace pm {

/// Lower-case hex SHA-256 of `bytes` (64 characters).
std::string sha256_hex(std::string_view bytes);

/// Lower-case hex HMAC-SHA-256 of `bytes` under `key` (64 characters).
std::string hmac_sha256_hex(std::string_view key, std::string_view bytes);

/// Compares two strings in time independent of where they differ (for MACs).
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace pm
