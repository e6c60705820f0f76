// Protected mail for tests: rpmsg streams as MS-OXORMMS lays them out, S/MIME made by the openssl CLI.
#pragma once

#include "support/process.hpp"

#include <cstdint>
#include <string>

namespace pm::test {

/// Appends `value` as 4 little-endian bytes.
void append_u32(std::string& out, std::uint32_t value);

/// An rpmsg stream as [MS-OXORMMS] 2.2.1 lays it out: the prefix, then 4096-byte segments of a
/// compound file, each zlib-compressed behind { 0x0FA0, inflated size, compressed size }.
std::string rpmsg_stream();

/// RFC 1950 zlib stream holding `data` in one stored (uncompressed) RFC 1951 block.
std::string zlib_stored(const std::string& data);

/// A throwaway certificate and the openssl CLI, for S/MIME made at test time.
class SmimeTool {
public:
    SmimeTool();

    /// `openssl cms <arguments>` on the content; its standard output (a whole S/MIME message, with
    /// To/From/Subject, unless -outform DER).
    std::string cms(const std::string& arguments) const;

    std::string encrypt(const std::string& cipher,
        const std::string& extra = "-from afzender@ocmw-pepingen.be -to dossier@opgroeien.be -subject Verslag") const;

    std::string sign(bool detached, const std::string& extra = {}) const;

private:
    std::string path(const char* name) const;
    TempDir m_dir;
};

} // namespace pm::test
