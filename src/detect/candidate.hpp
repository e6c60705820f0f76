// A value found in a text before exclusions (signature, own contact data) and overlap checks.
#pragma once

#include "core/finding.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace pm::detect {

/// A byte range [begin, end) of the scanned text.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool overlaps(const Span& other) const { return begin < other.end && other.begin < end; }
    bool contains(std::size_t at) const { return at >= begin && at < end; }
};

/// One validated pattern match.
struct Candidate {
    Span span;
    FieldType field = FieldType::other;
    std::string evidence;   ///< already redacted (identifiers), or empty: see redact
    double confidence = 1.0;
    std::string normalised; ///< own-data comparison key of a phone: its international digits
    /// Writes the redacted evidence from the value text[span] when the candidate is reported:
    /// most contact data found is the sender's own or a signature's, and never reported.
    std::string (*redact)(std::string_view value) = nullptr;

    std::string evidence_in(std::string_view text) const
    {
        return redact != nullptr ? redact(text.substr(span.begin, span.end - span.begin)) : evidence;
    }
};

} // namespace pm::detect
