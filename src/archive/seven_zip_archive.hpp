// A 7z archive as its headers describe it: signature header, CRCs, layout and the (decoded) header.
#pragma once

#include "archive/seven_zip_header.hpp"

#include <cstddef>
#include <optional>
#include <span>

namespace pm::archive::seven_zip {

/// "SignatureHeader" is 32 bytes; packed stream positions count from its end.
inline constexpr std::uint64_t signature_header_size = 32;

/// The parts of one archive every 7z operation needs. Holds spans into the caller's bytes: the
/// data must outlive it.
struct Archive {
    std::span<const std::byte> data;
    /// The header, or nullopt when there is none to read: an empty archive, or a header encoded
    /// through 7zAES (-mhe=on), whose members then stay unknown.
    std::optional<Header> header;
    /// The kEncodedHeader streams (one folder), when the header was encoded.
    std::optional<StreamsInfo> header_streams;
    bool header_encrypted = false;

    /// The bytes of packed stream `index` of `streams`; the layout was checked on load, so this
    /// never leaves `data`.
    std::span<const std::byte> packed_stream(const StreamsInfo& streams, std::uint64_t index) const;
};

/// Checks the signature header (magic, version, StartHeaderCRC), bounds and NextHeaderCRC, then
/// parses the header, decoding a copy/LZMA/LZMA2 encoded header (folder CRC checked). A header
/// folder through 7zAES is left encrypted. Checks that the packed streams and the header fill
/// the file exactly: no byte is left unaccounted for (it could hold anything).
Parsed<Archive> load_archive(std::span<const std::byte> data, const ArchiveLimits& limits);

} // namespace pm::archive::seven_zip
