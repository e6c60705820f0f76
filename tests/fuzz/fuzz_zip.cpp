// libFuzzer target: read_zip, extract_zip and the password proof on arbitrary bytes must not
// crash, leak, hang or allocate past the limits.
#include "archive/zip_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    // Small limits keep each run fast and let the fuzzer reach them; the checks are the same code.
    pm::archive::ArchiveLimits limits;
    limits.max_members = 64;
    limits.max_header_bytes = 64 * 1024;
    limits.max_member_bytes = 256 * 1024;
    limits.max_extract_bytes = 512 * 1024;

    const auto report = pm::archive::read_zip(bytes, limits);
    if (report) {
        volatile std::size_t sum = report->facts.member_count;
        for (const auto& member : report->members) {
            sum = sum + member.name.size() + static_cast<std::size_t>(member.cipher);
        }
        (void)sum;
    }
    const auto extracted = pm::archive::extract_zip(bytes, limits);
    if (extracted) {
        volatile std::size_t sum = 0;
        for (const auto& member : *extracted) {
            sum = sum + member.name.size() + member.data.size();
        }
        (void)sum;
    }
    if (const auto check = pm::archive::zip_password_check(bytes, limits)) {
        (void)check->opens("pw1234");
        (void)check->unprovable_reason();
    }
    return 0;
}
