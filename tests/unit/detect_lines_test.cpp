// Line-level edges of the signature and field-label passes: folding only the start of a line,
// lines longer than what is folded, accents, capitals, multi-byte characters on the cut, and
// label lines found by jumping from separator to separator.
#include "detect/field_labels.hpp"
#include "detect/lexicon.hpp"
#include "detect/signature.hpp"
#include "support/detect_support.hpp"

using pm::FieldType;
using pm::detect::Span;
using pm::test::fields_of;
using pm::test::scan;

namespace {

/// The blocks as [begin, end) pairs, for readable comparisons.
std::vector<std::pair<std::size_t, std::size_t>> blocks_of(std::string_view text)
{
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const Span& span : pm::detect::signature_blocks(text)) {
        out.emplace_back(span.begin, span.end);
    }
    return out;
}

std::string repeat(std::string_view piece, std::size_t count)
{
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out += piece;
    }
    return out;
}

} // namespace

TEST_CASE("a closing's tail is measured folded: thirty accented letters are thirty, not sixty bytes", "[detect][signature]")
{
    // "groeten" then 31 folded bytes (61 raw): a closing; the line is 68 bytes, under the 80 limit.
    const std::string accented = "Tot morgen.\n\nGroeten " + repeat("é", 30) + "\nAn\n";
    CHECK(blocks_of(accented) == std::vector<std::pair<std::size_t, std::size_t>> { { 13, accented.size() } });
    // 41 bytes after the phrase: not a closing, whatever follows.
    const std::string ascii = "Tot morgen.\n\nGroeten " + std::string(40, 'x') + "\nAn\n";
    CHECK(blocks_of(ascii).empty());
    // 40 bytes after it: a closing.
    const std::string limit = "Tot morgen.\n\nGroeten " + std::string(39, 'x') + "\nAn\n";
    CHECK(blocks_of(limit) == std::vector<std::pair<std::size_t, std::size_t>> { { 13, limit.size() } });
}

TEST_CASE("closings with accents, or with a multi-byte letter where the folded start is cut, are closings", "[detect][signature]")
{
    for (const std::string closing : { "Sincères salutations,", "Bien à vous,", "BIEN À VOUS", "Alvast bedankt en groeten, Anaïs",
             "Alvast bedankt en groeten,  Anaïs", "Alvast bedankt en groeten,   Anaïs", "Met vriendelijke groeten, Zoë" }) {
        CAPTURE(closing);
        const std::string text = "Merci.\n\n" + closing + "\nMarie Dupont\n";
        CHECK(blocks_of(text) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, text.size() } });
    }
    // A phrase inside a longer word is no closing ("groet" in "groetjes" is, as its own phrase).
    CHECK(blocks_of("Merci.\n\nMet vriendelijke groetjes\nMarie\n").empty());
    CHECK(blocks_of("Merci.\n\nGroetenlijst\nMarie\n").empty());
    const std::string groetjes = "Merci.\n\nGroetjes\nMarie\n";
    CHECK(blocks_of(groetjes) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, groetjes.size() } });
    // A closing longer than 80 bytes is no closing, however short it folds.
    const std::string long_line = "Merci.\n\nGroeten " + repeat("é", 40) + "\nAn\n";
    CHECK(blocks_of(long_line).empty());
}

TEST_CASE("an attribution line with accents ends the signature before the quoted message", "[detect][signature]")
{
    const std::string text = "Merci.\n\nBien à vous,\nMarie\n\nLe 3 mars 2025 à 10:12, Émilie Dupont a écrit :\n"
                             "> Bonjour, joignable au 0472 11 22 33\n";
    const std::size_t closing = text.find("Bien");
    const std::size_t attribution = text.find("Le 3");
    CHECK(blocks_of(text) == std::vector<std::pair<std::size_t, std::size_t>> { { closing, attribution } });
    // The quoted phone is after the signature: it is reported.
    CHECK(fields_of(scan(text), FieldType::phone).size() == 1);
    // Without its ending it is no attribution: the block runs to the end.
    const std::string open = "Merci.\n\nBien à vous,\nMarie\n\nLe 3 mars 2025 à 10:12, Émilie Dupont a dit\n";
    CHECK(blocks_of(open) == std::vector<std::pair<std::size_t, std::size_t>> { { open.find("Bien"), open.size() } });
}

