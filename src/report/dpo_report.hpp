// The DPO report: what the register and the quarantine say about a period, as HTML (one
// self-contained file), CSV or plain text.
#pragma once

#include "audit/record.hpp"
#include "audit/register.hpp"
#include "config/policy.hpp"
#include "quarantine/metadata.hpp"

#include <map>
#include <string>
#include <vector>

namespace pm::report {

/// Counts for one protocol ("" collects decisions under no protocol).
struct ProtocolFigures {
    std::string id;
    std::map<std::string, int> by_verdict;  ///< accept, reject, quarantine, tempfail
    std::map<std::string, int> by_code;     ///< violation code -> decisions that had it
};

/// Decisions of one UTC day.
struct DayFigures {
    Date day{};
    std::map<std::string, int> by_verdict;
};

/// Everything a report shows. Decisions (accept/reject/quarantine/tempfail) and acts
/// (release/delete/purge) are taken from records with `from <= time < to`; the quarantine is
/// shown as it is now.
struct ReportData {
    Instant from{};
    Instant to{};
    Instant generated{};
    std::vector<ProtocolFigures> protocols;  ///< in the policy's order, then unknown ids, then ""
    std::vector<DayFigures> days;            ///< every day of the period (at most the last 400)
    std::vector<quarantine::Metadata> pending;  ///< awaiting review, oldest first
    std::vector<audit::Record> acts;         ///< releases, deletions, purges, in time order
    std::size_t decisions = 0;
    audit::VerifyReport chain;               ///< the register's chain check
};

/// Aggregates `records` (the register, chain order) and `pending` (the store) for [from, to).
ReportData build_report(const Policy& policy, const std::vector<audit::Record>& records,
    std::vector<quarantine::Metadata> pending, Instant from, Instant to, Instant now, audit::VerifyReport chain);

/// One self-contained HTML page in Dutch: inline CSS and SVG, no scripts, no external
/// references; every value HTML-escaped.
std::string render_html(const ReportData& data, const Policy& policy);

/// `section,protocol,date,key,value` rows: `verdict` and `code` counts per protocol, `day`
/// counts per verdict, `pending` items (value = age in days), `act` rows (value = actor).
std::string render_csv(const ReportData& data);

/// A plain-text summary (for the terminal and the mail's text part).
std::string render_text(const ReportData& data, const Policy& policy);

/// `&<>"'` escaped.
std::string html_escape(std::string_view text);

} // namespace pm::report
