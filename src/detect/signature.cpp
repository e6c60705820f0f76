// Finding the sender's signature blocks.
//
// One pass over the lines, taken from a bit mask of the '\n' bytes of 64 bytes at a time
// (for_each_line) rather than searched for one by one. Most lines are not signature-relevant: a
// line whose first three bytes are ASCII and start no phrase, quote or boundary mark is passed
// over after one hashed table lookup without a branch on its bytes (worth_reading); another is
// folded only as far as the start-of-line phrases reach (prefix_bytes) and compared with them a
// word at a time, and the whole line is folded only when a phrase matched that needs it (a
// closing's length, an attribution's "... schreef:"). Whether a paragraph holds a contact line is
// decided only for the few paragraphs that could be a signature by their shape.
#include "detect/signature.hpp"

#include "detect/words.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pm::detect {

namespace {

constexpr std::size_t max_closing_lines = 12;    // non-empty lines after a closing
constexpr std::size_t max_delimiter_lines = 20;  // lines after "-- "
constexpr std::size_t max_closing_line = 80;
constexpr std::size_t max_folded_line = 200;  // predicates look at the start (and end) of shorter lines only
constexpr std::size_t max_contact_line = 100;   // signature lines are short
constexpr std::size_t max_contact_lines = 12;

constexpr std::array<std::string_view, 34> closings = {
    "met vriendelijke groeten", "met vriendelijke groet", "vriendelijke groeten", "vriendelijke groet",
    "met collegiale groeten", "met collegiale groet", "collegiale groeten", "collegiale groet",
    "met hartelijke groeten", "hartelijke groeten", "hartelijke groet", "met beste groeten", "beste groeten",
    "beste groet", "groeten", "groetjes", "groet", "mvg", "vg", "cordialement", "bien cordialement",
    "salutations", "meilleures salutations", "sinceres salutations", "bien a vous", "kind regards",
    "best regards", "with kind regards", "warm regards", "regards", "sincerely", "yours sincerely",
    "met dank en groeten", "alvast bedankt en groeten",
};
/// The first line of a quoted or forwarded message: a header...
constexpr std::array<std::string_view, 7> headers = { "van:", "from:", "de :", "de:", "verzonden:", "sent:", "envoye :" };
/// ... or an attribution: one of these at the start and one of attribution_ends at the end.
constexpr std::array<std::string_view, 3> attribution_starts = { "op ", "on ", "le " };
constexpr std::array<std::string_view, 4> attribution_ends = { "schreef:", "wrote:", "a ecrit :", "a ecrit:" };
/// A paragraph after the signature that is boilerplate: a confidentiality disclaimer.
constexpr std::array<std::string_view, 16> disclaimers = { "disclaimer", "dit e-mailbericht", "dit bericht",
    "deze e-mail", "deze mail", "dit mailbericht", "de informatie in dit", "ce message", "ce courriel", "this e-mail",
    "this email", "this message", "vertrouwelijk", "confidential", "denk aan het milieu", "think before you print" };
/// A contact line of a signature holds an e-mail or web address, or starts with a phone/fax prefix.
constexpr std::array<std::string_view, 11> contact_prefixes = { "t ", "t:", "t.", "tel", "gsm", "m ", "m:", "mob", "f ",
    "fax", "phone" };

/// How much of a folded line the start-of-line phrases look at: every phrase, and the byte after
/// a closing (its word boundary), fits.
constexpr std::size_t prefix_bytes = 32;
constexpr std::size_t longest(auto const& phrases)
{
    return std::ranges::max(phrases, {}, &std::string_view::size).size();
}
static_assert(longest(closings) + 1 <= prefix_bytes && longest(headers) <= prefix_bytes
    && longest(attribution_starts) <= prefix_bytes && longest(disclaimers) <= prefix_bytes);

enum class PhraseKind : std::uint8_t { closing, header, attribution_start, disclaimer };

std::uint64_t load8(const char* bytes)
{
    std::uint64_t word = 0;
    std::memcpy(&word, bytes, sizeof word);
    return word;
}

/// The first prefix_bytes of a folded line, zero-padded, as four words.
using PrefixWords = std::array<std::uint64_t, prefix_bytes / 8>;

/// A phrase as words with a mask of its bytes, compared with a folded line's prefix words at
/// once: no loop over its bytes, no branch but the answer. A phrase longer than the folded line
/// meets its zero padding (no phrase holds a zero byte) and does not match.
struct Phrase {
    PrefixWords words {};
    PrefixWords masks {};
    std::string_view text;
    PhraseKind kind = PhraseKind::closing;

