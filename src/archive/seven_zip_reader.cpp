// read_seven_zip: encryption facts of a 7z archive from its headers alone (never the packed data).
#include "archive/seven_zip_reader.hpp"

#include "archive/seven_zip_archive.hpp"
#include "archive/seven_zip_coders.hpp"

#include <algorithm>

namespace pm::archive {

namespace {

using namespace seven_zip;

void lower_kdf(ArchiveFacts& facts, const std::vector<AesProperties>& aes)
{
    for (const AesProperties& props : aes) {
        const int power = props.effective_cycles_power();
        facts.kdf_cycles_power = std::min(facts.kdf_cycles_power.value_or(power), power);
    }
}

/// Members and coverage from a readable header.
ArchiveRead report_header(const Header& header, const ArchiveLimits& limits, ArchiveReport report)
{
    std::vector<FolderEncryption> folder_state;
    std::size_t data_folders = 0;
    std::size_t encrypted_folders = 0;
    std::size_t touched_folders = 0; // some packed stream through 7zAES
    if (header.main_streams) {
        const StreamsInfo& streams = *header.main_streams;
        for (const Folder& folder : streams.folders) {
            const auto aes = folder_aes_properties(folder, limits.max_kdf_cycles_power);
            if (!aes) {
                return std::unexpected(aes.error());
            }
            lower_kdf(report.facts, *aes);
            const FolderEncryption state = folder_encryption(folder);
            folder_state.push_back(state);
            std::uint64_t packed = 0;
            for (std::size_t i = 0; i < folder.packed_inputs.size(); ++i) {
                packed += streams.pack_sizes[folder.first_packed_stream + i]; // bounded by the layout check
            }
            // A folder with bytes on disk counts, whether or not any file claims them.
            if (packed > 0 || folder.unpack_size() > 0) {
                ++data_folders;
                encrypted_folders += state == FolderEncryption::all ? 1 : 0;
                touched_folders += state != FolderEncryption::none ? 1 : 0;
            }
        }
    }
    if (data_folders == 0 || touched_folders == 0) {
        report.facts.coverage = Coverage::none; // kEmptyStream members have no data to encrypt
    } else {
        report.facts.coverage = encrypted_folders == data_folders ? Coverage::all : Coverage::partial;
    }
    // 7zAES is always AES-256.
    report.facts.weakest_cipher = touched_folders > 0 ? Cipher::aes256 : Cipher::none;

    const auto streams = map_file_streams(header);
    if (!streams) {
        return std::unexpected(streams.error());
    }
    for (std::size_t i = 0; i < header.files.size(); ++i) {
        const FileEntry& file = header.files[i];
        MemberInfo member;
        member.name = file.name;
        member.directory = file.is_directory;
        member.has_data = file.has_stream;
        if (const auto& where = (*streams)[i]) {
            member.unpacked_size = header.main_streams->substream_sizes[where->stream];
            member.encrypted = folder_state[where->folder] == FolderEncryption::all;
            member.cipher = member.encrypted ? Cipher::aes256 : Cipher::none;
        }
        report.members.push_back(std::move(member));
    }
    report.facts.member_count = report.members.size();
    return report;
}

} // namespace

ArchiveRead read_seven_zip(std::span<const std::byte> data, const ArchiveLimits& limits)
{
    auto archive = load_archive(data, limits);
    if (!archive) {
        return std::unexpected(archive.error());
    }
    ArchiveReport report;
    report.facts.format = ArchiveFormat::seven_zip;
    if (archive->header_encrypted) {
        // -mhe=on: structure and names are only reachable through the AES-256 header folder.
        // What lies in the packed streams is unknown until a password opens the header.
        const Folder& folder = archive->header_streams->folders.front();
        if (folder_encryption(folder) != FolderEncryption::all) {
            return std::unexpected("header folder is only partly encrypted");
        }
        const auto aes = folder_aes_properties(folder, limits.max_kdf_cycles_power);
        if (!aes) {
            return std::unexpected(aes.error());
        }
        report.facts.names_encrypted = true;
        report.facts.coverage = Coverage::all;
        report.facts.weakest_cipher = Cipher::aes256;
        lower_kdf(report.facts, *aes);
        return report;
    }
    if (!archive->header) {
        return report; // empty archive: nothing stored, nothing encrypted
    }
    return report_header(*archive->header, limits, std::move(report));
}

} // namespace pm::archive
