// GMime wrapper: raw message bytes -> a flat, owned tree of decoded parts (no GMime types leak out).
#pragma once

#include "core/error.hpp"
#include "core/finding.hpp"
#include "core/limits.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pm::mime {

/// What a part's bytes are, from magic bytes only (never from the name or the declared type).
enum class SniffedType { empty, text, seven_zip, zip, ooxml, odf, pdf, ole_cfb, png, jpeg, gif, binary };
std::string_view to_string(SniffedType type);

/// Sniffs decoded bytes. A zip is refined to ooxml (has `[Content_Types].xml`) or odf (first
/// member `mimetype` holding `application/vnd.oasis.opendocument.*`).
SniffedType sniff(std::string_view bytes);

/// A leaf part (or the decoded Subject) with everything inspectors need, owned.
struct Part {
    std::string path;          ///< stable MIME path: "1", "2/1"; "subject" for the Subject
    std::string content_type;  ///< declared, lower-case "type/subtype"
    std::string charset;       ///< declared charset, lower-case, may be empty
    std::string filename;      ///< RFC 2231 / encoded-word decoded, may be empty
    std::string disposition;   ///< "attachment", "inline" or ""
    std::string content_id;    ///< without angle brackets, may be empty
    std::string data;          ///< decoded bytes (base64, quoted-printable, uuencode undone)
    SniffedType sniffed = SniffedType::empty;
    bool is_body = false;      ///< text/plain or text/html, not disposition attachment, no file name
    bool in_embedded_message = false;  ///< inside a message/rfc822 part (a forwarded message)
    unsigned depth = 0;        ///< nesting depth (root = 0)

    /// "2/1 verwijzing.docx" or "1" when there is no file name: the part as reports name it.
    std::string label() const;
};

/// One top-level header, unfolded, value as on the wire (not decoded; may hold 8-bit bytes).
/// Content-* headers are included, in wire order with the others.
struct Header {
    std::string name;
    std::string value;
};

struct MessageTree {
    std::string subject;               ///< decoded (RFC 2047), UTF-8
    std::vector<Header> headers;       ///< top-level headers in order
    std::vector<std::string> from;     ///< header addresses (addr-specs), for the CLI fallback
    std::vector<std::string> recipients;  ///< To + Cc + Bcc addr-specs
    std::vector<Part> leaves;          ///< leaf parts in document order (rfc822 recursed)
    /// Unparseable / LimitExceeded found while parsing; `part` is the path concerned ("" for the
    /// message). Limit names: max_message_bytes, max_mime_depth, max_parts, max_decoded_bytes,
    /// and two derived ones that keep GMime's own allocations bounded: max_delimiter_lines (lines
    /// starting "--", 8 * max_parts + 64) and max_header_fields (header-shaped lines plus their
    /// ',' and ';', 65536).
    std::vector<Finding> problems;
    std::size_t part_count = 0;        ///< every MIME part seen, containers included

    /// Value of the first top-level header with this name (case-insensitive), or empty.
    std::string_view header(std::string_view name) const;
};

/// Parses a message. A hostile or broken structure is not an error: it is reported in
/// `problems` (Unparseable, LimitExceeded) and whatever could be read is returned. A message over
/// max_message_bytes or the structure budget is not walked: only its header section is read.
/// An Error (ErrorKind::resource) is returned only when memory runs out. Thread-safe (GMime is
/// initialised once per process; every GMime object stays on the calling thread).
Result<MessageTree> parse_message(std::string_view bytes, const Limits& limits);

} // namespace pm::mime
