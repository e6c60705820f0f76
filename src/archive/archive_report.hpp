// What an archive reader proves about one archive: facts for policy/, members for recursion.
#pragma once

#include "core/finding.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace pm::archive {

/// Bounds for reading one archive. Sizes read from the input are checked against these before
/// anything is allocated.
struct ArchiveLimits {
    std::uint64_t max_members = 10000;
    std::uint64_t max_header_bytes = 16ull << 20;    ///< decoded 7z header / zip central directory
    std::uint64_t max_extract_bytes = 64ull << 20;   ///< total unpacked bytes of a plain archive
    std::uint64_t max_member_bytes = 32ull << 20;    ///< one unpacked member
    /// 7z: the highest 7zAES NumCyclesPower accepted (2^N SHA-256 rounds per password tried).
    /// 7-Zip itself refuses to open archives above 24, so the reader reports those as
    /// unverifiable and no password proof ever runs a larger key derivation.
    unsigned max_kdf_cycles_power = 24;
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
    /// Why no candidate can be proved for this archive (e.g. "not proved: member too large"), or
    /// empty. When non-empty, opens() is always false: "not proved", never "does not open".
    virtual std::string_view unprovable_reason() const { return {}; }
};

} // namespace pm::archive
