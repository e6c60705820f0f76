// libFuzzer target: Detector::scan on arbitrary bytes must not crash, hang or read out of bounds.
// Lexicons from $PM_LEXICONS, else PM_LEXICONS_DIR (set by the build), else "rules/lexicons".
#include "detect/detector.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

#ifndef PM_LEXICONS_DIR
#define PM_LEXICONS_DIR "rules/lexicons"
#endif

const pm::detect::Detector& detector()
{
    static const auto loaded = [] {
        const char* from_env = std::getenv("PM_LEXICONS");
        auto result = pm::detect::Detector::load(from_env != nullptr ? from_env : PM_LEXICONS_DIR);
        if (!result) {
            for (const auto& problem : result.error()) {
                std::fprintf(stderr, "%s\n", problem.c_str());
            }
            std::abort();
        }
        return *result;
    }();
    return *loaded;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    pm::detect::ScanContext context;
    context.own_domains = { "kindengezin.be" };
    context.own_phones = { "3211123456" };
    const auto findings = detector().scan(text, "1", context);
    volatile std::size_t sum = 0;
    for (const auto& finding : findings) {
        sum = sum + finding.evidence.size();
    }
    (void)sum;
    return 0;
}
