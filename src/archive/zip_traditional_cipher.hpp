// Traditional PKWARE encryption ("ZipCrypto"), decryption side (PKWARE APPNOTE 6.3.x 6.1).
#pragma once

#include <cstdint>
#include <string_view>

namespace pm::archive {

/// The three 32-bit keys of APPNOTE 6.1.5, initialised from a password (its bytes as given: zip
/// tools do not normalise or re-encode them). A value type; not thread-safe.
class TraditionalCipher {
public:
    explicit TraditionalCipher(std::string_view password);

    /// Decrypts one byte and advances the keys with the plain byte (6.1.6 / 6.1.7).
    std::uint8_t decrypt(std::uint8_t encrypted);

private:
    void update_keys(std::uint8_t plain);

    std::uint32_t m_key0 = 305419896;  // 6.1.5 initial values
    std::uint32_t m_key1 = 591751049;
    std::uint32_t m_key2 = 878082192;
};

} // namespace pm::archive
