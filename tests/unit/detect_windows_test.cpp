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