    bool starts(const PrefixWords& prefix) const
    {
        // Most mismatches are in the first word.
        if (((prefix[0] ^ words[0]) & masks[0]) != 0) {
            return false;
        }
        std::uint64_t differ = 0;
        for (std::size_t i = 1; i < prefix.size(); ++i) {
            differ |= (prefix[i] ^ words[i]) & masks[i];
        }
        return differ == 0;
    }
};

/// The start-of-line phrases by their first letter, each kind in its list's order (the first
/// closing that matches decides); which first two bytes start any phrase at all; and which first
/// three raw bytes may start one (worth_reading).
class PhraseTable {
public:
    PhraseTable()
    {
        add(closings, PhraseKind::closing);
        add(headers, PhraseKind::header);
        add(attribution_starts, PhraseKind::attribution_start);
        add(disclaimers, PhraseKind::disclaimer);
        // The lines that need reading by their first three raw bytes (see worth_reading): every
        // phrase's first three bytes (a two-byte phrase's with any third), and a quote (skipped
        // before the phrases) or a boundary mark ("> ", "-----", "_____") first.
        for (const auto& phrases : m_by_letter) {
            for (const Phrase& phrase : phrases) {
                const std::string_view text = phrase.text;
                for (unsigned third = 0; third < 0x80; ++third) {
                    if (text.size() == 2 || third == static_cast<unsigned char>(text[2])) {
                        const unsigned bit = three_bit(text[0], text[1], static_cast<char>(third));
                        m_three[bit / 64] |= std::uint64_t { 1 } << (bit % 64);
                    }
                }
            }
        }
        for (const char mark : { '"', '>', '-', '_' }) {
            m_marks[static_cast<unsigned char>(mark) / 64] |= std::uint64_t { 1 } << (mark % 64);
        }
    }

    /// Whether a trimmed line that starts with the bytes `a`, `b`, `c` may be anything but an
    /// ordinary line (LineKind {}). Unless all three are ASCII, folding decides; a quote or a
    /// boundary mark first needs reading; otherwise a 4096-bit table of the phrases' first three
    /// bytes says, hashed, with each byte's 0x20 bit set (ASCII lower case and a few other bytes
    /// the same: a few more lines are read, none is missed). Three lookups, no branch.
    bool worth_reading(char a, char b, char c) const
    {
        const auto first = static_cast<unsigned char>(a);
        const unsigned high = (first | static_cast<unsigned char>(b) | static_cast<unsigned char>(c)) >> 7;
        const unsigned mark = static_cast<unsigned>(m_marks[(first / 64) & 1] >> (first % 64));
        const unsigned bit = three_bit(a, b, c);
        return ((high | mark | static_cast<unsigned>(m_three[bit / 64] >> (bit % 64))) & 1U) != 0;
    }

    /// Whether a phrase starts with the two bytes `first`, `second`.
    bool may_start(char first, char second) const { return m_first_two.test(pair(first, second)); }

    /// The phrases that can start a folded line whose first byte is `c`.
    const std::vector<Phrase>& starting_with(char c) const { return m_by_letter[slot(c)]; }

private:
    /// The bit of worth_reading's table for three bytes, 0x20 bits set.
    static unsigned three_bit(char a, char b, char c)
    {
        const auto key = [](char byte) { return (static_cast<unsigned>(static_cast<unsigned char>(byte)) | 0x20U) & 0x7FU; };
        return (((key(a) << 14) | (key(b) << 7) | key(c)) * 0x9E3779B1U) >> 20;
    }

    static std::size_t slot(char c) { return c >= 'a' && c <= 'z' ? static_cast<std::size_t>(c - 'a') : 26; }
    static std::size_t pair(char first, char second)
    {
        return static_cast<std::size_t>(static_cast<unsigned char>(first)) << 8 | static_cast<unsigned char>(second);
    }

