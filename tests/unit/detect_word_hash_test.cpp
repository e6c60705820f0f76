#include "detect/word_index.hpp"
#include "detect/words.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

TEST_CASE("The padded word hash equals the word hash whatever lies past the word", "[detect]")
{
    // The scanner hashes words in a buffer whose bytes past the word are left-overs of longer
    // words; the index hashed its words as plain strings. Both must agree for every length.
    const std::string text = "geboortedatum-rijksregisternummer-x";
    for (std::size_t length = 0; length <= text.size(); ++length) {
        std::string buffer = text.substr(0, length) + std::string(8, '\xFF');
        const std::string_view word(buffer.data(), length);
        INFO("length " << length);
        CHECK(pm::detect::word_hash_padded(buffer.data(), length) == pm::detect::word_hash(word));
        buffer.replace(length, 8, std::string(8, 'a'));
        CHECK(pm::detect::word_hash_padded(buffer.data(), length) == pm::detect::word_hash(word));
    }
    CHECK(pm::detect::word_hash("geboren") != pm::detect::word_hash(std::string_view("geboren\0", 8)));
}

TEST_CASE("The word index's prefilter lets every word that means something by itself through", "[detect]")
{
    const pm::detect::Lexicons lexicons;
    std::vector<std::pair<std::string_view, std::uint32_t>> words = {
        { "d", 1 }, { "geboortedatum", 1 }, { "ne", 2 }, { "nationaliteit", 4 }, { "x", 8 }, { "ss", 8 } };
    const pm::detect::WordIndex index(lexicons, words);
    for (const auto& [word, bits] : words) {
        INFO(word);
        CHECK(index.may_contain(word));
        const pm::detect::WordEntry* entry = index.find(word, pm::detect::word_hash(word)).entry;
        REQUIRE(entry != nullptr);
        CHECK(entry->pattern_bits == bits);
    }
    // Most other words are turned away before hashing; none of them is found.
    int passed = 0;
    for (const std::string_view other : { "de", "het", "een", "van", "zijn", "moeder", "geboren", "dd", "nee" }) {
        passed += index.may_contain(other) ? 1 : 0;
        CHECK(index.find(other, pm::detect::word_hash(other)).entry == nullptr);
    }
    CHECK(passed <= 2);
}

TEST_CASE("Folding reads ASCII runs of every length up to the next non-ASCII code point", "[detect]")
{
    for (std::size_t pad = 0; pad <= 40; ++pad) {
        INFO("pad " << pad);
        const std::string ascii(pad, 'A');
        const std::string lowered(pad, 'a');
        CHECK(pm::detect::fold(ascii + "\xC3\x89" "B" + ascii) == lowered + "eb" + lowered);
        CHECK(pm::detect::fold(ascii + "\xC3\x9F") == lowered + "ss");
        CHECK(pm::detect::fold(ascii + "\xFF" "Z") == lowered + "\xEF\xBF\xBD" "z");
    }
}
