// ByteReader: little-endian integers and sub-spans, all bounds-checked.
#include "core/byte_reader.hpp"

namespace pm {

bool ByteReader::seek(std::uint64_t offset)
{
    if (offset > m_data.size()) {
        return false;
    }
    m_pos = static_cast<std::size_t>(offset);
    return true;
}

bool ByteReader::skip(std::uint64_t n)
{
    if (!has(n)) {
        return false;
    }
    m_pos += static_cast<std::size_t>(n);
    return true;
}

std::optional<std::uint8_t> ByteReader::u8()
{
    if (!has(1)) {
        return std::nullopt;
    }
    return static_cast<std::uint8_t>(m_data[m_pos++]);
}

namespace {
template <class T>
std::optional<T> read_le(std::span<const std::byte> data, std::size_t& pos)
{
    if (data.size() - pos < sizeof(T)) {
        return std::nullopt;
    }
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        value |= static_cast<T>(static_cast<T>(static_cast<std::uint8_t>(data[pos + i])) << (8 * i));
    }
    pos += sizeof(T);
    return value;
}
} // namespace

std::optional<std::uint16_t> ByteReader::u16le()
{
    return read_le<std::uint16_t>(m_data, m_pos);
}

std::optional<std::uint32_t> ByteReader::u32le()
{
    return read_le<std::uint32_t>(m_data, m_pos);
}

std::optional<std::uint64_t> ByteReader::u64le()
{
    return read_le<std::uint64_t>(m_data, m_pos);
}

std::optional<std::span<const std::byte>> ByteReader::bytes(std::uint64_t n)
{
    if (!has(n)) {
        return std::nullopt;
    }
    const auto out = m_data.subspan(m_pos, static_cast<std::size_t>(n));
    m_pos += static_cast<std::size_t>(n);
    return out;
}

std::optional<ByteReader> ByteReader::sub_reader(std::uint64_t n)
{
    const auto span = bytes(n);
    if (!span) {
        return std::nullopt;
    }
    return ByteReader(*span);
}

std::span<const std::byte> ByteReader::tail(std::uint64_t offset) const
{
    if (offset >= m_data.size()) {
        return {};
    }
    return m_data.subspan(static_cast<std::size_t>(offset));
}

} // namespace pm
