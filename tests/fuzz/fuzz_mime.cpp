// libFuzzer target: parse_message() on arbitrary bytes must not crash, leak or hang.
#include "mime/message_tree.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    pm::Limits limits;
    limits.max_parts = 200;  // smaller structures keep each run fast; the bounds are the same code
    const auto tree = pm::mime::parse_message(
        std::string_view(reinterpret_cast<const char*>(data), size), limits);
    if (tree) {
        for (const auto& part : tree->leaves) {
            // Touch what inspectors read so a bad size or pointer is caught here.
            volatile std::size_t sum = part.data.size() + part.filename.size() + part.label().size();
            (void)sum;
        }
    }
    return 0;
}
