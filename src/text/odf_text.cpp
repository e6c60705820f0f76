// odf_text: content.xml and styles.xml through the ODF role table.
#include "text/odf_text.hpp"

#include "text/markup_text.hpp"
#include "text/ooxml_text.hpp"

#include <algorithm>

namespace pm::text {

std::expected<void, std::string> odf_text(Package& package, const TextLimits& limits, TextSink& sink)
{
    if (std::ranges::find(package.names(), "content.xml") == package.names().end()) {
        return std::unexpected(std::string("ODF package without content.xml"));
    }
    auto manifest = package.read("META-INF/manifest.xml");
    if (!manifest) {
        return std::unexpected(manifest.error());
    }
    for (const PackagePart& part : *manifest) {
        // Encrypted parts are deflated, then encrypted: not XML. The protection checks report them.
        if (part.data.find("encryption-data") != std::string::npos) {
            return {};
        }
    }
    std::uint32_t parts_read = 0;
    for (const std::string_view name : { "content.xml", "styles.xml" }) {
        if (auto done = markup_part_text(package, name, odf_rules(), limits, sink, parts_read); !done) {
            return done;
        }
    }
    return {};
}

} // namespace pm::text
