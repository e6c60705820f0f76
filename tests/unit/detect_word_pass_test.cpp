// The word pass reads the text 64 bytes at a time: words across those blocks, at the very end of
// the text, longer than a block, with non-ASCII letters, and the gaps that join the words of a
// multi-word term.
#include "support/detect_support.hpp"

#include <string>

using pm::test::scan;
using pm::test::special_of;

namespace {

/// "multiple sclerose" is a strong health term; neither word is one on its own.
bool health(const std::string& text)
{
    return special_of(scan(text), "health") != nullptr;
}

} // namespace

TEST_CASE("a term is found wherever it lies relative to the 64-byte blocks", "[detect][words]")
{
    for (std::size_t pad = 0; pad < 80; ++pad) {
        const std::string lead(pad, ' ');
        INFO("term at offset " << pad);
        CHECK(health(lead + "autisme"));                    // ends the text: fewer than 8 bytes readable
        CHECK(health(lead + "Autisme, zegt de school."));
        CHECK(health(lead + "SCHIZOFRÉNIE bij de vader"));  // ASCII letters, then a non-ASCII one
        CHECK(health(lead + "multiple\u00A0sclerose"));     // a no-break space between the words
        CHECK(health(lead + "de moeder is zwanger"));
        CHECK_FALSE(health(lead + "antiautisme"));
        CHECK_FALSE(health(lead + "autismes"));
    }
}

TEST_CASE("a word longer than a block is one word, never a term inside it", "[detect][words]")
{
    const std::string long_word(70, 'x');
    CHECK_FALSE(health(long_word + "autisme"));
    CHECK_FALSE(health("autisme" + long_word));
    CHECK(health(long_word + " autisme"));
    CHECK_FALSE(health(std::string(200, 'a') + "\u00E9" + "autisme"));
}

TEST_CASE("the words of a multi-word term are joined by at most four blanks and one hyphen", "[detect][words]")
{
    CHECK(health("multiple sclerose"));
    CHECK(health("multiple    sclerose"));      // four blanks
    CHECK_FALSE(health("multiple     sclerose"));  // five
    CHECK(health("multiple-\nsclerose"));       // a word broken at the line end
    CHECK(health("multiple \r\n sclerose"));
    CHECK_FALSE(health("multiple--sclerose"));  // two hyphens
    CHECK_FALSE(health("multiple, sclerose"));
    CHECK_FALSE(health("multiple\u2019sclerose"));  // an apostrophe is not a blank
    CHECK(health("multiple\u00A0\u00A0\u00A0\u00A0sclerose"));
    CHECK_FALSE(health("multiple\u00A0\u00A0\u00A0\u00A0\u00A0sclerose"));
    CHECK_FALSE(health("multiple andere sclerose"));
    // Three words, each gap checked: "syndroom van down".
    CHECK(health("syndroom van\ndown"));
    CHECK_FALSE(health("syndroom, van down"));
    CHECK_FALSE(health("syndroom van, down"));
}

TEST_CASE("the leading words of a multi-word term are read back from the text as the pass reads them", "[detect][words]")
{
    // The leading words are not looked up as the pass goes by ("van" and "de" are far too
    // common): they are read back from the text when the last word is found.
    CHECK(health("Syndroom VAN Down"));
    CHECK(health("x syndroom van down"));
    CHECK(health("syndroom van down"));          // the first word starts the text
    CHECK_FALSE(health("van down"));             // the text starts before all the words are there
    CHECK_FALSE(health("down"));
    CHECK_FALSE(health("syndroomm van down"));   // a longer word that starts with the leading word
    CHECK_FALSE(health("ssyndroom van down"));
    CHECK_FALSE(health("syndroom vand down"));
    CHECK_FALSE(health("syndroom 2van down"));
    // Non-ASCII letters before and in the leading words: "cérébrale parese" folds to "cerebrale parese".
    CHECK(health("c\u00E9r\u00E9brale parese"));
    CHECK(health("C\u00C9R\u00C9BRALE parese"));
    CHECK(health("\u00E9t\u00E9 c\u00E9r\u00E9brale parese"));
    CHECK_FALSE(health("inc\u00E9r\u00E9brale parese"));
    CHECK_FALSE(health("\u00E9c\u00E9r\u00E9brale parese"));
    // A stray continuation byte or a truncated sequence is not a letter: it ends a word.
    CHECK(health("\x80" "c\u00E9r\u00E9brale parese"));
    CHECK(health("\xC3" "c\u00E9r\u00E9brale parese"));
    CHECK_FALSE(health("c\u00E9r\u00E9brale\x80 parese"));
    // An overlong form of an ASCII letter decodes to that letter, forward and back alike.
    CHECK(health("c\xC1\xA5r\u00E9brale parese"));
    CHECK_FALSE(health("\xC1\xA1" "cerebrale parese"));
    // Gaps of at most four characters of up to two bytes each, read back the same way.
    CHECK(health("c\u00E9r\u00E9brale\u00A0\u00A0-\u00A0parese"));
    CHECK_FALSE(health("c\u00E9r\u00E9brale\u00A0\u00A0\u00A0\u00A0\u00A0parese"));
    CHECK_FALSE(health("c\u00E9r\u00E9brale \u00E9 parese"));
}
