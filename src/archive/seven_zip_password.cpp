// seven_zip_password_check: proves that a candidate password decrypts a 7z archive (7zAES key,
// AES-256-CBC, then the next coder and a CRC) — never guesses.
#include "archive/seven_zip_archive.hpp"
#include "archive/seven_zip_bits.hpp"
#include "archive/seven_zip_coders.hpp"
#include "archive/seven_zip_key.hpp"
#include "archive/seven_zip_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace pm::archive {

namespace {

using namespace seven_zip;

// The proof rule, per encrypted folder (smallest packed size first, at most `max_targets`):
// decrypt at most `max_packed` bytes and decode at most `max_unpacked`, then
//  1. whole folder decoded: its CRC (folder CRC, or every sub-stream's) must match; for an
//     encrypted header the decoded bytes must also parse as a 7z header;
//  2. otherwise (a prefix): every sub-stream wholly inside the prefix that has a CRC must match;
//     or, behind LZMA/LZMA2, at least `min_prefix` bytes must decode without a data error
//     (random bytes fail an LZMA decoder long before that).
// CRCs count as evidence only for 32 bits in all: a CRC-32 over n < 4 bytes can be hit by a
// wrong key with chance 2^-8n, and an empty stream's CRC by every key. Anything else is "not
// proved".
constexpr std::uint64_t max_packed = 4ull << 20;
constexpr std::uint64_t max_unpacked = 16ull << 20;
constexpr std::uint64_t min_prefix = 64ull << 10;
constexpr std::size_t max_targets = 4;
/// Longer candidates are not tried: each round hashes the whole password, 2^19 times.
constexpr std::size_t max_password_bytes = 512; // UTF-16LE bytes: 256 code units
constexpr std::size_t max_cached = 4096;
constexpr unsigned min_check_bits = 32;
constexpr std::uint64_t min_header_without_crc = 16;

/// Bits of evidence a matching CRC-32 over `size` bytes gives.
unsigned crc_bits(std::uint64_t size)
{
    return size >= 4 ? 32 : static_cast<unsigned>(8 * size);
}

struct ProofTarget {
    AesProperties aes;
    std::span<const std::byte> packed;
    std::uint64_t aes_output = 0;
    std::optional<Coder> next; ///< the copy/LZMA/LZMA2 coder after 7zAES, if any
    std::uint64_t unpack_size = 0;
    std::optional<std::uint32_t> crc;
    std::vector<std::pair<std::uint64_t, std::optional<std::uint32_t>>> substreams; ///< size, CRC
    bool is_header = false;
};

/// Bits the sub-stream CRCs can give when the first `available` output bytes are known.
unsigned substream_bits(const ProofTarget& t, std::uint64_t available)
{
    unsigned bits = 0;
    std::uint64_t at = 0;
    for (const auto& [size, crc] : t.substreams) {
        if (size > available - at) {
            break;
        }
        bits += crc ? crc_bits(size) : 0;
        at += size;
    }
    return bits;
}

bool header_checkable(const ProofTarget& t)
{
    return t.crc ? t.unpack_size >= 4 : t.unpack_size >= min_header_without_crc;
}

/// Why the proof rule can never succeed for `t`, or empty when it can.
std::string unprovable(const ProofTarget& t)
{
    const bool whole = t.packed.size() <= max_packed && t.unpack_size <= max_unpacked;
    if (t.is_header) {
        if (!whole) {
            return "not proved: the encrypted header is larger than the proof decodes";
        }
        return header_checkable(t) ? "" : "not proved: the encrypted header is too small to check";
    }
    if (whole && t.crc && crc_bits(t.unpack_size) >= min_check_bits) {
        return {};
    }
    if (t.next && t.next->method != method_copy && t.unpack_size >= min_prefix) {
        return {};
    }
    // Stored data decodes to no more than the ciphertext the proof decrypts.
    const bool compressed = t.next && t.next->method != method_copy;
    const std::uint64_t window
        = std::min({ t.unpack_size, max_unpacked, compressed ? max_unpacked : max_packed - 16 });
    if (substream_bits(t, window) >= min_check_bits) {
        return {};
    }
    return t.unpack_size < 4 ? "not proved: too little encrypted data to check"
                             : "not proved: no CRC within the part of the folder the proof decodes";
}

/// A target for a folder shaped 7zAES [-> copy | LZMA | LZMA2], or why it cannot be one.
Parsed<ProofTarget> make_target(const Archive& archive, const StreamsInfo& streams, std::size_t index,
    const ArchiveLimits& limits, bool is_header)
{
    const Folder& folder = streams.folders[index];
    const auto aes = folder_aes_properties(folder, limits.max_kdf_cycles_power);
    if (!aes) {
        return std::unexpected(aes.error());
    }
    const auto chain = linear_chain(folder);
    if (!chain || chain->size() > 2 || folder.coders[chain->front()].method != method_aes
        || (chain->size() == 2 && !is_decodable(folder.coders[(*chain)[1]].method))) {
        return std::unexpected("not proved: 7zAES folder with a coder chain the proof cannot decode");
    }
    ProofTarget t;
    t.aes = aes->front();
    t.packed = archive.packed_stream(streams, folder.first_packed_stream);
    t.aes_output = folder.unpack_sizes[chain->front()];
    if (chain->size() == 2) {
        t.next = folder.coders[(*chain)[1]];
    }
    t.unpack_size = folder.unpack_size();
    t.crc = folder.crc;
    t.is_header = is_header;
    std::size_t stream = static_cast<std::size_t>(streams.first_substream[index]);
    for (std::uint64_t i = 0; i < streams.substream_counts[index]; ++i, ++stream) {
        t.substreams.emplace_back(streams.substream_sizes[stream], streams.substream_crcs[stream]);
    }
    if (t.packed.size() < 16 || t.aes_output == 0) {
        return std::unexpected("not proved: the encrypted folder is empty");
    }
    if (t.packed.size() % 16 != 0 || t.aes_output > t.packed.size()) {
        return std::unexpected("not proved: 7zAES packed stream size does not fit its output");
    }
    if (auto reason = unprovable(t); !reason.empty()) {
        return std::unexpected(std::move(reason));
    }
    return t;
}

class SevenZipPasswordCheck final : public PasswordCheck {
public:
    SevenZipPasswordCheck(std::vector<ProofTarget> targets, std::string reason, ArchiveLimits limits)
        : m_targets(std::move(targets))
        , m_reason(std::move(reason))
        , m_limits(limits)
    {
    }

