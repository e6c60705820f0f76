// ISO-8601 parsing for --at and the validity windows.
#include "core/time.hpp"

#include <catch2/catch.hpp>

TEST_CASE("a bare date is midnight UTC", "[core][time]")
{
    const auto t = pm::parse_instant("2026-02-01");
    REQUIRE(t);
    CHECK(pm::format_instant(*t) == "2026-02-01T00:00:00Z");
}

TEST_CASE("zone offsets are applied", "[core][time]")
{
    CHECK(pm::format_instant(*pm::parse_instant("2026-02-01T00:30:00+01:00")) == "2026-01-31T23:30:00Z");
    CHECK(pm::format_instant(*pm::parse_instant("2026-02-01T10:00Z")) == "2026-02-01T10:00:00Z");
    CHECK(pm::format_instant(*pm::parse_instant("2026-02-01T10:00:00-0230")) == "2026-02-01T12:30:00Z");
}

TEST_CASE("invalid dates and trailing garbage are refused", "[core][time]")
{
    CHECK_FALSE(pm::parse_instant("2026-02-30"));
    CHECK_FALSE(pm::parse_instant("2026-13-01"));
    CHECK_FALSE(pm::parse_instant("2026-02-01T25:00"));
    CHECK_FALSE(pm::parse_instant("2026-02-01x"));
    CHECK_FALSE(pm::parse_instant("tomorrow"));
}
