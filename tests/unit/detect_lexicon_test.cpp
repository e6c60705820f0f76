// Special-category lexicons and field labels: word boundaries, the confidence model, loading.
#include "detect/lexicon.hpp"
#include "support/detect_support.hpp"

#include <filesystem>
#include <fstream>

using pm::FieldType;
using pm::test::fields_of;
using pm::test::scan;
using pm::test::special_of;

namespace {

/// A lexicon directory of its own, removed at the end of the test.
struct LexiconDir {
    std::filesystem::path path;
    LexiconDir()
        : path(std::filesystem::temp_directory_path()
              / ("pm-lexicons-" + std::to_string(reinterpret_cast<std::uintptr_t>(this))))
    {
        std::filesystem::create_directories(path);
    }
    ~LexiconDir() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

/// The problems loading `dir` reports (it must fail), each shown when a check fails.
std::vector<std::string> load_problems(const LexiconDir& dir)
{
    const auto loaded = pm::detect::Detector::load(dir.path);
    REQUIRE_FALSE(loaded.has_value());
    for (const auto& problem : loaded.error()) {
        UNSCOPED_INFO(problem);
    }
    return loaded.error();
}

} // namespace

TEST_CASE("the shipped lexicons load", "[detect][lexicon]")
{
    const auto loaded = pm::detect::Detector::load(std::string(PM_SOURCE_DIR) + "/rules/lexicons");
    if (!loaded) {
        for (const auto& problem : loaded.error()) {
            UNSCOPED_INFO(problem);
        }
    }
    CHECK(loaded.has_value());
}

TEST_CASE("one strong health term is a special category", "[detect][health]")
{
    const auto findings = scan("De zoon heeft autisme.");
    const auto* health = special_of(findings, "health");
    REQUIRE(health != nullptr);
    CHECK(health->evidence == "health: 1 term (autisme)");
    CHECK(health->confidence >= 0.85);
}

TEST_CASE("one weak health word is nothing but two are", "[detect][health]")
{
    CHECK(special_of(scan("De moeder moest naar het ziekenhuis."), "health") == nullptr);
    const auto findings = scan("De moeder moest naar het ziekenhuis en krijgt medicatie.");
    const auto* health = special_of(findings, "health");
    REQUIRE(health != nullptr);
    CHECK(health->evidence == "health: 2 terms (ziekenhuis, medicatie)");
    // The same weak word twice is one distinct term.
    CHECK(special_of(scan("ziekenhuis, ziekenhuis, ziekenhuis"), "health") == nullptr);
}

TEST_CASE("bipolaire is health but polaire is not", "[detect][health]")
{
    CHECK(special_of(scan("Vader heeft een bipolaire stoornis."), "health") != nullptr);
    CHECK(special_of(scan("Ze droeg een polaire trui."), "health") == nullptr);
    CHECK(special_of(scan("Een antibipolaire grap."), "health") == nullptr);
}

TEST_CASE("terms match whole words with their listed endings only", "[detect][health]")
{
    CHECK(special_of(scan("Mama is zwanger."), "health") != nullptr);
    CHECK(special_of(scan("Tijdens de zwangerschap."), "health") != nullptr);
    CHECK(special_of(scan("ZWANGERE moeder"), "health") != nullptr);
    CHECK(special_of(scan("De jeugdhulp volgt het gezin op."), "health") == nullptr);
    CHECK(special_of(scan("Schizofrénie (met accent) en hiv-positief"), "health")->evidence.find("schizofrenie") != std::string::npos);
}

TEST_CASE("multi-word terms may span a line break", "[detect][health]")
{
    CHECK(special_of(scan("een bipolaire\nstoornis"), "health") != nullptr);
    CHECK(special_of(scan("een bipolaire. Stoornis"), "health") != nullptr);  // "bipolaire" alone is strong
}

TEST_CASE("criminal and religious terms are special categories of their class", "[detect][criminal][religion]")
{
    CHECK(special_of(scan("De vader verblijft in de gevangenis."), "criminal") != nullptr);
    CHECK(special_of(scan("Het gezin is moslim."), "religion") != nullptr);
    CHECK(special_of(scan("Het gezin woont in de Kerkstraat 3, 3000 Leuven."), "religion") == nullptr);
}

TEST_CASE("field label lines give fields of their type", "[detect][labels]")
{
    const auto findings = scan("Naam: Jan Peeters\nVoornaam moeder:\tSofie\nNationaliteit: Belg\nInkomen: leefloon\n"
                               "Adres:\tonbekend\n");
    CHECK(fields_of(findings, FieldType::name) == std::vector<std::string> { "naam: J** P******", "voornaam: S****" });
    CHECK(fields_of(findings, FieldType::nationality).size() == 1);
    CHECK(fields_of(findings, FieldType::income).size() == 1);
    CHECK(fields_of(findings, FieldType::address).empty());  // a placeholder is no value
}

TEST_CASE("a label with an empty value or inside other words is not a field", "[detect][labels]")
{
    CHECK(scan("Naam:\nNaam: ______\nKind en Gezin: team West-Limburg\nDe naam: is niet gekend").empty());
}

TEST_CASE("a special-category label with a value is a special category", "[detect][labels][health]")
{
    const auto findings = scan("Diagnose: zie verslag van de arts");
    const auto* health = special_of(findings, "health");
    REQUIRE(health != nullptr);
    CHECK(health->evidence.find("label diagnose") != std::string::npos);
}

TEST_CASE("a labelled national number without valid check digits is a field, not a national number", "[detect][labels][national_number]")
{
    const auto findings = scan("Rijksregisternummer: 85.07.30-123.36");
    CHECK(fields_of(findings, FieldType::national_number).empty());
    CHECK(fields_of(findings, FieldType::other).size() == 1);
}

TEST_CASE("contact labels in the signature are not client data", "[detect][labels][signature]")
{
    CHECK(scan("Tot dan.\n\nKind regards,\nNaam: An Peeters\nTel: 011 12 34 56\nE-mail: an@kindengezin.be\n").empty());
}

TEST_CASE("lexicon problems are all collected with file, line and column", "[detect][lexicon]")
{
    LexiconDir dir;
    dir.write("fields.toml", "schema_version = 1\n[fields.naam]\nlabels = [\"x\"]\n[fields.name]\nlabel = [\"naam\"]\n");
    dir.write("health.toml", "schema_version = 1\nstrong = [\"autis{me\", 3]\nweek = []\n");
    const std::vector<std::string> problems = load_problems(dir);
    const auto has = [&](std::string_view needle) {
        return std::ranges::any_of(problems, [&](const std::string& p) { return p.find(needle) != std::string::npos; });
    };
    CHECK(has("fields.toml:2:"));
    CHECK(has("fields.naam: unknown field type"));
    CHECK(has("fields.name.label"));
    CHECK(has("health.toml:2:"));
    CHECK(has("strong[0]"));
    CHECK(has("strong[1]"));
    CHECK(has("week"));
    CHECK(problems.size() >= 5);
}

TEST_CASE("staff roles must be single words listed once", "[detect][lexicon][staff]")
{
    LexiconDir dir;
    dir.write("fields.toml", "schema_version = 1\n[fields.name]\nlabels = [\"naam\"]\n"
                             "[staff]\nroles = [\"service desk\", \"onthaal\", \"onthaal\"]\nrole = []\n");
    const std::vector<std::string> problems = load_problems(dir);
    const auto has = [&](std::string_view needle) {
        return std::ranges::any_of(problems, [&](const std::string& p) { return p.find(needle) != std::string::npos; });
    };
    CHECK(has("fields.toml:5:10: staff.roles[0]: \"service desk\" is not one word"));
    CHECK(has("staff.roles[2]: \"onthaal\" is listed twice"));
    CHECK(has("staff.role"));
}

TEST_CASE("a lexicon file without schema_version is an error", "[detect][lexicon]")
{
    LexiconDir dir;
    dir.write("fields.toml", "[fields.name]\nlabels = [\"naam\"]\n");
    const auto loaded = pm::detect::Detector::load(dir.path);
    REQUIRE_FALSE(loaded.has_value());
    CHECK(loaded.error().front().find("schema_version") != std::string::npos);
}

TEST_CASE("brace groups expand to the listed endings", "[detect][lexicon]")
{
    std::string problem;
    const auto forms = pm::detect::expand_braces("zwanger{,e,schap}", problem);
    REQUIRE(forms);
    CHECK(*forms == std::vector<std::string> { "zwanger", "zwangere", "zwangerschap" });
    CHECK_FALSE(pm::detect::expand_braces("a{b", problem));
}