    bool opens(std::string_view candidate) override
    {
        if (!m_reason.empty()) {
            return false;
        }
        const std::string candidate_key(candidate);
        if (const auto it = m_answers.find(candidate_key); it != m_answers.end()) {
            return it->second;
        }
        const bool answer = prove(candidate);
        if (m_answers.size() < max_cached) {
            m_answers.emplace(candidate_key, answer);
        }
        return answer;
    }

    std::string_view unprovable_reason() const override { return m_reason; }

private:
    bool prove(std::string_view candidate)
    {
        const auto password = utf8_to_utf16le(candidate);
        if (!password || password->size() > max_password_bytes) {
            return false;
        }
        return std::ranges::any_of(m_targets, [&](const ProofTarget& t) {
            const auto key = key_for(t.aes, *password);
            return key && proves(t, *key);
        });
    }

    std::optional<AesKey> key_for(const AesProperties& aes, const std::string& password)
    {
        // Keyed by salt, cycles and password, length-prefixed so no two inputs collide.
        std::string id = fmt::format("{}:{}:", aes.cycles_power, aes.salt.size());
        id.append(reinterpret_cast<const char*>(aes.salt.data()), aes.salt.size());
        id += password;
        if (const auto it = m_keys.find(id); it != m_keys.end()) {
            return it->second;
        }
        const auto key = derive_key(aes.salt, aes.cycles_power, password);
        if (key && m_keys.size() < max_cached) {
            m_keys.emplace(std::move(id), *key);
        }
        return key;
    }

