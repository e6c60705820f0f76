// Address normalisation: the comparisons every scope rule rests on.
#include "core/address.hpp"

#include <catch2/catch.hpp>

using pm::Address;

TEST_CASE("addresses compare case-insensitively after normalisation", "[core][address]")
{
    const auto a = Address::parse("SocialeDienst@Tessenderlo-Ham.BE");
    REQUIRE(a);
    CHECK(a->str() == "socialedienst@tessenderlo-ham.be");
}

TEST_CASE("angle brackets, display names and quotes are stripped", "[core][address]")
{
    CHECK(Address::parse("<ocmw@pepingen.be>")->str() == "ocmw@pepingen.be");
    CHECK(Address::parse("OCMW Pepingen <ocmw@pepingen.be>")->str() == "ocmw@pepingen.be");
    CHECK(Address::parse("\"ocmw\"@pepingen.be")->str() == "ocmw@pepingen.be");
    CHECK(Address::parse("  <ocmw@pepingen.be.>  ")->str() == "ocmw@pepingen.be");
}

TEST_CASE("a +tag sub-address reaches the same mailbox", "[core][address]")
{
    CHECK(Address::parse("socialedienst+referral@tessenderlo-ham.be")->str()
        == "socialedienst@tessenderlo-ham.be");
    // A local part that *starts* with + is not a sub-address.
    CHECK(Address::parse("+x@pepingen.be")->str() == "+x@pepingen.be");
}

TEST_CASE("the null sender and malformed addresses do not parse", "[core][address]")
{
    CHECK_FALSE(Address::parse("<>"));
    CHECK_FALSE(Address::parse(""));
    CHECK_FALSE(Address::parse("no-at-sign"));
    CHECK_FALSE(Address::parse("a@"));
    CHECK_FALSE(Address::parse("@b.be"));
    CHECK_FALSE(Address::parse("a@b@c.be"));
    CHECK_FALSE(Address::parse("a@exa mple.be"));
}

TEST_CASE("a subdomain is inside its parent domain, a look-alike is not", "[core][address]")
{
    const auto a = Address::parse("x@west.opgroeien.be");
    CHECK(a->in_domain("opgroeien.be"));
    CHECK_FALSE(Address::parse("x@notopgroeien.be")->in_domain("opgroeien.be"));
    CHECK_FALSE(Address::parse("x@opgroeien.be.evil.com")->in_domain("opgroeien.be"));
}

TEST_CASE("source routes keep only the mailbox", "[core][address]")
{
    CHECK(Address::parse("<@relay.be:ocmw@pepingen.be>")->str() == "ocmw@pepingen.be");
}
