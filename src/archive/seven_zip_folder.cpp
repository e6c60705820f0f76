// 7z "Folder" (DOC/7zFormat.txt): coders, bind pairs and packed streams, validated as a graph.
#include "archive/seven_zip_bits.hpp"
#include "archive/seven_zip_header.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pm::archive::seven_zip {

namespace {

/// Walks from coder `start` along outputs to the main coder; false on a cycle.
bool reaches_main(const Folder& folder, std::uint32_t start)
{
    std::uint32_t coder = start;
    for (std::size_t step = 0; step <= folder.coders.size(); ++step) {
        const auto input = folder.input_fed_by(coder);
        if (!input) {
            return coder == folder.main_coder;
        }
        coder = folder.coder_of_input(*input).first;
    }
    return false;
}

} // namespace

// 7zFormat.txt "Folder".
Parsed<Folder> parse_folder(ByteReader& in)
{
    Folder folder;
    const auto coder_count = read_count(in, max_folder_coders, "coders in a folder");
    if (!coder_count) {
        return std::unexpected(coder_count.error());
    }
    if (*coder_count == 0) {
        return std::unexpected("folder without coders");
    }
    std::uint64_t total_in = 0;
    for (std::uint64_t i = 0; i < *coder_count; ++i) {
        const auto flags = in.u8();
        if (!flags) {
            return std::unexpected("truncated header: coder");
        }
        // bits 0-3 id size, 4 complex coder, 5 attributes, 6 reserved, 7 alternative methods.
        if ((*flags & 0xC0) != 0) {
            return std::unexpected("unsupported coder flags (alternative methods)");
        }
        const unsigned id_size = *flags & 0x0F;
        if (id_size > 8) {
            return std::unexpected("coder id longer than 8 bytes");
        }
        Coder coder;
        for (unsigned b = 0; b < id_size; ++b) {
            const auto byte = in.u8();
            if (!byte) {
                return std::unexpected("truncated header: coder id");
            }
            coder.method = (coder.method << 8) | *byte;
        }
        if ((*flags & 0x10) != 0) {
            const auto ins = read_number(in);
            const auto outs = read_number(in);
            if (!ins || !outs) {
                return std::unexpected("truncated header: coder streams");
            }
            if (*outs != 1) {
                return std::unexpected(fmt::format(
                    "coder {} with {} outputs is not supported", method_name(coder.method), *outs));
            }
            if (*ins == 0 || *ins > max_folder_streams) {
                return std::unexpected(fmt::format("coder with {} inputs", *ins));
            }
            coder.in_streams = static_cast<std::uint32_t>(*ins);
        }
        if ((*flags & 0x20) != 0) {
            const auto size = read_number(in);
            if (!size) {
                return std::unexpected("truncated header: coder properties size");
            }
            const auto props = in.bytes(*size);
            if (!props) {
                return std::unexpected("truncated header: coder properties");
            }
            coder.properties.assign(props->begin(), props->end());
        }
        total_in += coder.in_streams;
        if (total_in > max_folder_streams) {
            return std::unexpected("too many coder streams in a folder");
        }
        folder.coders.push_back(std::move(coder));
    }
    const std::uint64_t bond_count = *coder_count - 1;
    if (total_in < bond_count + 1) {
        return std::unexpected("folder without a packed stream");
    }
    std::vector<bool> in_bound(static_cast<std::size_t>(total_in), false);
    std::vector<bool> out_bound(static_cast<std::size_t>(*coder_count), false);
    for (std::uint64_t i = 0; i < bond_count; ++i) {
        const auto in_index = read_number(in);
        const auto out_index = read_number(in);
        if (!in_index || !out_index) {
            return std::unexpected("truncated header: bind pair");
        }
        if (*in_index >= total_in || *out_index >= *coder_count || in_bound[*in_index]
            || out_bound[*out_index]) {
            return std::unexpected("invalid bind pair");
        }
        in_bound[*in_index] = true;
        out_bound[*out_index] = true;
        folder.bonds.push_back(
            Bond { static_cast<std::uint32_t>(*in_index), static_cast<std::uint32_t>(*out_index) });
    }
    const std::uint64_t packed_count = total_in - bond_count;
    if (packed_count == 1) {
        const auto free_input = std::ranges::find(in_bound, false);
        folder.packed_inputs.push_back(static_cast<std::uint32_t>(free_input - in_bound.begin()));
    } else {
        for (std::uint64_t i = 0; i < packed_count; ++i) {
            const auto index = read_number(in);
            if (!index) {
                return std::unexpected("truncated header: packed stream index");
            }
            if (*index >= total_in || in_bound[*index]) {
                return std::unexpected("invalid packed stream index");
            }
            in_bound[*index] = true;
            folder.packed_inputs.push_back(static_cast<std::uint32_t>(*index));
        }
    }
    folder.main_coder = static_cast<std::uint32_t>(std::ranges::find(out_bound, false) - out_bound.begin());
    for (std::uint32_t c = 0; c < folder.coders.size(); ++c) {
        if (!reaches_main(folder, c)) {
            return std::unexpected("folder coders form a cycle");
        }
    }
    return folder;
}

std::pair<std::uint32_t, std::uint32_t> Folder::coder_of_input(std::uint32_t in_index) const
{
    std::uint32_t first = 0;
    for (std::uint32_t c = 0; c < coders.size(); ++c) {
        if (in_index < first + coders[c].in_streams) {
            return { c, in_index - first };
        }
        first += coders[c].in_streams;
    }
    return { static_cast<std::uint32_t>(coders.size()), 0 }; // unreachable for a parsed folder
}

std::optional<std::uint32_t> Folder::input_fed_by(std::uint32_t coder) const
{
    for (const Bond& bond : bonds) {
        if (bond.out_index == coder) {
            return bond.in_index;
        }
    }
    return std::nullopt;
}

} // namespace pm::archive::seven_zip
