// Test-side archives made at test time with the real `zip` and `7zz` tools.
#pragma once

#include <string>
#include <vector>

namespace pm::test {

/// One file to put in an archive; `name` may contain directories ("word/document.xml").
struct ArchiveMember {
    std::string name;
    std::string bytes;
    bool stored = false;  ///< zip: no compression (`zip -0`), as ODF requires for `mimetype`
};

/// A zip made by `zip -X -nw`, members added one by one in the given order (so the first member
/// is the first local header). A name ending in '/' is a directory entry. Throws
/// std::runtime_error when the tool fails.
std::string make_zip(const std::vector<ArchiveMember>& members);

/// How make_zip_with_password encrypts.
enum class ZipEncryption {
    zipcrypto,      ///< Info-ZIP `zip -P` (traditional PKWARE, with data descriptors)
    zipcrypto_7zz,  ///< `7zz a -tzip -mem=ZipCrypto` (no data descriptors)
    aes128,         ///< `7zz a -tzip -mem=AES128` (WinZip AE-x)
    aes192,
    aes256,
};

/// A zip whose members are all encrypted with `password`, added one by one in order (`zip -P`
/// takes the password's bytes as given; 7zz refuses a non-ASCII zip password). `stored` members
/// get no compression (`zip -0` / `7zz -mm=Copy`). Throws std::runtime_error when the tool fails.
std::string make_zip_with_password(
    const std::vector<ArchiveMember>& members, const std::string& password, ZipEncryption encryption);

/// `archive` with `members` added (after the ones it has) as make_zip_with_password adds them.
std::string add_to_zip_with_password(const std::string& archive, const std::vector<ArchiveMember>& members,
    const std::string& password, ZipEncryption encryption);

/// `archive` with `members` appended by `zip` (Info-ZIP rewrites the archive and copies the old
/// members as they are): plain, or ZipCrypto when `password` is not empty.
std::string add_to_zip(
    const std::string& archive, const std::vector<ArchiveMember>& members, const std::string& password = {});

/// A zip made by `zip -fz`: ZIP64 extra fields and end records even for small members.
std::string make_zip64(const std::vector<ArchiveMember>& members);

/// `archive` with `stub` prepended and the offsets adjusted by `zip -A`, as a self-extractor is made.
std::string make_self_extractor(const std::string& stub, const std::string& archive);

/// A 7z made by `7zz a`; with a password, AES-256 and (when `encrypt_names`) header encryption.
/// Throws std::runtime_error when the tool fails.
std::string make_7z(const std::vector<ArchiveMember>& members, const std::string& password = {},
    bool encrypt_names = false);

/// How make_7z_with and add_to_7z run `7zz a -t7z`.
struct SevenZipOptions {
    std::string password{};       ///< `-p` (7zAES, AES-256); empty: no encryption
    bool encrypt_names = false;   ///< `-mhe=on` (only with a password)
    std::string method{};         ///< `-m0=` ("lzma", "lzma2", "copy"); empty: 7zz's default (LZMA2)
    bool compress_header = true;  ///< false: `-mhc=off`, the header stays a plain kHeader
    std::string filter{};         ///< `-mf=` ("BCJ", "BCJ2"); empty: 7zz's choice
};

/// A 7z made by `7zz a -t7z` in a UTF-8 locale (non-ASCII names and passwords pass as UTF-8). A
/// name ending in '/' is a directory; no members at all gives an empty archive. Throws
/// std::runtime_error when the tool fails.
std::string make_7z_with(const std::vector<ArchiveMember>& members, const SevenZipOptions& options);

/// `archive` with `members` added by `7zz a` with `options`: 7-Zip packs them in a new folder
/// and copies the old folders as they are (so a plain file added to an encrypted archive leaves
/// it partially encrypted).
std::string add_to_7z(
    const std::string& archive, const std::vector<ArchiveMember>& members, const SevenZipOptions& options = {});

} // namespace pm::test
