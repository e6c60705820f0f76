// libFuzzer target: read_seven_zip, extract_seven_zip and the password proof on arbitrary bytes
// must not crash, leak or hang.
#include "archive/seven_zip_coders.hpp"
#include "archive/seven_zip_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

void run(const std::string& input)
{
    pm::archive::ArchiveLimits limits;
    // Smaller structures keep each run fast; the bounds are the same code.
    limits.max_members = 200;
    limits.max_header_bytes = 1 << 20;
    limits.max_extract_bytes = 4 << 20;
    limits.max_member_bytes = 2 << 20;
    // The seeds use 7-Zip's 2^19 rounds (a few ms per proof); anything above is refused by the
    // reader and never derived, so no input can make a key derivation take longer.
    limits.max_kdf_cycles_power = 19;
    const auto bytes = pm::as_byte_span(input);
    const auto report = pm::archive::read_seven_zip(bytes, limits);
    if (report) {
        volatile std::size_t sum = report->members.size();
        for (const auto& member : report->members) {
            sum = sum + member.name.size() + member.unpacked_size;
        }
    }
    const auto extracted = pm::archive::extract_seven_zip(bytes, limits);
    if (extracted) {
        volatile std::size_t sum = 0;
        for (const auto& member : *extracted) {
            sum = sum + member.name.size() + member.data.size();
        }
    }
    if (const auto check = pm::archive::seven_zip_password_check(bytes, limits)) {
        (void)check->opens("pw1234");
        (void)check->opens("pw1234"); // the cached path
        (void)check->unprovable_reason();
    }
}

void put_le32(std::string& bytes, std::size_t at, std::uint32_t value)
{
    for (std::size_t i = 0; i < 4; ++i) {
        bytes[at + i] = static_cast<char>(value >> (8 * i));
    }
}

std::uint64_t le64(const std::string& bytes, std::size_t at)
{
    std::uint64_t value = 0;
    for (std::size_t i = 8; i-- > 0;) {
        value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    }
    return value;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    run(input);
    // Nearly every mutation breaks a CRC; a copy with both header CRCs recomputed lets the
    // fuzzer reach the parsers behind them.
    if (size >= 32) {
        const std::uint64_t offset = le64(input, 12);
        const std::uint64_t length = le64(input, 20);
        if (offset <= size - 32 && length <= size - 32 - offset) {
            std::string fixed = input;
            const std::string_view header = std::string_view(fixed).substr(32 + offset, length);
            put_le32(fixed, 28, pm::archive::seven_zip::crc32(header));
            put_le32(fixed, 8, pm::archive::seven_zip::crc32(std::string_view(fixed).substr(12, 20)));
            if (fixed != input) {
                run(fixed);
            }
        }
    }
    return 0;
}
