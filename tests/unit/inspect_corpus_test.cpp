// The corpora (tests/corpus/): realistic Dutch coordination mails must give no finding at all;
// referral texts must give exactly their expected data codes in every form a referral travels in:
// the text/plain body, an HTML body, and a docx, xlsx, PDF or CSV attachment behind a short
// covering note. Each text is sent in clear text to the Tessenderlo-Ham mailbox as a real
// GMime-built message and judged by inspect().
#include "inspect/inspect.hpp"

#include "support/mime_builder.hpp"
#include "support/office_writer.hpp"
#include "support/pdf_writer.hpp"
#include "support/policy_fixture.hpp"
#include "support/text_layout.hpp"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace pm;
namespace fs = std::filesystem;

namespace {

const fs::path corpus = fs::path(PM_SOURCE_DIR) / "tests" / "corpus";

/// How a corpus text travels: as the body, or as an attachment behind covering_note.
enum class Format { plain, html, docx, xlsx, pdf, csv };

constexpr std::array all_formats { Format::plain, Format::html, Format::docx, Format::xlsx, Format::pdf,
    Format::csv };

std::string_view format_name(Format format)
{
    switch (format) {
    case Format::plain: return "plain";
    case Format::html: return "html";
    case Format::docx: return "docx";
    case Format::xlsx: return "xlsx";
    case Format::pdf: return "pdf";
    case Format::csv: return "csv";
    }
    return "?";
}

/// The body of a mail that carries the referral as an attachment: a neutral note and the
/// sender's signature (which is hers, not client data).
constexpr std::string_view covering_note = "Beste collega,\n"
                                           "\n"
                                           "In bijlage vindt u het verwijsformulier, zoals afgesproken.\n"
                                           "Laat gerust iets weten als er nog iets ontbreekt.\n"
                                           "\n"
                                           "Met vriendelijke groeten,\n"
                                           "\n"
                                           "An Peeters\n"
                                           "Gezinsondersteuner\n"
                                           "Team Kind en Gezin West-Limburg | Opgroeien regie\n"
                                           "T 011 12 34 56 | an.peeters@kindengezin.be\n"
                                           "www.kindengezin.be\n";

std::string slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<fs::path> files_in(const fs::path& dir, const std::string& extension)
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == extension) {
            files.push_back(entry.path());
        }
    }
    std::ranges::sort(files);
    return files;
}

// Mails that speak of OCMW Pepingen go to its mailbox (its own domain is then not client data);
// all others to Tessenderlo-Ham's.
std::string mailbox_for(const std::string& text)
{
    return text.find("pepingen.be") != std::string::npos ? "ocmw@pepingen.be"
                                                         : "socialedienst@tessenderlo-ham.be";
}

struct CorpusMail {
    std::string subject;
    std::string body;
};

/// "Subject: ...\n\nbody" -> subject and body.
CorpusMail split_mail(const std::string& text)
{
    CorpusMail mail { "Testbericht", text };
    if (text.starts_with("Subject: ")) {
        const auto end = text.find('\n');
        mail.subject = text.substr(9, end - 9);
        mail.body = text.substr(std::min(text.size(), end + 1));
        if (mail.body.starts_with("\n")) {
            mail.body.erase(0, 1);
        }
    }
    return mail;
}

/// The corpus text `name` (file stem) as a message from a Kind en Gezin worker in `format`.
std::string message_from(const std::string& text, const std::string& name, Format format)
{
    const CorpusMail mail = split_mail(text);
    test::MessageHeaders h;
    h.from = "An Peeters <an.peeters@kindengezin.be>";
    h.to = mailbox_for(text);
    h.subject = mail.subject;
    const auto with_attachment = [&](std::string extension, std::string type, std::string bytes) {
        return test::build_mixed_message(h, std::string(covering_note),
            { test::attachment(name + "." + extension, std::move(type), std::move(bytes)) });
    };
    switch (format) {
    case Format::plain: return test::build_plain_message(h, mail.body);
    case Format::html: return test::build_message(h, test::html_part(test::html_from_text(mail.body)));
    case Format::docx:
        return with_attachment("docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            test::docx_from_text(mail.body));
    case Format::xlsx:
        return with_attachment("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            test::xlsx_from_text(mail.body));
    case Format::pdf: return with_attachment("pdf", "application/pdf", test::pdf_from_text(mail.body));
    case Format::csv: return with_attachment("csv", "text/csv", test::csv_from_text(mail.body));
    }
    FAIL("unknown format");
    return {};
}

Verdict judge(const std::string& text, const std::string& name, Format format)
{
    static const Ruleset rules = test::ruleset_for(test::two_protocol_policy());
    auto verdict = inspect(test::envelope("an.peeters@kindengezin.be", { mailbox_for(text) }),
        message_from(text, name, format), rules, test::in_force_time());
    REQUIRE(verdict.has_value());
    return *verdict;
}

std::set<std::string> data_codes(const Verdict& verdict)
{
    std::set<std::string> codes;
    for (const Violation& x : verdict.violations) {
        if (to_string(x.code).starts_with("data.")) {
            codes.insert(std::string(to_string(x.code)));
        }
    }
    return codes;
}

std::string describe(const Verdict& verdict)
{
    std::string found;
    for (const Violation& x : verdict.violations) {
        found += std::string(to_string(x.code)) + " [" + x.part + "] " + x.detail + " " + x.evidence + "; ";
    }
    return found;
}

/// The first words of each non-comment line of a known-failures list in tests/corpus/.
std::set<std::string> listed(const std::string& list, int words)
{
    std::set<std::string> keys;
    std::istringstream lines(slurp(corpus / list));
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line.front() == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string key;
        for (int i = 0; i < words; ++i) {
            std::string word;
            fields >> word;
            key += (i > 0 ? " " : "") + word;
        }
        keys.insert(key);
    }
    return keys;
}

void check_neutral(const fs::path& file, Format format)
{
    static const auto known = listed("known-false-positives.txt", 1);
    static const auto known_in_format = listed("known-format-failures.txt", 2);
    const Verdict v = judge(slurp(file), file.stem().string(), format);
    INFO(describe(v));
    const std::string name = file.filename().string();
    if (known.contains(name)) {
        WARN("known false positive (tests/corpus/known-false-positives.txt): " << describe(v));
        CHECK_FALSE(data_codes(v).empty());
        return;
    }
    if (known_in_format.contains(name + " " + std::string(format_name(format)))) {
        WARN("known format failure (tests/corpus/known-format-failures.txt): " << describe(v));
        CHECK_FALSE(data_codes(v).empty());
        return;
    }
    CHECK(data_codes(v).empty());
    if (format == Format::plain || format == Format::html) {
        // Pepingen's protocol also wants its label on every message: only data codes count here.
        // (A readable attachment has its own, non-data codes.)
        CHECK(std::ranges::all_of(
            v.violations, [](const Violation& x) { return x.code == ViolationCode::label_missing; }));
    }
}

} // namespace

