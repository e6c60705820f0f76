// CMS (RFC 5652 / RFC 5083) ContentInfo facts for S/MIME: content type and content cipher.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pm::protection {

/// A CMS blob larger than this is not read (the message size limit is far below it).
inline constexpr std::size_t max_cms_bytes = std::size_t{64} << 20;

/// The CMS content types message protection distinguishes (RFC 5652 section 3 and 6, RFC 5083).
enum class CmsContentKind {
    enveloped,       ///< id-envelopedData 1.2.840.113549.1.7.3
    auth_enveloped,  ///< id-ct-authEnvelopedData 1.2.840.113549.1.9.16.1.23
    signed_data,     ///< id-signedData 1.2.840.113549.1.7.2 (signing is not protection)
    other,
};

struct CmsFacts {
    CmsContentKind kind = CmsContentKind::other;
    std::string content_type_oid;  ///< dotted
    /// EncryptedContentInfo.contentEncryptionAlgorithm, dotted; set for (auth)enveloped data only.
    std::optional<std::string> content_encryption_oid;
};

/// Reads a BER/DER CMS ContentInfo: OpenSSL (d2i_CMS_ContentInfo) must accept it, and our own
/// bounded BER walk finds the content type and, for (auth)enveloped data, the content-encryption
/// algorithm (OpenSSL 3.0 has no public getter for it). nullopt when either cannot read it or
/// they disagree on the content type. Leaves the calling thread's OpenSSL error queue clean.
/// Thread-safe.
std::optional<CmsFacts> read_cms(std::string_view der);

/// Content-encryption algorithm of a DER CMS ContentInfo (EnvelopedData or AuthEnvelopedData):
/// the OID in dotted form, or nullopt when the DER cannot be read or holds another content type.
std::optional<std::string> cms_content_encryption_oid(std::string_view der);

/// AES with a 256-bit key: CBC (2.16.840.1.101.3.4.1.42), GCM (.46) or CCM (.47), RFC 3565 and
/// RFC 5084.
bool is_aes256_content_encryption(std::string_view oid);

} // namespace pm::protection
