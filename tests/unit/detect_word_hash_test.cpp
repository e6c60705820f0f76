#include "detect/word_index.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

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
