// 7z coders: folder chains, 7zAES properties, CRC-32 and copy/LZMA/LZMA2 decoding (liblzma raw).
#pragma once

#include "archive/seven_zip_header.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pm::archive::seven_zip {

/// NumCyclesPower 0x3F: 7-Zip then skips SHA-256 entirely (the key is salt || password, zero
/// padded): no key stretching at all.
inline constexpr unsigned cycles_power_no_stretching = 0x3F;

/// 7zAES coder properties (7-Zip's CPP/7zip/Crypto/7zAes.cpp): byte 0 bits 0-5 NumCyclesPower,
/// bit 7 salt present, bit 6 IV present; byte 1 high/low nibble add to the salt/IV sizes.
struct AesProperties {
    unsigned cycles_power = 0; ///< as stored: 0..63, 0x3F meaning no stretching
    std::vector<std::byte> salt; ///< 0..16 bytes
    std::array<unsigned char, 16> iv {}; ///< zero padded, as 7-Zip does
    std::size_t iv_size = 0;

    /// The key-stretching strength to report: 0 for 0x3F (none at all), else cycles_power.
    int effective_cycles_power() const
    {
        return cycles_power == cycles_power_no_stretching ? 0 : static_cast<int>(cycles_power);
    }
};

/// Parses and checks 7zAES properties exactly as 7-Zip's decoder accepts them.
Parsed<AesProperties> parse_aes_properties(std::span<const std::byte> properties);

/// The properties of every 7zAES coder of `folder`, checked: a single input each, properties
/// 7-Zip accepts, and NumCyclesPower at most `max_cycles_power` (or 0x3F, no stretching).
Parsed<std::vector<AesProperties>> folder_aes_properties(const Folder& folder, unsigned max_cycles_power);

/// CRC-32 (the zlib/IEEE polynomial 7z uses everywhere).
std::uint32_t crc32(std::span<const std::byte> data);
std::uint32_t crc32(std::string_view data);

/// Whether any packed stream of a folder reaches the folder's output through a 7zAES coder.
enum class FolderEncryption { none, partial, all };
FolderEncryption folder_encryption(const Folder& folder);

/// The folder's coders in decode order (packed stream first) when the folder is one chain: a
/// single packed stream and single-input coders. Nullopt for other shapes (BCJ2 and the like).
std::optional<std::vector<std::uint32_t>> linear_chain(const Folder& folder);

/// Copy, LZMA and LZMA2: the coders this module can decode.
bool is_decodable(std::uint64_t method);

struct Decoded {
    std::string bytes;
    bool complete = false; ///< all `unpack_size` bytes were produced
};

/// Decodes `input` with one copy/LZMA/LZMA2 coder towards `unpack_size` bytes, stopping after
/// `max_output` bytes or when the input runs out (then `complete` is false). The dictionary is
/// capped at the output asked for, so a hostile dictionary size cannot make us allocate. Errors
/// for a data error or bad properties.
Parsed<Decoded> decode_coder(const Coder& coder, std::span<const std::byte> input, std::uint64_t unpack_size,
    std::uint64_t max_output);

} // namespace pm::archive::seven_zip
