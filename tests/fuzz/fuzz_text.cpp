// libFuzzer target: extract_text on arbitrary bytes as OOXML, ODF, plain text, HTML and CSV must not
// crash, leak, hang, read a file or the network, or return more than max_text_bytes.
#include "text/document_text.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // Small limits keep each run fast and let the fuzzer reach them; the checks are the same code.
    pm::text::TextLimits limits;
    limits.max_text_bytes = 64 * 1024;
    limits.max_parts = 16;
    limits.max_xml_depth = 64;
    limits.archive.max_members = 64;
    limits.archive.max_header_bytes = 64 * 1024;
    limits.archive.max_member_bytes = 256 * 1024;
    limits.archive.max_extract_bytes = 512 * 1024;

    using pm::mime::SniffedType;
    const auto check = [&](SniffedType type, std::string_view declared_type, std::string_view charset) {
        const auto result = pm::text::extract_text(bytes, type, declared_type, charset, limits);
        if (result && result->text.size() > limits.max_text_bytes) {
            std::abort();
        }
    };
    check(SniffedType::ooxml, {}, {});
    check(SniffedType::odf, {}, {});
    // The first byte picks a charset for the text readings.
    static constexpr std::string_view charsets[]
        = { "", "utf-8", "windows-1252", "iso-8859-15", "utf-16", "shift_jis" };
    const std::string_view charset = size == 0 ? "" : charsets[data[0] % std::size(charsets)];
    check(SniffedType::text, "text/plain", charset);
    check(SniffedType::text, "text/html", charset);
    check(SniffedType::text, "text/csv", charset);
    return 0;
}
