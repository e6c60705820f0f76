// A raw Content-Type header value split into its media type and parameters (RFC 2045 5.1).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pm::protection {

struct ContentTypeValue {
    std::string media_type;  ///< lower-case "type/subtype", empty when there is none
    /// Lower-case names, values unquoted (quoted-pair escapes undone); at most 64 of them.
    std::vector<std::pair<std::string, std::string>> parameters;

    /// The first parameter called `name` (lower-case), or empty.
    std::string_view parameter(std::string_view name) const;
};

/// Parses an unfolded header value. Lenient (stray white space and line breaks, a missing
/// closing quote, empty items) and bounded (the first 8 KiB only); never fails.
ContentTypeValue parse_content_type(std::string_view value);

} // namespace pm::protection
