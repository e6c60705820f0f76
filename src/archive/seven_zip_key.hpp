// 7zAES key derivation (iterated SHA-256) and AES-256-CBC decryption, through OpenSSL.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pm::archive::seven_zip {

using AesKey = std::array<unsigned char, 32>;

/// 7-Zip's key: SHA-256 over 2^cycles_power rounds of salt || password || round counter
/// (8 bytes, little-endian); for cycles_power 0x3F no hashing: salt || password, zero padded
/// to 32 bytes. `password_utf16le` is the password as UTF-16LE bytes. Nullopt when OpenSSL
/// fails. Costs 2^cycles_power SHA-256 rounds: callers bound cycles_power first.
std::optional<AesKey> derive_key(
    std::span<const std::byte> salt, unsigned cycles_power, std::string_view password_utf16le);

/// AES-256-CBC without padding over the whole 16-byte blocks of `cipher`; nullopt when OpenSSL
/// fails.
std::optional<std::string> aes256_cbc_decrypt(
    const AesKey& key, const std::array<unsigned char, 16>& iv, std::span<const std::byte> cipher);

} // namespace pm::archive::seven_zip