TEST_CASE("every neutral coordination mail passes without a single data finding", "[corpus][neutral]")
{
    const auto files = files_in(corpus / "neutral", ".txt");
    REQUIRE(files.size() >= 30);
    for (const fs::path& file : files) {
        DYNAMIC_SECTION(file.filename().string())
        {
            check_neutral(file, Format::plain);
        }
    }
}

TEST_CASE("every neutral coordination mail passes as an HTML body too", "[corpus][neutral][html]")
{
    const auto files = files_in(corpus / "neutral", ".txt");
    REQUIRE(files.size() >= 30);
    for (const fs::path& file : files) {
        DYNAMIC_SECTION(file.filename().string() << " as html")
        {
            check_neutral(file, Format::html);
        }
    }
}

TEST_CASE("every neutral coordination mail passes as a docx, xlsx, PDF or CSV attachment too",
    "[corpus][neutral][attachment]")
{
    const auto files = files_in(corpus / "neutral", ".txt");
    REQUIRE(files.size() >= 30);
    for (const fs::path& file : files) {
        for (const Format format : { Format::docx, Format::xlsx, Format::pdf, Format::csv }) {
            DYNAMIC_SECTION(file.filename().string() << " as " << format_name(format))
            {
                check_neutral(file, format);
            }
        }
    }
}

TEST_CASE("the covering note of an attachment gives no data finding by itself", "[corpus][neutral]")
{
    for (const Format format : { Format::plain, Format::html }) {
        DYNAMIC_SECTION(format_name(format))
        {
            const Verdict v = judge("Subject: Verwijzing\n\n" + std::string(covering_note), "note", format);
            INFO(describe(v));
            CHECK(data_codes(v).empty());
        }
    }
}

// tests/corpus/known-format-failures.txt: "file format  reason" lines for pairs that do not give
// their expected codes yet (a neutral file: that give a data finding). Those pairs are asserted
// to still differ, so a fix forces the removal of its line.
TEST_CASE("every referral text gives exactly its expected data codes in every format", "[corpus][positive]")
{
    const auto files = files_in(corpus / "positive", ".txt");
    REQUIRE(files.size() >= 30);
    const auto known = listed("known-format-failures.txt", 2);
    for (const fs::path& file : files) {
        for (const Format format : all_formats) {
            DYNAMIC_SECTION(file.filename().string() << " as " << format_name(format))
            {
                std::set<std::string> expected;
                std::istringstream lines(slurp(fs::path(file).replace_extension(".expected")));
                for (std::string line; std::getline(lines, line);) {
                    if (!line.empty() && line.front() != '#') {
                        expected.insert(line);
                    }
                }
                REQUIRE_FALSE(expected.empty());
                const Verdict v = judge(slurp(file), file.stem().string(), format);
                INFO(describe(v));
                const std::string key = file.filename().string() + " " + std::string(format_name(format));
                if (known.contains(key)) {
                    WARN("known format failure (tests/corpus/known-format-failures.txt): " << key);
                    CHECK(data_codes(v) != expected);
                    continue;
                }
                CHECK(data_codes(v) == expected);
                if (format != Format::plain && format != Format::html) {
                    // The codes come from the document, not only from the subject.
                    const std::string attached
                        = file.stem().string() + "." + std::string(format_name(format));
                    CHECK(std::ranges::any_of(v.violations, [&](const Violation& x) {
                        return to_string(x.code).starts_with("data.")
                            && x.part.find(attached) != std::string::npos;
                    }));
                }
            }
        }
    }
}
