// Detector throughput: ~10 MiB of mixed Dutch text (the test corpora repeated) scanned per core,
// and text extraction + scanning of a docx mix. Peak RSS is printed for the memory bound.
// Usage: detect_bench SOURCE_DIR [DOCX...]
#include "detect/detector.hpp"
#include "mime/message_tree.hpp"
#include "text/document_text.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <time.h>
#include <vector>

namespace {

/// CPU time of this thread: the figure is per core and does not change when other processes
/// share the machine (wall time does).
struct Clock {
    using duration = std::chrono::nanoseconds;
    using time_point = std::chrono::time_point<Clock, duration>;
    static time_point now()
    {
        timespec ts {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return time_point(duration(static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec));
    }
};
namespace fs = std::filesystem;

std::string slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return std::move(out).str();
}

long peak_rss_mib()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: detect_bench SOURCE_DIR [DOCUMENT...]\n");
        return 2;
    }
    const fs::path source = argv[1];
    auto detector = pm::detect::Detector::load(source / "rules" / "lexicons");
    if (!detector) {
        std::fprintf(stderr, "lexicons: %s\n", detector.error().front().c_str());
        return 2;
    }
    pm::detect::ScanContext context;
    context.own_domains = {"kindengezin.be", "opgroeien.be", "tessenderlo-ham.be"};
    std::size_t findings = 0;
    // ~10 MiB of the corpora repeated, scanned in mail-sized pieces of 64 KiB (texts are scanned
    // per part). The mixed corpus is half referral forms, far denser in personal data than
    // ordinary mail; the neutral one is ordinary coordination mail.
    const auto measure = [&](const char* label, std::initializer_list<const char*> kinds) {
        std::string sample;
        for (const char* kind : kinds) {
            for (const auto& entry : fs::directory_iterator(source / "tests" / "corpus" / kind)) {
                if (entry.path().extension() == ".txt") {
                    sample += slurp(entry.path()) + "\n\n";
                }
            }
        }
        if (sample.empty()) {
            std::fprintf(stderr, "no corpus under %s\n", (source / "tests" / "corpus").c_str());
            return false;
        }
        std::string text;
        while (text.size() < (10u << 20)) {
            text += sample;
        }
        constexpr std::size_t piece = 64 * 1024;
        std::size_t found = 0;
        std::vector<double> runs;
        for (int run = 0; run < 5; ++run) {
            const auto t0 = Clock::now();
            for (std::size_t at = 0; at < text.size(); at += piece) {
                found += (*detector)->scan(std::string_view(text).substr(at, piece), "1", context).size();
            }
            runs.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
        }
        std::ranges::sort(runs);
        const double mib = static_cast<double>(text.size()) / (1 << 20);
        std::printf("detectors: %.1f MiB of %s in %.3f s of CPU (median of 5): %.1f MiB/s on one core, "
                    "%zu findings per run\n",
            mib, label, runs[2], mib / runs[2], found / 5);
        findings += found;
        return true;
    };
    if (!measure("mixed Dutch text (neutral + referral corpora)", {"neutral", "positive"})
        || !measure("ordinary Dutch mail (neutral corpus)", {"neutral"})) {
        return 2;
    }

    if (argc > 2) {
        std::size_t bytes = 0;
        std::size_t text_bytes = 0;
        const auto t0 = Clock::now();
        for (int i = 2; i < argc; ++i) {
            const std::string document = slurp(argv[i]);
            bytes += document.size();
            const auto extracted
                = pm::text::extract_text(document, pm::mime::sniff(document), "", "", pm::text::TextLimits{});
            if (extracted) {
                text_bytes += extracted->text.size();
                findings += (*detector)->scan(extracted->text, "2", context).size();
            }
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("documents: %.1f MiB (%d files) -> %.1f MiB of text, extracted and scanned in %.3f s of CPU: %.1f MiB/s\n",
            static_cast<double>(bytes) / (1 << 20), argc - 2, static_cast<double>(text_bytes) / (1 << 20), seconds,
            static_cast<double>(bytes) / (1 << 20) / seconds);
    }
    std::printf("peak RSS: %ld MiB\n", peak_rss_mib());
    return 0;
}
