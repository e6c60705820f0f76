// Traditional PKWARE decryption (APPNOTE 6.3.x 6.1.5-6.1.7), on zlib's CRC-32 table.
#include "archive/zip_traditional_cipher.hpp"

#include <zlib.h>

namespace pm::archive {

namespace {

// One byte of the CRC-32 of APPNOTE 4.4.7, "crc32(old_crc, char)" in 6.1.5 (no pre/post
// conditioning: the keys are the running register).
std::uint32_t crc_step(std::uint32_t crc, std::uint8_t byte)
{
    static const z_crc_t* const table = get_crc_table();
    return static_cast<std::uint32_t>(table[(crc ^ byte) & 0xFF]) ^ (crc >> 8);
}

} // namespace

TraditionalCipher::TraditionalCipher(std::string_view password)
{
    for (const char c : password) {
        update_keys(static_cast<std::uint8_t>(c));
    }
}

void TraditionalCipher::update_keys(std::uint8_t plain)
{
    m_key0 = crc_step(m_key0, plain);
    m_key1 = (m_key1 + (m_key0 & 0xFF)) * 134775813u + 1;
    m_key2 = crc_step(m_key2, static_cast<std::uint8_t>(m_key1 >> 24));
}

std::uint8_t TraditionalCipher::decrypt(std::uint8_t encrypted)
{
    // decrypt_byte(): a 16-bit temp from key 2 (6.1.6).
    const auto temp = static_cast<std::uint16_t>(m_key2 | 2);
    const auto keystream = static_cast<std::uint8_t>((static_cast<std::uint32_t>(temp) * (temp ^ 1u)) >> 8);
    const auto plain = static_cast<std::uint8_t>(encrypted ^ keystream);
    update_keys(plain);
    return plain;
}

} // namespace pm::archive
