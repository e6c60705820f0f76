// A cheap pre-scan that bounds what GMime may build: it allocates per delimiter line, header field,
// address and parameter (0.4-1.5 KiB each), far more than the bytes those take on the wire.
#pragma once

#include "core/finding.hpp"
#include "core/limits.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace pm::mime {

/// Upper bounds on the objects GMime would create for some bytes, from one pass over the lines.
struct StructureCounts {
    std::uint64_t delimiter_lines = 0;  ///< lines starting "--": every MIME part but the first needs one
    std::uint64_t header_units = 0;     ///< header-shaped lines plus the ',' and ';' in them and their folds
};

/// Counts over all of `bytes`, bodies included: text that merely looks like headers or
/// delimiters is over-counted, never under-counted (base64 has neither ':' nor '-').
StructureCounts count_structure(std::string_view bytes);

/// The share of GMime work one message may use, charged for the message and for every encoded
/// message/rfc822 part re-parsed inside it. Not thread-safe; one per parse.
class StructureBudget {
public:
    /// Header units allowed per message: about 50 MiB of GMime objects at worst.
    static constexpr std::uint64_t max_header_units = 65536;

    explicit StructureBudget(const Limits& limits);

    /// Adds `counts`; returns the limit this goes over ("max_delimiter_lines", allowed
    /// 8 * max_parts + 64, or "max_header_fields"), if any.
    std::optional<LimitExceeded> charge(const StructureCounts& counts);

private:
    std::uint64_t m_max_delimiter_lines;
    StructureCounts m_used;
};

} // namespace pm::mime
