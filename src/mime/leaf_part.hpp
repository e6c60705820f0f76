// Reading one GMime leaf part into an owned Part: declared metadata and decoded bytes.
#pragma once

#include "mime/gobject_ptr.hpp"
#include "mime/message_tree.hpp"

#include <optional>
#include <string>

namespace pm::mime {

/// The declared, lower-case "type/subtype" of any MIME object (GMime defaults it to text/plain
/// when the header is missing).
std::string declared_content_type(GMimeObject* object);

/// Fills everything but `data` and `sniffed`: content type, charset, file name (RFC 2231 and
/// encoded words decoded by GMime, made valid UTF-8 and single-line), disposition, content id,
/// is_body. `part` is borrowed.
Part describe_leaf(GMimePart* part, std::string path, unsigned depth);

/// The part's content with its transfer encoding undone (base64, quoted-printable, uuencode;
/// others pass through). nullopt when GMime fails to write it out.
std::optional<std::string> decode_content(GMimePart* part);

} // namespace pm::mime
