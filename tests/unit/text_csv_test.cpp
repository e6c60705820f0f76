// CSV attachments: cells become TAB-separated so "Label;value" rows read as label lines.
#include "text/csv_text.hpp"
#include "text/document_text.hpp"

#include "detect/detector.hpp"
#include "support/detect_support.hpp"

#include <catch2/catch.hpp>

using pm::text::csv_to_text;

TEST_CASE("a Belgian semicolon CSV reads as TAB-separated cells, quotes undone", "[text][csv]")
{
    CHECK(csv_to_text("Naam;Sara Janssens\r\nAdres;\"Kerkstraat 5; 3980 Tessenderlo\"\r\nOpmerking;\"zegt \"\"ok\"\"\"\r\n")
        == "Naam\tSara Janssens\nAdres\tKerkstraat 5; 3980 Tessenderlo\nOpmerking\tzegt \"ok\"\n");
}

TEST_CASE("comma and TAB separated CSV are recognised by their consistent separator", "[text][csv]")
{
    CHECK(csv_to_text("naam,gsm\nSara,0471 12 34 56\nJan,0472 12 34 56\n") == "naam\tgsm\nSara\t0471 12 34 56\nJan\t0472 12 34 56\n");
    CHECK(csv_to_text("naam\tgsm\nSara\t0471\n") == "naam\tgsm\nSara\t0471\n");
}

TEST_CASE("a line break inside a quoted cell becomes a space", "[text][csv]")
{
    CHECK(csv_to_text("a;\"regel een\r\nregel twee\";c\nd;e;f\n") == "a\tregel een regel twee\tc\nd\te\tf\n");
}

TEST_CASE("text without a consistent separator is left as it is", "[text][csv]")
{
    const std::string prose = "Beste collega, hierbij de lijst.\nGroeten; An\n";
    CHECK(csv_to_text(prose) == prose);
    CHECK(csv_to_text("") == "");
}

TEST_CASE("a labelled special category in a CSV cell is found", "[text][csv][detect]")
{
    const std::string csv = "Naam;Sara Janssens\r\nDiagnose;autismespectrumstoornis\r\n";
    const auto text = pm::text::extract_text(csv, pm::mime::SniffedType::text, "text/csv", "utf-8", {});
    REQUIRE(text.has_value());
    const auto findings = pm::test::scan(text->text);
    CHECK(pm::test::special_of(findings, "health") != nullptr);
    CHECK(pm::test::fields_of(findings, pm::FieldType::name).size() == 1);
    // Declared as plain text it stays plain text: no label pairs from ';'.
    const auto plain = pm::text::extract_text(csv, pm::mime::SniffedType::text, "text/plain", "utf-8", {});
    REQUIRE(plain.has_value());
    CHECK(pm::test::fields_of(pm::test::scan(plain->text), pm::FieldType::name).empty());
}
