// The byte pass skips blocks of bytes that hold nothing it looks at: what it looks for is found
// wherever it falls relative to those blocks, up to the last byte of the text.
#include "support/detect_support.hpp"

using pm::FieldType;
using pm::test::fields_of;
using pm::test::scan;

TEST_CASE("numbers, e-mail addresses and the degree sign are found at every offset of the text", "[detect]")
{
    for (std::size_t pad = 0; pad <= 40; ++pad) {
        const std::string before(pad, 'x');
        CAPTURE(pad);
        const std::string number = before + (pad > 0 ? " " : "") + "Rijksregisternummer 85073012335";
        CHECK(fields_of(scan(number), FieldType::national_number) == std::vector<std::string> { "85.07.30-***.**" });
        CHECK(fields_of(scan(number + "\nnog wat tekst zonder cijfers"), FieldType::national_number).size() == 1);
        CHECK(fields_of(scan(before + " mail jan.peeters@telenet.be"), FieldType::email).size() == 1);
        CHECK(fields_of(scan(before + " \xC2\xB0 12.03.2019"), FieldType::birth_date).size() == 1);
        // Ordinary text and non-ASCII letters (with their 0xC3 lead bytes) give nothing.
        CHECK(scan(before + " één café, geen cijfers hier").empty());
    }
}

TEST_CASE("lexicon words are read whole at every offset, in any case, however long the run around them", "[detect]")
{
    const auto health = [](const std::vector<pm::Finding>& findings) {
        return std::ranges::count_if(findings, [](const pm::Finding& finding) {
            const auto* special = std::get_if<pm::SpecialCategory>(&finding.facts);
            return special != nullptr && special->category == "health";
        });
    };
    for (std::size_t pad = 0; pad <= 40; ++pad) {
        const std::string before(pad, 'a');
        CAPTURE(pad);
        // Words read 16 bytes at a time: the term may start, end or straddle a block anywhere.
        CHECK(health(scan(before + " Schizofrenie")) == 1);
        CHECK(health(scan(before + " SCHIZOFRENIE en verder")) == 1);
        CHECK(health(scan(before + " multiple\nsclerose.")) == 1);
        CHECK(health(scan(before + " schizofrenie" + std::string(pad + 1, 'x'))) == 0);  // inside a longer word
        CHECK(health(scan(before + "schizofrenie")) == (pad == 0 ? 1 : 0));
        CHECK(health(scan(before + " Schizofrenieë")) == 0);  // a letter past the ASCII run
        CHECK(health(scan(before + " Ëschizofrenie")) == 0);
    }
}

TEST_CASE("a label line is read after lines of every length, and only with its separator near the start", "[detect]")
{
    for (std::size_t pad = 0; pad <= 80; ++pad) {
        CAPTURE(pad);
        const std::string before(pad, 'x');
        CHECK(fields_of(scan(before + "\nNaam: Jan Peeters"), FieldType::name).size() == 1);
        CHECK(fields_of(scan(before + "\nNaam\tJan Peeters\nverder niets"), FieldType::name).size() == 1);
        // Bullets before the label are ignored, but the separator must be within the first 60
        // bytes of the line (here at pad + 5).
        const std::string bulleted = "verder niets\n" + std::string(pad, '-') + " naam: Jan Peeters";
        CHECK(fields_of(scan(bulleted), FieldType::name).size() == (pad + 5 < 60 ? 1U : 0U));
    }
}