TEST_CASE("a web address in capitals makes a contact line of a signature", "[detect][signature]")
{
    for (const std::string web : { "WWW.OPGROEIEN.BE", "www.opgroeien.be", "Web: Www.Opgroeien.be", "\"WWW.OPGROEIEN.BE\"" }) {
        CAPTURE(web);
        const std::string text = "Tot dan.\n\nAn Peeters\n" + web + "\n";
        CHECK(blocks_of(text) == std::vector<std::pair<std::size_t, std::size_t>> { { 10, text.size() - 1 } });
    }
    // "ww." or "www" without its dot is not a web address: no contact line, no block.
    CHECK(blocks_of("Tot dan.\n\nAn Peeters\nWW.OPGROEIEN.BE\n").empty());
    CHECK(blocks_of("Tot dan.\n\nAn Peeters\nWWW OPGROEIEN BE\n").empty());
}

TEST_CASE("lines longer than what is folded: a 250-byte header is no boundary, a 250-byte disclaimer is one", "[detect][signature]")
{
    // A "Van:" line is the start of a forwarded message only when it is at most 200 bytes long.
    const std::string long_header = "Groeten,\nAn\nVan: " + std::string(250, 'x') + "\nmeer\n";
    CHECK(blocks_of(long_header) == std::vector<std::pair<std::size_t, std::size_t>> { { 0, long_header.size() } });
    const std::string short_header = "Groeten,\nAn\nVan: Jan\nmeer\n";
    CHECK(blocks_of(short_header) == std::vector<std::pair<std::size_t, std::size_t>> { { 0, 12 } });
    // A disclaimer is read from its start, however long its line: the contact paragraph before it
    // is still the last of the message.
    const std::string disclaimer = "Tekst.\n\nAn Peeters\nT 011 12 34 56\n\nDit e-mailbericht is vertrouwelijk "
        + std::string(250, 'x') + "\n";
    CHECK(blocks_of(disclaimer) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, 33 } });
    // Without the disclaimer's opening words it is an ordinary paragraph after the contact lines.
    const std::string ordinary = "Tekst.\n\nAn Peeters\nT 011 12 34 56\n\nDat e-mailbericht is vertrouwelijk "
        + std::string(250, 'x') + "\n";
    CHECK(blocks_of(ordinary).empty());
}

TEST_CASE("a line cut inside a UTF-8 sequence or holding invalid bytes is read like any other", "[detect][signature]")
{
    // The first 200 bytes of a 201-byte line end inside "é"; such a line is never a header.
    const std::string cut = "Groeten,\nAn\nVan: " + std::string(194, 'x') + "é\nmeer\n";
    CHECK(blocks_of(cut) == std::vector<std::pair<std::size_t, std::size_t>> { { 0, cut.size() } });
    // A stray continuation byte or a lone lead byte before the phrase: no closing.
    CHECK(blocks_of("Merci.\n\n\xA9Groeten\nAn\n").empty());
    CHECK(blocks_of("Merci.\n\n\xC3Groeten\nAn\n").empty());
    // After the phrase they are part of the short tail.
    const std::string tail = "Merci.\n\nGroeten \xC3\nAn\n";
    CHECK(blocks_of(tail) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, tail.size() } });
    // A text that ends inside a sequence.
    CHECK(blocks_of("Merci.\n\nGroeten\n\xE2\x82").size() == 1);
}

TEST_CASE("contact lines count only in a paragraph shaped like a signature", "[detect][signature]")
{
    // Thirteen short lines with an e-mail address: too long for a signature.
    std::string thirteen = "Tekst.\n\n";
    for (int i = 0; i < 12; ++i) {
        thirteen += "regel\n";
    }
    thirteen += "an@opgroeien.be\n";
    CHECK(blocks_of(thirteen).empty());
    // Twelve are a signature.
    const std::string twelve = thirteen.substr(0, thirteen.size() - 22) + "an@opgroeien.be\n";
    CHECK(blocks_of(twelve) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, twelve.size() - 1 } });
    // A line of 101 bytes in it: not a signature.
    const std::string wide = "Tekst.\n\nAn Peeters\n" + std::string(101, 'x') + "\nan@opgroeien.be\n";
    CHECK(blocks_of(wide).empty());
    // Not the last paragraph (and no quoted message after it): not a signature.
    CHECK(blocks_of("Tekst.\n\nAn Peeters\nan@opgroeien.be\n\nNog iets.\n").empty());
    // The last before a quoted message is.
    const std::string quoted = "Tekst.\n\nAn Peeters\nan@opgroeien.be\n\n> Nog iets.\n";
    CHECK(blocks_of(quoted) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, 34 } });
}

