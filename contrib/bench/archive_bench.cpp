// Archive verification cost: reading a 100 MiB archive must cost what a 100 KiB one does
// (O(header)); and the cost of one password candidate (7z KDF 2^19 SHA-256 rounds; zip PBKDF2).
// Usage: archive_bench DIR   (DIR holds the archives made by contrib/bench/run.sh)
#include "archive/seven_zip_reader.hpp"
#include "archive/zip_reader.hpp"
#include "core/byte_reader.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::string slurp(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return std::move(out).str();
}

template <class F>
double median_us(int runs, F&& f)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        times.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    std::ranges::sort(times);
    return times[times.size() / 2];
}

void bench_read(const std::filesystem::path& file, bool seven)
{
    const std::string bytes = slurp(file);
    const auto data = pm::as_byte_span(bytes);
    const pm::archive::ArchiveLimits limits;
    bool ok = true;
    const double us = median_us(51, [&] {
        const auto r = seven ? pm::archive::read_seven_zip(data, limits) : pm::archive::read_zip(data, limits);
        ok = ok && r.has_value();
    });
    std::printf("%-28s %10.1f MiB  read %9.1f us  %s\n", file.filename().c_str(),
        static_cast<double>(bytes.size()) / (1 << 20), us, ok ? "ok" : "FAILED");
}

void bench_candidates(const std::filesystem::path& file, bool seven)
{
    const std::string bytes = slurp(file);
    const auto data = pm::as_byte_span(bytes);
    const pm::archive::ArchiveLimits limits;
    auto check = seven ? pm::archive::seven_zip_password_check(data, limits)
                       : pm::archive::zip_password_check(data, limits);
    if (!check) {
        std::printf("%-28s no password check\n", file.filename().c_str());
        return;
    }
    int n = 0;
    const double us = median_us(9, [&] { (void)check->opens("wrong-candidate-" + std::to_string(n++)); });
    const auto t0 = Clock::now();
    const bool right = check->opens("Bench-Pass-2026");
    const double right_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::printf("%-28s wrong candidate %8.2f ms   right one %8.2f ms (%s)\n", file.filename().c_str(), us / 1000,
        right_ms, right ? "proved" : "NOT PROVED");
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: archive_bench DIR\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::printf("== verification cost (median of 51 runs)\n");
    for (const char* name : {"small.7z", "large.7z", "small-plain.7z", "large-plain.7z"}) {
        bench_read(dir / name, true);
    }
    for (const char* name : {"small.zip", "large.zip"}) {
        bench_read(dir / name, false);
    }
    std::printf("== password proof cost per candidate (median of 9)\n");
    bench_candidates(dir / "small.7z", true);
    bench_candidates(dir / "small-names.7z", true);
    bench_candidates(dir / "small.zip", false);
    return 0;
}
