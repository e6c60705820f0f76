// Readable text of an HTML body: tags removed, entities decoded, text split across tags joined.
#pragma once

#include <string>
#include <string_view>

namespace pm::text {

/// Converts HTML to plain UTF-8 text. Inline tags (b, i, span, a, font, ...) join their text
/// without a space, so `<b>85.07.30</b>-033.28` reads as one string; block tags (p, div, br, li,
/// ...) end a line; table rows end a line and their cells are TAB-separated (a block inside a
/// cell is a space), as in documents. Script and style contents are dropped; comments removed;
/// hidden text is kept (it is readable to anyone who opens the source). Linear time, no
/// allocation beyond the output.
std::string html_to_text(std::string_view html);

} // namespace pm::text
