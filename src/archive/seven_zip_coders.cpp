// 7z coders: folder chains, 7zAES properties (7zAes.cpp semantics), CRC-32 (zlib) and
// copy/LZMA/LZMA2 decoding through liblzma's raw decoder.
#include "archive/seven_zip_coders.hpp"

#include <fmt/format.h>
#include <lzma.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace pm::archive::seven_zip {

Parsed<AesProperties> parse_aes_properties(std::span<const std::byte> properties)
{
    if (properties.empty()) {
        return std::unexpected("7zAES coder without properties");
    }
    AesProperties out;
    const auto b0 = static_cast<unsigned>(properties[0]);
    out.cycles_power = b0 & 0x3F;
    if ((b0 & 0xC0) == 0) {
        if (properties.size() != 1) {
            return std::unexpected("7zAES properties have the wrong size");
        }
        return out;
    }
    if (properties.size() < 2) {
        return std::unexpected("7zAES properties are truncated");
    }
    const auto b1 = static_cast<unsigned>(properties[1]);
    const std::size_t salt_size = ((b0 >> 7) & 1) + (b1 >> 4);
    const std::size_t iv_size = ((b0 >> 6) & 1) + (b1 & 0x0F);
    if (properties.size() != 2 + salt_size + iv_size) {
        return std::unexpected("7zAES properties have the wrong size");
    }
    out.salt.assign(properties.begin() + 2, properties.begin() + 2 + static_cast<std::ptrdiff_t>(salt_size));
    for (std::size_t i = 0; i < iv_size; ++i) {
        out.iv[i] = static_cast<unsigned char>(properties[2 + salt_size + i]);
    }
    out.iv_size = iv_size;
    return out;
}

Parsed<std::vector<AesProperties>> folder_aes_properties(const Folder& folder, unsigned max_cycles_power)
{
    std::vector<AesProperties> out;
    for (const Coder& coder : folder.coders) {
        if (coder.method != method_aes) {
            continue;
        }
        if (coder.in_streams != 1) {
            return std::unexpected("7zAES coder with several inputs");
        }
        auto props = parse_aes_properties(coder.properties);
        if (!props) {
            return std::unexpected(props.error());
        }
        if (props->cycles_power > max_cycles_power && props->cycles_power != cycles_power_no_stretching) {
            // 7-Zip refuses these too (k_NumCyclesPower_Supported_MAX = 24): nobody can open them,
            // and a proof would cost up to 2^62 SHA-256 rounds per candidate.
            return std::unexpected(fmt::format(
                "7zAES NumCyclesPower {} is above the supported {}", props->cycles_power, max_cycles_power));
        }
        out.push_back(std::move(*props));
    }
    return out;
}

std::uint32_t crc32(std::span<const std::byte> data)
{
    uLong crc = ::crc32(0L, Z_NULL, 0);
    const auto* p = reinterpret_cast<const Bytef*>(data.data());
    std::size_t left = data.size();
    while (left > 0) {
        const auto chunk = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
        crc = ::crc32(crc, p, chunk);
        p += chunk;
        left -= chunk;
    }
    return static_cast<std::uint32_t>(crc);
}

std::uint32_t crc32(std::string_view data)
{
    return crc32(std::span(reinterpret_cast<const std::byte*>(data.data()), data.size()));
}

FolderEncryption folder_encryption(const Folder& folder)
{
    std::size_t encrypted = 0;
    for (const std::uint32_t input : folder.packed_inputs) {
        std::uint32_t coder = folder.coder_of_input(input).first;
        bool through_aes = false;
        // Parsed folders are acyclic: the walk reaches the main coder within coders.size() steps.
        for (std::size_t step = 0; step <= folder.coders.size() && coder < folder.coders.size(); ++step) {
            through_aes = through_aes || folder.coders[coder].method == method_aes;
            const auto next = folder.input_fed_by(coder);
            if (!next) {
                break;
            }
            coder = folder.coder_of_input(*next).first;
        }
        encrypted += through_aes ? 1 : 0;
    }
    if (encrypted == 0) {
        return FolderEncryption::none;
    }
    return encrypted == folder.packed_inputs.size() ? FolderEncryption::all : FolderEncryption::partial;
}

std::optional<std::vector<std::uint32_t>> linear_chain(const Folder& folder)
{
    if (folder.packed_inputs.size() != 1) {
        return std::nullopt;
    }
    std::vector<std::uint32_t> chain;
    std::uint32_t coder = folder.coder_of_input(folder.packed_inputs[0]).first;
    for (std::size_t step = 0; step < folder.coders.size() && coder < folder.coders.size(); ++step) {
        if (folder.coders[coder].in_streams != 1) {
            return std::nullopt;
        }
        chain.push_back(coder);
        const auto next = folder.input_fed_by(coder);
        if (!next) {
            return chain.size() == folder.coders.size() ? std::optional(chain) : std::nullopt;
        }
        coder = folder.coder_of_input(*next).first;
    }
    return std::nullopt;
}

