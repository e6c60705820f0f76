// Stored and raw-deflate members through zlib (inflateInit2 with -15: no zlib header), capped.
#include "archive/zip_inflate.hpp"

#include "archive/zip_directory.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>

namespace pm::archive {

namespace {

constexpr std::size_t chunk_size = 64 * 1024;

// A raw-deflate zlib stream, ended on destruction.
class Inflater {
public:
    // APPNOTE 4.4.5 method 8 is a raw deflate stream (RFC 1951): negative window bits.
    Inflater()
        : m_ready(inflateInit2(&m_stream, -MAX_WBITS) == Z_OK)
    {
    }
    ~Inflater()
    {
        if (m_ready) {
            inflateEnd(&m_stream);
        }
    }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;

    bool ready() const { return m_ready; }
    z_stream& stream() { return m_stream; }

private:
    z_stream m_stream{};
    bool m_ready = false;
};

std::uint32_t crc_update(std::uint32_t crc, const unsigned char* bytes, std::size_t size)
{
    // zlib takes uInt lengths; feed in pieces so a size past 4 GiB cannot wrap.
    while (size > 0) {
        const auto piece = static_cast<uInt>(std::min<std::size_t>(size, std::numeric_limits<uInt>::max()));
        crc = static_cast<std::uint32_t>(crc32(crc, bytes, piece));
        bytes += piece;
        size -= piece;
    }
    return crc;
}

} // namespace

std::expected<void, UnpackError> unpack_member(std::span<const std::byte> packed, std::uint16_t method,
    std::uint64_t declared_size, std::uint32_t declared_crc, std::uint64_t max_output, std::string* output)
{
    const auto* in = reinterpret_cast<const unsigned char*>(packed.data());
    if (declared_size > max_output) {
        return std::unexpected(UnpackError::too_large);
    }
    if (method == zip_method::stored) {
        if (packed.size() != declared_size) {
            return std::unexpected(UnpackError::corrupt);
        }
        if (crc_update(0, in, packed.size()) != declared_crc) {
            return std::unexpected(UnpackError::bad_crc);
        }
        if (output) {
            output->append(reinterpret_cast<const char*>(in), packed.size());
        }
        return {};
    }
    if (method != zip_method::deflated) {
        return std::unexpected(UnpackError::unsupported_method);
    }
    Inflater inflater;
    if (!inflater.ready()) {
        return std::unexpected(UnpackError::corrupt);
    }
    z_stream& stream = inflater.stream();
    if (output) {
        // Deflate expands at most about 1032:1 (a 258-byte match can cost 2 bits): a declared
        // size beyond that is a lie, and must not make us reserve memory for it.
        const std::uint64_t plausible = static_cast<std::uint64_t>(packed.size()) * 1032 + 1024;
        output->reserve(output->size() + static_cast<std::size_t>(std::min(declared_size, plausible)));
    }
    std::array<unsigned char, chunk_size> buffer{};
    std::uint64_t produced = 0;
    std::uint32_t crc = 0;
    std::size_t consumed = 0;
    // Each pass either consumes input or produces output (or ends): bounded by input + output.
    while (true) {
        const std::size_t available = packed.size() - consumed;
        stream.next_in = const_cast<unsigned char*>(in + consumed);  // zlib's API is not const-correct
        stream.avail_in
            = static_cast<uInt>(std::min<std::size_t>(available, std::numeric_limits<uInt>::max()));
        stream.next_out = buffer.data();
        stream.avail_out = static_cast<uInt>(buffer.size());
        const uInt avail_in_before = stream.avail_in;
        const int status = inflate(&stream, Z_NO_FLUSH);
        consumed += avail_in_before - stream.avail_in;
        const std::size_t out = buffer.size() - stream.avail_out;
        if (status != Z_OK && status != Z_STREAM_END && !(status == Z_BUF_ERROR && out > 0)) {
            return std::unexpected(UnpackError::corrupt);  // data error, or input ended mid-stream
        }
        if (out > declared_size - produced) {
            return std::unexpected(UnpackError::wrong_size);  // inflates past its declared size: stop
        }
        produced += out;
        crc = crc_update(crc, buffer.data(), out);
        if (output) {
            output->append(reinterpret_cast<const char*>(buffer.data()), out);
        }
        if (status == Z_STREAM_END) {
            break;
        }
        if (out == 0 && avail_in_before == stream.avail_in) {
            return std::unexpected(UnpackError::corrupt);  // no progress: truncated stream
        }
    }
    if (consumed != packed.size()) {
        return std::unexpected(UnpackError::corrupt);  // bytes after the end of the deflate stream
    }
    if (produced != declared_size) {
        return std::unexpected(UnpackError::wrong_size);
    }
    if (crc != declared_crc) {
        return std::unexpected(UnpackError::bad_crc);
    }
    return {};
}

} // namespace pm::archive
