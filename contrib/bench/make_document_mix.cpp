// Writes the docx/pdf mix detect_bench reads: 20 docx of about 150 KiB and 10 PDFs of about
// 200 KiB (about 5 MiB), made from the corpus texts with the test-side document writers
// (tests/unit/support: docx zipped by the real `zip`, PDF with FlateDecode pages). Each document
// is a dossier of corpus mails one after the other (10 to 40 pages of text) and one embedded
// photo-like image (a scanned letterhead or signature: noise, which does not compress), sized
// so the file reaches its target size, as real office documents are mostly images by bytes.
// Usage: make_document_mix SOURCE_DIR OUT_DIR   (prints the files written)
#include "support/office_writer.hpp"
#include "support/pdf_writer.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr int docx_count = 20;
constexpr int pdf_count = 10;
constexpr std::size_t docx_size = 150 * 1024;
constexpr std::size_t pdf_size = 200 * 1024;
constexpr unsigned image_width = 400;

std::string slurp(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return std::move(out).str();
}

void write(const fs::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

/// Deterministic RGB noise, `height` rows of image_width pixels.
std::string noise_rgb(unsigned height, std::uint64_t seed)
{
    std::string pixels(static_cast<std::size_t>(image_width) * height * 3, '\0');
    std::uint64_t state = seed * 6364136223846793005ull + 1442695040888963407ull;
    for (char& byte : pixels) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        byte = static_cast<char>(state >> 56);
    }
    return pixels;
}

std::string be32(std::uint32_t value)
{
    return { static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
        static_cast<char>(value) };
}

std::string png_chunk(const std::string& type, const std::string& data)
{
    const std::string typed = type + data;
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size())));
    return be32(static_cast<std::uint32_t>(data.size())) + typed + be32(crc);
}

/// A valid 8-bit RGB PNG (filter 0 on every row) of the noise image.
std::string png(unsigned height, std::uint64_t seed)
{
    const std::string pixels = noise_rgb(height, seed);
    std::string raw;
    for (unsigned row = 0; row < height; ++row) {
        raw += '\0';
        raw.append(pixels, static_cast<std::size_t>(row) * image_width * 3, image_width * 3);
    }
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::string deflated(size, '\0');
    compress2(reinterpret_cast<Bytef*>(deflated.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
        static_cast<uLong>(raw.size()), Z_DEFAULT_COMPRESSION);
    deflated.resize(size);
    const std::string header = be32(image_width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
    return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", header) + png_chunk("IDAT", deflated)
        + png_chunk("IEND", "");
}

/// Image rows that add about `bytes` to a file.
unsigned rows_for(std::size_t bytes)
{
    return static_cast<unsigned>(std::max<std::size_t>(1, bytes / (image_width * 3)));
}

/// Corpus mails `first`, `first + 1`, ... (cycling), subject lines dropped, until `text_bytes`.
std::string dossier(const std::vector<std::string>& mails, std::size_t first, std::size_t text_bytes)
{
    std::string text;
    for (std::size_t i = first; text.size() < text_bytes; ++i) {
        const std::string& mail = mails[i % mails.size()];
        const std::size_t body = mail.find("\n\n");
        text += (body == std::string::npos ? mail : mail.substr(body + 2)) + "\n";
    }
    return text;
}

std::string docx_with_image(const std::string& text, unsigned rows, std::uint64_t seed)
{
    std::vector<pm::test::ArchiveMember> extra;
    if (rows > 0) {
        extra.push_back({ "word/_rels/document.xml.rels",
            pm::test::office_xml(
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                "<Relationship Id=\"rId5\" "
                "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" "
                "Target=\"media/image1.png\"/></Relationships>") });
        extra.push_back({ "word/media/image1.png", png(rows, seed) });
    }
    return pm::test::make_docx(pm::test::word_body_from_text(text), std::move(extra));
}

std::string pdf_with_image(const std::string& text, unsigned rows, std::uint64_t seed)
{
    pm::test::PdfOptions options;
    options.deflate = true;
    if (rows > 0) {
        options.image_rgb = noise_rgb(rows, seed);
        options.image_width = image_width;
        options.image_height = rows;
    }
    return pm::test::pdf_from_text(text, options);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: make_document_mix SOURCE_DIR OUT_DIR\n");
        return 2;
    }
    const fs::path source = argv[1];
    const fs::path out = argv[2];
    std::vector<std::string> mails;
    for (const char* kind : { "positive", "neutral" }) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(source / "tests" / "corpus" / kind)) {
            if (entry.path().extension() == ".txt") {
                files.push_back(entry.path());
            }
        }
        std::ranges::sort(files);
        for (const auto& file : files) {
            mails.push_back(slurp(file));
        }
    }
    if (mails.empty()) {
        std::fprintf(stderr, "no corpus under %s\n", (source / "tests" / "corpus").c_str());
        return 2;
    }
    try {
        fs::create_directories(out);
        for (int i = 0; i < docx_count + pdf_count; ++i) {
            const bool docx = i < docx_count;
            // 10 to 40 pages of about 2.5 KiB of text each.
            const std::string text
                = dossier(mails, static_cast<std::size_t>(i) * 7, (10 + (i * 7) % 31) * 2560);
            const std::size_t target = docx ? docx_size : pdf_size;
            const auto build = [&](unsigned rows) {
                return docx ? docx_with_image(text, rows, static_cast<std::uint64_t>(i))
                            : pdf_with_image(text, rows, static_cast<std::uint64_t>(i));
            };
            const std::size_t text_only = build(0).size();
            const std::string document = build(target > text_only ? rows_for(target - text_only) : 0);
            char name[32];
            std::snprintf(name, sizeof name, docx ? "dossier-%02d.docx" : "dossier-%02d.pdf", i + 1);
            write(out / name, document);
            std::printf("%s\n", (out / name).c_str());
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "make_document_mix: %s\n", error.what());
        return 1;
    }
    return 0;
}
