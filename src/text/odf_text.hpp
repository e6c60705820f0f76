// Text of OpenDocument packages (ODF 1.2 part 1 and 3): content.xml, then styles.xml headers and footers.
#pragma once

#include "text/document_text.hpp"
#include "text/package_parts.hpp"
#include "text/text_sink.hpp"

#include <expected>
#include <string>

namespace pm::text {

/// Writes the text of content.xml and styles.xml (page headers and footers) into `sink`. A
/// package whose manifest encrypts its parts (ODF 1.2 part 3, 4.8) has no readable text and
/// gives nothing; one without content.xml, or with a part that cannot be read, is an error.
std::expected<void, std::string> odf_text(Package& package, const TextLimits& limits, TextSink& sink);

} // namespace pm::text
