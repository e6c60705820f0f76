// Pattern detectors: RE2 sources and per-match validation.
#include "detect/patterns.hpp"

#include "detect/identifiers.hpp"
#include "detect/redact.hpp"
#include "detect/words.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <string>

namespace pm::detect {

namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

std::size_t code_points(std::string_view text)
{
    return static_cast<std::size_t>(std::ranges::count_if(text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_separator(char c)
{
    return c == ' ' || c == '.' || c == '-' || c == '/';
}

std::string digits_of(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        if (is_digit(c)) {
            out += c;
        }
    }
    return out;
}

/// The number continues past the span: a digit, or one separator and a digit, touches it. Then
/// the match is a slice of a longer number (an account, a dossier number) and proves nothing.
bool number_continues(std::string_view text, Span span)
{
    if (span.begin > 0 && is_digit(text[span.begin - 1])) {
        return true;
    }
    if (span.begin > 1 && is_separator(text[span.begin - 1]) && is_digit(text[span.begin - 2])) {
        return true;
    }
    if (span.end < text.size() && is_digit(text[span.end])) {
        return true;
    }
    return span.end + 1 < text.size() && is_separator(text[span.end]) && is_digit(text[span.end + 1]);
}

constexpr std::string_view month_names[][13] = {
    { "", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
        "november", "december" },
    { "", "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
        "novembre", "decembre" },
    { "", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december" },
};

int month_number(std::string_view folded)
{
    for (const auto& language : month_names) {
        for (int month = 1; month <= 12; ++month) {
            const std::string_view name = language[month];
            // Full names, or abbreviations of at least three letters ("sept", "feb", "okt" is not "oct").
            if (folded == name || (folded.size() >= 3 && name.starts_with(folded))) {
                return month;
            }
        }
    }
    if (folded == "okt") {
        return 10;
    }
    return 0;
}

/// Day, month and year of a written date ("12/03/2019", "2019-03-12", "12 maart 2019",
/// "March 12, 2019"); nullopt when it is not a calendar date.
bool is_written_date(std::string_view date)
{
    std::vector<std::string> parts;
    std::string current;
    const std::string folded = fold(date);
    for (const char c : folded) {
        const bool alnum = is_digit(c) || (c >= 'a' && c <= 'z');
        if (alnum && !current.empty() && is_digit(current.back()) != is_digit(c)) {
            parts.push_back(current);
            current.clear();
        }
        if (alnum) {
            current += c;
        } else if (!current.empty()) {
            parts.push_back(current);
            current.clear();
        }
    }
    if (!current.empty()) {
        parts.push_back(current);
    }
    std::erase_if(parts, [](const std::string& part) { return part == "er" || part == "e" || part == "st" || part == "nd" || part == "rd" || part == "th"; });
    if (parts.size() != 3) {
        return false;
    }
    const auto number = [](const std::string& part) {
        return std::ranges::all_of(part, is_digit) && part.size() <= 4 ? std::stoi(part) : -1;
    };
    int day = 0;
    int month = 0;
    int year = 0;
    if (parts[0].size() == 4 && number(parts[0]) >= 0) {
        year = number(parts[0]);
        month = number(parts[1]);
        day = number(parts[2]);
    } else if (number(parts[0]) >= 0) {
        day = number(parts[0]);
        month = number(parts[1]) >= 0 ? number(parts[1]) : month_number(parts[1]);
        year = number(parts[2]);
    } else {
        month = month_number(parts[0]);
        day = number(parts[1]);
        year = number(parts[2]);
    }
    if (parts.back().size() == 2 && year >= 0) {
        year += 1900;  // century does not matter for the calendar check except 29 Feb 1900
        if (year == 1900) {
            year = 2000;
        }
    }
    return year >= 1880 && year <= 2100 && is_calendar_date(year, month, day);
}

constexpr std::string_view street_suffixes =
    "straat|laan|weg|plein|steenweg|dreef|lei|baan|kaai|markt|singel|dijk|vest|hof|pad|park|berg|"
    "veld|wal|ring|dam|gracht|kouter|dries|heide|bos|hoek|kant|boulevard|square";
constexpr std::string_view french_streets =
    "rue|avenue|av\\.|chauss[ée]e|boulevard|bd|place|chemin|all[ée]e|quai|square|impasse|dr[èe]ve|route|clos|"
    "sentier|rempart";

std::string address_pattern()
{
    const std::string dutch = fmt::format(
        R"((?:\p{{Lu}}[\p{{L}}'’.\-]*[ ]){{0,3}}[\p{{L}}'’\-]*(?i:{}))", street_suffixes);
    const std::string french = fmt::format(R"((?i:{})(?:[ ]+[\p{{L}}'’.\-]+){{1,5}})", french_streets);
    return fmt::format(
        R"((?:^|[^\p{{L}}\p{{N}}'’\-])((?:{}|{})[ ]+[1-9]\d{{0,3}}(?:[ ]?[A-Za-z]\b)?)"
        R"((?:[ ,]*(?i:bus|bte|boîte|b\.)[ ]?[A-Za-z0-9]{{1,5}})?)"
        R"((?:[ ]*[,\n][ ]*|[ ]+-[ ]+|[ ]+)[1-9]\d{{3}}[ ]+\p{{L}}[\p{{L}}'’\-]*(?:[ ]\p{{Lu}}[\p{{L}}'’\-]*)?))",
        dutch, french);
}

} // namespace

const std::array<std::string_view, pattern_count>& patterns()
{
    static const std::string address = address_pattern();
    static const std::array<std::string_view, pattern_count> sources = {
        // national_number: YY.MM.DD-XXX.CC, YYMMDD-XXX-CC, YYMMDDXXXCC, spaced forms
        R"(\b(\d{2}[. /]?\d{2}[. /]?\d{2}[. /-]?\d{3}[. -]?\d{2})\b)",
        // id_card: xxx-xxxxxxx-yy
        R"(\b(\d{3}[- ]\d{7}[- ]\d{2})\b)",
        // iban: country, check digits, then 11-30 alphanumerics with single spaces
        R"(\b([A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}))",
        // birth_date: a birth label, a short window, a date (group 1)
        R"((?i)(?:\b(?:geboortedatum|geboren(?:[ ]+op)?|geb\.|date[ ]+de[ ]+naissance|n[ée]e?[ ]+le|date[ ]+of[ ]+birth|d\.?o\.?b\.?|born(?:[ ]+on)?)|°)[^\d\n]{0,30}?(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[ ]?[/.\-][ ]?\d{1,2}[ ]?[/.\-][ ]?(?:\d{4}|\d{2})\b|\d{1,2}(?:er|e)?[ ]+\p{L}{3,9}\.?[ ]+\d{4}|\p{L}{3,9}\.?[ ]+\d{1,2}(?:st|nd|rd|th)?,?[ ]+\d{4}))",
        // email
        R"(\b([A-Za-z0-9_%+\-](?:[A-Za-z0-9._%+\-]*[A-Za-z0-9_%+\-])?@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24})\b)",
        // phone: +CC / 00CC international forms, 0x national forms
        R"(((?:\+|\b00)[1-9]\d{0,2}(?:[ ./\-]?\(0\))?(?:[ ./\-]?\d){6,13}|\b0[1-9](?:[ ./\-]?\d){7,8})\b)",
        // address: street with a suffix (or a French street word), number [bus x], postcode, town
        address,
        // honorific_name: "mevrouw Hanne Aerts", "dhr. Jan Peeters", "Madame Dupont": a title and
        // one to three capitalised words (the title in any case, the name capitalised)
        R"((?i:\b(?:mevrouw|mevr\.|meneer|mijnheer|dhr\.|de[ ]+heer|madame|mme|monsieur|mr\.?|mrs\.?|ms\.?))[ ]+(\p{Lu}[\p{Ll}'’\-]+(?:[ ]+(?:(?:van|de|der|den|le|la|du)[ ]+)?\p{Lu}[\p{Ll}'’\-]+){0,2}))",
        // nationality written in a sentence: "de Poolse nationaliteit", "van Marokkaanse nationaliteit";
        // the adjective's length (3 to 20 letters before the ending) is checked after the match,
        // because a counted Unicode class makes the automaton hundreds of times larger
        R"(\b(\p{L}+(?:e|se)[ ]+(?i:nationaliteit)|(?i:nationalit[ée])[ ]+\p{L}+|\p{L}+[ ]+(?i:nationality))\b)",
        // income with an amount: "het gezinsinkomen bedraagt € 1.640", "leefloon van 1 300 euro"
        R"((?i)\b((?:gezins)?inkomen|loon|leefloon|uitkering|revenu|income)\b[^.\n]{0,40}?(?:€[ ]?\d[\d. ]*|\d[\d. ]*[ ]?(?:€|euro|eur)\b))",
    };
    return sources;
}

bool value_needs_submatch(PatternKind kind)
{
    // The label before a birth date, the title before a name and the amount after an income word
    // are not part of the value.
    return kind == PatternKind::birth_date || kind == PatternKind::income;
}

re2::StringPiece value_of_match(PatternKind kind, re2::StringPiece match)
{
    if (kind == PatternKind::honorific_name) {
        // The title, its blanks, then group 1 (which starts with a capital, never a blank). No
        // title holds a blank but "de heer" (`de[ ]+heer`; its letters have no non-ASCII case
        // variants, so they are four bytes).
        const std::string_view text(match.data(), match.size());
        std::size_t at = 0;
        const bool de_heer = text.size() > 2 && (text[0] | 0x20) == 'd' && (text[1] | 0x20) == 'e' && text[2] == ' ';
        if (de_heer) {
            at = text.find_first_not_of(' ', 2) + 4;
        } else {
            at = std::min(text.find(' '), text.size());
        }
        at = std::min(text.find_first_not_of(' ', at), text.size());
        return { match.data() + at, match.size() - at };
    }
    if (kind != PatternKind::address || match.empty()) {
        return match;  // group 1 is the whole match
    }
    // `(?:^|[^\p{L}\p{N}'’\-])(...)`: the first code point is context unless the match starts the
    // text with the street itself (then it is a letter, an apostrophe or a hyphen).
    const std::string_view text(match.data(), match.size());
    const CodePoint first = decode_at(text, 0);
    const bool part_of_value = is_letter(first.value) || first.value == '\'' || first.value == U'’' || first.value == '-'
        || (first.value >= '0' && first.value <= '9');
    if (part_of_value) {
        return match;
    }
    return { match.data() + first.length, match.size() - first.length };
}

std::string normalise_phone(std::string_view written)
{
    // No plan allows more than 15 digits: collect at most that many, without allocating.
    constexpr std::size_t most_digits = 15;
    std::array<char, most_digits> buffer {};
    std::size_t count = 0;
    bool international = false;
    std::size_t at = 0;
    if (written.starts_with("+")) {
        international = true;
        at = 1;
    } else if (written.starts_with("00")) {
        international = true;
        at = 2;
    }
    for (; at < written.size(); ++at) {
        if (written.substr(at).starts_with("(0)")) {
            at += 2;
            continue;
        }
        if (is_digit(written[at])) {
            if (count == most_digits) {
                return {};
            }
            buffer[count++] = written[at];
        }
    }
    const std::string_view digits(buffer.data(), count);
    std::string_view national;
    if (international) {
        if (!digits.starts_with("32")) {
            return digits.size() >= 8 && digits.size() <= 15 && digits[0] != '0' ? std::string(digits) : std::string();
        }
        national = digits.substr(2);
    } else {
        if (!digits.starts_with("0")) {
            return {};
        }
        national = digits.substr(1);
    }
    if (national.empty() || national[0] == '0') {
        return {};
    }
    const bool mobile = national.size() == 9 && national[0] == '4' && national[1] >= '5';
    const bool landline = national.size() == 8;
    if (!mobile && !landline) {
        return {};
    }
    for (const std::string_view service : { "70", "77", "78", "800", "90" }) {
        if (national.starts_with(service)) {
            return {};
        }
    }
    std::string out = "32";
    out += national;
    return out;
}

std::optional<Candidate> validate_match(
    PatternKind kind, std::string_view text, Span span, std::string_view whole_match, int current_year)
{
    const std::string_view value = text.substr(span.begin, span.end - span.begin);
    switch (kind) {
    case PatternKind::national_number: {
        if (number_continues(text, span)) {
            return std::nullopt;
        }
        const auto number = validate_national_number(digits_of(value), current_year);
        if (!number) {
            return std::nullopt;
        }
        return Candidate { span, FieldType::national_number, redact_national_number(number->digits), 0.99, {} };
    }
    case PatternKind::id_card: {
        const std::string digits = digits_of(value);
        if (number_continues(text, span) || !validate_id_card(digits)) {
            return std::nullopt;
        }
        return Candidate { span, FieldType::id_card, redact_id_card(digits), 0.95, {} };
    }
    case PatternKind::iban: {
        // Take exactly the country's length of alphanumerics (single spaces allowed between);
        // the match may have run on into the next words.
        std::string upper;
        for (std::size_t i = 0; i < 2; ++i) {
            upper += static_cast<char>(value[i] >= 'a' ? value[i] - 'a' + 'A' : value[i]);
        }
        const int length = iban_length(upper);
        if (length == 0) {
            return std::nullopt;
        }
        std::string compact;
        std::size_t at = 0;
        for (; at < value.size() && compact.size() < static_cast<std::size_t>(length); ++at) {
            if (value[at] != ' ') {
                compact += value[at];
            }
        }
        if (compact.size() != static_cast<std::size_t>(length)) {
            return std::nullopt;
        }
        const Span used { span.begin, span.begin + at };
        if (letter_or_digit_after(text, used.end) || !validate_iban(compact)) {
            return std::nullopt;
        }
        return Candidate { used, FieldType::bank_account, redact_iban(compact), 0.99, {} };
    }
    case PatternKind::birth_date: {
        if (!is_written_date(value)) {
            return std::nullopt;
        }
        return Candidate { span, FieldType::birth_date, {}, 0.9, {}, [](std::string_view v) { return redact_keep_ends(v, 0, 4); } };
    }
    case PatternKind::email:
        // Compared with the own addresses in lower case by the detector, from the text.
        return Candidate { span, FieldType::email, {}, 0.9, {}, [](std::string_view v) { return redact_email(v); } };
    case PatternKind::phone: {
        if (number_continues(text, span)) {
            return std::nullopt;
        }
        // Enterprise numbers (KBO/BTW) look like 0xxx.xxx.xxx.
        const bool enterprise = value.size() == 12 && value[4] == '.' && value[8] == '.';
        const bool after_vat = span.begin >= 3 && (text.substr(span.begin - 3, 3) == "BE " || text.substr(span.begin - 2, 2) == "BE");
        if (enterprise || after_vat || letter_or_digit_before(text, span.begin)) {
            return std::nullopt;
        }
        std::string normalised = normalise_phone(value);
        if (normalised.empty()) {
            return std::nullopt;
        }
        constexpr std::size_t keep_front = 4;
        return Candidate { span, FieldType::phone, {}, 0.8, std::move(normalised),
            [](std::string_view v) { return redact_keep_ends(v, keep_front, 2); } };
    }
    case PatternKind::address: {
        (void)whole_match;
        return Candidate { span, FieldType::address, {}, 0.8, {}, [](std::string_view v) { return redact_words(v, 60); } };
    }
    case PatternKind::honorific_name: {
        // "Beste mevrouw Hermans," greets the (professional) addressee: not a client's name.
        const std::size_t line_begin = text.rfind('\n', span.begin) == std::string_view::npos ? 0 : text.rfind('\n', span.begin) + 1;
        const std::string before = fold(text.substr(line_begin, span.begin - line_begin));
        for (const std::string_view greeting : { "beste", "geachte", "dag", "hallo", "hoi", "bonjour", "chere", "cher", "dear", "hello" }) {
            if (before.starts_with(greeting)) {
                return std::nullopt;
            }
        }
        return Candidate { span, FieldType::name, {}, 0.7, {}, [](std::string_view v) { return redact_words(v, 40); } };
    }
    case PatternKind::nationality: {
        // The adjective: the word that is not "nationaliteit/nationalité/nationality".
        const std::size_t space = value.find(' ');
        const std::size_t last_space = value.rfind(' ');
        const std::string first = fold(value.substr(0, space));
        const std::string_view adjective = first.starts_with("nationalit") ? value.substr(last_space + 1) : value.substr(0, space);
        const std::size_t letters = code_points(adjective);
        if (letters < 3 || letters > 22) {
            return std::nullopt;
        }
        return Candidate { span, FieldType::nationality, {}, 0.7, {}, [](std::string_view v) { return redact_words(v, 40); } };
    }
    case PatternKind::income:
        return Candidate { span, FieldType::income, {}, 0.7, {}, [](std::string_view v) { return redact_words(v, 40); } };
    }
    return std::nullopt;
}

} // namespace pm::detect
