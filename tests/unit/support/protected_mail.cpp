// Protected mail for tests: rpmsg streams and S/MIME.
#include "support/protected_mail.hpp"

#include "support/cfb_writer.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>

namespace pm::test {

void append_u32(std::string& out, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i) {
        out += static_cast<char>((value >> (8 * i)) & 0xFF);
    }
}

std::string zlib_stored(const std::string& data)
{
    REQUIRE(data.size() <= 0xFFFF);
    std::string out("\x78\x01", 2);
    const auto length = static_cast<std::uint16_t>(data.size());
    out += '\x01';  // BFINAL, BTYPE = 00 (stored)
    out += static_cast<char>(length & 0xFF);
    out += static_cast<char>(length >> 8);
    out += static_cast<char>(~length & 0xFF);
    out += static_cast<char>((~length >> 8) & 0xFF);
    out += data;
    std::uint32_t a = 1;
    std::uint32_t b = 0;
    for (const char c : data) {
        a = (a + static_cast<std::uint8_t>(c)) % 65521;
        b = (b + a) % 65521;
    }
    const std::uint32_t adler = (b << 16) | a;
    for (int shift = 24; shift >= 0; shift -= 8) {
        out += static_cast<char>((adler >> shift) & 0xFF);
    }
    return out;
}

std::string rpmsg_stream()
{
    const std::string storage = make_cfb(
        {cfb_stream("DRMContent", std::string(6000, 'x')), cfb_stream("\x06Primary", "licence")});
    std::string out("\x76\xE8\x04\x60\xC4\x11\xE3\x86", 8);
    for (std::size_t offset = 0; offset < storage.size(); offset += 4096) {
        const std::string segment = storage.substr(offset, 4096);
        const std::string compressed = zlib_stored(segment);
        append_u32(out, 0x0FA0);
        append_u32(out, static_cast<std::uint32_t>(segment.size()));
        append_u32(out, static_cast<std::uint32_t>(compressed.size()));
        out += compressed;
    }
    return out;
}

SmimeTool::SmimeTool()
{
    const auto made = run_command("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=test -days 2 -keyout "
        + path("key.pem") + " -out " + path("cert.pem"));
    REQUIRE(made.status == 0);
    std::ofstream(m_dir.path() / "content.txt", std::ios::binary)
        << "Content-Type: text/plain; charset=utf-8\r\n\r\nVerslag over het gezin Janssens.\r\n";
}

std::string SmimeTool::cms(const std::string& arguments) const
{
    const auto result = run_command("openssl cms -in " + path("content.txt") + " " + arguments);
    INFO(result.err);
    REQUIRE(result.status == 0);
    return result.out;
}

std::string SmimeTool::encrypt(const std::string& cipher, const std::string& extra) const
{
    return cms("-encrypt " + cipher + " " + extra + " " + path("cert.pem"));  // recipients come last
}

std::string SmimeTool::sign(bool detached, const std::string& extra) const
{
    return cms(std::string("-sign") + (detached ? "" : " -nodetach") + " -signer " + path("cert.pem") + " -inkey "
        + path("key.pem") + " " + extra);
}

std::string SmimeTool::path(const char* name) const
{
    return shell_quote((m_dir.path() / name).string());
}

} // namespace pm::test
