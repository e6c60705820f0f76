// The DPO report: figures equal the register's, values escaped, and the HTML really renders.
#include "audit/register.hpp"
#include "quarantine/store.hpp"
#include "report/dpo_report.hpp"
#include "support/dpo_fixture.hpp"
#include "support/png_reader.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>

using namespace pm;
namespace fs = std::filesystem;

namespace {

const Instant now = *parse_instant("2026-11-24T12:00:00Z");

/// A register with a known mix of decisions and acts over ten days, and two pending entries.
struct ReportWorld {
    test::DpoWorld world;
    std::vector<audit::Record> written;
    std::vector<quarantine::Metadata> pending;

    ReportWorld()
    {
        audit::Register reg(world.policy.gateway.dpo.audit);
        const std::vector<std::pair<audit::Event, std::vector<std::string>>> kinds = {
            { audit::Event::accept, {} },
            { audit::Event::reject, { "attachment.not_encrypted" } },
            { audit::Event::reject, { "archive.filenames_visible", "archive.password_in_message" } },
            { audit::Event::quarantine, { "data.special_category" } },
            { audit::Event::tempfail, {} },
        };
        for (int i = 0; i < 60; ++i) {
            const auto& [event, codes] = kinds[static_cast<std::size_t>(i * 7 % 5)];
            audit::Record r;
            r.time = now - std::chrono::hours(4 * i + 1);
            r.event = event;
            r.ref = fmt::format("PM-20261124-{:08}", i);
            r.sender = "jan.peeters@opgroeien.be";
            r.recipients = { i % 3 == 0 ? "ocmw@pepingen.be" : "socialedienst@tessenderlo-ham.be" };
            r.protocols = { i % 3 == 0 ? "opgroeien-pepingen" : "opgroeien-tessenderlo-ham" };
            if (i % 11 == 0) {
                r.protocols.clear();  // near-covered: no protocol applied
            }
            r.verdict = std::string(audit::to_string(event));
            r.codes = codes;
            REQUIRE(reg.append(r).has_value());
            written.push_back(r);
        }
        audit::Record release;
        release.time = now - std::chrono::hours(5);
        release.event = audit::Event::release;
        release.ref = "PM-20261123-RELEASED";
        release.actor = "an.dpo";
        release.reason = "<b>geen</b> gezondheidsgegevens & vrijgegeven";
        release.protocols = { "opgroeien-tessenderlo-ham" };
        REQUIRE(reg.append(release).has_value());
        written.push_back(release);

        quarantine::Store store(world.policy.gateway.dpo.quarantine);
        auto a = test::special_category_incident(now - std::chrono::days(9));
        a.sender = "<script>alert(1)</script>@opgroeien.be";
        auto b = test::special_category_incident(now - std::chrono::days(2));
        REQUIRE(store.put(b, "b").has_value());
        REQUIRE(store.put(a, "a").has_value());
        pending = *store.list();
    }

    report::ReportData data(Instant from, Instant to) const
    {
        const auto files = audit::register_files(world.policy.gateway.dpo.audit.file);
        return report::build_report(world.policy, *audit::read_records(files), pending, from, to, now,
            audit::verify_chain(files, false));
    }
};

/// CSV rows as (section, protocol, date, key) -> value.
std::map<std::tuple<std::string, std::string, std::string, std::string>, std::string> parse_csv(const std::string& csv)
{
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::string> rows;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    REQUIRE(line == "section,protocol,date,key,value");
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream fields(line);
        while (std::getline(fields, cell, ',')) {
            cells.push_back(cell);
        }
        if (!line.empty() && line.back() == ',') {
            cells.emplace_back();
        }
        REQUIRE(cells.size() == 5);
        rows[{ cells[0], cells[1], cells[2], cells[3] }] = cells[4];
    }
    return rows;
}

} // namespace

TEST_CASE("the report's CSV figures equal a count of the register", "[report][csv]")
{
    ReportWorld w;
    const Instant from = now - std::chrono::days(7);
    const auto rows = parse_csv(report::render_csv(w.data(from, now)));

    // Count the register independently, straight from what was written.
    std::map<std::pair<std::string, std::string>, int> verdicts, codes;
    std::map<std::pair<std::string, std::string>, int> days;
    for (const audit::Record& r : w.written) {
        if (r.time < from || r.time >= now || r.event == audit::Event::release) {
            continue;
        }
        const std::string verdict(audit::to_string(r.event));
        const std::vector<std::string> ids = r.protocols.empty() ? std::vector<std::string> { "" } : r.protocols;
        for (const std::string& id : ids) {
            ++verdicts[{ id, verdict }];
            for (const std::string& code : r.codes) {
                ++codes[{ id, code }];
            }
        }
        ++days[{ format_date(Date { std::chrono::floor<std::chrono::days>(r.time) }), verdict }];
    }
    REQUIRE(verdicts.size() > 8);
    std::size_t verdict_rows = 0, code_rows = 0, day_rows = 0;
    for (const auto& [key, value] : rows) {
        const auto& [section, protocol, date, name] = key;
        if (section == "verdict") {
            ++verdict_rows;
            CHECK(std::stoi(value) == verdicts[{ protocol, name }]);
        } else if (section == "code") {
            ++code_rows;
            CHECK(std::stoi(value) == codes[{ protocol, name }]);
        } else if (section == "day") {
            ++day_rows;
            CHECK(std::stoi(value) == days[{ date, name }]);
        }
    }
    CHECK(verdict_rows == verdicts.size());
    CHECK(code_rows == codes.size());
    CHECK(day_rows == days.size());
    // The pending items, oldest first, and the release with its actor.
    CHECK(rows.count({ "pending", "opgroeien-tessenderlo-ham", format_date(Date { std::chrono::floor<std::chrono::days>(now - std::chrono::days(9)) }), w.pending[0].id }) == 1);
    CHECK(rows.at({ "pending", "opgroeien-tessenderlo-ham", format_date(Date { std::chrono::floor<std::chrono::days>(now - std::chrono::days(9)) }), w.pending[0].id }) == "9");
    CHECK(rows.at({ "act", "opgroeien-tessenderlo-ham", "2026-11-24", "release PM-20261123-RELEASED" }) == "an.dpo");
}

