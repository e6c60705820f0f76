// read_labels(): msip_labels headers as Outlook/Exchange write them, parsed from real messages.
#include "protection/labels.hpp"

#include "support/mime_tree.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

using pm::SensitivityLabel;
using pm::mime::Header;
using pm::protection::read_labels;

namespace {

constexpr const char* geheim_guid = "3f3ac890-09a1-47d3-8d04-15427d7fec91";
constexpr const char* pepingen_tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
constexpr const char* other_guid = "f42aa342-8706-4288-bd11-ebb85995028c";
constexpr const char* other_tenant = "cb46c030-1825-4e81-a295-151c039dbf02";

/// A whole message with `header_lines` (CRLF-terminated, folding included) verbatim at the top.
std::string message_with(const std::string& header_lines)
{
    return "From: Maatschappelijk werker <mw@ocmw-pepingen.be>\r\n"
           "To: Opgroeien <dossier@opgroeien.be>\r\n"
           "Subject: Verslag\r\n"
           "Date: Mon, 22 Apr 2024 15:17:47 +0000\r\n"
           "Message-ID: <a1d0f85d@ocmw-pepingen.be>\r\n"
           "Accept-Language: nl-BE, en-US\r\n"
           "X-MS-Has-Attach:\r\n"
           "X-MS-TNEF-Correlator:\r\n"
        + header_lines
        + "MIME-Version: 1.0\r\n"
          "Content-Type: text/plain; charset=\"utf-8\"\r\n"
          "\r\n"
          "Zie bijlage.\r\n";
}

std::vector<SensitivityLabel> labels_of_message(const std::string& header_lines)
{
    const auto tree = pm::test::parse_tree(message_with(header_lines));
    return read_labels(tree.headers);
}

std::string attr(const char* guid, const char* name, const std::string& value)
{
    return std::string("MSIP_Label_") + guid + "_" + name + "=" + value;
}

} // namespace

TEST_CASE("a folded msip_labels header with two tenants yields both labels", "[protection][labels]")
{
    // Exchange folds after each ';' (sometimes inside a name at a space, as in "AMD\r\n Internal").
    const std::string header = std::string("msip_labels: ") + attr(geheim_guid, "Enabled", "true") + ";\r\n "
        + attr(geheim_guid, "SetDate", "2024-04-22T15:17:45Z") + ";\r\n "
        + attr(geheim_guid, "Method", "Privileged") + ";\r\n "
        + attr(geheim_guid, "Name", "Geheim") + ";\r\n "
        + attr(geheim_guid, "SiteId", pepingen_tenant) + ";\r\n "
        + attr(geheim_guid, "ActionId", "8345a268-81ca-4ef1-9c31-82f6a67b9b9a") + ";\r\n "
        + attr(geheim_guid, "ContentBits", "8") + ";\r\n "
        + attr(other_guid, "Enabled", "True") + ";\r\n "
        + attr(other_guid, "SiteId", other_tenant) + ";\r\n "
        + attr(other_guid, "Name", "Confidential\r\n Internal Only") + ";\r\n "
        + attr(other_guid, "ContentBits", "0") + ";\r\n "
        + attr(other_guid, "Method", "Standard") + "\r\n";
    const auto labels = labels_of_message(header);

    REQUIRE(labels.size() == 2);
    CHECK(labels[0].guid == geheim_guid);
    CHECK(labels[0].name == "Geheim");
    CHECK(labels[0].site_id == pepingen_tenant);
    CHECK(labels[0].claims_encryption);
    CHECK(labels[1].guid == other_guid);
    CHECK(labels[1].name == "Confidential Internal Only");
    CHECK(labels[1].site_id == other_tenant);
    CHECK_FALSE(labels[1].claims_encryption);
}

TEST_CASE("an msip_labels value on one line, its first line empty, yields the label", "[protection][labels]")
{
    // Outlook also starts the value on the next line and writes it as one long line.
    const std::string header = std::string("msip_labels:\r\n ") + attr(geheim_guid, "ActionId", "x") + ";"
        + attr(geheim_guid, "ContentBits", "12") + ";" + attr(geheim_guid, "Enabled", "true") + ";"
        + attr(geheim_guid, "Method", "Privileged") + ";" + attr(geheim_guid, "Name", "Geheim") + ";"
        + attr(geheim_guid, "SetDate", "2024-04-22T15:17:45Z") + ";"
        + attr(geheim_guid, "SiteId", pepingen_tenant) + ";\r\n";
    const auto labels = labels_of_message(header);

    REQUIRE(labels.size() == 1);
    CHECK(labels[0].name == "Geheim");
    CHECK(labels[0].site_id == pepingen_tenant);
    CHECK(labels[0].claims_encryption);  // 12 = 0x8 | 0x4 (watermark)
}

