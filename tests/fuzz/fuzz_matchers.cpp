// libFuzzer target, differential: each hand-written matcher of detect/matchers.hpp must return
// exactly what RE2 returns for the original pattern of patterns.cpp, for the same text and the
// same (position, end): match or no match, and the same span. Ranges are taken from the input
// (every pair on short inputs) and from the windows pattern_windows() really builds, walked the
// way Detector::scan walks them.
//
// Ranges a matcher leaves to RE2 (Outcome::undecided: those with code points outside the set the
// matcher knows, or broken UTF-8) are not compared; the alphabet and the words hold both kinds.
//
// Input: byte 0 picks the kind (byte % kinds) and how the rest is read ((byte >> 4) % 4): as raw
// bytes, as indices into a small alphabet of the characters the patterns care about, as indices
// into a list of words and fragments, or as edits of a sentence a pattern matches (characters of
// the alphabet inserted or replaced, so each class meets every code point in context); bytes 1-4
// seed the ranges; the rest is the text.
#include "detect/matchers.hpp"
#include "detect/pattern_windows.hpp"
#include "detect/patterns.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <re2/re2.h>
#include <string>
#include <string_view>
#include <vector>

namespace {

using pm::detect::PatternKind;
using pm::detect::Span;

struct Result {
    Span whole;
    Span value;
};

// The order is part of the seeds' format (byte 0): append only.
constexpr std::array kinds = {
    PatternKind::email,
    PatternKind::phone,
    PatternKind::honorific_name,
    PatternKind::birth_date,
    PatternKind::address,
    PatternKind::national_number,
    PatternKind::id_card,
    PatternKind::iban,
    PatternKind::nationality,
    PatternKind::income,
};

const re2::RE2& regex(PatternKind kind)
{
    static const auto compiled = [] {
        std::array<std::unique_ptr<re2::RE2>, pm::detect::pattern_count> out;
        re2::RE2::Options options;
        options.set_max_mem(64LL << 20);  // as Detector::load
        options.set_log_errors(false);
        for (std::size_t i = 0; i < out.size(); ++i) {
            const std::string_view source = pm::detect::patterns()[i];
            out[i] = std::make_unique<re2::RE2>(re2::StringPiece(source.data(), source.size()), options);
            if (!out[i]->ok()) {
                std::abort();
            }
        }
        return out;
    }();
    return *compiled[static_cast<std::size_t>(kind)];
}

std::optional<Result> reference(PatternKind kind, std::string_view text, std::size_t position, std::size_t end)
{
    std::array<re2::StringPiece, 2> groups;
    const int wanted = pm::detect::value_needs_submatch(kind) ? 2 : 1;
    if (!regex(kind).Match(re2::StringPiece(text.data(), text.size()), position, end, re2::RE2::UNANCHORED,
            groups.data(), wanted)) {
        return std::nullopt;
    }
    if (wanted == 1) {
        groups[1] = pm::detect::value_of_match(kind, groups[0]);
    }
    const auto span = [&](const re2::StringPiece& piece) {
        if (piece.data() == nullptr) {
            return Span { SIZE_MAX, SIZE_MAX };
        }
        const auto begin = static_cast<std::size_t>(piece.data() - text.data());
        return Span { begin, begin + piece.size() };
    };
    return Result { span(groups[0]), span(groups[1]) };
}

void fail(PatternKind kind, std::string_view text, std::size_t position, std::size_t end,
    const std::optional<Result>& expected, const std::optional<Result>& got)
{
    const auto show = [](const std::optional<Result>& r) {
        return r ? "[" + std::to_string(r->whole.begin) + "," + std::to_string(r->whole.end) + ") value ["
                + std::to_string(r->value.begin) + "," + std::to_string(r->value.end) + ")"
                 : std::string("no match");
    };
    std::fprintf(stderr, "matcher %d differs from RE2 on range [%zu,%zu) of %zu bytes: RE2 %s, ours %s\ntext: \"",
        static_cast<int>(kind), position, end, text.size(), show(expected).c_str(), show(got).c_str());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7F && c != '"' && c != '\\') {
            std::fputc(c, stderr);
        } else {
            std::fprintf(stderr, "\\x%02X", byte);
        }
    }
    std::fprintf(stderr, "\"\n");
    std::abort();
}

/// Compares both on one range; returns the match RE2 found.
std::optional<Result> compare(PatternKind kind, std::string_view text, std::size_t position, std::size_t end)
{
    const auto expected = reference(kind, text, position, end);
    const pm::detect::Outcome outcome = pm::detect::match_pattern(kind, text, position, end);
    if (outcome.state == pm::detect::Outcome::State::undecided) {
        return expected;
    }
    const auto got = outcome.state == pm::detect::Outcome::State::match
        ? std::optional<Result>(Result { outcome.match.whole, outcome.match.value })
        : std::nullopt;
    const bool same = expected.has_value() == got.has_value()
        && (!expected
            || (expected->whole.begin == got->whole.begin && expected->whole.end == got->whole.end
                && expected->value.begin == got->value.begin && expected->value.end == got->value.end));
    if (!same) {
        fail(kind, text, position, end, expected, got);
    }
    return expected;
}

