// Shared helpers for the detector tests: the shipped lexicons, and questions about findings.
#pragma once

#include "detect/detector.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace pm::test {

/// The detector over rules/lexicons (loaded once).
inline const pm::detect::Detector& shipped_detector()
{
    static const auto detector = [] {
        auto loaded = pm::detect::Detector::load(std::string(PM_SOURCE_DIR) + "/rules/lexicons");
        if (!loaded) {
            for (const auto& problem : loaded.error()) {
                UNSCOPED_INFO(problem);
            }
            FAIL("the shipped lexicons do not load");
        }
        return *loaded;
    }();
    return *detector;
}

inline std::vector<pm::Finding> scan(std::string_view text, const pm::detect::ScanContext& context = {})
{
    return shipped_detector().scan(text, "1", context);
}

/// The evidence strings of the PersonalData findings of `field`.
inline std::vector<std::string> fields_of(const std::vector<pm::Finding>& findings, pm::FieldType field)
{
    std::vector<std::string> out;
    for (const auto& finding : findings) {
        if (const auto* data = std::get_if<pm::PersonalData>(&finding.facts); data != nullptr && data->field == field) {
            out.push_back(finding.evidence);
        }
    }
    return out;
}

/// The SpecialCategory finding of `category`, or nullptr.
inline const pm::Finding* special_of(const std::vector<pm::Finding>& findings, std::string_view category)
{
    const auto found = std::ranges::find_if(findings, [&](const pm::Finding& finding) {
        const auto* special = std::get_if<pm::SpecialCategory>(&finding.facts);
        return special != nullptr && special->category == category;
    });
    return found == findings.end() ? nullptr : &*found;
}

inline std::size_t special_count(const std::vector<pm::Finding>& findings)
{
    return static_cast<std::size_t>(std::ranges::count_if(
        findings, [](const pm::Finding& finding) { return std::holds_alternative<pm::SpecialCategory>(finding.facts); }));
}

} // namespace pm::test
