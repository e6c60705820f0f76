// What an archive reader proves about one archive: facts for policy/, members for recursion.
#pragma once

#include "core/finding.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace pm::archive {

/// Bounds for reading one archive. Sizes read from the input are checked against these before
/// anything is allocated.
struct ArchiveLimits {
    std::uint64_t max_members = 10000;
    std::uint64_t max_header_bytes = 16ull << 20;    ///< decoded 7z header / zip central directory
    std::uint64_t max_extract_bytes = 64ull << 20;   ///< total unpacked bytes of a plain archive
    std::uint64_t max_member_bytes = 32ull << 20;    ///< one unpacked member
};

/// One member as the archive lists it.
struct MemberInfo {
    std::string name;  ///< empty when the names are encrypted; UTF-8
    std::uint64_t unpacked_size = 0;
    bool directory = false;
    bool encrypted = false;
    Cipher cipher = Cipher::none;
    bool has_data = true;  ///< 7z kEmptyStream members have no data
};

struct ArchiveReport {
    ArchiveFacts facts;
    std::vector<MemberInfo> members;  ///< empty when names are encrypted (7z -mhe=on)
};

/// A report, or why the encryption cannot be proved either way (truncated, bad CRC, unknown
/// coder, inconsistent directory): "could not tell" is never "encrypted".
using ArchiveRead = std::expected<ArchiveReport, std::string>;

/// A readable member of a plain (unencrypted) archive, unpacked.
struct ExtractedMember {
    std::string name;
    std::string data;
};

using ArchiveExtract = std::expected<std::vector<ExtractedMember>, std::string>;

/// Tries one candidate password against one archive. Implementations cache what they derive
/// (per salt, cycles and candidate) for the life of the object, which is one message.
class PasswordCheck {
public:
    virtual ~PasswordCheck() = default;
    /// True only when the candidate is *proved* to decrypt the archive (integrity check passed).
    virtual bool opens(std::string_view candidate) = 0;
};

} // namespace pm::archive
