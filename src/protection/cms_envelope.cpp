// CMS ContentInfo: validated by OpenSSL, walked by a bounded BER reader to the content cipher.
#include "protection/cms_envelope.hpp"

#include "core/byte_reader.hpp"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <cstdint>
#include <limits>
#include <memory>

namespace pm::protection {

namespace {

constexpr std::string_view oid_enveloped_data = "1.2.840.113549.1.7.3";
constexpr std::string_view oid_auth_enveloped_data = "1.2.840.113549.1.9.16.1.23";
constexpr std::string_view oid_signed_data = "1.2.840.113549.1.7.2";

constexpr unsigned max_nesting = 64;           // of indefinite-length elements being skipped
constexpr std::size_t max_skipped_elements = 1 << 16;
constexpr std::size_t max_oid_bytes = 64;

// X.690 8.1.2: identifier octets.
constexpr std::uint8_t class_universal = 0;
constexpr std::uint8_t class_context = 2;
constexpr std::uint32_t tag_integer = 2;
constexpr std::uint32_t tag_oid = 6;
constexpr std::uint32_t tag_sequence = 16;
constexpr std::uint32_t tag_set = 17;

struct BerHeader {
    std::uint8_t tag_class = 0;
    bool constructed = false;
    std::uint32_t number = 0;
    std::optional<std::uint64_t> length;  ///< nullopt: indefinite (X.690 8.1.3.6)

    bool is(std::uint8_t cls, bool cons, std::uint32_t num) const
    {
        return tag_class == cls && constructed == cons && number == num;
    }
    bool is_end_of_contents() const { return is(class_universal, false, 0) && length == 0; }
};

/// X.690 8.1.2 (identifier) and 8.1.3 (length). A definite length is checked against what is
/// left, so a later skip or sub-reader of that length cannot fail for size.
std::optional<BerHeader> read_header(ByteReader& in)
{
    ByteReader r = in;
    const auto first = r.u8();
    if (!first) {
        return std::nullopt;
    }
    BerHeader h;
    h.tag_class = static_cast<std::uint8_t>(*first >> 6);
    h.constructed = (*first & 0x20) != 0;
    h.number = *first & 0x1Fu;
    if (h.number == 0x1F) {  // high tag number form, base 128; we accept up to 4 octets
        h.number = 0;
        for (int i = 0;; ++i) {
            const auto b = r.u8();
            if (!b || i == 4 || (i == 0 && *b == 0x80)) {
                return std::nullopt;
            }
            h.number = (h.number << 7) | (*b & 0x7Fu);
            if ((*b & 0x80) == 0) {
                break;
            }
        }
    }
    const auto l = r.u8();
    if (!l) {
        return std::nullopt;
    }
    if (*l < 0x80) {
        h.length = *l;
    } else if (*l == 0x80) {
        if (!h.constructed) {
            return std::nullopt;  // 8.1.3.2 a): indefinite only for constructed encodings
        }
    } else {
        const unsigned count = *l & 0x7Fu;
        if (count > 8) {  // also rejects the reserved 0xFF
            return std::nullopt;
        }
        std::uint64_t length = 0;
        for (unsigned i = 0; i < count; ++i) {
            const auto b = r.u8();
            if (!b) {
                return std::nullopt;
            }
            length = (length << 8) | *b;
        }
        h.length = length;
    }
    if (h.length && !r.has(*h.length)) {
        return std::nullopt;
    }
    in = r;
    return h;
}

/// Skips the contents of an element whose header was just read.
bool skip_contents(ByteReader& in, const BerHeader& h, unsigned depth, std::size_t& budget)
{
    if (h.length) {
        return in.skip(*h.length);
    }
    if (depth >= max_nesting) {
        return false;
    }
    // Indefinite length: children until end-of-contents (X.690 8.1.5).
    while (true) {
        if (budget == 0) {
            return false;
        }
        --budget;
        const auto child = read_header(in);
        if (!child) {
            return false;
        }
        if (child->is_end_of_contents()) {
            return true;
        }
        if (!skip_contents(in, *child, depth + 1, budget)) {
            return false;
        }
    }
}

/// The contents of a constructed element as a reader positioned at its first child. For an
/// indefinite length that is the rest of the input: we only ever read forward into it.
std::optional<ByteReader> enter(ByteReader& in, std::uint8_t cls, std::uint32_t number)
{
    const auto h = read_header(in);
    if (!h || !h->is(cls, true, number)) {
        return std::nullopt;
    }
    if (h->length) {
        return in.sub_reader(*h->length);
    }
    return ByteReader(in.tail(in.position()));
}

bool skip_element(ByteReader& in, std::uint8_t cls, bool constructed, std::uint32_t number)
{
    const auto h = read_header(in);
    if (!h || !h->is(cls, constructed, number)) {
        return false;
    }
    std::size_t budget = max_skipped_elements;
    return skip_contents(in, *h, 0, budget);
}

/// X.690 8.19: an OBJECT IDENTIFIER in dotted form.
std::optional<std::string> read_oid(ByteReader& in)
{
    const auto h = read_header(in);
    if (!h || !h->is(class_universal, false, tag_oid) || !h->length || *h->length == 0
        || *h->length > max_oid_bytes) {
        return std::nullopt;
    }
    const auto bytes = in.bytes(*h->length);
    if (!bytes) {
        return std::nullopt;
    }
    std::string dotted;
    std::uint64_t value = 0;
    bool first_arc = true;
    bool at_start = true;
    for (const std::byte raw : *bytes) {
        const auto b = static_cast<std::uint8_t>(raw);
        if (at_start && b == 0x80) {
            return std::nullopt;  // 8.19.2: no leading 0x80 in a subidentifier
        }
        if (value > (std::numeric_limits<std::uint64_t>::max() >> 7)) {
            return std::nullopt;
        }
        value = (value << 7) | (b & 0x7Fu);
        at_start = (b & 0x80) == 0;
        if (!at_start) {
            continue;
        }
        if (first_arc) {  // 8.19.4: the first subidentifier packs the first two arcs
            const std::uint64_t top = value < 40 ? 0 : value < 80 ? 1 : 2;
            dotted = std::to_string(top);
            dotted += '.';
            dotted += std::to_string(value - top * 40);
            first_arc = false;
        } else {
            dotted += '.';
            dotted += std::to_string(value);
        }
        value = 0;
    }
    if (!at_start) {
        return std::nullopt;  // the last subidentifier is cut
    }
    return dotted;
}

CmsContentKind kind_of(std::string_view oid)
{
    if (oid == oid_enveloped_data) {
        return CmsContentKind::enveloped;
    }
    if (oid == oid_auth_enveloped_data) {
        return CmsContentKind::auth_enveloped;
    }
    if (oid == oid_signed_data) {
        return CmsContentKind::signed_data;
    }
    return CmsContentKind::other;
}

/// RFC 5652 6.1 EnvelopedData / RFC 5083 2.1 AuthEnvelopedData: both start
/// { version, originatorInfo [0] IMPLICIT OPTIONAL, recipientInfos SET, EncryptedContentInfo },
/// and EncryptedContentInfo (RFC 5652 6.1) is
/// { contentType, contentEncryptionAlgorithm AlgorithmIdentifier, encryptedContent [0] OPTIONAL }.
std::optional<std::string> walk_to_content_cipher(ByteReader& envelope_outer)
{
    auto envelope = enter(envelope_outer, class_universal, tag_sequence);
    if (!envelope || !skip_element(*envelope, class_universal, false, tag_integer)) {
        return std::nullopt;
    }
    ByteReader peek = *envelope;
    if (const auto next = read_header(peek); next && next->is(class_context, true, 0)) {
        if (!skip_element(*envelope, class_context, true, 0)) {
            return std::nullopt;
        }
    }
    if (!skip_element(*envelope, class_universal, true, tag_set)) {
        return std::nullopt;
    }
    auto content_info = enter(*envelope, class_universal, tag_sequence);
    if (!content_info || !read_oid(*content_info)) {
        return std::nullopt;
    }
    auto algorithm = enter(*content_info, class_universal, tag_sequence);
    if (!algorithm) {
        return std::nullopt;
    }
    return read_oid(*algorithm);
}

/// RFC 5652 3: ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT ANY }.
std::optional<CmsFacts> walk_content_info(std::string_view der)
{
    ByteReader top(der);
    auto info = enter(top, class_universal, tag_sequence);
    if (!info) {
        return std::nullopt;
    }
    auto type = read_oid(*info);
    if (!type) {
        return std::nullopt;
    }
    CmsFacts facts {
        .kind = kind_of(*type), .content_type_oid = std::move(*type), .content_encryption_oid = {}
    };
    if (facts.kind == CmsContentKind::enveloped || facts.kind == CmsContentKind::auth_enveloped) {
        auto content = enter(*info, class_context, 0);
        if (!content) {
            return std::nullopt;
        }
        facts.content_encryption_oid = walk_to_content_cipher(*content);
        if (!facts.content_encryption_oid) {
            return std::nullopt;
        }
    }
    return facts;
}

struct CmsFree {
    void operator()(CMS_ContentInfo* cms) const { CMS_ContentInfo_free(cms); }
};

/// The OpenSSL NID of the content type, or nullopt when OpenSSL does not accept the blob.
std::optional<int> openssl_content_type(std::string_view der)
{
    if (der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) {
        return std::nullopt;
    }
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<CMS_ContentInfo, CmsFree> cms(
        d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(der.size())));
    if (!cms) {
        ERR_clear_error();
        return std::nullopt;
    }
    const ASN1_OBJECT* type = CMS_get0_type(cms.get());
    return type == nullptr ? NID_undef : OBJ_obj2nid(type);
}

} // namespace

