// Top-level header facts of a GMime message: header list, decoded Subject, header addresses.
#pragma once

#include "mime/gobject_ptr.hpp"
#include "mime/message_tree.hpp"

#include <string>
#include <string_view>

namespace pm::mime {

/// Unfolds a raw header value: CRLF/LF before white space removed, the rest kept byte for byte;
/// leading and trailing white space trimmed.
std::string unfold_header_value(std::string_view raw);

/// Fills `tree.subject`, `tree.headers`, `tree.from` and `tree.recipients` from the top-level
/// message (borrowed). Header values stay raw (may hold 8-bit bytes); subject and addresses are
/// valid UTF-8.
void read_message_headers(GMimeMessage* message, MessageTree& tree);

} // namespace pm::mime
