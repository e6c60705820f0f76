// Names after a title ("mevrouw Hanne Aerts", "de heer Jan Peeters"): the value is the name
// without the title, whatever its spelling and spacing.
#include "support/detect_support.hpp"

#include <string>
#include <vector>

using pm::FieldType;
using pm::test::fields_of;
using pm::test::scan;

TEST_CASE("a name after a title is a name, and the evidence holds the name only", "[detect][name]")
{
    using Names = std::vector<std::string>;
    CHECK(fields_of(scan("Het gaat om mevrouw Hanne Aerts."), FieldType::name) == Names { "H**** A****" });
    CHECK(fields_of(scan("Het gaat om de heer Jan Peeters."), FieldType::name) == Names { "J** P******" });
    CHECK(fields_of(scan("Het gaat om De   heer  Jan Peeters."), FieldType::name) == Names { "J** P******" });
    CHECK(fields_of(scan("Het gaat om dhr. Jan van Damme."), FieldType::name) == Names { "J** v** D****" });
    CHECK(fields_of(scan("Il s'agit de Monsieur Luc Dupont."), FieldType::name) == Names { "L** D*****" });
    CHECK(fields_of(scan("This concerns Mr. John Smith."), FieldType::name) == Names { "J*** S****" });
    CHECK(fields_of(scan("This concerns Mrs  Ann Lee."), FieldType::name) == Names { "A** L**" });
}

TEST_CASE("a title without a capitalised name after it, or a greeting, is no name", "[detect][name]")
{
    CHECK(fields_of(scan("Beste mevrouw Hermans, dank u."), FieldType::name).empty());
    CHECK(fields_of(scan("Het gaat om de heer zelf."), FieldType::name).empty());
    CHECK(fields_of(scan("Het gaat om de heerJan Peeters."), FieldType::name).empty());
    CHECK(fields_of(scan("Het gaat om mevr.Hanne Aerts."), FieldType::name).empty());
}