/// The characters the patterns distinguish, for inputs read as an alphabet: ASCII, code points of
/// the set the matchers decide (Latin-1 letters of every class, non-letters, '°', NBSP, ’, €),
/// and what they must leave to RE2: code points outside it (ł, ſ and the Kelvin sign, which
/// RE2's case folding relates to ASCII letters), a stray continuation byte, a lone lead byte.
constexpr std::array alphabet = { "a", "Z", "x", "0", "1", "3", "9", ".", "_", "-", "%", "+",
    "@", " ", "/", "(", ")", ",", "\n", "\t", "A", "o", "e", "m", "#", ":", "n", "s", "E", "'",
    "\xC3\xA9" /* é */, "\xC3\x89" /* É */, "\xC3\xAB" /* ë */, "\xC3\xA7" /* ç */, "\xC3\x9F" /* ß */,
    "\xC2\xB5" /* µ */, "\xC2\xAA" /* ª */, "\xC3\x97" /* × */, "\xC2\xB0" /* ° */, "\xE2\x80\x99" /* ’ */,
    "\xE2\x82\xAC" /* € */, "\xC2\xA0" /* NBSP */, "\xC2\xB2" /* ² */, "\xC3\xA8" /* è */, "\xC3\x8E" /* Î */,
    "\xC3\x80" /* À */, "\xA9" /* stray continuation */, "\xC3" /* lone lead */, "\xC5\x82" /* ł */,
    "\xC5\xBF" /* ſ */, "\xE2\x84\xAA" /* Kelvin sign */, "\xE2\x80\x93" /* en dash */ };

/// Words and fragments, for inputs read as tokens.
constexpr std::array tokens = {
    // e-mail and phone
    "jan", ".", "peeters", "@", "telenet", "be", "com", "-", "_", "+", "%", " ", "\n", "0", "00", "+32",
    "32", "471", "12", "34", "56", "78", "(0)", "/", "0471", "02", "9", "1", "x", "A", "Z", ",",
    "abcdefghijklmnopqrstuvwxy", "abcdefghijklmnopqrstuvwx", "\xC3\xA9", "\xC2\xB0", "..", "a.b", "mail", "tel", "BE", "(",
    ")", "1234567", "@@", "..@", "-.", ".-",
    // titles and names
    "mevrouw", "Mevr.", "MEVR", "meneer", "Mijnheer", "dhr.", "Dhr", "de", "heer", "de  heer", "madame", "Mme",
    "monsieur", "mr", "Mr.", "mrs", "MRS.", "ms.", "Ms", "Jan", "Peeters", "Hanne", "Aerts", "van", "der", "den",
    "le", "la", "du", "O'Brien", "Anne-Marie", "Van", "De", "A", "x'", "beste ",
    // birth dates
    "geboren", "op", "geboortedatum", "geb.", "date", "of", "birth", "naissance", "ne", "nee", "le", "d.o.b.",
    "d.o", "dob", "DOB", "born", "on", "03", "2019", "1985", "19", "maart", "March", "sept", "er", "e", "st",
    "nd", "th", "1985-07-30", "12/03/2019", "12 . 03 . 19", "12-3-85", "\t", ":", "abcdefghij", "Jan.",
    // addresses
    "Kerk", "straat", "STRAAT", "Sint", "Jans", "plein", "laan", "weg", "steenweg", "Grote", "Markt", "rue", "Rue",
    "Av.", "av", "avenue", "chaussee", "all\xC3\xA9" "e", "Paix", "bus", "bte", "b.", "B", "bo\xC3\xAEte", "9000",
    "1000", "0900", "12345", "Gent", "Brussel", "'", "\xE2\x80\x99", " - ", ", ", "a", "b", "Lange", "Oost", "s-",
    "hof", "Dries", "square", "boulevard", "2", "5", "8", "Dorps", "Nieuw", "A12", "Bruxelles", "du", "Louise",
    "Martens", "-Latem", "  ",
    // national numbers, identity cards, IBANs
    "85.07.30-033.28", "850730 033 28", "590-1234567-89", "BE68539007547034", "BE68 5390 0754 7034",
    "NL91ABNA0417164300", "be", "GB",
    // Latin-1 letters, ’ and € in names, streets, dates; code points outside the decided set
    "H\xC3\xA9l\xC3\xA8ne", "Dupr\xC3\xA9", "\xC3\x89LISE", "l\xE2\x80\x99", "\xC3\x89glise", "Chauss\xC3\xA9" "e",
    "CHAUSS\xC3\x89" "E", "bo\xC3\xAEte", "BO\xC3\x8ETE", "Dr\xC3\xA8ve", "all\xC3\x89" "e", "Li\xC3\xA8ge", "Mons",
    "n\xC3\xA9" "e", "N\xC3\xA9", "\xC2\xB0", "\xC2\xA0", "\xC3\x9F", "\xC2\xB5", "\xC2\xAA", "\xC2\xBA", "\xC3\x97",
    "\xC3\xB7", "\xC2\xB2", "\xC2\xBD", "\xC3\xBF", "\xC3\x9E", "\xE2\x80\x99", "\xE2\x82\xAC", "\xA9", "\xC3",
    "\xE2\x82", "\xC5\x82", "\xC5\xBF", "\xE2\x84\xAA", "f\xC3\xA9vrier", "ao\xC3\xBBt", "M\xC3\xBCller", "\xC3\x96z",
    // nationality and income
    "nationaliteit", "Nationaliteit", "nationalit\xC3\xA9", "NATIONALIT\xC3\x89", "nationalite", "nationality",
    "Marokkaanse", "Poolse", "Belgische", "se", "fran\xC3\xA7" "aise", "belge", "Fran\xC3\xA7" "ais", "inkomen", "Inkomen",
    "gezinsinkomen", "gezins", "loon", "leefloon", "uitkering", "revenu", "income", "INCOME", "euro", "EUR", "eur", "euros",
    "1.640", "1 300", "\xE2\x82\xAC ", "bedraagt", "van",
};/// Sentences each pattern matches, for inputs read as edits.
constexpr std::array sentences = { "Beste mevrouw Hanne Aerts,", "dhr. Jan van der Berg", "Madame Dupont la Fontaine",
    "monsieur Jan De Smet", "geboren op 12 maart 2019", "Geboortedatum: 1985-07-30", "n\xC3\xA9" "e le 1er mars 1990",
    "\xC2\xB0 12.03.2019", "date of birth: March 12th, 2019", "Kerkstraat 12, 9000 Gent",
    "Adres: Grote Markt 1 bus 3 1000 Brussel", "rue de la Paix 12 bo\xC3\xAEte 2, 1000 Bruxelles",
    "Chauss\xC3\xA9" "e de Wavre 100 - 1050 Ixelles", "de Marokkaanse nationaliteit", "nationalit\xC3\xA9 fran\xC3\xA7" "aise",
    "Belgian nationality", "het gezinsinkomen bedraagt \xE2\x82\xAC 1.640", "leefloon van 1 300 euro", "revenu: 1200 EUR",
    "jan.peeters@telenet.be", "+32 (0)471 12 34 56", "85.07.30-033.28", "590-1234567-89", "BE68 5390 0754 7034" };