TEST_CASE("the HTML report is self-contained, in Dutch, and escapes every value", "[report][html]")
{
    ReportWorld w;
    const std::string html = report::render_html(w.data(now - std::chrono::days(7), now), w.world.policy);
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(html.find("<html lang=\"nl\">") != std::string::npos);
    CHECK(html.find("name=\"viewport\"") != std::string::npos);
    CHECK(html.find("In quarantaine, wacht op beoordeling") != std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    for (const char* external : { "<script", "src=", "href=", "url(", "@import", "<link", "<iframe" }) {
        INFO(external);
        CHECK(html.find(external) == std::string::npos);
    }
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;@opgroeien.be") != std::string::npos);
    CHECK(html.find("&lt;b&gt;geen&lt;/b&gt; gezondheidsgegevens &amp; vrijgegeven") != std::string::npos);
    CHECK(html.find("dpo@opgroeien.be") != std::string::npos);  // Article 9 contacts
    CHECK(html.find("de keten klopt") != std::string::npos);
    // Oldest pending first.
    CHECK(html.find(w.pending[0].id) < html.find(w.pending[1].id));
    CHECK(w.pending[0].time < w.pending[1].time);
}

TEST_CASE("a broken register chain is shown in the report", "[report][html]")
{
    ReportWorld w;
    auto data = w.data(now - std::chrono::days(7), now);
    data.chain.ok = false;
    data.chain.problem = "audit.jsonl:4: the line was changed";
    const std::string html = report::render_html(data, w.world.policy);
    CHECK(html.find("Het register is gewijzigd of beschadigd: audit.jsonl:4: the line was changed") != std::string::npos);
}

TEST_CASE("the HTML report renders in headless Chromium, on a phone and on a desktop", "[report][html][chromium]")
{
    ReportWorld w;
    test::TempDir out;
    const fs::path page = out.path() / "report.html";
    std::ofstream(page) << report::render_html(w.data(now - std::chrono::days(14), now), w.world.policy);
    const auto found = test::run_command("command -v chromium");
    INFO("chromium is installed by contrib/install-deps.sh (Debian package chromium)");
    REQUIRE(found.status == 0);
    for (const auto& [width, height] : { std::pair { 390, 844 }, std::pair { 1280, 900 } }) {
        const fs::path shot = out.path() / fmt::format("shot-{}.png", width);
        const auto r = test::run_command(fmt::format(
            "HOME={0} timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run "
            "--disable-background-networking --disable-dev-shm-usage --user-data-dir={0}/profile "
            "--hide-scrollbars --screenshot={1} --window-size={2},{3} file://{4}",
            test::shell_quote(out.path().string()), test::shell_quote(shot.string()), width, height,
            test::shell_quote(page.string())));
        INFO(r.err);
        REQUIRE(r.status == 0);
        REQUIRE(fs::exists(shot));
        // PM_REPORT_SCREENSHOTS=<dir> keeps the screenshots for a human to look at.
        if (const char* keep = std::getenv("PM_REPORT_SCREENSHOTS"); keep != nullptr && *keep != '\0') {
            fs::copy_file(shot, fs::path(keep) / shot.filename(), fs::copy_options::overwrite_existing);
            fs::copy_file(page, fs::path(keep) / page.filename(), fs::copy_options::overwrite_existing);
        }
        std::ifstream in(shot, std::ios::binary);
        const std::string png((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const test::Image image = test::decode_png(png);
        CHECK(image.width == static_cast<std::uint32_t>(width));
        CHECK(image.height == static_cast<std::uint32_t>(height));
        // Text (anti-aliased), the coloured summary cards and the chart give many colours; a
        // blank or error page gives a handful.
        const std::size_t colours = test::distinct_colours(image);
        INFO("distinct colours: " << colours);
        CHECK(colours > 50);
        std::size_t dark = 0;
        for (const std::uint32_t p : image.pixels) {
            const unsigned r_ = p >> 16, g = (p >> 8) & 0xFF, b = p & 0xFF;
            dark += (r_ + g + b) < 200 ? 1 : 0;
        }
        INFO("dark pixels: " << dark);
        CHECK(dark > image.pixels.size() / 200);  // text is on the page
    }
}
