// Names of finding enums and the Inspection queries.
#include "core/finding.hpp"

#include <algorithm>
#include <array>

namespace pm {

namespace {
constexpr std::array field_names = {
    std::pair{FieldType::name, std::string_view{"name"}},
    std::pair{FieldType::address, std::string_view{"address"}},
    std::pair{FieldType::phone, std::string_view{"phone"}},
    std::pair{FieldType::email, std::string_view{"email"}},
    std::pair{FieldType::national_number, std::string_view{"national_number"}},
    std::pair{FieldType::birth_date, std::string_view{"birth_date"}},
    std::pair{FieldType::bank_account, std::string_view{"bank_account"}},
    std::pair{FieldType::id_card, std::string_view{"id_card"}},
    std::pair{FieldType::nationality, std::string_view{"nationality"}},
    std::pair{FieldType::income, std::string_view{"income"}},
    std::pair{FieldType::other, std::string_view{"other"}},
};
} // namespace

std::string_view to_string(FieldType field)
{
    for (const auto& [f, n] : field_names) {
        if (f == field) {
            return n;
        }
    }
    return "other";
}

std::optional<FieldType> parse_field_type(std::string_view name)
{
    for (const auto& [f, n] : field_names) {
        if (n == name) {
            return f;
        }
    }
    return std::nullopt;
}

std::string_view to_string(EncryptionMechanism mechanism)
{
    switch (mechanism) {
    case EncryptionMechanism::office: return "office";
    case EncryptionMechanism::pdf: return "pdf";
    case EncryptionMechanism::smime: return "smime";
    case EncryptionMechanism::pgp: return "pgp";
    case EncryptionMechanism::rms: return "rms";
    }
    return "unknown";
}

std::string_view to_string(ArchiveFormat format)
{
    return format == ArchiveFormat::seven_zip ? "7z" : "zip";
}

std::string_view to_string(Cipher cipher)
{
    switch (cipher) {
    case Cipher::none: return "none";
    case Cipher::zipcrypto: return "zipcrypto";
    case Cipher::aes128: return "aes128";
    case Cipher::aes192: return "aes192";
    case Cipher::aes256: return "aes256";
    }
    return "unknown";
}

bool Inspection::has_encrypted_archive() const
{
    return std::ranges::any_of(findings, [](const Finding& f) {
        const auto* archive = std::get_if<ArchiveFacts>(&f.facts);
        return archive != nullptr && archive->coverage != Coverage::none;
    });
}

bool Inspection::has_personal_data() const
{
    return std::ranges::any_of(findings, [](const Finding& f) {
        return std::holds_alternative<PersonalData>(f.facts)
            || std::holds_alternative<SpecialCategory>(f.facts);
    });
}

} // namespace pm
