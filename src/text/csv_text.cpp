#include "text/csv_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace pm::text {

namespace {

constexpr std::size_t sample_records = 20;
constexpr std::array<char, 3> separators = { ';', '\t', ',' };

bool equals_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

/// Per separator, how many of the sampled records have its most common (non-zero) count.
char guess_separator(std::string_view text)
{
    std::array<std::map<std::size_t, std::size_t>, separators.size()> counts_per_record;
    std::array<std::size_t, separators.size()> in_record {};
    std::size_t records = 0;
    bool quoted = false;
    for (std::size_t at = 0; at < text.size() && records < sample_records; ++at) {
        const char c = text[at];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == '\n') {
            for (std::size_t s = 0; s < separators.size(); ++s) {
                ++counts_per_record[s][in_record[s]];
                in_record[s] = 0;
            }
            ++records;
        } else if (!quoted) {
            for (std::size_t s = 0; s < separators.size(); ++s) {
                in_record[s] += c == separators[s] ? 1 : 0;
            }
        }
    }
    if (records < sample_records) {
        for (std::size_t s = 0; s < separators.size(); ++s) {
            ++counts_per_record[s][in_record[s]];
        }
        ++records;
    }
    char best = '\0';
    std::size_t best_records = 0;
    for (std::size_t s = 0; s < separators.size(); ++s) {
        for (const auto& [count, how_many] : counts_per_record[s]) {
            // A separator on at least half the records, the same number of times.
            if (count > 0 && how_many * 2 >= records && how_many > best_records) {
                best = separators[s];
                best_records = how_many;
            }
        }
    }
    return best;
}

} // namespace

bool is_csv(std::string_view declared_type)
{
    return equals_ignoring_case(declared_type, "text/csv") || equals_ignoring_case(declared_type, "text/comma-separated-values")
        || equals_ignoring_case(declared_type, "application/csv")
        || equals_ignoring_case(declared_type, "application/vnd.ms-excel");
}

std::string csv_to_text(std::string_view utf8)
{
    const char separator = guess_separator(utf8);
    if (separator == '\0') {
        return std::string(utf8);
    }
    std::string out;
    out.reserve(utf8.size());
    bool quoted = false;
    bool cell_start = true;
    for (std::size_t at = 0; at < utf8.size(); ++at) {
        const char c = utf8[at];
        if (quoted) {
            if (c == '"') {
                if (at + 1 < utf8.size() && utf8[at + 1] == '"') {
                    out += '"';  // "" inside quotes
                    ++at;
                } else {
                    quoted = false;
                }
            } else if (c == '\r' || c == '\n') {
                if (out.empty() || out.back() != ' ') {
                    out += ' ';
                }
            } else {
                out += c;
            }
            continue;
        }
        if (c == '"' && cell_start) {
            quoted = true;
            cell_start = false;
        } else if (c == separator) {
            out += '\t';
            cell_start = true;
        } else if (c == '\n') {
            out += '\n';
            cell_start = true;
        } else if (c != '\r') {
            out += c;
            cell_start = false;
        }
    }
    return out;
}

} // namespace pm::text
