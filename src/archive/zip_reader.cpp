// read_zip: what the central directory proves about a zip's encryption, member by member.
#include "archive/zip_reader.hpp"

#include "archive/zip_directory.hpp"

#include <algorithm>

namespace pm::archive {

ArchiveRead read_zip(std::span<const std::byte> data, const ArchiveLimits& limits)
{
    const auto entries = read_zip_directory(data, limits);
    if (!entries) {
        return std::unexpected(entries.error());
    }
    ArchiveReport report;
    report.facts.format = ArchiveFormat::zip;
    report.facts.names_encrypted = false;  // zip names are always readable (no CD encryption here)
    report.facts.kdf_cycles_power = std::nullopt;  // AE-x: fixed PBKDF2 with 1000 iterations
    report.facts.member_count = entries->size();
    report.members.reserve(entries->size());

    std::size_t with_data = 0;
    std::size_t encrypted = 0;
    std::optional<Cipher> weakest;
    for (const ZipEntry& entry : *entries) {
        report.members.push_back(MemberInfo{entry.name, entry.uncompressed_size, entry.directory,
            entry.encrypted(), entry.cipher, entry.has_data});
        if (!entry.has_data) {
            continue;  // directories and empty files: nothing to read, nothing to protect
        }
        ++with_data;
        if (entry.encrypted()) {
            ++encrypted;
            // Cipher is ordered weakest first: zipcrypto < aes128 < aes192 < aes256.
            weakest = weakest ? std::min(*weakest, entry.cipher) : entry.cipher;
        }
    }
    report.facts.coverage = encrypted == 0 ? Coverage::none
        : encrypted == with_data           ? Coverage::all
                                           : Coverage::partial;
    report.facts.weakest_cipher = weakest.value_or(Cipher::none);
    return report;
}

} // namespace pm::archive
