// A minimal, bounded reader of OLE compound files ([MS-CFB]): directory tree and stream bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::protection {

/// [MS-CFB] 2.6.1 Object Type.
enum class CfbObjectType : std::uint8_t { unallocated = 0, storage = 1, stream = 2, root = 5 };

/// One directory entry ([MS-CFB] 2.6.1).
struct CfbEntry {
    /// The UTF-16 name with every code unit above 0x7F as byte 0xFF (we only look up ASCII
    /// names, control characters such as "\x06DataSpaces" included).
    std::string name;
    CfbObjectType type = CfbObjectType::unallocated;
    std::uint32_t left = 0;
    std::uint32_t right = 0;
    std::uint32_t child = 0;
    std::uint32_t start_sector = 0;
    std::uint64_t size = 0;
    bool valid_name = false;  ///< the name length field was even and at most 64 bytes
};

/// An opened compound file over borrowed bytes (they must outlive it). Opening reads the header,
/// the whole FAT (through the DIFAT), the directory, the mini FAT and the mini stream's chain,
/// each bounded by the file's own size; sector chains are checked for loops and for pointers
/// past the end. Immutable once opened: const methods are thread-safe.
class CompoundFile {
public:
    /// nullopt when `bytes` is not a compound file or its header, FAT, directory or mini FAT
    /// cannot be read (truncated, looping chain, impossible counts).
    static std::optional<CompoundFile> open(std::string_view bytes);

    const std::vector<CfbEntry>& entries() const { return m_entries; }

    /// Indexes of the entries directly under the storage at `storage` (0 is the root), in tree
    /// order. nullopt when that sibling tree is broken (loop, index out of range, unallocated
    /// entry, bad name).
    std::optional<std::vector<std::size_t>> children(std::size_t storage) const;

    /// The child of `storage` called `name` ([MS-CFB] 2.6.4: compared case-insensitively).
    std::optional<std::size_t> find_child(
        const std::vector<std::size_t>& children, std::string_view name) const;

    /// Bytes [offset, offset + length) of a stream, cut at its size. nullopt when its sector
    /// chain (or the mini stream's) is broken before that range ends.
    std::optional<std::string> read(const CfbEntry& stream, std::uint64_t offset, std::size_t length) const;

private:
    CompoundFile() = default;

    bool read_header();
    bool read_fat();
    bool read_directory();
    bool read_mini_fat();
    /// The sector, cut short when it is the file's last, partial one; nullopt past the end.
    /// Header-like sectors (FAT, DIFAT, directory, mini FAT) must be whole: callers check.
    std::optional<std::string_view> sector(std::uint32_t index) const;
    /// Follows `table` from `start` to ENDOFCHAIN; nullopt on a bad pointer or a chain longer
    /// than `max_links` or the table (a loop).
    std::optional<std::vector<std::uint32_t>> chain(
        const std::vector<std::uint32_t>& table, std::uint32_t start, std::uint64_t max_links) const;

    std::string_view m_bytes;
    unsigned m_major_version = 3;
    unsigned m_sector_shift = 9;
    std::uint64_t m_sector_size = 512;
    std::uint64_t m_sector_count = 0;  ///< whole sectors after the header
    std::uint32_t m_fat_sectors = 0;
    std::uint32_t m_first_directory_sector = 0;
    std::uint32_t m_first_mini_fat_sector = 0;
    std::uint32_t m_mini_fat_sectors = 0;
    std::uint32_t m_first_difat_sector = 0;
    std::uint32_t m_difat_sectors = 0;
    std::vector<std::uint32_t> m_fat;
    std::vector<std::uint32_t> m_mini_fat;
    std::vector<CfbEntry> m_entries;
    std::vector<std::uint32_t> m_mini_stream;  ///< the root entry's sector chain
};

} // namespace pm::protection
