// The quarantine store: durable entries, private permissions, crash leftovers, encryption at rest.
#include "core/digest.hpp"
#include "core/incident.hpp"
#include "quarantine/store.hpp"
#include "support/dpo_fixture.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

using namespace pm;
namespace fs = std::filesystem;

namespace {

const Instant at = *parse_instant("2026-11-24T09:00:00Z");

mode_t mode_of(const fs::path& path)
{
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

} // namespace

TEST_CASE("a stored message is listed with its metadata and read back byte for byte", "[quarantine][store]")
{
    test::DpoWorld world;
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    const std::string message = test::special_category_message("De moeder heeft diabetes.", "verslag.docx");
    const auto stored = store.put(test::special_category_incident(at), message);
    REQUIRE(stored.has_value());
    CHECK(stored->size == message.size());
    CHECK(stored->sha256 == sha256_hex(message));
    CHECK_FALSE(stored->encrypted);

    const auto listed = store.list();
    REQUIRE(listed.has_value());
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().id == stored->id);
    CHECK(listed->front().recipients == std::vector<std::string> { "socialedienst@tessenderlo-ham.be" });
    REQUIRE(listed->front().violations.size() == 1);
    CHECK(listed->front().violations[0].code == ViolationCode::data_special_category);
    CHECK(listed->front().violations[0].evidence == "dia*****");

    const auto read = store.read_message(stored->id, std::nullopt);
    REQUIRE(read.has_value());
    CHECK(*read == message);

    const auto doc = nlohmann::json::parse(std::ifstream(store.dir() / stored->id / "metadata.json"));
    CHECK(doc["queue_id"] == "4XyZ1AbC");
    CHECK(doc["envelope"]["sender"] == "jan.peeters@opgroeien.be");
    CHECK(doc["sha256"] == sha256_hex(message));
}

TEST_CASE("the store's directories are 0700 and its files 0600 whatever the umask", "[quarantine][store]")
{
    test::DpoWorld world;
    const mode_t old = ::umask(0);
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    const auto stored = store.put(test::special_category_incident(at), "Subject: x\r\n\r\nbody\r\n");
    ::umask(old);
    REQUIRE(stored.has_value());
    CHECK(mode_of(store.dir()) == 0700);
    CHECK(mode_of(store.dir() / stored->id) == 0700);
    CHECK(mode_of(store.dir() / stored->id / "message.eml") == 0600);
    CHECK(mode_of(store.dir() / stored->id / "metadata.json") == 0600);
}

TEST_CASE("a crash between writing and renaming leaves no visible entry, and the leftover is cleaned",
    "[quarantine][store]")
{
    test::DpoWorld world;
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    REQUIRE(store.put(test::special_category_incident(at), "Subject: kept\r\n\r\nkept\r\n").has_value());
    // What put() has written just before its rename: the .tmp-<ref> directory with both files.
    const std::string ref = new_incident_ref(at);
    const fs::path tmp = store.dir() / (".tmp-" + ref);
    fs::create_directory(tmp);
    std::ofstream(tmp / "message.eml") << "Subject: crashed\r\n\r\nhalf";
    std::ofstream(tmp / "metadata.json") << "{\"id\":\"" << ref << "\"";

    const auto listed = store.list();
    REQUIRE(listed.has_value());
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().id != ref);
    CHECK_FALSE(store.find(ref).has_value());

    // A young leftover may belong to a put() in progress: kept.
    CHECK(store.clean_leftovers(std::chrono::hours(1)) == 0);
    CHECK(fs::exists(tmp));
    const auto cleaned = store.clean_leftovers(std::chrono::seconds(0));
    REQUIRE(cleaned.has_value());
    CHECK(*cleaned == 1);
    CHECK_FALSE(fs::exists(tmp));
    CHECK(store.list()->size() == 1);
}

TEST_CASE("an id that is not an incident reference never becomes a path", "[quarantine][store]")
{
    test::DpoWorld world;
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    auto incident = test::special_category_incident(at);
    incident.id = "../../etc/passwd";
    const auto stored = store.put(incident, "x");
    REQUIRE_FALSE(stored.has_value());
    CHECK(stored.error().kind == ErrorKind::usage);
    CHECK_FALSE(fs::exists(store.dir()));
    CHECK(store.find("../PM-20261124-AAAAAAAA").error().kind == ErrorKind::usage);
    CHECK(store.remove("PM-20261124-AAAAAAAA").error().message.find("no quarantined message") != std::string::npos);
}

