// Findings: the facts inspectors report about one message. They know nothing of protocols;
// policy/ turns them into violations under each protocol that applies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pm {

/// Personal-data field types (Article 3 of the protocols lists the permitted ones by these names).
enum class FieldType {
    name,
    address,
    phone,
    email,
    national_number,
    birth_date,
    bank_account,
    id_card,
    nationality,
    income,
    other,
};

std::string_view to_string(FieldType field);
std::optional<FieldType> parse_field_type(std::string_view name);
inline constexpr std::string_view known_field_types =
    "name, address, phone, email, national_number, birth_date, bank_account, id_card, "
    "nationality, income, other";

/// The MIME structure cannot be read (GMime gave up, or it is ambiguous in a way that lets two
/// readers see two different messages).
struct Unparseable {
    std::string reason;
};

/// Size, depth, part count or time budget exceeded: what lies beyond was not inspected.
struct LimitExceeded {
    std::string limit;  ///< e.g. "max_mime_depth"
    std::uint64_t value = 0;
    std::uint64_t maximum = 0;
};

/// A non-body part that anyone can read: not inside an approved encrypted container.
struct ReadableAttachment {
    std::string sniffed_type;  ///< from magic bytes, e.g. "ooxml", "pdf", "text"
};

/// Encrypted, but by a mechanism other than an archive (password-protected Office or PDF, S/MIME,
/// PGP, RMS).
enum class EncryptionMechanism { office, pdf, smime, pgp, rms };
std::string_view to_string(EncryptionMechanism mechanism);

struct ForeignEncryption {
    EncryptionMechanism mechanism = EncryptionMechanism::office;
};

enum class ArchiveFormat { seven_zip, zip };
std::string_view to_string(ArchiveFormat format);

enum class Coverage { none, partial, all };  ///< how many members/folders are encrypted
enum class Cipher { none, zipcrypto, aes128, aes192, aes256 };
std::string_view to_string(Cipher cipher);

/// What an archive reader proved about one archive.
struct ArchiveFacts {
    ArchiveFormat format = ArchiveFormat::seven_zip;
    Coverage coverage = Coverage::none;
    Cipher weakest_cipher = Cipher::none;  ///< the weakest cipher among encrypted members
    bool names_encrypted = false;
    std::optional<int> kdf_cycles_power;  ///< 7z: the lowest NumCyclesPower over its folders
    std::size_t member_count = 0;
};

/// An archive (or other container) whose encryption could not be proved either way: corrupt,
/// truncated, unknown coder. "Could not tell" is its own state, never "encrypted".
struct UnverifiableContainer {
    std::string reason;
};

/// A string from the message's readable parts was proved to decrypt the archive at `part`.
struct PasswordInMessage {
    std::string found_in;  ///< the readable part that holds it ("subject", "1", ...)
};

/// A personal-data field that is readable in the message.
struct PersonalData {
    FieldType field = FieldType::other;
};

/// GDPR Art. 9 / Art. 10 data, by class ("health", "criminal", ...).
struct SpecialCategory {
    std::string category;
};

using FindingFacts = std::variant<Unparseable, LimitExceeded, ReadableAttachment, ForeignEncryption,
    ArchiveFacts, UnverifiableContainer, PasswordInMessage, PersonalData, SpecialCategory>;

struct Finding {
    std::string part;      ///< part path plus file name when known: "2/1 verwijzing.docx"
    FindingFacts facts;
    std::string evidence;  ///< redacted ("85.07.30-***.**"); never a raw value
    double confidence = 1.0;
};

/// A Microsoft sensitivity label found on the message (msip_labels), enabled ones only.
struct SensitivityLabel {
    std::string guid;     ///< lower-case, without braces
    std::string name;
    std::string site_id;  ///< the tenant, lower-case
    bool claims_encryption = false;  ///< ContentBits has the encrypt bit (a claim, not a proof)
};

/// How the message as a whole is protected, when it is (rpmsg, S/MIME envelope, PGP/MIME).
struct MessageProtection {
    EncryptionMechanism mechanism = EncryptionMechanism::rms;
    bool strong = true;  ///< S/MIME: AES-256 content encryption
};

/// Everything the inspectors learned about a message.
struct Inspection {
    std::vector<Finding> findings;
    std::vector<SensitivityLabel> labels;
    std::optional<MessageProtection> protection;
    std::size_t attachment_count = 0;
    /// What the inspectors want logged but that is not a finding (e.g. a budget that ran out).
    std::vector<std::string> notes;

    /// The message carries an archive that is encrypted at least in part.
    bool has_encrypted_archive() const;
    /// Any personal-data or special-category finding.
    bool has_personal_data() const;
};

} // namespace pm