std::optional<CmsFacts> read_cms(std::string_view der)
{
    if (der.empty() || der.size() > max_cms_bytes) {
        return std::nullopt;
    }
    // Our walk first: it is cheap and bounded, and it refuses most garbage before OpenSSL
    // builds a tree from it.
    auto facts = walk_content_info(der);
    if (!facts) {
        return std::nullopt;
    }
    const auto nid = openssl_content_type(der);
    if (!nid) {
        return std::nullopt;
    }
    const bool agree = (facts->kind == CmsContentKind::enveloped) == (*nid == NID_pkcs7_enveloped)
        && (facts->kind == CmsContentKind::auth_enveloped) == (*nid == NID_id_smime_ct_authEnvelopedData)
        && (facts->kind == CmsContentKind::signed_data) == (*nid == NID_pkcs7_signed);
    if (!agree) {
        return std::nullopt;
    }
    return facts;
}

std::optional<std::string> cms_content_encryption_oid(std::string_view der)
{
    auto facts = read_cms(der);
    if (!facts) {
        return std::nullopt;
    }
    return std::move(facts->content_encryption_oid);
}

bool is_aes256_content_encryption(std::string_view oid)
{
    return oid == "2.16.840.1.101.3.4.1.42"     // id-aes256-CBC (RFC 3565)
        || oid == "2.16.840.1.101.3.4.1.46"     // id-aes256-GCM (RFC 5084)
        || oid == "2.16.840.1.101.3.4.1.47";    // id-aes256-CCM (RFC 5084)
}

} // namespace pm::protection
