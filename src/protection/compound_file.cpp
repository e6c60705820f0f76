// [MS-CFB] reader: header, FAT through the DIFAT, directory tree, mini stream; every read bounded.
#include "protection/compound_file.hpp"

#include "core/byte_reader.hpp"

#include <algorithm>

namespace pm::protection {

namespace {

// [MS-CFB] 2.1: special sector numbers.
constexpr std::uint32_t max_regular_sector = 0xFFFFFFFA;
constexpr std::uint32_t end_of_chain = 0xFFFFFFFE;
constexpr std::uint32_t free_sector = 0xFFFFFFFF;
constexpr std::uint32_t no_stream = 0xFFFFFFFF;  // 2.6.1 sibling/child "NOSTREAM"

constexpr std::string_view signature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
constexpr std::size_t header_difat_entries = 109;
constexpr std::uint64_t mini_sector_size = 64;      // 2.2: mini sector shift MUST be 6
constexpr std::uint64_t mini_stream_cutoff = 4096;  // 2.2: MUST be 0x00001000
constexpr std::uint64_t directory_entry_size = 128;
/// Directory entries read at most: far more than any document has; a sibling pointer past them
/// is a broken tree.
constexpr std::size_t max_directory_entries = 1 << 16;

char ascii_upper(char c)
{
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool same_name(std::string_view a, std::string_view b)
{
    return a.size() == b.size()
        && std::ranges::equal(a, b, [](char x, char y) { return ascii_upper(x) == ascii_upper(y); });
}

/// [MS-CFB] 2.6.1: Directory Entry Name (64 bytes of UTF-16LE) and its length in bytes, the
/// terminating null included.
void read_name(std::span<const std::byte> raw, std::uint16_t length, CfbEntry& entry)
{
    entry.valid_name = length <= 64 && length % 2 == 0;
    if (!entry.valid_name || length == 0) {
        return;
    }
    const std::size_t units = length / 2 - 1;
    for (std::size_t i = 0; i < units; ++i) {
        const unsigned unit
            = static_cast<unsigned>(raw[2 * i]) | (static_cast<unsigned>(raw[2 * i + 1]) << 8);
        entry.name += unit < 0x80 ? static_cast<char>(unit) : '\xFF';
    }
}

} // namespace

std::optional<CompoundFile> CompoundFile::open(std::string_view bytes)
{
    CompoundFile file;
    file.m_bytes = bytes;
    if (!file.read_header() || !file.read_fat() || !file.read_directory() || !file.read_mini_fat()) {
        return std::nullopt;
    }
    return file;
}

/// [MS-CFB] 2.2 Compound File Header.
bool CompoundFile::read_header()
{
    ByteReader in(m_bytes);
    const auto magic = in.bytes(signature.size());
    if (!magic || !std::ranges::equal(*magic, as_byte_span(signature))) {
        return false;
    }
    in.skip(16);  // header CLSID
    const auto minor = in.u16le();
    const auto major = in.u16le();
    const auto byte_order = in.u16le();
    const auto sector_shift = in.u16le();
    const auto mini_shift = in.u16le();
    if (!minor || !major || !byte_order || !sector_shift || !mini_shift || *byte_order != 0xFFFE
        || !((*major == 3 && *sector_shift == 9) || (*major == 4 && *sector_shift == 12))
        || *mini_shift != 6) {
        return false;
    }
    m_major_version = *major;
    m_sector_shift = *sector_shift;
    m_sector_size = std::uint64_t{1} << m_sector_shift;
    in.skip(6);  // reserved
    const auto directory_sectors = in.u32le();
    const auto fat_sectors = in.u32le();
    const auto first_directory = in.u32le();
    const auto transaction = in.u32le();
    const auto cutoff = in.u32le();
    const auto first_mini_fat = in.u32le();
    const auto mini_fat_sectors = in.u32le();
    const auto first_difat = in.u32le();
    const auto difat_sectors = in.u32le();
    if (!directory_sectors || !fat_sectors || !first_directory || !transaction || !cutoff || !first_mini_fat
        || !mini_fat_sectors || !first_difat || !difat_sectors || *cutoff != mini_stream_cutoff) {
        return false;
    }
    // The header occupies sector "-1": version 4 pads it to 4096 bytes.
    if (m_bytes.size() < m_sector_size) {
        return false;
    }
    m_sector_count = (m_bytes.size() - m_sector_size + m_sector_size - 1) / m_sector_size;
    // Counts that more sectors than the file holds cannot be true.
    if (*fat_sectors > m_sector_count || *mini_fat_sectors > m_sector_count
        || *difat_sectors > m_sector_count) {
        return false;
    }
    m_fat_sectors = *fat_sectors;
    m_first_directory_sector = *first_directory;
    m_first_mini_fat_sector = *first_mini_fat;
    m_mini_fat_sectors = *mini_fat_sectors;
    m_first_difat_sector = *first_difat;
    m_difat_sectors = *difat_sectors;
    return true;
}

std::optional<std::string_view> CompoundFile::sector(std::uint32_t index) const
{
    if (index > max_regular_sector || index >= m_sector_count) {
        return std::nullopt;
    }
    const std::uint64_t offset = (std::uint64_t{index} + 1) << m_sector_shift;
    // The last sector may be cut short (writers that do not pad): callers check the size.
    return m_bytes.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(m_sector_size));
}

/// [MS-CFB] 2.5 (DIFAT) and 2.3 (FAT): the FAT sector numbers come from the header's 109 DIFAT
/// entries, then from a chain of DIFAT sectors whose last entry points to the next one.
bool CompoundFile::read_fat()
{
    std::vector<std::uint32_t> fat_locations;
    ByteReader header(m_bytes);
    header.seek(76);
    for (std::size_t i = 0; i < header_difat_entries && fat_locations.size() < m_fat_sectors; ++i) {
        const auto location = header.u32le();
        if (!location) {
            return false;
        }
        fat_locations.push_back(*location);
    }
    std::uint32_t next = m_first_difat_sector;
    const std::uint64_t per_difat_sector = m_sector_size / 4 - 1;
    for (std::uint32_t visited = 0; fat_locations.size() < m_fat_sectors; ++visited) {
        if (visited >= m_difat_sectors) {
            return false;  // the DIFAT chain is shorter than the FAT it must describe (or loops)
        }
        const auto data = sector(next);
        if (!data || data->size() != m_sector_size) {
            return false;
        }
        ByteReader in(*data);
        for (std::uint64_t i = 0; i < per_difat_sector && fat_locations.size() < m_fat_sectors; ++i) {
            fat_locations.push_back(in.u32le().value_or(free_sector));
        }
        in.seek(per_difat_sector * 4);
        next = in.u32le().value_or(end_of_chain);
    }
    m_fat.reserve(static_cast<std::size_t>(m_fat_sectors * (m_sector_size / 4)));
    for (const std::uint32_t location : fat_locations) {
        const auto data = sector(location);
        if (!data || data->size() != m_sector_size) {
            return false;
        }
        ByteReader in(*data);
        while (const auto entry = in.u32le()) {
            m_fat.push_back(*entry);
        }
    }
    return true;
}

std::optional<std::vector<std::uint32_t>> CompoundFile::chain(
    const std::vector<std::uint32_t>& table, std::uint32_t start, std::uint64_t max_links) const
{
    std::vector<std::uint32_t> sectors;
    // A chain without a loop visits each table entry at most once.
    const std::uint64_t limit = std::min<std::uint64_t>(max_links, table.size());
    for (std::uint32_t current = start; current != end_of_chain;) {
        if (current >= table.size() || sectors.size() >= limit) {
            return std::nullopt;
        }
        sectors.push_back(current);
        current = table[current];
    }
    return sectors;
}

/// [MS-CFB] 2.6: the directory is a chain of sectors of 128-byte entries; entry 0 is the root.
bool CompoundFile::read_directory()
{
    const auto sectors = chain(m_fat, m_first_directory_sector, m_sector_count);
    if (!sectors || sectors->empty()) {
        return false;
    }
    for (const std::uint32_t index : *sectors) {
        const auto data = sector(index);
        if (!data || data->size() != m_sector_size) {
            return false;
        }
        ByteReader in(*data);
        while (m_entries.size() < max_directory_entries) {
            auto raw = in.sub_reader(directory_entry_size);
            if (!raw) {
                break;
            }
            CfbEntry entry;
            const auto name = raw->bytes(64);
            const auto name_length = raw->u16le();
            const auto type = raw->u8();
            raw->skip(1);  // color
            const auto left = raw->u32le();
            const auto right = raw->u32le();
            const auto child = raw->u32le();
            raw->skip(16 + 4 + 8 + 8);  // CLSID, state bits, creation and modified times
            const auto start = raw->u32le();
            const auto size = raw->u64le();
            if (!name || !name_length || !type || !left || !right || !child || !start || !size) {
                return false;
            }
            read_name(*name, *name_length, entry);
            entry.type = *type == 1 || *type == 2 || *type == 5 ? static_cast<CfbObjectType>(*type)
                                                                : CfbObjectType::unallocated;
            entry.left = *left;
            entry.right = *right;
            entry.child = *child;
            entry.start_sector = *start;
            // 2.6.1: in version 3 files the high 32 bits of the size may hold garbage; ignore them.
            entry.size = m_major_version == 3 ? (*size & 0xFFFFFFFFu) : *size;
            m_entries.push_back(std::move(entry));
        }
    }
    return m_entries.front().type == CfbObjectType::root;
}

/// [MS-CFB] 2.4 (mini FAT) and 2.6.3: the mini stream is the root entry's stream.
bool CompoundFile::read_mini_fat()
{
    const CfbEntry& root = m_entries.front();
    if (m_mini_fat_sectors == 0 || m_first_mini_fat_sector == end_of_chain) {
        return true;  // no small streams at all
    }
    const auto sectors = chain(m_fat, m_first_mini_fat_sector, m_mini_fat_sectors);
    if (!sectors) {
        return false;
    }
    for (const std::uint32_t index : *sectors) {
        const auto data = sector(index);
        if (!data || data->size() != m_sector_size) {
            return false;
        }
        ByteReader in(*data);
        while (const auto entry = in.u32le()) {
            m_mini_fat.push_back(*entry);
        }
    }
    if (root.start_sector == end_of_chain || root.size == 0) {
        return true;
    }
    auto mini_stream = chain(m_fat, root.start_sector, m_sector_count);
    if (!mini_stream || mini_stream->size() < (root.size + m_sector_size - 1) / m_sector_size) {
        return false;
    }
    m_mini_stream = std::move(*mini_stream);
    return true;
}

std::optional<std::vector<std::size_t>> CompoundFile::children(std::size_t storage) const
{
    if (storage >= m_entries.size()) {
        return std::nullopt;
    }
    std::vector<std::size_t> out;
    std::vector<bool> seen(m_entries.size(), false);
    // 2.6.4: the children form a binary tree over left/right sibling pointers; walk it in order
    // with an explicit stack. Each entry may be visited once, so the walk is bounded.
    std::vector<std::uint32_t> stack;
    std::uint32_t current = m_entries[storage].child;
    while (current != no_stream || !stack.empty()) {
        while (current != no_stream) {
            if (current >= m_entries.size() || seen[current]) {
                return std::nullopt;
            }
            const CfbEntry& entry = m_entries[current];
            if (entry.type == CfbObjectType::unallocated || entry.type == CfbObjectType::root
                || !entry.valid_name) {
                return std::nullopt;
            }
            seen[current] = true;
            stack.push_back(current);
            current = entry.left;
        }
        const std::uint32_t index = stack.back();
        stack.pop_back();
        out.push_back(index);
        current = m_entries[index].right;
    }
    return out;
}

std::optional<std::size_t> CompoundFile::find_child(
    const std::vector<std::size_t>& children, std::string_view name) const
{
    for (const std::size_t index : children) {
        if (index < m_entries.size() && same_name(m_entries[index].name, name)) {
            return index;
        }
    }
    return std::nullopt;
}

std::optional<std::string> CompoundFile::read(
    const CfbEntry& stream, std::uint64_t offset, std::size_t length) const
{
    if (stream.type != CfbObjectType::stream) {
        return std::nullopt;
    }
    if (offset >= stream.size || length == 0) {
        return std::string{};
    }
    const std::uint64_t end = std::min<std::uint64_t>(stream.size, offset + length);
    // 2.6.3: a stream below the cutoff lives in the mini stream, in 64-byte mini sectors.
    const bool small = stream.size < mini_stream_cutoff;
    const std::vector<std::uint32_t>& table = small ? m_mini_fat : m_fat;
    const std::uint64_t unit = small ? mini_sector_size : m_sector_size;
    const std::uint64_t first_link = offset / unit;
    const std::uint64_t links_needed = (end + unit - 1) / unit;
    if (links_needed > table.size()) {
        return std::nullopt;  // longer than the table: the chain would have to loop
    }
    std::vector<std::uint32_t> links;
    std::uint32_t current = stream.start_sector;
    for (std::uint64_t i = 0; i < links_needed; ++i) {
        if (current >= table.size()) {
            return std::nullopt;  // ends early (ENDOFCHAIN), free, or points past the table
        }
        if (i >= first_link) {
            links.push_back(current);
        }
        current = table[current];
    }
    std::string out;
    out.reserve(static_cast<std::size_t>(end - offset));
    for (std::uint64_t position = offset; position < end;) {
        const std::uint32_t link = links[static_cast<std::size_t>(position / unit - first_link)];
        const std::uint64_t within = position % unit;
        const std::uint64_t take = std::min(unit - within, end - position);
        std::optional<std::string_view> host;
        std::uint64_t host_offset = within;
        if (small) {
            // Mini sector n is at offset n * 64 of the mini stream (2.4).
            const std::uint64_t mini_offset = std::uint64_t{link} * mini_sector_size + within;
            const std::uint64_t big = mini_offset / m_sector_size;
            if (big >= m_mini_stream.size()) {
                return std::nullopt;
            }
            host = sector(m_mini_stream[static_cast<std::size_t>(big)]);
            host_offset = mini_offset % m_sector_size;
        } else {
            host = sector(link);
        }
        if (!host || host->size() < host_offset + take) {
            return std::nullopt;
        }
        out.append(host->substr(static_cast<std::size_t>(host_offset), static_cast<std::size_t>(take)));
        position += take;
    }
    return out;
}

} // namespace pm::protection