TEST_CASE("a label with accents, capitals or numbering before it is read as its folded words", "[detect][labels]")
{
    CHECK(fields_of(scan("Prénom: Marie"), FieldType::name) == std::vector<std::string> { "prenom: M****" });
    CHECK(fields_of(scan("NAAM: JAN PEETERS"), FieldType::name) == std::vector<std::string> { "naam: J** P******" });
    CHECK(fields_of(scan("1. Naam: Jan Peeters"), FieldType::name).size() == 1);
    CHECK(fields_of(scan("a) Naam: Jan Peeters"), FieldType::name).size() == 1);
    CHECK(fields_of(scan("Naam en voornaam: Jan Peeters"), FieldType::name)
        == std::vector<std::string> { "naam en voornaam: J** P******" });
    // An exact-only label only as the whole label.
    CHECK(fields_of(scan("Moeder: Sofie Peeters"), FieldType::name) == std::vector<std::string> { "moeder: S**** P******" });
    CHECK(fields_of(scan("Moeder van Jan: Sofie Peeters"), FieldType::name).empty());
}

TEST_CASE("a label line is read the same with or without 64 bytes of text after it", "[detect][labels]")
{
    // With enough text after the line its words are split sixteen bytes at a time; at the end of
    // the text one by one.
    const std::string long_after = std::string("\n").append(100, 'x');
    for (const std::string& after : { std::string(), std::string("\n"), long_after }) {
        CAPTURE(after.size());
        CHECK(fields_of(scan("Naam: Jan Peeters" + after), FieldType::name) == std::vector<std::string> { "naam: J** P******" });
        CHECK(fields_of(scan("Prénom : Marie" + after), FieldType::name) == std::vector<std::string> { "prenom: M****" });
        CHECK(fields_of(scan("Adres: N.V.T." + after), FieldType::address).empty());
        CHECK(fields_of(scan("Adres: zie bijlage" + after), FieldType::address).empty());
    }
    // A value longer than 64 bytes.
    const std::string value = "Jan Peeters, wonend bij zijn grootmoeder in de buurt van het station van Leuven";
    CHECK(fields_of(scan("Naam: " + value + "\n" + std::string(100, 'x')), FieldType::name).size() == 1);
}

TEST_CASE("a label line is found after lines whose separator is out of reach, in a time or in a URL", "[detect][labels]")
{
    const std::string far = std::string(70, 'x') + ": y\n";
    CHECK(fields_of(scan(far + "Naam: Jan Peeters"), FieldType::name).size() == 1);
    CHECK(fields_of(scan("Afspraak om 10:30 bij https://opgroeien.be/a:b\nNaam: Jan Peeters"), FieldType::name).size() == 1);
    CHECK(fields_of(scan("Onderwerp: verslag\r\nNaam: Jan Peeters\r\nAdres: onbekend\r\n"), FieldType::name)
        == std::vector<std::string> { "naam: J** P******" });
    // The separator at byte 59 of the line is in reach, at byte 60 it is not.
    CHECK(fields_of(scan(far + "Naam" + std::string(55, ' ') + ": Jan Peeters"), FieldType::name).size() == 1);
    CHECK(fields_of(scan(far + "Naam" + std::string(56, ' ') + ": Jan Peeters"), FieldType::name).empty());
    // A line starting with its separator has no label.
    CHECK(fields_of(scan(": Naam: Jan Peeters"), FieldType::name).empty());
}

TEST_CASE("a label's words are read as the folding reads them, however the bytes are written", "[detect][labels]")
{
    // A letter written in two bytes joins the word (the overlong form of "N" decodes to "N").
    CHECK(fields_of(scan("\xC1\x8E" "aam: Jan Peeters"), FieldType::name).size() == 1);
    // A digit written so ("5" in two bytes) joins the word too: "5naam" is no label.
    CHECK(fields_of(scan("\xC0\xB5" "naam: Jan Peeters"), FieldType::name).empty());
    // A lone lead byte or a stray continuation byte separates words like punctuation.
    CHECK(fields_of(scan("\xC3naam: Jan Peeters"), FieldType::name).size() == 1);
    CHECK(fields_of(scan("- \xA9 Naam: Jan Peeters"), FieldType::name).size() == 1);
}

TEST_CASE("the label finder gives the lexicon's label, its meaning and the value's span", "[detect][labels]")
{
    auto lexicons = pm::detect::load_lexicons(std::string(PM_SOURCE_DIR) + "/rules/lexicons");
    REQUIRE(lexicons);
    const pm::detect::LabelFinder finder(*lexicons);
    const std::string text = "Verslag\n2. Naam moeder:\tSofie Peeters\tandere cel\nGSM-nummer: 0472 11 22 33 \nDiagnose: zie verslag";
    const auto hits = finder.find(text);
    REQUIRE(hits.size() == 3);
    CHECK(hits[0].label == "naam");
    CHECK(hits[0].line_begin == 8);
    CHECK(text.substr(hits[0].value.begin, hits[0].value.end - hits[0].value.begin) == "Sofie Peeters");
    CHECK(hits[1].label == "gsm nummer");
    CHECK(hits[1].meaning.field == FieldType::phone);
    CHECK(text.substr(hits[1].value.begin, hits[1].value.end - hits[1].value.begin) == "0472 11 22 33");
    CHECK(hits[2].label == "diagnose");
    CHECK(hits[2].meaning.special);
}