/// Edit mode: byte 5 picks a sentence, then each pair of bytes inserts a character of the
/// alphabet at a code-point boundary, or replaces the code point there (high bit of the second).
void edit(std::string& text, const std::uint8_t* data, std::size_t size)
{
    const auto continues = [&](std::size_t at) { return (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80; };
    text = size > 5 ? sentences[data[5] % sentences.size()] : "";
    for (std::size_t i = 6; i + 1 < size && text.size() < 4096; i += 2) {
        std::size_t at = data[i] % (text.size() + 1);
        while (at > 0 && at < text.size() && continues(at)) {
            --at;
        }
        const std::string_view symbol = alphabet[data[i + 1] % alphabet.size()];
        if ((data[i + 1] & 0x80) != 0 && at < text.size()) {
            std::size_t length = 1;
            while (at + length < text.size() && continues(at + length)) {
                ++length;
            }
            text.replace(at, length, symbol);
        } else {
            text.insert(at, symbol);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 5) {
        return 0;
    }
    const PatternKind kind = kinds[data[0] % kinds.size()];
    const unsigned mode = (data[0] >> 4) % 4;
    const std::size_t seed_a = data[1] | (static_cast<std::size_t>(data[2]) << 8);
    const std::size_t seed_b = data[3] | (static_cast<std::size_t>(data[4]) << 8);
    std::string text;
    if (mode == 3) {
        edit(text, data, size);
    }
    for (std::size_t i = 5; mode < 3 && i < size && text.size() < 4096; ++i) {
        const auto byte = static_cast<char>(data[i]);
        if (mode == 0) {
            text += byte;
        } else if (mode == 1) {
            text += alphabet[data[i] % alphabet.size()];
        } else {
            text += tokens[data[i] % tokens.size()];
        }
    }
    const std::size_t n = text.size();

    // Every range of a short text; a few ranges of a longer one.
    if (n <= 40) {
        for (std::size_t position = 0; position <= n; ++position) {
            for (std::size_t end = position; end <= n; ++end) {
                compare(kind, text, position, end);
            }
        }
    } else {
        for (std::size_t i = 0; i < 8; ++i) {
            const std::size_t position = (seed_a + i * 7919) % (n + 1);
            const std::size_t end = position + (seed_b + i * 104729) % (n + 1 - position);
            compare(kind, text, position, end);
            compare(kind, text, position, n);
        }
        compare(kind, text, 0, n);
    }

    // The windows the detector builds, walked as Detector::scan walks them.
    const pm::detect::Windows windows = pm::detect::pattern_windows(text, {});
    for (const Span& window : windows[static_cast<std::size_t>(kind)]) {
        std::size_t position = window.begin;
        while (position <= window.end) {
            const auto found = compare(kind, text, position, window.end);
            if (!found) {
                break;
            }
            position = std::max(found->whole.end, position + 1);
        }
    }
    return 0;
}