TEST_CASE("folding inside a GUID or a key does not change the label", "[protection][labels]")
{
    // A writer that folds wherever the line is long leaves a stray space after unfolding.
    const std::string header
        = "msip_labels: MSIP_Label_3f3ac890-09a1-47d3-\r\n 8d04-15427d7fec91_Enabled=true;"
          " MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_Na\r\n me=Geheim;"
          " MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_SiteId=72f988bf-86f1-41af\r\n"
          " -91ab-2d7cd011db47;\r\n";
    const auto labels = labels_of_message(header);

    REQUIRE(labels.size() == 1);
    CHECK(labels[0].guid == geheim_guid);
    CHECK(labels[0].name == "Geheim");
    CHECK(labels[0].site_id == pepingen_tenant);
}

TEST_CASE("a value that still holds CR, LF and tabs is read as if unfolded", "[protection][labels]")
{
    const std::vector<Header> headers { { "msip_labels",
        attr(geheim_guid, "Enabled", "\ttrue\r\n") + ";\r\n\t"
            + attr(geheim_guid, "Name", " Zeer\r\n\tGeheim ") + " ;\n "
            + attr(geheim_guid, "ContentBits", " 8 ") } };
    const auto labels = read_labels(headers);

    REQUIRE(labels.size() == 1);
    CHECK(labels[0].name == "Zeer Geheim");
    CHECK(labels[0].claims_encryption);
}

TEST_CASE("a label with Enabled=false or without Enabled is ignored", "[protection][labels]")
{
    const std::vector<Header> headers { { "msip_labels",
        attr(geheim_guid, "Enabled", "false") + ";" + attr(geheim_guid, "Name", "Geheim") + ";"
            + attr(other_guid, "Name", "Zonder Enabled") + ";" + attr(other_guid, "SiteId", other_tenant)
            + ";" } };
    CHECK(read_labels(headers).empty());

    SECTION("a contradicting second Enabled does not switch a disabled label on")
    {
        const std::vector<Header> twice{{"msip_labels",
            attr(geheim_guid, "Enabled", "false") + ";" + attr(geheim_guid, "Enabled", "true") + ";"
                + attr(geheim_guid, "Name", "Geheim")}};
        CHECK(read_labels(twice).empty());
    }
}

TEST_CASE("the older one-header-per-attribute form yields the label", "[protection][labels]")
{
    const std::string headers = std::string("msip_label_") + geheim_guid + "_enabled: true\r\n"
        + "msip_label_" + geheim_guid + "_setdate: 2019-08-27T09:29:29.3630589Z\r\n"
        + "msip_label_" + geheim_guid + "_method: Privileged\r\n"
        + "msip_label_" + geheim_guid + "_name: Geheim\r\n"
        + "msip_label_" + geheim_guid + "_siteid: " + pepingen_tenant + "\r\n"
        + "msip_label_" + geheim_guid + "_contentbits: 8\r\n"
        + "msip_label_" + other_guid + "_enabled: false\r\n"
        + "msip_label_" + other_guid + "_name: Publiek\r\n";
    const auto labels = labels_of_message(headers);

    REQUIRE(labels.size() == 1);
    CHECK(labels[0].guid == geheim_guid);
    CHECK(labels[0].name == "Geheim");
    CHECK(labels[0].site_id == pepingen_tenant);
    CHECK(labels[0].claims_encryption);
}

TEST_CASE("header name, keys and Enabled are case-insensitive, GUIDs come out lower-case without braces",
    "[protection][labels]")
{
    const std::vector<Header> headers{{"Msip_Labels",
        "msip_label_{3F3AC890-09A1-47D3-8D04-15427D7FEC91}_ENABLED=TRUE;"
        "MSIP_LABEL_3F3AC890-09A1-47D3-8D04-15427D7FEC91_name=Geheim;"
        "MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_SITEID={72F988BF-86F1-41AF-91AB-2D7CD011DB47};"
        "MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_contentbits=0x8"}};
    const auto labels = read_labels(headers);

    REQUIRE(labels.size() == 1);
    CHECK(labels[0].guid == geheim_guid);
    CHECK(labels[0].name == "Geheim");
    CHECK(labels[0].site_id == pepingen_tenant);
    CHECK(labels[0].claims_encryption);
}

