// Password-protected documents: encrypted Office (OLE/CFB container) and PDF that needs a password.
#pragma once

#include <cstddef>
#include <string_view>

namespace pm::protection {

/// Three states: we never turn "could not tell" into either answer.
enum class DocumentEncryption { none, encrypted, unknown };

/// A PDF larger than this is not handed to poppler (`unknown`).
inline constexpr std::size_t max_pdf_bytes = std::size_t{64} << 20;

/// An OLE/CFB compound file ([MS-CFB]) is `encrypted` when its root storage holds:
/// `EncryptionInfo` (with a known version) and `EncryptedPackage` ([MS-OFFCRYPTO] 2.3.4: a
/// password-encrypted OOXML document); `EncryptedPackage` or `\x09DRMContent` under a
/// `\x06DataSpaces` storage (IRM, [MS-OFFCRYPTO] 1.3.2); a `WordDocument` stream whose FIB has
/// fEncrypted ([MS-DOC] 2.5.2); a `Workbook`/`Book` stream with a FilePass record after its BOF
/// ([MS-XLS] 2.4.117); a PowerPoint file with `EncryptedSummary`, CurrentUserAtom.headerToken
/// 0xF3D1C4DF or a UserEditAtom with encryptSessionPersistIdRef ([MS-PPT] 2.3.2, 2.3.3, 2.3.7).
/// A readable CFB without those is `none`; anything we cannot walk (not a CFB, bad sector
/// chain, loop, truncation, half an encryption structure) is `unknown`. Pure, thread-safe.
DocumentEncryption office_encryption(std::string_view bytes);

/// A PDF is `encrypted` only when opening it needs a user password; an owner-password-only PDF
/// opens without one and is readable (`none`). A PDF poppler cannot load is `encrypted` when it
/// has an `/Encrypt` dictionary entry (it needs a password), else `unknown`; so is one larger
/// than max_pdf_bytes. poppler's error output is silenced for the whole process (its debug
/// callback is global). Thread-safe.
DocumentEncryption pdf_encryption(std::string_view bytes);

} // namespace pm::protection
