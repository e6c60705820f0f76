// Scope: which protocols a message falls under, from the envelope alone.
#include "policy/scope.hpp"

#include "support/policy_fixture.hpp"

#include <catch2/catch.hpp>

using namespace pm;

TEST_CASE("a discloser writing to a registered mailbox is covered by that protocol", "[policy][scope]")
{
    const Policy policy = test::two_protocol_policy();
    const Scope scope = find_scope(
        test::envelope("an.peeters@opgroeien.be", {"socialedienst@tessenderlo-ham.be"}), policy);
    REQUIRE(scope.covering.size() == 1);
    CHECK(scope.covering.front()->id == "opgroeien-tessenderlo-ham");
    CHECK(scope.near.empty());
}

TEST_CASE("case and sub-address variants of the mailbox still cover", "[policy][scope]")
{
    const Policy policy = test::two_protocol_policy();
    for (const char* rcpt : {"SocialeDienst@Tessenderlo-Ham.be", "socialedienst+dossier@tessenderlo-ham.be",
             "<SOCIALEDIENST@TESSENDERLO-HAM.BE>"}) {
        const Scope scope = find_scope(test::envelope("An.Peeters@KindEnGezin.be", {rcpt}), policy);
        CHECK(scope.covering.size() == 1);
    }
}

TEST_CASE("a sender outside the discloser domains is never in scope", "[policy][scope]")
{
    const Policy policy = test::two_protocol_policy();
    CHECK_FALSE(find_scope(test::envelope("x@gmail.com", {"ocmw@pepingen.be"}), policy).in_scope());
    CHECK_FALSE(find_scope(test::envelope("x@opgroeien.be.evil.com", {"ocmw@pepingen.be"}), policy).in_scope());
    Envelope bounce = test::envelope("", {"ocmw@pepingen.be"});
    CHECK_FALSE(find_scope(bounce, policy).in_scope());
}

TEST_CASE("ordinary mail from a discloser to outside addresses is out of scope", "[policy][scope]")
{
    const Policy policy = test::two_protocol_policy();
    CHECK_FALSE(find_scope(test::envelope("a@opgroeien.be", {"b@gmail.com", "c@leuven.be"}), policy).in_scope());
}

TEST_CASE("another mailbox of a protocol's organisation is near, not covered", "[policy][scope]")
{
    const Policy policy = test::two_protocol_policy();
    const Scope scope = find_scope(test::envelope("a@opgroeien.be", {"info@pepingen.be"}), policy);
    CHECK(scope.covering.empty());
    REQUIRE(scope.near.size() == 1);
    CHECK(scope.near.front()->id == "opgroeien-pepingen");
}
