// Bounded UTF-8 output of a text extraction, with pending separators between blocks and cells.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pm::text {

/// Collects extracted text up to `max_bytes`. Separators between blocks are held back until
/// more text follows, and the strongest wins (' ' < '\t' < '\n' < blank line), so empty cells,
/// runs of empty paragraphs and the paragraph end of a table cell's last paragraph do not pile
/// up. Not thread-safe.
class TextSink {
public:
    explicit TextSink(std::uint64_t max_bytes)
        : m_max_bytes(max_bytes)
    {
    }

    /// Appends UTF-8 `text` after any pending separator; past the cap, cuts it on a character
    /// boundary and marks the result truncated.
    void text(std::string_view text);
    /// Records a separator (' ', '\t' or '\n') to write before the next text.
    void separator(char separator);
    /// Records an empty line ("\n\n") before the next text: what an empty paragraph or an empty
    /// spreadsheet row shows the reader (it ends a block, as a blank line in a mail body does).
    void blank_line() { separator(blank_line_mark); }
    /// Bytes written so far (pending separators not counted).
    std::size_t size() const { return m_text.size(); }
    /// Marks the output incomplete (a limit other than the byte cap was reached).
    void mark_truncated() { m_truncated = true; }
    /// True once the byte cap was reached: callers stop producing text.
    bool full() const { return m_full; }
    bool truncated() const { return m_truncated; }
    /// The text, ending with a pending '\n' if there is one. Leaves the sink empty.
    std::string take();

private:
    static constexpr char blank_line_mark = '\v';

    std::string m_text;
    std::uint64_t m_max_bytes;
    char m_pending = 0;
    bool m_full = false;
    bool m_truncated = false;
};

} // namespace pm::text
