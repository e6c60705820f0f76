// Incident references shared by the reply, the log, the quarantine and the register.
#include "core/incident.hpp"

#include <catch2/catch.hpp>

#include <set>

TEST_CASE("an incident reference carries the UTC date and eight base32 characters", "[core][incident]")
{
    const auto at = *pm::parse_instant("2026-11-24T23:59:59+00:00");
    const std::string ref = pm::new_incident_ref(at);
    CHECK(ref.starts_with("PM-20261124-"));
    CHECK(ref.size() == 20);
    CHECK(pm::is_incident_ref(ref));
}

TEST_CASE("incident references do not repeat", "[core][incident]")
{
    const auto at = *pm::parse_instant("2026-11-24");
    std::set<std::string> refs;
    for (int i = 0; i < 10000; ++i) {
        refs.insert(pm::new_incident_ref(at));
    }
    CHECK(refs.size() == 10000);
}

TEST_CASE("strings that are not incident references are refused", "[core][incident]")
{
    CHECK_FALSE(pm::is_incident_ref(""));
    CHECK_FALSE(pm::is_incident_ref("PM-20261124-K7F3A9C"));     // too short
    CHECK_FALSE(pm::is_incident_ref("PM-20261124-K7F3A9CI"));    // I is not Crockford
    CHECK_FALSE(pm::is_incident_ref("PM-2026112A-K7F3A9C2"));    // date not digits
    CHECK_FALSE(pm::is_incident_ref("PM-20261124/K7F3A9C2"));
    CHECK_FALSE(pm::is_incident_ref("../20261124-K7F3A9C2xx"));
    CHECK(pm::is_incident_ref("PM-20261124-K7F3A9C2"));
}