    template <std::size_t N>
    void add(const std::array<std::string_view, N>& phrases, PhraseKind kind)
    {
        for (const std::string_view text : phrases) {
            std::array<char, prefix_bytes> bytes {};
            std::array<char, prefix_bytes> mask {};  // the phrase's bytes in memory order, on either byte order
            std::memcpy(bytes.data(), text.data(), text.size());
            std::fill_n(mask.begin(), text.size(), static_cast<char>(0xFF));
            Phrase phrase { {}, {}, text, kind };
            for (std::size_t i = 0; i < phrase.words.size(); ++i) {
                phrase.words[i] = load8(bytes.data() + 8 * i);
                phrase.masks[i] = load8(mask.data() + 8 * i);
            }
            m_by_letter[slot(text.front())].push_back(phrase);
            m_first_two.set(pair(text[0], text[1]));  // every phrase has two bytes or more
        }
    }

    std::array<std::vector<Phrase>, 27> m_by_letter;
    std::bitset<65536> m_first_two;
    std::array<std::uint64_t, 4096 / 64> m_three {};
    std::array<std::uint64_t, 2> m_marks {};  // a byte < 128 that needs reading when first
};

bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view line)
{
    while (!line.empty() && is_blank(line.front())) {
        line.remove_prefix(1);
    }
    while (!line.empty() && is_blank(line.back())) {
        line.remove_suffix(1);
    }
    return line;
}

/// What the predicates read of a trimmed line: a CSV cell that holds a ';' is quoted ("Dit
/// e-mailbericht ..."), so leading quotes are skipped; and only the first max_folded_line bytes.
std::string_view content_of(std::string_view trimmed)
{
    while (!trimmed.empty() && trimmed.front() == '"') {
        trimmed.remove_prefix(1);
    }
    return trimmed.substr(0, max_folded_line);
}

/// The first '\n' at or after `from`, or text.size(). Sixteen bytes at a time where SSE2 is available.
std::size_t line_end(std::string_view text, std::size_t from)
{
    std::size_t at = from;
#if defined(__SSE2__)
    const __m128i newline = _mm_set1_epi8('\n');
    for (; at + 16 <= text.size(); at += 16) {
        const auto hits = static_cast<unsigned>(_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at)), newline)));
        if (hits != 0) {
            return at + static_cast<std::size_t>(std::countr_zero(hits));
        }
    }
#endif
    while (at < text.size() && text[at] != '\n') {
        ++at;
    }
    return at;
}

constexpr std::size_t block_bytes = 64;

/// The '\n' bytes of the 64 bytes at `bytes` as a bit mask (bit i for byte i), sixteen bytes at a
/// time where SSE2 is available.
std::uint64_t newline_mask(const char* bytes)
{
    std::uint64_t mask = 0;
#if defined(__SSE2__)
    const __m128i newline = _mm_set1_epi8('\n');
    for (unsigned part = 0; part < 4; ++part) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * part));
        mask |= std::uint64_t { static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, newline))) } << (16 * part);
    }
#else
    for (std::size_t i = 0; i < block_bytes; ++i) {
        mask |= std::uint64_t { bytes[i] == '\n' } << i;
    }
#endif
    return mask;
}

/// Calls visit(begin, end) for every line [begin, end) of `text` in order, up to its '\n' or the
/// end of the text (a text ending with '\n' ends with an empty line). The text is read 64 bytes at
/// a time and its lines taken from the block's newline bits; the last block, short or empty, is
/// read from a copy padded with blanks, with a newline bit where the text ends.
template <typename Visit>
void for_each_line(std::string_view text, Visit&& visit)
{
    std::size_t begin = 0;
    const auto lines_of = [&](std::size_t block, std::uint64_t newlines) {
        for (; newlines != 0; newlines &= newlines - 1) {
            const std::size_t end = block + static_cast<std::size_t>(std::countr_zero(newlines));
            visit(begin, end);
            begin = end + 1;
        }
    };
    std::size_t block = 0;
    for (; text.size() - block >= block_bytes; block += block_bytes) {
        lines_of(block, newline_mask(text.data() + block));
    }
    std::array<char, block_bytes> tail {};
    tail.fill(' ');
    const std::size_t size = text.size() - block;  // < 64
    std::memcpy(tail.data(), text.data() + block, size);
    lines_of(block, newline_mask(tail.data()) | std::uint64_t { 1 } << size);
}

