// Whether the message itself is encrypted: RMS (rpmsg), S/MIME enveloped data, PGP/MIME.
#pragma once

#include "core/finding.hpp"
#include "mime/message_tree.hpp"
#include "protection/cms_envelope.hpp"  // cms_content_encryption_oid, for callers and tests

#include <optional>
#include <string>
#include <vector>

namespace pm::protection {

struct ProtectionResult {
    std::optional<MessageProtection> protection;
    /// Paths of the leaves that *are* the protected container (message.rpmsg, smime.p7m, the PGP
    /// payload): attachment classification skips them.
    std::vector<std::string> container_paths;
    /// E.g. an rpmsg or CMS blob that claims protection but cannot be read (Unparseable, with the
    /// leaf's label as `part`). A claim we could not verify never yields `protection`.
    std::vector<Finding> problems;
    /// S/MIME: the content-encryption algorithm OID, dotted (for logs and reports); else empty.
    std::string content_cipher;
};

/// RMS as Exchange sends it ([MS-OXORMMS] 2.2.1, 3.1.4.1.2: root multipart with
/// `Content-Class: rpmsg.message` and a top-level `application/x-microsoft-rpmsg-message` leaf
/// named message.rpmsg whose bytes start with the rpmsg prefix and a first compressed block that
/// inflates to a compound file); S/MIME at the message root (`application/(x-)pkcs7-mime`, or
/// smime.p7m) whose DER really is EnvelopedData/AuthEnvelopedData, strong only with AES-256
/// (see is_aes256_content_encryption); PGP/MIME (RFC 3156: root
/// `multipart/encrypted; protocol="application/pgp-encrypted"` with exactly its two leaves, the
/// second an OpenPGP message that starts with an encrypted-session-key or encrypted-data packet,
/// RFC 4880 4.2 and 11.3). Signed-only S/MIME is no protection. Pure function, thread-safe.
ProtectionResult detect_message_protection(const mime::MessageTree& tree);

} // namespace pm::protection
