// A small [MS-CFB] version 3 writer for tests: FAT, directory, mini FAT, mini stream, streams.
#include "support/cfb_writer.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace pm::test {

namespace {

constexpr std::uint32_t sector_size = 512;
constexpr std::uint32_t mini_sector_size = 64;
constexpr std::uint32_t mini_cutoff = 4096;
constexpr std::uint32_t end_of_chain = 0xFFFFFFFE;
constexpr std::uint32_t free_sector = 0xFFFFFFFF;
constexpr std::uint32_t fat_sector_mark = 0xFFFFFFFD;
constexpr std::uint32_t no_stream = 0xFFFFFFFF;
constexpr std::uint32_t entries_per_sector = sector_size / 4;

struct FlatEntry {
    std::string name;
    const std::string* bytes = nullptr;
    std::uint8_t type = 0;  // 1 storage, 2 stream, 5 root
    std::uint32_t left = no_stream;
    std::uint32_t right = no_stream;
    std::uint32_t child = no_stream;
    std::uint32_t start = end_of_chain;
    std::uint64_t size = 0;
};

char upper(char c)
{
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

/// [MS-CFB] 2.6.4: shorter names first, then code unit by code unit, upper-cased.
bool name_less(const std::string& a, const std::string& b)
{
    if (a.size() != b.size()) {
        return a.size() < b.size();
    }
    return std::ranges::lexicographical_compare(
        a, b, [](char x, char y) { return upper(x) < upper(y); });
}

class Flattener {
public:
    std::vector<FlatEntry> entries;

    /// Adds `children` and returns the index of their tree's root (or no_stream).
    std::uint32_t add(const std::vector<CfbNode>& children)
    {
        std::vector<const CfbNode*> sorted;
        for (const CfbNode& node : children) {
            sorted.push_back(&node);
        }
        std::ranges::sort(
            sorted, [](const CfbNode* a, const CfbNode* b) { return name_less(a->name, b->name); });
        std::vector<std::uint32_t> indexes;
        for (const CfbNode* node : sorted) {
            indexes.push_back(static_cast<std::uint32_t>(entries.size()));
            FlatEntry entry;
            entry.name = node->name;
            entry.type = node->storage ? 1 : 2;
            entry.bytes = node->storage ? nullptr : &node->bytes;
            entries.push_back(std::move(entry));
        }
        const std::uint32_t root = balance(indexes, 0, indexes.size());
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            if (sorted[i]->storage) {
                const std::uint32_t child = add(sorted[i]->children);
                entries[indexes[i]].child = child;
            }
        }
        return root;
    }

private:
    std::uint32_t balance(const std::vector<std::uint32_t>& indexes, std::size_t lo, std::size_t hi)
    {
        if (lo >= hi) {
            return no_stream;
        }
        const std::size_t mid = lo + (hi - lo) / 2;
        const std::uint32_t left = balance(indexes, lo, mid);
        const std::uint32_t right = balance(indexes, mid + 1, hi);
        entries[indexes[mid]].left = left;
        entries[indexes[mid]].right = right;
        return indexes[mid];
    }
};

std::uint32_t sectors_for(std::uint64_t bytes, std::uint32_t unit)
{
    return static_cast<std::uint32_t>((bytes + unit - 1) / unit);
}

void append_u16(std::string& out, std::uint16_t value)
{
    out += static_cast<char>(value & 0xFF);
    out += static_cast<char>(value >> 8);
}

void append_u32(std::string& out, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i) {
        out += static_cast<char>((value >> (8 * i)) & 0xFF);
    }
}

void append_u64(std::string& out, std::uint64_t value)
{
    append_u32(out, static_cast<std::uint32_t>(value));
    append_u32(out, static_cast<std::uint32_t>(value >> 32));
}

void pad_to(std::string& out, std::size_t multiple, char fill = '\0')
{
    while (out.size() % multiple != 0) {
        out += fill;
    }
}

std::string directory_entry(const FlatEntry& entry)
{
    std::string out;
    if (entry.name.size() > 31) {
        throw std::runtime_error("CFB names hold at most 31 characters: " + entry.name);
    }
    for (const char c : entry.name) {
        append_u16(out, static_cast<std::uint8_t>(c));
    }
    out.resize(64, '\0');
    append_u16(out, entry.type == 0 ? 0 : static_cast<std::uint16_t>((entry.name.size() + 1) * 2));
    out += static_cast<char>(entry.type);
    out += static_cast<char>(1);  // black
    append_u32(out, entry.left);
    append_u32(out, entry.right);
    append_u32(out, entry.child);
    out.append(16 + 4 + 8 + 8, '\0');  // CLSID, state bits, times
    append_u32(out, entry.start);
    append_u64(out, entry.size);
    return out;
}

} // namespace

CfbNode cfb_stream(std::string name, std::string bytes)
{
    return CfbNode{.name = std::move(name), .bytes = std::move(bytes), .storage = false, .children = {}};
}

CfbNode cfb_storage(std::string name, std::vector<CfbNode> children)
{
    return CfbNode{.name = std::move(name), .bytes = {}, .storage = true, .children = std::move(children)};
}

