// Message-level protection: RMS rpmsg, S/MIME enveloped data and PGP/MIME, each proved from bytes.
#include "protection/message_protection.hpp"

#include "core/address.hpp"
#include "core/byte_reader.hpp"
#include "protection/content_type.hpp"

#include <zlib.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <cstdint>
#include <memory>
#include <string_view>

namespace pm::protection {

namespace {

using mime::MessageTree;
using mime::Part;

// [MS-OXORMMS] 2.2.1 (message.rpmsg attachment): the prefix, then blocks of
// { ULCheck = 0x00000FA0, SizeAfterInflation, SizeBeforeInflation, RFC 1950 data } whose inflated
// bytes are the storage container of 3.1.4, an OLE compound file ([MS-CFB] 2.2 signature).
constexpr std::string_view rpmsg_prefix = "\x76\xE8\x04\x60\xC4\x11\xE3\x86";
constexpr std::uint32_t rpmsg_block_check = 0x00000FA0;
constexpr std::uint32_t rpmsg_segment_bytes = 4096;
constexpr std::string_view cfb_signature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

constexpr std::string_view armor_begin = "-----BEGIN PGP MESSAGE-----";
constexpr std::string_view armor_end = "-----END PGP MESSAGE-----";
constexpr std::size_t max_armor_header_lines = 64;

Finding problem_at(std::string part, std::string reason)
{
    return Finding{
        .part = std::move(part), .facts = Unparseable{std::move(reason)}, .evidence = {}, .confidence = 1.0};
}

Finding problem(const Part& part, std::string reason)
{
    return problem_at(part.label(), std::move(reason));
}

std::string trimmed_lower(std::string_view text)
{
    const auto not_space = [](char c) { return c != ' ' && c != '\t' && c != '\r' && c != '\n'; };
    const auto first = std::ranges::find_if(text, not_space);
    const auto last = std::ranges::find_if(text.rbegin(), text.rend(), not_space).base();
    return first < last ? ascii_lower(std::string_view(first, last)) : std::string{};
}

/// A leaf directly under the root multipart, outside any forwarded message.
bool is_root_child(const Part& part)
{
    return part.depth == 1 && !part.in_embedded_message && part.path.find('/') == std::string::npos;
}

/// The single-part body of the message itself (path "1" at depth 0, see mime::TreeWalker).
bool is_root_body(const Part& part)
{
    return part.depth == 0 && !part.in_embedded_message && part.path == "1";
}

struct InflateEnd {
    void operator()(z_stream* stream) const { inflateEnd(stream); }
};

/// The first bytes of the first rpmsg block, inflated (at most one 4096-byte segment).
std::optional<std::string> inflate_first_segment(
    std::span<const std::byte> compressed, std::uint32_t expected)
{
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) {
        return std::nullopt;
    }
    const std::unique_ptr<z_stream, InflateEnd> guard(&stream);
    std::string out(expected, '\0');
    // zlib's API is not const-correct; it never writes through next_in.
    stream.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = inflate(&stream, Z_SYNC_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
        return std::nullopt;
    }
    out.resize(out.size() - stream.avail_out);
    return out;
}

/// Why `bytes` is not an rpmsg stream, or nullopt when it is one.
std::optional<std::string> rpmsg_problem(std::string_view bytes)
{
    if (!bytes.starts_with(rpmsg_prefix)) {
        return "rpmsg attachment is not an rpmsg stream";
    }
    ByteReader in(bytes);
    in.skip(rpmsg_prefix.size());
    const auto check = in.u32le();
    const auto after = in.u32le();
    const auto before = in.u32le();
    if (!check || *check != rpmsg_block_check || !after || *after == 0 || *after > rpmsg_segment_bytes
        || !before || *before == 0) {
        return "rpmsg stream has no valid first block";
    }
    const auto compressed = in.bytes(std::min<std::uint64_t>(*before, in.remaining()));
    const auto inflated = compressed ? inflate_first_segment(*compressed, *after) : std::nullopt;
    if (!inflated || !inflated->starts_with(cfb_signature)) {
        return "rpmsg stream does not hold a compressed storage";
    }
    return std::nullopt;
}

/// [MS-OXORMMS] 3.1.4.1.2: what Exchange sends for an RMS-protected message. Returns false when
/// the message does not claim RMS.
bool detect_rms(const MessageTree& tree, ProtectionResult& result)
{
    if (trimmed_lower(tree.header("Content-Class")) != "rpmsg.message"
        || !parse_content_type(tree.header("Content-Type")).media_type.starts_with("multipart/")) {
        return false;
    }
    const auto leaf = std::ranges::find_if(tree.leaves, [](const Part& part) {
        return is_root_child(part) && part.content_type == "application/x-microsoft-rpmsg-message"
            && ascii_lower(part.filename) == "message.rpmsg";
    });
    if (leaf == tree.leaves.end()) {
        return false;
    }
    if (auto reason = rpmsg_problem(leaf->data)) {
        result.problems.push_back(problem(*leaf, std::move(*reason)));
        return true;
    }
    result.protection = MessageProtection{EncryptionMechanism::rms, true};
    result.container_paths.push_back(leaf->path);
    return true;
}

bool is_smime_leaf(const Part& part)
{
    if (part.content_type == "application/pkcs7-mime" || part.content_type == "application/x-pkcs7-mime") {
        return true;
    }
    // Some clients label the envelope application/octet-stream and rely on the name (RFC 8551
    // 3.2.2 lists smime.p7m as the file name of enveloped data).
    return part.content_type == "application/octet-stream" && ascii_lower(part.filename).ends_with(".p7m");
}

/// S/MIME (RFC 8551 3.3, 3.4): the message body is a CMS object. Only EnvelopedData and
/// AuthEnvelopedData protect; the declared smime-type is a claim, the DER decides.
bool detect_smime(const MessageTree& tree, ProtectionResult& result)
{
    const auto leaf = std::ranges::find_if(tree.leaves, is_root_body);
    if (leaf == tree.leaves.end() || !is_smime_leaf(*leaf)) {
        return false;
    }
    const auto facts = read_cms(leaf->data);
    if (!facts) {
        result.problems.push_back(problem(*leaf, "S/MIME body is not a readable CMS structure"));
        return true;
    }
    if (facts->kind != CmsContentKind::enveloped && facts->kind != CmsContentKind::auth_enveloped) {
        return true;  // signed-only (or compressed, certs-only): not protection, not a problem
    }
    const std::string& cipher = facts->content_encryption_oid.value();
    result.protection = MessageProtection{EncryptionMechanism::smime, is_aes256_content_encryption(cipher)};
    result.container_paths.push_back(leaf->path);
    result.content_cipher = cipher;
    return true;
}

/// RFC 4880 4.2: the packet tag of a packet header octet, or nullopt when it is none.
std::optional<unsigned> packet_tag(std::uint8_t octet)
{
    if ((octet & 0x80) == 0) {
        return std::nullopt;
    }
    return (octet & 0x40) != 0 ? octet & 0x3Fu : (octet >> 2) & 0x0Fu;
}

/// RFC 4880 11.3 (and RFC 9580 10.3): an encrypted message starts with a public-key (1) or
/// symmetric-key (3) encrypted session key, or directly with encrypted data (9, 18, or 20 as
/// some v5 drafts wrote it).
bool starts_encrypted_message(std::uint8_t octet)
{
    const auto tag = packet_tag(octet);
    return tag && (*tag == 1 || *tag == 3 || *tag == 9 || *tag == 18 || *tag == 20);
}

int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/// The first octet of an ASCII-armored OpenPGP message (RFC 4880 6.2), or nullopt.
std::optional<std::uint8_t> first_armored_octet(std::string_view text)
{
    auto begin = text.find(armor_begin);
    if (begin == std::string_view::npos || text.find(armor_end, begin) == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t pos = text.find('\n', begin);
    // Armor headers ("Version: ...") end at an empty line; a sloppy writer may omit both.
    for (std::size_t line = 0; pos != std::string_view::npos && line < max_armor_header_lines; ++line) {
        ++pos;
        const std::size_t end = text.find('\n', pos);
        const std::string_view content = text.substr(pos, end == std::string_view::npos ? end : end - pos);
        if (trimmed_lower(content).empty()) {
            pos = end == std::string_view::npos ? end : end + 1;
            break;
        }
        if (content.find(':') == std::string_view::npos) {
            break;  // no empty line: this is already the data
        }
        pos = end;
    }
    if (pos == std::string_view::npos) {
        return std::nullopt;
    }
    int first = -1;
    for (; pos < text.size(); ++pos) {
        if (const int value = base64_value(text[pos]); value >= 0) {
            if (first >= 0) {
                return static_cast<std::uint8_t>((first << 2) | (value >> 4));
            }
            first = value;
        } else if (text[pos] != '\r' && text[pos] != '\n' && text[pos] != ' ' && text[pos] != '\t') {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

bool is_openpgp_encrypted(std::string_view payload)
{
    if (payload.find(armor_begin) != std::string_view::npos) {
        const auto octet = first_armored_octet(payload);
        return octet && starts_encrypted_message(*octet);
    }
    return !payload.empty() && starts_encrypted_message(static_cast<std::uint8_t>(payload.front()));
}

/// RFC 3156 4: multipart/encrypted; protocol="application/pgp-encrypted" with exactly two body
/// parts, the control part and the application/octet-stream payload.
bool detect_pgp(const MessageTree& tree, ProtectionResult& result)
{
    const ContentTypeValue root = parse_content_type(tree.header("Content-Type"));
    if (root.media_type != "multipart/encrypted"
        || trimmed_lower(root.parameter("protocol")) != "application/pgp-encrypted") {
        return false;
    }
    const bool well_formed = tree.leaves.size() == 2 && std::ranges::all_of(tree.leaves, is_root_child)
        && tree.leaves[0].path == "1" && tree.leaves[0].content_type == "application/pgp-encrypted"
        && tree.leaves[1].path == "2" && tree.leaves[1].content_type == "application/octet-stream";
    if (!well_formed) {
        result.problems.push_back(
            problem_at("", "PGP/MIME message does not have the two parts RFC 3156 requires"));
        return true;
    }
    if (!is_openpgp_encrypted(tree.leaves[1].data)) {
        result.problems.push_back(
            problem(tree.leaves[1], "PGP/MIME payload is not an OpenPGP encrypted message"));
        return true;
    }
    result.protection = MessageProtection{EncryptionMechanism::pgp, true};
    result.container_paths = {tree.leaves[0].path, tree.leaves[1].path};
    return true;
}

} // namespace

ProtectionResult detect_message_protection(const MessageTree& tree)
{
    ProtectionResult result;
    if (!detect_rms(tree, result) && !detect_smime(tree, result)) {
        detect_pgp(tree, result);
    }
    return result;
}

} // namespace pm::protection
