// Cross-checking a zip member's local header and data descriptor against its central directory
// header, and checking that the members tile the archive (PKWARE APPNOTE 6.3.x 4.3.6-4.3.9).
#pragma once

#include "archive/zip_directory.hpp"
#include "archive/zip_extra_field.hpp"

#include <array>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pm::archive {

/// Where one member lies: its local header offset and the offsets its span may end at (one
/// without a data descriptor; with one, each descriptor form that matches the central header).
struct MemberSpan {
    std::uint64_t start = 0;
    std::array<std::uint64_t, 4> ends{};
    std::size_t end_count = 0;

    std::span<const std::uint64_t> possible_ends() const { return {ends.data(), end_count}; }
};

/// Checks the local header of `entry` (whose central values are final, `data_offset` not yet set)
/// against the central header's raw name bytes and AE-x field. Sets `entry.data_offset` and
/// `entry.local_mod_time`. Everything the member occupies must lie before `cd_offset`.
std::expected<MemberSpan, std::string> check_local_header(std::span<const std::byte> data,
    std::uint64_t cd_offset, ZipEntry& entry, std::span<const std::byte> central_name,
    const std::optional<AesExtraField>& central_aes);

/// Checks that the spans, in offset order, cover [0, cd_offset) exactly: no prepended bytes, no
/// gap, no overlap. `spans` is reordered.
std::expected<void, std::string> check_members_tile(std::vector<MemberSpan>& spans, std::uint64_t cd_offset);

} // namespace pm::archive
