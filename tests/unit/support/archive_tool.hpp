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
/// is the first local header). Throws std::runtime_error when the tool fails.
std::string make_zip(const std::vector<ArchiveMember>& members);

/// A 7z made by `7zz a`; with a password, AES-256 and (when `encrypt_names`) header encryption.
/// Throws std::runtime_error when the tool fails.
std::string make_7z(const std::vector<ArchiveMember>& members, const std::string& password = {},
    bool encrypt_names = false);

} // namespace pm::test