TEST_CASE("lines are found the same wherever they fall in the 64-byte blocks the text is read in", "[detect][signature]")
{
    // A "-- " line whose '\n' is at byte 61..66: on either side of the first block's end.
    for (std::size_t filler = 57; filler <= 62; ++filler) {
        CAPTURE(filler);
        const std::string text = std::string(filler, 'x') + "\n-- \nJan Peeters\n";
        CHECK(text.find("-- \n") + 3 == filler + 4);
        CHECK(blocks_of(text) == std::vector<std::pair<std::size_t, std::size_t>> { { filler + 1, text.size() } });
    }
    // A closing line that straddles the end of the first block, and a quoted message after it.
    for (std::size_t filler = 40; filler <= 70; filler += 6) {
        CAPTURE(filler);
        const std::string text = std::string(filler, 'x') + "\n\nMet vriendelijke groeten,\nAn\n\n> vraag\n";
        const std::size_t closing = filler + 2;
        CHECK(blocks_of(text) == std::vector<std::pair<std::size_t, std::size_t>> { { closing, text.find("> vraag") } });
    }
}

TEST_CASE("a text of exactly 64 or 128 bytes, with or without a last newline, keeps its last line", "[detect][signature]")
{
    // "Tekst.\n\n" and the closing line are 34 bytes; the name line fills the text to 64 or 128.
    for (const std::size_t size : { std::size_t { 64 }, std::size_t { 128 } }) {
        for (const bool newline : { true, false }) {
            CAPTURE(size, newline);
            std::string text = "Tekst.\n\nMet vriendelijke groeten,\n";
            text += std::string(size - text.size() - (newline ? 1 : 0), 'n');
            text += newline ? "\n" : "";
            REQUIRE(text.size() == size);
            CHECK(blocks_of(text) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, size } });
        }
    }
    // The last line is "-- " without its '\n', at the end of a 64-byte text.
    const std::string delimiter_last = std::string(60, 'x') + "\n-- ";
    REQUIRE(delimiter_last.size() == 64);
    CHECK(blocks_of(delimiter_last) == std::vector<std::pair<std::size_t, std::size_t>> { { 61, 64 } });
    // A last line without '\n' in a short text, and an empty text.
    CHECK(blocks_of("Tekst.\n\n-- \nJan") == std::vector<std::pair<std::size_t, std::size_t>> { { 8, 15 } });
    CHECK(blocks_of("").empty());
    CHECK(blocks_of("--") == std::vector<std::pair<std::size_t, std::size_t>> { { 0, 2 } });
}

TEST_CASE("CRLF line ends: a closing, a delimiter line ending in a carriage return and a header end as with LF", "[detect][signature]")
{
    const std::string closing = "Tekst.\r\n\r\nMet vriendelijke groeten\r\nJan\r\n";
    CHECK(blocks_of(closing) == std::vector<std::pair<std::size_t, std::size_t>> { { 10, closing.size() } });
    const std::string delimiter = "Tekst.\r\n-- \r\nJan\r\n\r\nVan: An\r\nTekst\r\n";
    CHECK(blocks_of(delimiter) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, delimiter.find("Van:") } });
    // Blanks around a delimiter: " -- \t\r" is one too.
    const std::string blanks = "Tekst.\r\n -- \t\r\nJan\r\n";
    CHECK(blocks_of(blanks) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, blanks.size() } });
}

TEST_CASE("a line is passed over by its first three bytes only when no phrase can start there", "[detect][signature]")
{
    // "vg" is a two-byte phrase: any third byte may follow it.
    for (const std::string closing : { "VG, Jan", "vg Jan", "Vg", "VG!" }) {
        CAPTURE(closing);
        const std::string text = "Tekst.\n\n" + closing + "\nAn\n";
        CHECK(blocks_of(text) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, text.size() } });
    }
    // A non-ASCII third byte is read ("Groeten" written with an overlong 'e' is still "groeten").
    const std::string overlong = "Tekst.\n\nGr\xC1\xAF" "eten\nAn\n";
    CHECK(blocks_of(overlong) == std::vector<std::pair<std::size_t, std::size_t>> { { 8, overlong.size() } });
    // A line whose first three bytes start a phrase is read, and matches none if the rest differs.
    CHECK(blocks_of("Tekst.\n\nMeT\x7F" "vriendelijke groeten\nAn\n").empty());
    CHECK(blocks_of("Tekst.\n\nGroeTEN\nAn\n") == std::vector<std::pair<std::size_t, std::size_t>> { { 8, 19 } });
}