/// A contact line of a signature: an e-mail address, a web address or a phone/fax prefix.
bool is_contact_line(std::string_view trimmed, std::string_view folded)
{
    if (trimmed.find('@') != std::string_view::npos || folded.find("www.") != std::string_view::npos) {
        return true;
    }
    return std::ranges::any_of(contact_prefixes, [&](std::string_view prefix) { return folded.starts_with(prefix); });
}

/// What the signature pass needs to know of a non-empty line: bits of one word rather than three
/// bools, built and returned in a register (bools were stored and reloaded byte by byte, which
/// stalled the hot loop).
struct LineKind {
    static constexpr unsigned closing = 1;
    static constexpr unsigned boundary = 2;    ///< the first line of a quoted or forwarded message
    static constexpr unsigned disclaimer = 4;  ///< only asked of the first line of a paragraph
    unsigned bits = 0;

    bool is(unsigned bit) const { return (bits & bit) != 0; }
    void set(unsigned bit) { bits |= bit; }
};

/// Classifies lines from their folded start: the first prefix_bytes (or a little more, to the end
/// of a code point) of the folded line in a zero-padded buffer; the whole line only on demand.
class LineReader {
public:
    explicit LineReader(std::string_view text) : m_text(text), m_table(table()) { }

    /// The kind of a non-empty trimmed line.
    LineKind classify(std::string_view trimmed, bool want_disclaimer)
    {
        if (trimmed.size() >= 3 && !m_table.worth_reading(trimmed[0], trimmed[1], trimmed[2])) {
            return {};  // the common line, told by its first three bytes
        }
        return read(trimmed, want_disclaimer);
    }

    /// Whether a line of a paragraph that may be a signature is a contact line.
    bool is_contact(std::string_view trimmed) { return is_contact_line(trimmed, full(content_of(trimmed))); }

private:
    static const PhraseTable& table()
    {
        static const PhraseTable phrases;
        return phrases;
    }