TEST_CASE("unknown attributes such as _Tag, _Owner and extended ones are ignored", "[protection][labels]")
{
    const std::vector<Header> headers { { "msip_labels",
        attr(geheim_guid, "Tag", "10, 3, 0, 1") + ";" + attr(geheim_guid, "Owner", "mw@ocmw-pepingen.be")
            + ";" + attr(geheim_guid, "Extended_MSFT_Method", "Manual") + ";"
            + attr(geheim_guid, "Enabled", "true") + ";" + attr(geheim_guid, "Name", "Geheim") + ";" } };
    const auto labels = read_labels(headers);

    REQUIRE(labels.size() == 1);
    CHECK(labels[0].name == "Geheim");
    CHECK(labels[0].site_id.empty());
    CHECK_FALSE(labels[0].claims_encryption);
}

TEST_CASE("ContentBits without the encrypt bit, or unreadable, claims no encryption", "[protection][labels]")
{
    for (const std::string bits : {"0", "7", "1, 8", "-8", "eight", "", "99999999999999999999"}) {
        const std::vector<Header> headers{{"msip_labels",
            attr(geheim_guid, "Enabled", "true") + ";" + attr(geheim_guid, "ContentBits", bits)}};
        const auto labels = read_labels(headers);
        INFO("ContentBits=" << bits);
        REQUIRE(labels.size() == 1);
        CHECK_FALSE(labels[0].claims_encryption);
    }
}

TEST_CASE("a message without msip_labels, or with an empty one, has no label", "[protection][labels]")
{
    CHECK(labels_of_message("").empty());
    CHECK(labels_of_message("msip_labels: \r\n").empty());
    CHECK(labels_of_message("X-Msip-Labels-Ish: MSIP_Label_" + std::string(geheim_guid) + "_Enabled=true\r\n")
              .empty());
}

TEST_CASE("a malformed GUID is no label, a malformed site id is left empty", "[protection][labels]")
{
    const std::vector<Header> headers{{"msip_labels",
        "MSIP_Label_3f3ac890-09a1-47d3-8d04_Enabled=true;"          // too short
        "MSIP_Label_zz3ac890-09a1-47d3-8d04-15427d7fec91_Enabled=true;"  // not hex
        "MSIP_Label_3f3ac890+09a1-47d3-8d04-15427d7fec91_Enabled=true;"  // wrong separator
        "MSIP_Label__Enabled=true;"
        "MSIP_Label_" + std::string(other_guid) + "_Enabled=true;"
        "MSIP_Label_" + std::string(other_guid) + "_SiteId=opgroeien.be;"}};
    const auto labels = read_labels(headers);

    REQUIRE(labels.size() == 1);
    CHECK(labels[0].guid == other_guid);
    CHECK(labels[0].site_id.empty());
}

TEST_CASE("garbage in msip_labels yields no label", "[protection][labels]")
{
    std::string binary;
    for (int i = 0; i < 256; ++i) {
        binary += static_cast<char>(i);
    }
    for (const std::string& value : { std::string(";;;;"), std::string("===;=;MSIP_Label_"),
             std::string(5000, ';'), std::string("MSIP_Label_") + std::string(70000, 'a') + "_Enabled=true",
             binary, std::string("=?utf-8?Q?MSIP=5FLabel?=") }) {
        CHECK(read_labels({Header{"msip_labels", value}}).empty());
    }
}

TEST_CASE("a label name keeps its UTF-8 and loses control characters", "[protection][labels]")
{
    const std::vector<Header> headers { { "msip_labels",
        attr(geheim_guid, "Enabled", "true") + ";"
            + attr(geheim_guid, "Name", "Vertrouwelijk \xE2\x80\x93 intern\x01\xFF") } };
    const auto labels = read_labels(headers);

    REQUIRE(labels.size() == 1);
    CHECK(labels[0].name.starts_with("Vertrouwelijk \xE2\x80\x93 intern"));
    CHECK(labels[0].name.find('\x01') == std::string::npos);
}

TEST_CASE("the number of labels kept is bounded", "[protection][labels]")
{
    std::string value;
    for (int i = 0; i < 200; ++i) {
        char guid[40];
        std::snprintf(guid, sizeof guid, "%08x-0000-4000-8000-000000000000", i);
        value += attr(guid, "Enabled", "true") + ";";
    }
    const auto labels = read_labels({Header{"msip_labels", value}});
    CHECK(labels.size() == pm::protection::max_labels);
}
