// Personal-data detectors: checksummed identifiers, contact data, field labels, special categories.
#pragma once

#include "core/finding.hpp"

#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pm::detect {

/// What is not client data in a given message: the organisations' own domains (their e-mail
/// addresses, and phone numbers printed next to them in signatures) and explicit addresses.
struct ScanContext {
    std::vector<std::string> own_domains;    ///< lower-case, e.g. "kindengezin.be"
    std::vector<std::string> own_addresses;  ///< lower-case addresses (Article 9 contacts)
    std::vector<std::string> own_phones;     ///< digits only, e.g. "3211123456"
    std::vector<std::string> own_postal_addresses;  ///< as written, e.g. "Markt 15a, 3980 Tessenderlo-Ham"
};

/// Immutable after construction, thread-safe: build once per loaded policy, share between messages.
class Detector {
public:
    /// Loads the lexicons in `lexicon_dir` (fields.toml and one file per special category); every
    /// problem as `file:line:col: key.path: problem (fix)`, all collected.
    static std::expected<std::shared_ptr<const Detector>, std::vector<std::string>> load(
        const std::filesystem::path& lexicon_dir);

    /// Findings in `text`, which was read from `part` ("1", "2 verwijzing.docx"): PersonalData
    /// with a FieldType, SpecialCategory with its class, each with a redacted evidence string and
    /// a confidence. The sender's signature block and the context's own contact data are not
    /// client data. O(text size).
    std::vector<Finding> scan(std::string_view text, const std::string& part, const ScanContext& context) const;

    ~Detector();

private:
    struct Compiled;  // the RE2 sets and lexicons
    explicit Detector(std::unique_ptr<const Compiled> compiled);
    std::unique_ptr<const Compiled> m_compiled;
};

} // namespace pm::detect