    /// A line that may start a phrase, quote or boundary, read from its folded start. Out of line:
    /// the loop over all lines stays small.
    [[gnu::noinline]] LineKind read(std::string_view trimmed, bool want_disclaimer)
    {
        LineKind kind;
        if (trimmed.starts_with(">") || trimmed.starts_with("-----") || trimmed.starts_with("_____")) {
            kind.set(LineKind::boundary);
        }
        const std::string_view content = content_of(trimmed);
        const PhraseTable& table = m_table;
        // Every phrase has two bytes or more. ASCII folds to itself lower-cased, byte for byte,
        // so most lines are passed over before they are folded.
        const auto ascii_lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        const bool ascii_start = !content.empty() && static_cast<unsigned char>(content[0]) < 0x80
            && (content.size() == 1 || static_cast<unsigned char>(content[1]) < 0x80);
        if (ascii_start && (content.size() < 2 || !table.may_start(ascii_lower(content[0]), ascii_lower(content[1])))) {
            return kind;
        }
        fold_prefix(content);
        // (An ASCII start folds to the two bytes just tested.)
        if (!ascii_start && (m_size < 2 || !table.may_start(m_prefix[0], m_prefix[1]))) {
            return kind;
        }
        PrefixWords prefix {};
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            prefix[i] = load8(m_prefix.data() + 8 * i);
        }
        bool closing_decided = trimmed.size() > max_closing_line;
        for (const Phrase& phrase : table.starting_with(m_prefix[0])) {
            if (!phrase.starts(prefix)) {
                continue;
            }
            switch (phrase.kind) {
            case PhraseKind::closing:
                // The phrase as a word, then at most 40 bytes (punctuation, a short name).
                if (!closing_decided
                    && (phrase.text.size() == m_size || !is_letter(static_cast<unsigned char>(m_prefix[phrase.text.size()])))) {
                    closing_decided = true;
                    const std::size_t folded_size = m_complete ? m_size : full(content).size();
                    if (folded_size - phrase.text.size() <= 40) {
                        kind.set(LineKind::closing);
                    }
                }
                break;
            case PhraseKind::header:
                if (trimmed.size() <= max_folded_line) {
                    kind.set(LineKind::boundary);
                }
                break;
            case PhraseKind::attribution_start:
                if (!kind.is(LineKind::boundary) && trimmed.size() <= max_folded_line) {
                    const std::string_view folded = full(content);
                    if (std::ranges::any_of(attribution_ends, [&](std::string_view end) { return folded.ends_with(end); })) {
                        kind.set(LineKind::boundary);
                    }
                }
                break;
            case PhraseKind::disclaimer:
                if (want_disclaimer) {
                    kind.set(LineKind::disclaimer);
                }
                break;
            }
        }
        return kind;
    }

    /// Folds the start of `content` into m_prefix: at least prefix_bytes bytes, or all of it
    /// (m_complete). A prefix of fold(content): the same code points folded the same way.
    void fold_prefix(std::string_view content)
    {
        const std::size_t size = std::min(content.size(), prefix_bytes);
#if defined(__SSE2__)
        // Thirty-two bytes read at once where they are in the text (past the line is harmless).
        if (static_cast<std::size_t>(content.data() - m_text.data()) + prefix_bytes <= m_text.size()) {
            const __m128i index = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            const __m128i limit = _mm_set1_epi8(static_cast<char>(size));
            const __m128i in_low = _mm_cmplt_epi8(index, limit);
            const __m128i in_high = _mm_cmplt_epi8(_mm_add_epi8(index, _mm_set1_epi8(16)), limit);
            const __m128i low = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(content.data())), in_low);
            const __m128i high = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(content.data() + 16)), in_high);
            if (_mm_movemask_epi8(_mm_or_si128(low, high)) == 0) {
                // All ASCII (non-negative as signed bytes): A-Z to a-z; the bytes after `size` are zero.
                const auto lower = [](__m128i bytes) {
                    const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('A' - 1)),
                        _mm_cmplt_epi8(bytes, _mm_set1_epi8('Z' + 1)));
                    return _mm_or_si128(bytes, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
                };
                _mm_storeu_si128(reinterpret_cast<__m128i*>(m_prefix.data()), lower(low));
                _mm_storeu_si128(reinterpret_cast<__m128i*>(m_prefix.data() + 16), lower(high));
                _mm_storeu_si128(reinterpret_cast<__m128i*>(m_prefix.data() + 32), _mm_setzero_si128());
                m_size = size;
                m_complete = content.size() == size;
                return;
            }
        }
#endif
        m_scratch.clear();
        std::size_t at = 0;
        while (at < content.size() && m_scratch.size() < prefix_bytes) {
            const CodePoint cp = decode_at(content, at);
            append_folded(m_scratch, cp.value);
            at += cp.length;
        }
        m_complete = at == content.size();
        m_size = m_scratch.size();  // < prefix_bytes + 4: one code point folds to at most 4 bytes
        m_prefix.fill('\0');
        std::memcpy(m_prefix.data(), m_scratch.data(), m_size);
    }

    /// fold(content), computed once per line.
    std::string_view full(std::string_view content)
    {
        if (m_full_of != content.data()) {
            m_full.clear();
            fold_into(m_full, content);
            m_full_of = content.data();
        }
        return m_full;
    }

    std::string_view m_text;
    const PhraseTable& m_table;
    std::array<char, prefix_bytes + 16> m_prefix {};
    std::size_t m_size = 0;
    bool m_complete = false;
    std::string m_scratch;
    std::string m_full;
    const char* m_full_of = nullptr;
};

struct Paragraph {
    std::size_t begin = 0;
    std::size_t end = 0;  ///< end of its last line
    std::size_t lines = 0;
    std::size_t longest = 0;
    bool disclaimer = false;
    bool boundary = false;  ///< starts a quoted or forwarded message
};