std::string make_cfb(const std::vector<CfbNode>& root_children)
{
    Flattener flat;
    FlatEntry root;
    root.name = "Root Entry";
    root.type = 5;
    flat.entries.push_back(root);
    const std::uint32_t top = flat.add(root_children);
    flat.entries[0].child = top;

    // Mini stream: small streams, each in whole 64-byte mini sectors.
    std::vector<std::uint32_t> mini_fat;
    std::string mini_stream;
    std::vector<std::size_t> large;
    for (std::size_t i = 1; i < flat.entries.size(); ++i) {
        FlatEntry& entry = flat.entries[i];
        if (entry.type != 2) {
            continue;
        }
        entry.size = entry.bytes->size();
        if (entry.size == 0) {
            continue;
        }
        if (entry.size >= mini_cutoff) {
            large.push_back(i);
            continue;
        }
        const auto first = static_cast<std::uint32_t>(mini_fat.size());
        const std::uint32_t count = sectors_for(entry.size, mini_sector_size);
        for (std::uint32_t k = 0; k < count; ++k) {
            mini_fat.push_back(k + 1 == count ? end_of_chain : first + k + 1);
        }
        entry.start = first;
        mini_stream += *entry.bytes;
        pad_to(mini_stream, mini_sector_size);
    }

    const std::uint32_t directory_sectors = sectors_for(flat.entries.size() * 128, sector_size);
    const std::uint32_t mini_fat_sectors = sectors_for(mini_fat.size() * 4, sector_size);
    const std::uint32_t mini_stream_sectors = sectors_for(mini_stream.size(), sector_size);
    std::uint32_t other = directory_sectors + mini_fat_sectors + mini_stream_sectors;
    for (const std::size_t i : large) {
        other += sectors_for(flat.entries[i].size, sector_size);
    }
    std::uint32_t fat_sectors = 1;
    while (fat_sectors * entries_per_sector < fat_sectors + other) {
        ++fat_sectors;
    }
    if (fat_sectors > 109) {
        throw std::runtime_error("make_cfb: too large for a header-only DIFAT");
    }

    std::vector<std::uint32_t> fat(fat_sectors * entries_per_sector, free_sector);
    std::uint32_t next = 0;
    const auto allocate = [&](std::uint32_t count) {
        const std::uint32_t first = next;
        for (std::uint32_t k = 0; k < count; ++k) {
            fat[next] = k + 1 == count ? end_of_chain : next + 1;
            ++next;
        }
        return count == 0 ? end_of_chain : first;
    };
    for (std::uint32_t k = 0; k < fat_sectors; ++k) {
        fat[next++] = fat_sector_mark;
    }
    const std::uint32_t directory_start = allocate(directory_sectors);
    const std::uint32_t mini_fat_start = allocate(mini_fat_sectors);
    const std::uint32_t mini_stream_start = allocate(mini_stream_sectors);
    flat.entries[0].start = mini_stream_start;
    flat.entries[0].size = mini_stream.size();
    for (const std::size_t i : large) {
        flat.entries[i].start = allocate(sectors_for(flat.entries[i].size, sector_size));
    }

    // [MS-CFB] 2.2 header.
    std::string out("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    out.append(16, '\0');
    append_u16(out, 0x003E);
    append_u16(out, 3);
    append_u16(out, 0xFFFE);
    append_u16(out, 9);
    append_u16(out, 6);
    out.append(6, '\0');
    append_u32(out, 0);  // directory sectors: 0 in version 3
    append_u32(out, fat_sectors);
    append_u32(out, directory_start);
    append_u32(out, 0);
    append_u32(out, mini_cutoff);
    append_u32(out, mini_fat_sectors == 0 ? end_of_chain : mini_fat_start);
    append_u32(out, mini_fat_sectors);
    append_u32(out, end_of_chain);
    append_u32(out, 0);
    for (std::uint32_t k = 0; k < 109; ++k) {
        append_u32(out, k < fat_sectors ? k : free_sector);
    }

    for (const std::uint32_t entry : fat) {
        append_u32(out, entry);
    }
    for (const FlatEntry& entry : flat.entries) {
        out += directory_entry(entry);
    }
    while (out.size() % sector_size != 0) {
        out += directory_entry(FlatEntry{});  // unused entries: type 0, NOSTREAM siblings
    }
    for (const std::uint32_t entry : mini_fat) {
        append_u32(out, entry);
    }
    pad_to(out, sector_size, '\xFF');  // unused mini FAT entries are FREESECT
    out += mini_stream;
    pad_to(out, sector_size);
    for (const std::size_t i : large) {
        out += *flat.entries[i].bytes;
        pad_to(out, sector_size);
    }
    return out;
}

void put_u16(std::string& bytes, std::size_t offset, std::uint16_t value)
{
    if (offset + 2 > bytes.size()) {
        throw std::runtime_error("put_u16 past the end");
    }
    bytes[offset] = static_cast<char>(value & 0xFF);
    bytes[offset + 1] = static_cast<char>(value >> 8);
}

void put_u32(std::string& bytes, std::size_t offset, std::uint32_t value)
{
    if (offset + 4 > bytes.size()) {
        throw std::runtime_error("put_u32 past the end");
    }
    for (int i = 0; i < 4; ++i) {
        bytes[offset + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xFF);
    }
}

namespace {
std::uint32_t get_u32(const std::string& bytes, std::size_t offset)
{
    if (offset + 4 > bytes.size()) {
        throw std::runtime_error("get_u32 past the end");
    }
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i) {
        value = (value << 8) | static_cast<std::uint8_t>(bytes[offset + static_cast<std::size_t>(i)]);
    }
    return value;
}
} // namespace

void set_fat_entry(std::string& cfb, std::uint32_t sector, std::uint32_t value)
{
    const std::uint32_t fat_sector = get_u32(cfb, 76 + 4 * (sector / entries_per_sector));
    put_u32(cfb, (std::size_t{fat_sector} + 1) * sector_size + 4 * (sector % entries_per_sector), value);
}

std::uint32_t first_directory_sector(const std::string& cfb)
{
    return get_u32(cfb, 48);
}

std::size_t directory_entry_offset(const std::string& cfb, std::uint32_t index)
{
    return (std::size_t{first_directory_sector(cfb)} + 1) * sector_size + std::size_t{index} * 128;
}

} // namespace pm::test
