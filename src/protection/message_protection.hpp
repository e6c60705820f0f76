// Whether the message itself is encrypted: RMS (rpmsg), S/MIME enveloped data, PGP/MIME.
#pragma once

#include "core/finding.hpp"
#include "mime/message_tree.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pm::protection {

struct ProtectionResult {
    std::optional<MessageProtection> protection;
    /// Paths of the leaves that *are* the protected container (message.rpmsg, smime.p7m, the PGP
    /// payload): attachment classification skips them.
    std::vector<std::string> container_paths;
    /// E.g. an rpmsg or CMS blob that claims protection but cannot be read (Unparseable).
    std::vector<Finding> problems;
};

/// RMS as Exchange recognises it (MS-OXORMMS: root multipart with `Content-Class: rpmsg.message`
/// and an `application/x-microsoft-rpmsg-message` attachment named message.rpmsg); S/MIME
/// `enveloped-data`/`authEnveloped-data` with its content-encryption algorithm read from the DER
/// (strong = AES-256 CBC or GCM); PGP/MIME `multipart/encrypted; protocol=application/pgp-encrypted`.
ProtectionResult detect_message_protection(const mime::MessageTree& tree);

/// Content-encryption algorithm of a DER CMS ContentInfo (EnvelopedData or
/// AuthEnvelopedData): the OID in dotted form, or nullopt when the DER cannot be read.
std::optional<std::string> cms_content_encryption_oid(std::string_view der);

} // namespace pm::protection