/// Signatures without a closing phrase: the last paragraph before the end of the text or of a
/// quoted message (disclaimers after it skipped) that is a block of short lines with a contact
/// line (e-mail, web address, phone prefix) - the shape of every mail client's signature.
std::vector<Span> contact_blocks(std::string_view text, const std::vector<Paragraph>& paragraphs, LineReader& reader)
{
    std::vector<Span> blocks;
    // The paragraphs after `last_other` (all of them when it is npos) are disclaimers.
    std::size_t last_other = std::string_view::npos;
    for (std::size_t i = paragraphs.size(); i > 0; --i) {
        if (!paragraphs[i - 1].disclaimer) {
            last_other = i - 1;
            break;
        }
    }
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        const bool last_of_segment = i + 1 == paragraphs.size() || paragraphs[i + 1].boundary
            || last_other == std::string_view::npos || last_other <= i;
        const Paragraph& p = paragraphs[i];
        if (!last_of_segment || p.boundary || p.disclaimer || p.lines < 2 || p.lines > max_contact_lines
            || p.longest > max_contact_line) {
            continue;
        }
        // At most max_contact_lines lines of at most max_contact_line bytes each.
        bool contact = false;
        for (std::size_t at = p.begin; at <= p.end && !contact;) {
            const std::size_t end = line_end(text, at);
            const std::string_view trimmed = trim(text.substr(at, end - at));
            contact = !trimmed.empty() && reader.is_contact(trimmed);
            at = end + 1;
        }
        if (contact) {
            blocks.push_back({p.begin, p.end});
        }
    }
    return blocks;
}

} // namespace

std::vector<Span> signature_blocks(std::string_view text)
{
    std::vector<Paragraph> paragraphs;
    Paragraph paragraph;  // the current one's begin and flags; the counts are kept apart, in registers
    std::size_t lines = 0;  // of the current paragraph; 0 outside one
    std::size_t paragraph_end = 0;
    std::size_t longest = 0;

    std::vector<Span> blocks;  // from closings and "-- " lines, after the contact blocks
    struct Open {
        std::size_t begin = 0;
        bool delimiter = false;  // "-- " rather than a closing
        std::size_t lines = 0;
        bool active = false;
    };
    Open open;

    LineReader reader(text);
    for_each_line(text, [&](std::size_t begin, std::size_t end) {
        const std::string_view trimmed = trim(text.substr(begin, end - begin));
        const LineKind kind = trimmed.empty() ? LineKind {} : reader.classify(trimmed, lines == 0);

        // Paragraphs: runs of non-empty lines.
        if (trimmed.empty()) {
            if (lines != 0) {
                paragraphs.push_back(Paragraph { paragraph.begin, paragraph_end, lines, longest, paragraph.disclaimer, paragraph.boundary });
                lines = 0;
            }
        } else {
            if (lines == 0) {
                paragraph = Paragraph { begin, end, 0, 0, kind.is(LineKind::disclaimer), false };
                longest = 0;
            }
            ++lines;
            paragraph_end = end;
            longest = std::max(longest, trimmed.size());
            if (kind.is(LineKind::boundary)) {
                paragraph.boundary = true;
            }
        }

        // Blocks opened by a closing or a "-- " line.
        if (open.active) {
            if (kind.is(LineKind::boundary)) {
                blocks.push_back({ open.begin, begin });
                open.active = false;
            } else if (!trimmed.empty()) {
                ++open.lines;
                if (open.delimiter && open.lines > max_delimiter_lines) {
                    blocks.push_back({ open.begin, begin });
                    open.active = false;
                } else if (!open.delimiter && open.lines > max_closing_lines) {
                    open.active = false;  // the closing was not near the end: ordinary text follows
                }
            }
        }
        if (!open.active) {
            const bool delimiter = trimmed == "--";  // "-- " (the standard delimiter), "--", " -- \r", ...
            if (delimiter || kind.is(LineKind::closing)) {
                open = Open { begin, delimiter, 0, true };
            }
        }
    });
    if (lines != 0) {
        paragraphs.push_back(Paragraph { paragraph.begin, paragraph_end, lines, longest, paragraph.disclaimer, paragraph.boundary });
    }
    if (open.active) {
        blocks.push_back({ open.begin, text.size() });
    }
    std::vector<Span> all = contact_blocks(text, paragraphs, reader);
    all.insert(all.end(), blocks.begin(), blocks.end());
    // Callers search by position: sorted by begin.
    std::ranges::sort(all, {}, &Span::begin);
    return all;
}

} // namespace pm::detect
