// Test-side OLE compound files ([MS-CFB] version 3) built from named streams and storages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pm::test {

/// One directory entry to write: a stream (`bytes`) or, with `storage`, a storage holding
/// `children`. Names are ASCII; control characters are fine ("\x06" "DataSpaces").
struct CfbNode {
    std::string name;
    std::string bytes;
    bool storage = false;
    std::vector<CfbNode> children;
};

/// A stream node.
CfbNode cfb_stream(std::string name, std::string bytes);
/// A storage node.
CfbNode cfb_storage(std::string name, std::vector<CfbNode> children);

/// A version-3 compound file (512-byte sectors) whose root storage holds `root_children`, laid
/// out as [FAT][directory][mini FAT][mini stream][large streams]; streams under 4096 bytes go to
/// the mini stream as [MS-CFB] requires; sibling trees are balanced. Deterministic. Throws
/// std::runtime_error past 109 FAT sectors (about 7 MiB).
std::string make_cfb(const std::vector<CfbNode>& root_children);

/// Sets FAT entry `sector` of a file made by make_cfb (to make loops and bad pointers).
void set_fat_entry(std::string& cfb, std::uint32_t sector, std::uint32_t value);

/// The header's first directory sector.
std::uint32_t first_directory_sector(const std::string& cfb);

/// File offset of directory entry `index` (entries in the first directory sector only).
std::size_t directory_entry_offset(const std::string& cfb, std::uint32_t index);

/// Writes a little-endian u16/u32 at `offset` (grows nothing: throws past the end).
void put_u16(std::string& bytes, std::size_t offset, std::uint16_t value);
void put_u32(std::string& bytes, std::size_t offset, std::uint32_t value);

} // namespace pm::test
