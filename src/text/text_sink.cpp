// TextSink: the byte cap and the separator merging every extractor shares.
#include "text/text_sink.hpp"

namespace pm::text {

namespace {

int separator_rank(char separator)
{
    switch (separator) {
    case ' ': return 1;
    case '\t': return 2;
    case '\n': return 3;
    case '\v': return 4; // blank_line_mark
    default: return 0;
    }
}

bool is_continuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u;
}

} // namespace

void TextSink::text(std::string_view text)
{
    if (text.empty() || m_full) {
        return;
    }
    if (m_pending != 0 && !m_text.empty()) {
        const std::string_view written
            = m_pending == blank_line_mark ? std::string_view("\n\n") : std::string_view(&m_pending, 1);
        if (m_text.size() + written.size() > m_max_bytes) {
            m_full = m_truncated = true;
            return;
        }
        m_text.append(written);
    }
    m_pending = 0;
    const std::uint64_t room = m_max_bytes - m_text.size();
    if (text.size() <= room) {
        m_text.append(text);
        return;
    }
    std::size_t cut = static_cast<std::size_t>(room);
    while (cut > 0 && is_continuation(text[cut])) {
        --cut; // never split a UTF-8 sequence
    }
    m_text.append(text.substr(0, cut));
    m_full = m_truncated = true;
}

void TextSink::separator(char separator)
{
    if (separator_rank(separator) > separator_rank(m_pending)) {
        m_pending = separator;
    }
}

std::string TextSink::take()
{
    if ((m_pending == '\n' || m_pending == blank_line_mark) && !m_text.empty()
        && m_text.size() < m_max_bytes) {
        m_text.push_back('\n');
    }
    m_pending = 0;
    return std::move(m_text);
}

} // namespace pm::text
