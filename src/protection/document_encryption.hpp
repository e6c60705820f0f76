// Password-protected documents: encrypted Office (OLE/CFB container) and PDF that needs a password.
#pragma once

#include <string_view>

namespace pm::protection {

/// Three states: we never turn "could not tell" into either answer.
enum class DocumentEncryption { none, encrypted, unknown };

/// An OLE/CFB compound file holding `EncryptionInfo` and `EncryptedPackage` streams is an
/// encrypted OOXML document ([MS-OFFCRYPTO] 2.3.4); legacy .doc/.xls/.ppt encryption flags too.
/// A CFB we cannot walk (bad sector chain, loops) is `unknown`.
DocumentEncryption office_encryption(std::string_view bytes);

/// A PDF is `encrypted` only when opening it needs a user password; an owner-password-only PDF
/// opens without one and is readable (`none`). A PDF that cannot be parsed is `unknown`.
DocumentEncryption pdf_encryption(std::string_view bytes);

} // namespace pm::protection