bool is_decodable(std::uint64_t method)
{
    return method == method_copy || method == method_lzma || method == method_lzma2;
}

namespace {

Parsed<Decoded> decode_lzma(
    const Coder& coder, std::span<const std::byte> input, std::uint64_t unpack_size, std::uint64_t target)
{
    lzma_filter filters[2] = {};
    filters[0].id = coder.method == method_lzma ? LZMA_FILTER_LZMA1 : LZMA_FILTER_LZMA2;
    filters[1].id = LZMA_VLI_UNKNOWN;
    if (lzma_properties_decode(&filters[0], nullptr,
            reinterpret_cast<const std::uint8_t*>(coder.properties.data()), coder.properties.size())
        != LZMA_OK) {
        return std::unexpected(fmt::format("invalid {} properties", method_name(coder.method)));
    }
    // liblzma allocated the options with malloc (no allocator given).
    const std::unique_ptr<void, decltype(&std::free)> options(filters[0].options, &std::free);
    auto* lzma = static_cast<lzma_options_lzma*>(filters[0].options);
    // A dictionary larger than the output can never be used: no distance may reach before the
    // first byte. Capping it keeps a hostile 4 GiB dictionary size from being allocated.
    lzma->dict_size = static_cast<std::uint32_t>(
        std::max<std::uint64_t>(LZMA_DICT_SIZE_MIN, std::min<std::uint64_t>(lzma->dict_size, target)));
    if (coder.method == method_lzma) {
        // 7z knows each LZMA stream's size; an end marker is allowed but not required.
        filters[0].id = LZMA_FILTER_LZMA1EXT;
        lzma->ext_flags = LZMA_LZMA1EXT_ALLOW_EOPM;
        lzma->ext_size_low = static_cast<std::uint32_t>(unpack_size);
        lzma->ext_size_high = static_cast<std::uint32_t>(unpack_size >> 32);
    }
    lzma_stream stream = LZMA_STREAM_INIT;
    if (lzma_raw_decoder(&stream, filters) != LZMA_OK) {
        lzma_end(&stream);
        return std::unexpected(fmt::format("unsupported {} properties", method_name(coder.method)));
    }
    const std::unique_ptr<lzma_stream, decltype(&lzma_end)> guard(&stream, &lzma_end);
    Decoded out;
    stream.next_in = reinterpret_cast<const std::uint8_t*>(input.data());
    stream.avail_in = input.size();
    // The output grows as it is produced: a wrong key fails within bytes, and must not first
    // pay for zeroing a buffer of the whole declared size.
    std::size_t produced = 0;
    for (std::size_t calls = 0; calls < 1024 && produced < target; ++calls) {
        if (produced == out.bytes.size()) {
            out.bytes.resize(static_cast<std::size_t>(
                std::min<std::uint64_t>(target, std::max<std::uint64_t>(64 * 1024, 2 * out.bytes.size()))));
        }
        stream.next_out = reinterpret_cast<std::uint8_t*>(out.bytes.data()) + produced;
        stream.avail_out = out.bytes.size() - produced;
        const std::size_t in_before = stream.avail_in;
        const lzma_ret ret = lzma_code(&stream, LZMA_RUN);
        const std::size_t made = out.bytes.size() - produced - stream.avail_out;
        produced += made;
        if (ret == LZMA_STREAM_END) {
            break;
        }
        if (ret == LZMA_BUF_ERROR || (ret == LZMA_OK && in_before == stream.avail_in && made == 0)) {
            break; // input ran out
        }
        if (ret != LZMA_OK) {
            return std::unexpected(
                fmt::format("{} data error", coder.method == method_lzma2 ? "LZMA2" : "LZMA"));
        }
    }
    out.bytes.resize(produced);
    out.complete = out.bytes.size() == unpack_size;
    return out;
}

} // namespace

Parsed<Decoded> decode_coder(
    const Coder& coder, std::span<const std::byte> input, std::uint64_t unpack_size, std::uint64_t max_output)
{
    const std::uint64_t target = std::min(unpack_size, max_output);
    if (coder.method == method_copy) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(target, input.size()));
        Decoded out;
        out.bytes.assign(reinterpret_cast<const char*>(input.data()), n);
        out.complete = n == unpack_size;
        return out;
    }
    if (coder.method == method_lzma || coder.method == method_lzma2) {
        if (target == 0) {
            return Decoded { {}, unpack_size == 0 };
        }
        return decode_lzma(coder, input, unpack_size, target);
    }
    return std::unexpected(fmt::format("unsupported coder {}", method_name(coder.method)));
}

} // namespace pm::archive::seven_zip
