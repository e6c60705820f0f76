// Detector throughput: ~10 MiB of mixed Dutch text (the test corpora repeated) scanned per core,
// and text extraction + scanning of a docx/pdf mix (make_document_mix writes one), per type and
// in all, in MiB/s of documents and of extracted text. Peak RSS is printed for the memory bound.
// Usage: detect_bench [--documents-only] SOURCE_DIR [DOCUMENT...]
#include "detect/detector.hpp"
#include "mime/message_tree.hpp"
#include "text/document_text.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <time.h>
#include <variant>
#include <vector>

namespace {

/// CPU time of this thread: the figures are per core and do not change when other processes
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
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

/// FNV-1a over every finding's facts, evidence and confidence, in order: a change in what the
/// detectors find (not only in how many) changes the fingerprint.
struct Fingerprint {
    std::uint64_t hash = 14695981039346656037ULL;
    void add(std::string_view bytes)
    {
        for (const char c : bytes) {
            hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        }
        hash = (hash ^ 0xffU) * 1099511628211ULL;
    }
    void add(const pm::Finding& finding)
    {
        add(std::to_string(finding.facts.index()));
        if (const auto* data = std::get_if<pm::PersonalData>(&finding.facts)) {
            add(std::to_string(static_cast<int>(data->field)));
        } else if (const auto* special = std::get_if<pm::SpecialCategory>(&finding.facts)) {
            add(special->category);
        }
        add(finding.evidence);
        add(std::to_string(finding.confidence));
    }
};

} // namespace

/// A 10 MiB plain-text figure: corpora repeated, scanned in mail-sized pieces, median of 5. The
/// mixed corpus is half referral forms, far denser in personal data than ordinary mail; the
/// neutral one is ordinary coordination mail.
void scan_text(const fs::path& source, const pm::detect::Detector& detector, const pm::detect::ScanContext& context,
    const char* label, std::initializer_list<const char*> kinds)
{
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
        std::exit(2);
    }
    std::string text;
    while (text.size() < (10u << 20)) {
        text += sample;
    }
    // Texts are scanned per part; cut the 10 MiB into mail-sized pieces of 64 KiB.
    constexpr std::size_t piece = 64 * 1024;
    std::size_t findings = 0;
    Fingerprint fingerprint;
    for (std::size_t at = 0; at < text.size(); at += piece) {
        for (const auto& finding : detector.scan(std::string_view(text).substr(at, piece), "1", context)) {
            fingerprint.add(finding);
        }
    }
    std::vector<double> runs;
    for (int run = 0; run < 5; ++run) {
        const auto t0 = Clock::now();
        for (std::size_t at = 0; at < text.size(); at += piece) {
            findings += detector.scan(std::string_view(text).substr(at, piece), "1", context).size();
        }
        runs.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::ranges::sort(runs);
    const double mib = static_cast<double>(text.size()) / (1 << 20);
    std::printf("detectors: %.1f MiB of %s in %.3f s of CPU (median of 5): %.1f MiB/s on one core, "
                "%zu findings per run (fingerprint %016llx)\n",
        mib, label, runs[2], mib / runs[2], findings / 5, static_cast<unsigned long long>(fingerprint.hash));
}

struct DocumentFigures {
    int files = 0;
    std::size_t bytes = 0;
    std::size_t text_bytes = 0;
    double extract_seconds = 0;
    double scan_seconds = 0;
    std::size_t findings = 0;
    std::size_t errors = 0;
};

void print_documents(const char* what, const DocumentFigures& f)
{
    if (f.files == 0) {
        return;
    }
    const double mib = static_cast<double>(f.bytes) / (1 << 20);
    const double text_mib = static_cast<double>(f.text_bytes) / (1 << 20);
    const double seconds = f.extract_seconds + f.scan_seconds;
    std::printf(
        "documents %-5s %5.2f MiB in %2d files -> %5.2f MiB of text; extraction %.3f s, detectors %.3f s: "
        "%6.1f MiB/s of documents, %5.1f MiB/s of extracted text (%zu findings%s)\n",
        what, mib, f.files, text_mib, f.extract_seconds, f.scan_seconds, mib / seconds, text_mib / seconds,
        f.findings, f.errors > 0 ? ", SOME UNREADABLE" : "");
}

int main(int argc, char** argv)
{
    int first = 1;
    const bool documents_only = argc > 1 && std::string(argv[1]) == "--documents-only";
    first += documents_only ? 1 : 0;
    if (argc <= first) {
        std::fprintf(stderr, "usage: detect_bench [--documents-only] SOURCE_DIR [DOCUMENT...]\n");
        return 2;
    }
    const fs::path source = argv[first];
    auto detector = pm::detect::Detector::load(source / "rules" / "lexicons");
    if (!detector) {
        std::fprintf(stderr, "lexicons: %s\n", detector.error().front().c_str());
        return 2;
    }
    pm::detect::ScanContext context;
    context.own_domains = { "kindengezin.be", "opgroeien.be", "tessenderlo-ham.be" };
    if (!documents_only) {
        scan_text(source, **detector, context, "mixed Dutch text (neutral + referral corpora)", { "neutral", "positive" });
        scan_text(source, **detector, context, "ordinary Dutch mail (neutral corpus)", { "neutral" });
    }
    if (argc > first + 1) {
        // Read every document first, so the figures time extraction and detection only.
        std::vector<std::pair<std::string, std::string>> documents;
        for (int i = first + 1; i < argc; ++i) {
            documents.emplace_back(fs::path(argv[i]).extension().string(), slurp(argv[i]));
        }
        // Three rounds; the figures of the median round (by total time) are printed.
        std::vector<std::array<DocumentFigures, 3>> rounds(3); // docx, pdf, all
        for (auto& round : rounds) {
            for (const auto& [extension, document] : documents) {
                DocumentFigures& kind = round[extension == ".pdf" ? 1 : 0];
                const auto t0 = Clock::now();
                const auto extracted = pm::text::extract_text(
                    document, pm::mime::sniff(document), "", "", pm::text::TextLimits {});
                const auto t1 = Clock::now();
                std::size_t found = 0;
                if (extracted) {
                    found = (*detector)->scan(extracted->text, "2", context).size();
                }
                const auto t2 = Clock::now();
                for (DocumentFigures* f : { &kind, &round[2] }) {
                    ++f->files;
                    f->bytes += document.size();
                    f->text_bytes += extracted ? extracted->text.size() : 0;
                    f->extract_seconds += std::chrono::duration<double>(t1 - t0).count();
                    f->scan_seconds += std::chrono::duration<double>(t2 - t1).count();
                    f->findings += found;
                    f->errors += extracted ? 0 : 1;
                }
            }
        }
        std::ranges::sort(
            rounds, {}, [](const auto& round) { return round[2].extract_seconds + round[2].scan_seconds; });
        const auto& [docx, pdf, all] = rounds[1];
        std::printf("documents (median of 3 rounds, one core):\n");
        print_documents("docx", docx);
        print_documents("pdf", pdf);
        print_documents("all", all);
    }
    std::printf("peak RSS: %ld MiB\n", peak_rss_mib());
    return 0;
}