TEST_CASE("the same id is never stored twice", "[quarantine][store]")
{
    test::DpoWorld world;
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    const auto incident = test::special_category_incident(at);
    REQUIRE(store.put(incident, "first").has_value());
    CHECK_FALSE(store.put(incident, "second").has_value());
    CHECK(*store.read_message(incident.id, std::nullopt) == "first");
    CHECK_FALSE(fs::exists(store.dir() / (".tmp-" + incident.id)));
}

TEST_CASE("a removed entry is gone from the list and the disk", "[quarantine][store]")
{
    test::DpoWorld world;
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    const auto stored = store.put(test::special_category_incident(at), "x");
    REQUIRE(stored.has_value());
    REQUIRE(store.remove(stored->id).has_value());
    CHECK(store.list()->empty());
    CHECK(fs::is_empty(store.dir()));
}

TEST_CASE("with encrypt_to the message is CMS EnvelopedData that only the DPO's key opens", "[quarantine][store][cms]")
{
    test::DpoWorld world;
    const fs::path cert = world.dir() / "dpo-cert.pem";
    const fs::path key = world.dir() / "dpo-key.pem";
    test::make_key_pair(cert, key);
    world.policy.gateway.dpo.quarantine.encrypt_to = cert;
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    const std::string marker = "Zij volgt een behandeling voor depressie.";
    const std::string message = test::special_category_message(marker, "verslag.docx");
    const auto stored = store.put(test::special_category_incident(at), message);
    REQUIRE(stored.has_value());
    CHECK(stored->encrypted);

    const fs::path sealed = store.dir() / stored->id / "message.p7m";
    REQUIRE(fs::exists(sealed));
    CHECK_FALSE(fs::exists(store.dir() / stored->id / "message.eml"));
    std::ifstream in(sealed, std::ios::binary);
    const std::string der((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(der.find(marker) == std::string::npos);
    CHECK(der.find("Doorverwijzing") == std::string::npos);
    // The real openssl tool agrees it is EnvelopedData with AES-256.
    const auto asn1 = test::run_command("openssl cms -cmsout -print -inform DER -in " + test::shell_quote(sealed.string()));
    INFO(asn1.err);
    REQUIRE(asn1.status == 0);
    CHECK(asn1.out.find("pkcs7-envelopedData") != std::string::npos);
    CHECK(asn1.out.find("aes-256-cbc") != std::string::npos);

    // Metadata stays readable without the key.
    CHECK(store.list()->front().id == stored->id);

    const auto without_key = store.read_message(stored->id, std::nullopt);
    REQUIRE_FALSE(without_key.has_value());
    CHECK(without_key.error().message.find("--key") != std::string::npos);

    const auto opened = store.read_message(stored->id, key);
    REQUIRE(opened.has_value());
    CHECK(*opened == message);
}

TEST_CASE("a key that is not the DPO's is refused with a clear error", "[quarantine][store][cms]")
{
    test::DpoWorld world;
    const fs::path cert = world.dir() / "dpo-cert.pem";
    const fs::path key = world.dir() / "dpo-key.pem";
    const fs::path other_cert = world.dir() / "other-cert.pem";
    const fs::path other_key = world.dir() / "other-key.pem";
    test::make_key_pair(cert, key);
    test::make_key_pair(other_cert, other_key);
    world.policy.gateway.dpo.quarantine.encrypt_to = cert;
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    const auto stored = store.put(test::special_category_incident(at), "Subject: x\r\n\r\nsecret\r\n");
    REQUIRE(stored.has_value());

    const auto wrong = store.read_message(stored->id, other_key);
    REQUIRE_FALSE(wrong.has_value());
    CHECK(wrong.error().kind == ErrorKind::usage);
    INFO(wrong.error().message);
    CHECK((wrong.error().message.find("not the key") != std::string::npos
        || wrong.error().message.find("wrong key") != std::string::npos));

    const auto not_a_key = store.read_message(stored->id, cert);
    REQUIRE_FALSE(not_a_key.has_value());
    CHECK(not_a_key.error().message.find("no unencrypted PEM private key") != std::string::npos);
}

TEST_CASE("a store whose certificate is missing refuses to store (the daemon then tempfails)", "[quarantine][store][cms]")
{
    test::DpoWorld world;
    world.policy.gateway.dpo.quarantine.encrypt_to = world.dir() / "missing.pem";
    quarantine::Store store(world.policy.gateway.dpo.quarantine);
    const auto stored = store.put(test::special_category_incident(at), "x");
    REQUIRE_FALSE(stored.has_value());
    CHECK(stored.error().message.find("missing.pem") != std::string::npos);
    CHECK(store.list()->empty());
}
