// The sender-facing sentences per violation code; they name the part and the fix.
#include "report/explanation.hpp"

#include "core/address.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace pm {

namespace {

// "2/1 verwijzing.docx" -> "verwijzing.docx"; "2/1" -> "onderdeel 2/1" / "part 2/1".
std::string part_name(const std::string& part, bool dutch)
{
    if (const auto space = part.find(' '); space != std::string::npos) {
        return part.substr(space + 1);
    }
    if (part.empty()) {
        return dutch ? "het bericht" : "the message";
    }
    if (part == "subject") {
        return dutch ? "het onderwerp" : "the subject";
    }
    // A part without a file name is a text of the message itself (a body, a forwarded text).
    return (dutch ? "de berichttekst (onderdeel " : "the message text (part ") + part + ")";
}

bool is_short_extension(std::string_view ext)
{
    return !ext.empty() && ext.size() <= 8 && std::ranges::all_of(ext, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
}

std::string mailboxes(const Protocol* p)
{
    if (p == nullptr || p->mailboxes.empty()) {
        return "het geregistreerde adres";
    }
    std::string out;
    for (const Address& a : p->mailboxes) {
        out += (out.empty() ? "" : ", ") + a.str();
    }
    return out;
}

std::string label_names(const Protocol* p)
{
    if (p == nullptr || p->label.names.empty()) {
        return "Geheim";
    }
    std::string out;
    for (const std::string& n : p->label.names) {
        out += (out.empty() ? "" : "' of '") + n;
    }
    return out;
}

bool uses_label(const Protocol* p)
{
    return p != nullptr && p->transport == TransportMethod::sensitivity_label;
}

std::string in_force_nl(const Protocol* p)
{
    if (p == nullptr) {
        return "";
    }
    if (p->suspended) {
        return " Het protocol is opgeschort.";
    }
    std::string text = " Het protocol geldt vanaf " + format_date(p->in_force_from);
    if (p->in_force_until) {
        text += " tot en met " + format_date(*p->in_force_until);
    }
    return text + ".";
}

std::string in_force_en(const Protocol* p)
{
    if (p == nullptr) {
        return "";
    }
    if (p->suspended) {
        return " The protocol is suspended.";
    }
    std::string text = " The protocol applies from " + format_date(p->in_force_from);
    if (p->in_force_until) {
        text += " up to and including " + format_date(*p->in_force_until);
    }
    return text + ".";
}

// Recipient codes carry the address in the detail ("recipient X is ..."); senders may see it.
std::string recipient_of(const Violation& v)
{
    constexpr std::string_view prefix = "recipient ";
    if (v.detail.starts_with(prefix)) {
        const auto end = v.detail.find(' ', prefix.size());
        return v.detail.substr(prefix.size(), end - prefix.size());
    }
    return "";
}

} // namespace

Violation for_sender(const Violation& violation)
{
    Violation shown = violation;
    shown.evidence.clear();
    const auto space = violation.part.find(' ');
    if (space == std::string::npos) {
        return shown;
    }
    // "2/1 archief.zip/dossier Peeters.PDF": the path, then the last name's type, lower case.
    const std::string path = violation.part.substr(0, space);
    std::string_view name = std::string_view(violation.part).substr(space + 1);
    if (const auto slash = name.rfind('/'); slash != std::string_view::npos) {
        name.remove_prefix(slash + 1);
    }
    std::string type;
    if (const auto dot = name.rfind('.'); dot != std::string_view::npos && dot > 0 && is_short_extension(name.substr(dot + 1))) {
        type = " (." + ascii_lower(name.substr(dot + 1)) + ")";
    }
    shown.part = path + " " + path + type;
    return shown;
}

std::string explain_nl(const Violation& v, const Protocol* p)
{
    const std::string f = part_name(v.part, true);
    switch (v.code) {
    case ViolationCode::attachment_not_encrypted:
        return uses_label(p)
            ? fmt::format("Bijlage {} is leesbaar: verstuur het bericht in Outlook met het "
                          "vertrouwelijkheidslabel '{}', zodat bericht en bijlagen versleuteld worden.",
                  f, label_names(p))
            : fmt::format("Bijlage {} is niet versleuteld: stuur ze in een 7-Zip-archief met AES-256 "
                          "en vink 'Bestandsnamen versleutelen' aan.",
                  f);
    case ViolationCode::attachment_unapproved_encryption:
        if (v.part.empty()) {
            return "Het bericht zelf is versleuteld (S/MIME, PGP of een Microsoft-label), maar dit protocol "
                   "vraagt een 7-Zip-archief: verstuur het bericht zonder versleuteling en zet de gegevens in "
                   "een .7z-archief met AES-256 en versleutelde bestandsnamen.";
        }
        return uses_label(p)
            ? fmt::format("Bijlage {} is versleuteld op een manier die dit protocol niet voorziet: "
                          "voeg het bestand onversleuteld toe en verstuur het bericht met het label '{}'.",
                  f, label_names(p))
            : fmt::format("Bijlage {} is versleuteld op een manier die dit protocol niet voorziet "
                          "(bv. een Office- of PDF-wachtwoord of een zip-bestand): maak een 7-Zip-archief "
                          "(.7z) met AES-256 en vink 'Bestandsnamen versleutelen' aan.",
                  f);
    case ViolationCode::archive_weak_encryption:
        return fmt::format("Archief {} is te zwak versleuteld: maak het opnieuw met 7-Zip, "
                           "archiefformaat 7z en versleuteling AES-256.",
            f);
    case ViolationCode::archive_partially_encrypted:
        return fmt::format("Archief {} is maar gedeeltelijk versleuteld (er werden later bestanden "
                           "zonder wachtwoord toegevoegd): maak een nieuw archief met alle bestanden "
                           "tegelijk en een wachtwoord.",
            f);
    case ViolationCode::archive_filenames_visible:
        return fmt::format("In archief {} zijn de bestandsnamen leesbaar: maak het opnieuw als .7z en "
                           "vink 'Bestandsnamen versleutelen' aan.",
            f);
    case ViolationCode::archive_password_in_message:
        return fmt::format("Het wachtwoord van archief {} staat in dezelfde e-mail: verwijder het en "
                           "geef het wachtwoord via een ander kanaal door (telefoon, sms). Kies ook een "
                           "nieuw wachtwoord.",
            f);
    case ViolationCode::archive_unverifiable:
        return fmt::format("Archief {} kan niet gecontroleerd worden (beschadigd, onvolledig of een "
                           "onbekend formaat): maak het opnieuw met 7-Zip, formaat 7z, AES-256.",
            f);
    case ViolationCode::label_missing:
        return fmt::format("Het bericht heeft geen vertrouwelijkheidslabel: kies in Outlook het label "
                           "'{}' en verstuur opnieuw.",
            label_names(p));
    case ViolationCode::label_wrong:
        return fmt::format("Het bericht heeft een ander vertrouwelijkheidslabel dan dit protocol vraagt: "
                           "kies in Outlook het label '{}'.",
            label_names(p));
    case ViolationCode::label_not_protected:
        return fmt::format("Het label '{}' staat op het bericht, maar het bericht is niet versleuteld: "
                           "kies het label opnieuw in Outlook (het moet versleuteling toepassen) of "
                           "vraag de IT-dienst na of het label versleutelt.",
            label_names(p));
    case ViolationCode::data_national_number:
        return fmt::format("In {} staat een rijksregisternummer (INSZ): dat valt buiten de gegevens die "
                           "dit protocol toelaat (naam en contactgegevens). Verwijder het.",
            f);
    case ViolationCode::data_special_category:
        return fmt::format("In {} staan mogelijk gevoelige gegevens (gezondheid, afkomst, geloof, "
                           "strafrechtelijke gegevens ...): die mogen nooit gedeeld worden. Het bericht "
                           "wordt nagekeken door de functionaris voor gegevensbescherming.",
            f);
    case ViolationCode::data_not_permitted:
        return fmt::format("In {} staan gegevens die dit protocol niet toelaat (enkel naam en "
                           "contactgegevens van de cliënt): verwijder ze.",
            f);
    case ViolationCode::data_cleartext_personal_data:
        return uses_label(p)
            ? fmt::format("In {} staan persoonsgegevens van de cliënt leesbaar: verstuur het bericht "
                          "met het label '{}'.",
                  f, label_names(p))
            : fmt::format("In {} staan persoonsgegevens van de cliënt leesbaar: zet ze in een "
                          "bijlage in een 7-Zip-archief met AES-256 en versleutelde bestandsnamen.",
                  f);
    case ViolationCode::recipient_unregistered_mailbox:
        return fmt::format("Ontvanger {} is niet het geregistreerde adres van het protocol: stuur "
                           "gegevens enkel naar {}.",
            recipient_of(v), mailboxes(p));
    case ViolationCode::recipient_outside_protocol:
        return fmt::format("Ontvanger {} valt buiten het protocol: verstuur dit bericht enkel naar {} "
                           "en stuur andere ontvangers een apart bericht zonder persoonsgegevens.",
            recipient_of(v), mailboxes(p));
    case ViolationCode::protocol_not_in_force:
        return "Het protocol is op dit moment niet van kracht: er mogen geen gegevens gedeeld worden."
            + in_force_nl(p) + " Neem contact op met de functionaris voor gegevensbescherming.";
    case ViolationCode::message_unparseable:
        return "Het bericht kan niet gelezen worden (ongeldige MIME-structuur): verstuur het opnieuw "
               "vanuit Outlook, zonder het door te sturen als bijlage.";
    case ViolationCode::message_limit_exceeded:
        return "Het bericht is te groot of te complex om te controleren: verstuur minder of kleinere "
               "bijlagen, in één 7-Zip-archief.";
    }
    return "Het bericht voldoet niet aan het protocol.";
}

std::string explain_en(const Violation& v, const Protocol* p)
{
    const std::string f = part_name(v.part, false);
    switch (v.code) {
    case ViolationCode::attachment_not_encrypted:
        return uses_label(p)
            ? fmt::format("Attachment {} is readable: send the message from Outlook with the '{}' "
                          "sensitivity label so that it is encrypted.",
                  f, label_names(p))
            : fmt::format("Attachment {} is not encrypted: put it in a 7-Zip archive with AES-256 and "
                          "tick 'Encrypt file names'.",
                  f);
    case ViolationCode::attachment_unapproved_encryption:
        if (v.part.empty()) {
            return "The message itself is encrypted (S/MIME, PGP or a Microsoft label) but the protocol "
                   "requires a 7-Zip archive: send it unencrypted with the data in an AES-256 .7z archive.";
        }
        return fmt::format("Attachment {} is encrypted in a way the protocol does not approve: {}.", f,
            uses_label(p) ? "attach it unencrypted and send the message with the required label"
                          : "use a .7z archive with AES-256 and encrypted file names");
    case ViolationCode::archive_weak_encryption:
        return fmt::format("Archive {} is weakly encrypted: recreate it with 7-Zip, 7z format, AES-256.", f);
    case ViolationCode::archive_partially_encrypted:
        return fmt::format("Archive {} is only partly encrypted: create a new archive with all files and a password.", f);
    case ViolationCode::archive_filenames_visible:
        return fmt::format("Archive {} shows its file names: recreate it as .7z and tick 'Encrypt file names'.", f);
    case ViolationCode::archive_password_in_message:
        return fmt::format("The password of archive {} is in the same e-mail: remove it, choose a new "
                           "one and pass it on by another channel.",
            f);
    case ViolationCode::archive_unverifiable:
        return fmt::format("Archive {} cannot be verified (corrupt, truncated or unknown format): "
                           "recreate it with 7-Zip, 7z format, AES-256.",
            f);
    case ViolationCode::label_missing:
        return fmt::format("The message has no sensitivity label: choose '{}' in Outlook.", label_names(p));
    case ViolationCode::label_wrong:
        return fmt::format("The message has a different sensitivity label: choose '{}' in Outlook.", label_names(p));
    case ViolationCode::label_not_protected:
        return fmt::format("The '{}' label is set but the message is not encrypted: apply the label "
                           "again or ask IT whether it encrypts.",
            label_names(p));
    case ViolationCode::data_national_number:
        return fmt::format("{} contains a national register number, which the protocol does not permit: remove it.", f);
    case ViolationCode::data_special_category:
        return fmt::format("{} may contain special-category data (health, origin, beliefs, criminal "
                           "data): it is held for review by the Data Protection Officer.",
            f);
    case ViolationCode::data_not_permitted:
        return fmt::format("{} contains data the protocol does not permit (only the client's name "
                           "and contact details): remove it.",
            f);
    case ViolationCode::data_cleartext_personal_data:
        return fmt::format("{} shows the client's personal data in clear text: {}.", f,
            uses_label(p) ? "send the message with the required label"
                          : "put it in an encrypted 7-Zip archive");
    case ViolationCode::recipient_unregistered_mailbox:
        return fmt::format("Recipient {} is not the protocol's registered mailbox: send data only to {}.",
            recipient_of(v), mailboxes(p));
    case ViolationCode::recipient_outside_protocol:
        return fmt::format("Recipient {} is outside the protocol: send this message only to {}.",
            recipient_of(v), mailboxes(p));
    case ViolationCode::protocol_not_in_force:
        return "The protocol is not in force now: no data may be shared." + in_force_en(p);
    case ViolationCode::message_unparseable:
        return "The message cannot be read (invalid MIME structure): send it again from Outlook.";
    case ViolationCode::message_limit_exceeded:
        return "The message is too large or too complex to check: send fewer or smaller attachments.";
    }
    return "The message does not comply with the protocol.";
}

std::string explain(const Violation& violation, const Protocol* protocol, Language language)
{
    if (language == Language::nl_en) {
        return explain_nl(violation, protocol) + " / " + explain_en(violation, protocol);
    }
    return explain_nl(violation, protocol);
}

} // namespace pm
