// Candidate passwords: what a social worker writes next to an archive, tried most likely first.
#include "inspect/password_candidates.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace pm;

namespace {

std::vector<std::string> values(const std::vector<PasswordCandidate>& candidates)
{
    std::vector<std::string> out;
    for (const auto& c : candidates) {
        out.push_back(c.value);
    }
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s)
{
    return std::ranges::find(v, s) != v.end();
}

} // namespace

TEST_CASE("the token after a cue word comes first", "[inspect][password]")
{
    const auto c = password_candidates(
        {{"1", "Beste,\nin bijlage de verwijzing. Het wachtwoord is: Zomer-Lint-2026!\nGroeten"}}, 64);
    REQUIRE_FALSE(c.empty());
    CHECK(c.front().value == "Zomer-Lint-2026!");
    CHECK(c.front().part == "1");
    CHECK(contains(values(c), "Zomer-Lint-2026"));  // without the trailing punctuation too
}

TEST_CASE("cue words in Dutch, French and English, with any separator", "[inspect][password]")
{
    for (const char* line : {"paswoord = geheim42", "WW: geheim42", "Password geheim42", "code: geheim42",
             "mot de passe : geheim42", "sleutel - geheim42", "pw geheim42."}) {
        // The token as written and without trailing punctuation are the first two tried.
        const auto c = values(password_candidates({{"subject", line}}, 64));
        REQUIRE_FALSE(c.empty());
        CHECK((c[0] == "geheim42" || (c.size() > 1 && c[1] == "geheim42")));
    }
}

TEST_CASE("a quoted password keeps its spaces", "[inspect][password]")
{
    const auto c = password_candidates({{"1", "Het wachtwoord is \"drie kleine biggetjes\"."}}, 64);
    REQUIRE_FALSE(c.empty());
    CHECK(c.front().value == "drie kleine biggetjes");
}

TEST_CASE("cue words inside other words are not cues", "[inspect][password]")
{
    const auto c = password_candidates({{"1", "postcode 3980 en passend antwoord"}}, 64);
    CHECK_FALSE(contains(values(c), "3980"));
}

TEST_CASE("without a cue, password-shaped tokens and one-token lines are candidates", "[inspect][password]")
{
    const auto c = values(password_candidates(
        {{"1", "Dag Jan,\nX7#kLm99q\nTot morgen, het is Zomer2026 buiten.\nZonnebloem\nan.peeters@kindengezin.be"}}, 64));
    CHECK(contains(c, "X7#kLm99q"));
    CHECK(contains(c, "Zomer2026"));
    CHECK(contains(c, "Zonnebloem"));  // alone on its line
    CHECK_FALSE(contains(c, "Tot morgen, het is Zomer2026 buiten."));
    CHECK_FALSE(contains(c, "buiten"));
    CHECK_FALSE(contains(c, "Dag"));
    CHECK_FALSE(contains(c, "an.peeters@kindengezin.be"));
    const std::string long_token(65, 'a');
    CHECK_FALSE(contains(values(password_candidates({{"1", long_token}}, 64)), long_token));
}

TEST_CASE("a compliant referral's plain words give almost no candidates", "[inspect][password]")
{
    const auto c = password_candidates({{"1", "Beste collega,\n\nIn bijlage de verwijzing van het gezin dat we "
                                              "bespraken. Het wachtwoord bezorg ik je telefonisch.\n\nMet vriendelijke "
                                              "groeten,\n\nAn Peeters\nGezinsondersteuner\nKind en Gezin West-Limburg\n"
                                              "0471 23 45 67\nan.peeters@kindengezin.be\n"}},
        64);
    // "bezorg" after the cue word, and the one-word line "Gezinsondersteuner": each costs a 7z key
    // derivation, so the proof stays in the tens of milliseconds.
    CHECK(c.size() <= 4);
}

TEST_CASE("candidates are unique and capped", "[inspect][password]")
{
    std::string text;
    for (int i = 0; i < 500; ++i) {
        text += "token" + std::to_string(100000 + i) + " ";
    }
    const auto c = password_candidates({{"1", text}, {"2", text}}, 64);
    CHECK(c.size() == 64);
    auto v = values(c);
    std::ranges::sort(v);
    CHECK(std::ranges::adjacent_find(v) == v.end());
}
