// CSV as text: cells separated by TAB and records by '\n', so "Naam;Sara Janssens" reads like a
// "Label<TAB>value" table row. RFC 4180 quoting ("a;b" and "" inside quotes) is undone.
#pragma once

#include <string>
#include <string_view>

namespace pm::text {

/// Whether a declared content type is CSV: text/csv, text/comma-separated-values, or
/// application/vnd.ms-excel (what Windows declares for .csv files when Excel is installed).
bool is_csv(std::string_view declared_type);

/// The cells of `utf8` CSV text. The separator is the one of ';', TAB and ',' that appears the
/// same number of times on most of the first records (Belgian Excel writes ';'); when none does,
/// the text is returned as it is. Nothing but separators and quotes is ever removed: a wrong guess
/// changes where cells end, never which words are read. Line breaks inside a quoted cell become
/// spaces. O(size).
std::string csv_to_text(std::string_view utf8);

} // namespace pm::text
