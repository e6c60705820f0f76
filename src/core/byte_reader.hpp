// Bounds-checked reading of untrusted binary data: every read says whether the bytes were there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace pm {

/// A cursor over borrowed bytes (the span must outlive the reader). Every read either returns
/// the value and advances, or returns nullopt/false and leaves the position unchanged; nothing
/// ever reads outside the span. Sizes read from the input must be checked with `has()` or
/// `bytes()` before use: never trust them.
class ByteReader {
public:
    explicit ByteReader(std::span<const std::byte> data) : m_data(data) {}
    explicit ByteReader(std::string_view data)
        : m_data(reinterpret_cast<const std::byte*>(data.data()), data.size())
    {
    }

    std::size_t size() const { return m_data.size(); }
    std::size_t position() const { return m_pos; }
    std::size_t remaining() const { return m_data.size() - m_pos; }
    bool has(std::uint64_t n) const { return n <= remaining(); }
    bool at_end() const { return m_pos == m_data.size(); }

    /// Moves to an absolute offset; false (and no move) past the end.
    bool seek(std::uint64_t offset);
    bool skip(std::uint64_t n);

    std::optional<std::uint8_t> u8();
    std::optional<std::uint16_t> u16le();
    std::optional<std::uint32_t> u32le();
    std::optional<std::uint64_t> u64le();
    /// The next `n` bytes as a sub-span (no copy).
    std::optional<std::span<const std::byte>> bytes(std::uint64_t n);
    /// A reader over the next `n` bytes, advancing past them.
    std::optional<ByteReader> sub_reader(std::uint64_t n);

    /// Everything from `offset` to the end, or empty past the end.
    std::span<const std::byte> tail(std::uint64_t offset) const;

private:
    std::span<const std::byte> m_data;
    std::size_t m_pos = 0;
};

/// Views a byte string as bytes.
inline std::span<const std::byte> as_byte_span(std::string_view s)
{
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

} // namespace pm