    bool proves(const ProofTarget& t, const AesKey& key) const
    {
        const std::size_t take
            = static_cast<std::size_t>(std::min<std::uint64_t>(t.packed.size(), max_packed));
        // A cheap first look: the first block tells whether the next coder could start there.
        auto head = aes256_cbc_decrypt(key, t.aes.iv, t.packed.first(std::min<std::size_t>(take, 16)));
        if (!head || (!head->empty() && t.next && !plausible_start(*t.next, (*head)[0]))) {
            return false;
        }
        auto plain = aes256_cbc_decrypt(key, t.aes.iv, t.packed.first(take));
        if (!plain) {
            return false;
        }
        const bool whole_input = take == t.packed.size();
        plain->resize(static_cast<std::size_t>(std::min<std::uint64_t>(plain->size(), t.aes_output)));
        Decoded out;
        if (t.next) {
            auto decoded = decode_coder(*t.next, as_byte_span(*plain), t.unpack_size, max_unpacked);
            if (!decoded) {
                return false;
            }
            out = std::move(*decoded);
        } else {
            out.complete = whole_input && plain->size() == t.unpack_size;
            out.bytes = std::move(*plain);
        }
        if (t.is_header) {
            // The header folder is decoded whole or not at all (see unprovable()).
            return out.complete && header_checkable(t) && (!t.crc || crc32(out.bytes) == *t.crc)
                && parses_as_header(out.bytes);
        }
        if (out.complete && t.crc) {
            return crc32(out.bytes) == *t.crc && crc_bits(t.unpack_size) >= min_check_bits;
        }
        if (!substreams_match(t, out.bytes)) {
            return false; // a CRC mismatch
        }
        return substream_bits(t, out.bytes.size()) >= min_check_bits
            || (t.next && t.next->method != method_copy && out.bytes.size() >= min_prefix);
    }

    /// False when a sub-stream wholly inside `bytes` has a CRC that does not match.
    static bool substreams_match(const ProofTarget& t, std::string_view bytes)
    {
        std::uint64_t at = 0;
        for (const auto& [size, crc] : t.substreams) {
            if (size > bytes.size() - at) {
                break;
            }
            if (crc
                && crc32(bytes.substr(static_cast<std::size_t>(at), static_cast<std::size_t>(size)))
                    != *crc) {
                return false;
            }
            at += size;
        }
        return true;
    }

    /// LZMA's range coder starts with a zero byte; an LZMA2 stream starts with a chunk that
    /// resets the dictionary (control 0x01 or 0xE0-0xFF) or ends at once (0x00).
    static bool plausible_start(const Coder& next, char first)
    {
        const auto byte = static_cast<unsigned char>(first);
        if (next.method == method_lzma) {
            return byte == 0x00;
        }
        if (next.method == method_lzma2) {
            return byte == 0x00 || byte == 0x01 || byte >= 0xE0;
        }
        return true;
    }

    bool parses_as_header(std::string_view bytes) const
    {
        ByteReader in(bytes);
        return read_number(in) == static_cast<std::uint64_t>(Nid::header)
            && parse_header(in, m_limits).has_value();
    }

    std::vector<ProofTarget> m_targets;
    std::string m_reason;
    ArchiveLimits m_limits;
    std::map<std::string, AesKey> m_keys;
    std::map<std::string, bool> m_answers;
};

} // namespace

std::unique_ptr<PasswordCheck> seven_zip_password_check(
    std::span<const std::byte> data, const ArchiveLimits& limits)
{
    const auto archive = load_archive(data, limits);
    if (!archive) {
        return nullptr; // read_seven_zip reports it as unverifiable
    }
    std::vector<ProofTarget> targets;
    std::string reason;
    bool any_encrypted = false;
    const auto consider = [&](const StreamsInfo& streams, std::size_t index, bool is_header) {
        if (folder_encryption(streams.folders[index]) == FolderEncryption::none) {
            return;
        }
        any_encrypted = true;
        auto target = make_target(*archive, streams, index, limits, is_header);
        if (target) {
            targets.push_back(std::move(*target));
        } else if (reason.empty()) {
            reason = target.error();
        }
    };
    if (archive->header_encrypted) {
        consider(*archive->header_streams, 0, true);
    } else if (archive->header && archive->header->main_streams) {
        for (std::size_t f = 0; f < archive->header->main_streams->folders.size(); ++f) {
            consider(*archive->header->main_streams, f, false);
        }
    }
    if (!any_encrypted) {
        return nullptr;
    }
    std::ranges::sort(targets, {}, [](const ProofTarget& t) { return t.packed.size(); });
    if (targets.size() > max_targets) {
        targets.resize(max_targets);
    }
    if (!targets.empty()) {
        reason.clear(); // one provable folder is enough
    } else if (reason.rfind("not proved", 0) != 0) {
        reason = "not proved: " + reason;
    }
    return std::make_unique<SevenZipPasswordCheck>(std::move(targets), std::move(reason), limits);
}

} // namespace pm::archive
