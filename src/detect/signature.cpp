// Finding the sender's signature blocks.
#include "detect/signature.hpp"

#include "detect/words.hpp"

#include <algorithm>
#include <array>

namespace pm::detect {

namespace {

constexpr std::size_t max_closing_lines = 12;    // non-empty lines after a closing
constexpr std::size_t max_delimiter_lines = 20;  // lines after "-- "

constexpr std::array<std::string_view, 34> closings = {
    "met vriendelijke groeten", "met vriendelijke groet", "vriendelijke groeten", "vriendelijke groet",
    "met collegiale groeten", "met collegiale groet", "collegiale groeten", "collegiale groet",
    "met hartelijke groeten", "hartelijke groeten", "hartelijke groet", "met beste groeten", "beste groeten",
    "beste groet", "groeten", "groetjes", "groet", "mvg", "vg", "cordialement", "bien cordialement",
    "salutations", "meilleures salutations", "sinceres salutations", "bien a vous", "kind regards",
    "best regards", "with kind regards", "warm regards", "regards", "sincerely", "yours sincerely",
    "met dank en groeten", "alvast bedankt en groeten",
};

/// Phrases by their first letter, so a line is compared with the few that can start it.
class PhraseTable {
public:
    template <std::size_t N>
    explicit PhraseTable(const std::array<std::string_view, N>& phrases)
    {
        for (const std::string_view phrase : phrases) {
            m_by_letter[slot(phrase.front())].push_back(phrase);
        }
    }

    const std::vector<std::string_view>& starting_with(char c) const { return m_by_letter[slot(c)]; }

private:
    static std::size_t slot(char c) { return c >= 'a' && c <= 'z' ? static_cast<std::size_t>(c - 'a') : 26; }

    std::array<std::vector<std::string_view>, 27> m_by_letter;
};

std::string_view trim(std::string_view line)
{
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '\r')) {
        line.remove_prefix(1);
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
        line.remove_suffix(1);
    }
    return line;
}

bool starts_with_word(std::string_view text, std::string_view word)
{
    return text.starts_with(word)
        && (text.size() == word.size() || !(is_letter(static_cast<unsigned char>(text[word.size()]))));
}

constexpr std::size_t max_closing_line = 80;
constexpr std::size_t max_folded_line = 200;  // predicates look at the start (and end) of shorter lines only

/// A closing line: the phrase, optionally followed by punctuation and a short name.
bool is_closing(std::string_view line, std::string_view folded)
{
    if (line.empty() || line.size() > max_closing_line) {
        return false;
    }
    static const PhraseTable table(closings);
    if (folded.empty()) {
        return false;
    }
    for (const std::string_view closing : table.starting_with(folded.front())) {
        if (starts_with_word(folded, closing)) {
            return folded.size() - closing.size() <= 40;
        }
    }
    return false;
}

/// The first line of a quoted or forwarded message.
bool is_boundary(std::string_view line, std::string_view folded)
{
    if (line.starts_with(">") || line.starts_with("-----") || line.starts_with("_____")) {
        return true;
    }
    if (line.size() > max_folded_line) {
        return false;
    }
    for (const std::string_view header : { "van:", "from:", "de :", "de:", "verzonden:", "sent:", "envoye :" }) {
        if (folded.starts_with(header)) {
            return true;
        }
    }
    const bool ends_like_attribution = folded.ends_with("schreef:") || folded.ends_with("wrote:")
        || folded.ends_with("a ecrit :") || folded.ends_with("a ecrit:");
    return ends_like_attribution && (folded.starts_with("op ") || folded.starts_with("on ") || folded.starts_with("le "));
}

constexpr std::size_t max_contact_line = 100;   // signature lines are short
constexpr std::size_t max_contact_lines = 12;

/// A paragraph after the signature that is boilerplate: a confidentiality disclaimer.
bool is_disclaimer(std::string_view folded)
{
    static const PhraseTable table(std::array<std::string_view, 16> { "disclaimer", "dit e-mailbericht", "dit bericht",
        "deze e-mail", "deze mail", "dit mailbericht", "de informatie in dit", "ce message", "ce courriel", "this e-mail",
        "this email", "this message", "vertrouwelijk", "confidential", "denk aan het milieu", "think before you print" });
    if (folded.empty()) {
        return false;
    }
    for (const std::string_view start : table.starting_with(folded.front())) {
        if (folded.starts_with(start)) {
            return true;
        }
    }
    return false;
}

/// A contact line of a signature: an e-mail address, a web address or a phone/fax prefix.
bool is_contact_line(std::string_view line, std::string_view folded)
{
    if (line.find('@') != std::string_view::npos || folded.find("www.") != std::string_view::npos) {
        return true;
    }
    for (const std::string_view prefix : {"t ", "t:", "t.", "tel", "gsm", "m ", "m:", "mob", "f ", "fax", "phone"}) {
        if (folded.starts_with(prefix)) {
            return true;
        }
    }
    return false;
}

/// One line of the text and what it is, each predicate evaluated once on one folded copy.
struct Line {
    std::size_t begin = 0;
    std::size_t end = 0;  ///< before the '\n'
    std::string_view raw;
    std::string_view trimmed;
    bool closing = false;
    bool boundary = false;
    bool disclaimer = false;
    bool contact = false;
};

std::vector<Line> lines_of(std::string_view text)
{
    std::vector<Line> lines;
    std::string folded;
    std::size_t at = 0;
    while (true) {
        const std::size_t newline = text.find('\n', at);
        const std::size_t line_end = newline == std::string_view::npos ? text.size() : newline;
        Line& line = lines.emplace_back();  // filled in place, not built on the stack and copied
        line.begin = at;
        line.end = line_end;
        line.raw = text.substr(at, line_end - at);
        line.trimmed = trim(line.raw);
        if (!line.trimmed.empty()) {
            folded.clear();
            // A CSV cell that holds a ';' is quoted ("Dit e-mailbericht ..."): read the cell.
            std::string_view content = line.trimmed;
            while (!content.empty() && content.front() == '"') {
                content.remove_prefix(1);
            }
            fold_into(folded, content.substr(0, max_folded_line));
            line.closing = is_closing(line.trimmed, folded);
            line.boundary = is_boundary(line.trimmed, folded);
            line.disclaimer = is_disclaimer(folded);
            line.contact = is_contact_line(line.trimmed, folded);
        }
        if (newline == std::string_view::npos) {
            break;
        }
        at = newline + 1;
    }
    return lines;
}

struct Paragraph {
    std::size_t begin = 0;
    std::size_t end = 0;  ///< end of its last line
    std::size_t lines = 0;
    std::size_t longest = 0;
    bool contact = false;
    bool disclaimer = false;
    bool boundary = false;  ///< starts a quoted or forwarded message
};

std::vector<Paragraph> paragraphs_of(const std::vector<Line>& lines)
{
    std::vector<Paragraph> out;
    Paragraph current;
    bool open = false;
    for (const Line& line : lines) {
        if (line.trimmed.empty()) {
            if (open) {
                out.push_back(current);
                open = false;
            }
            continue;
        }
        if (!open) {
            current = Paragraph { line.begin, line.end, 0, 0, false, line.disclaimer, line.boundary };
            open = true;
        }
        ++current.lines;
        current.end = line.end;
        current.longest = std::max(current.longest, line.trimmed.size());
        current.contact = current.contact || line.contact;
        current.boundary = current.boundary || line.boundary;
    }
    if (open) {
        out.push_back(current);
    }
    return out;
}

/// Signatures without a closing phrase: the last paragraph before the end of the text or of a
/// quoted message (disclaimers after it skipped) that is a block of short lines with a contact
/// line (e-mail, web address, phone prefix) - the shape of every mail client's signature.
std::vector<Span> contact_blocks(const std::vector<Line>& lines)
{
    std::vector<Span> blocks;
    const std::vector<Paragraph> paragraphs = paragraphs_of(lines);
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        const bool last_of_segment = i + 1 == paragraphs.size() || paragraphs[i + 1].boundary
            || std::all_of(paragraphs.begin() + static_cast<std::ptrdiff_t>(i) + 1, paragraphs.end(),
                [](const Paragraph& p) { return p.disclaimer; });
        const Paragraph& p = paragraphs[i];
        if (!last_of_segment || p.boundary || p.disclaimer) {
            continue;
        }
        if (p.contact && p.lines >= 2 && p.lines <= max_contact_lines && p.longest <= max_contact_line) {
            blocks.push_back({p.begin, p.end});
        }
    }
    return blocks;
}

} // namespace

std::vector<Span> signature_blocks(std::string_view text)
{
    const std::vector<Line> lines = lines_of(text);
    std::vector<Span> blocks = contact_blocks(lines);
    struct Open {
        std::size_t begin = 0;
        bool delimiter = false;  // "-- " rather than a closing
        std::size_t lines = 0;
        bool active = false;
    };
    Open open;
    for (const Line& line : lines) {
        if (open.active) {
            if (line.boundary) {
                blocks.push_back({ open.begin, line.begin });
                open.active = false;
            } else if (!line.trimmed.empty()) {
                ++open.lines;
                if (open.delimiter && open.lines > max_delimiter_lines) {
                    blocks.push_back({ open.begin, line.begin });
                    open.active = false;
                } else if (!open.delimiter && open.lines > max_closing_lines) {
                    open.active = false;  // the closing was not near the end: ordinary text follows
                }
            }
        }
        if (!open.active) {
            const bool delimiter = line.raw == "-- " || line.raw == "-- \r" || line.trimmed == "--";
            if (delimiter || line.closing) {
                open = Open { line.begin, delimiter, 0, true };
            }
        }
    }
    if (open.active) {
        blocks.push_back({ open.begin, text.size() });
    }
    // Callers search by position: sorted by begin.
    std::ranges::sort(blocks, {}, &Span::begin);
    return blocks;
}

} // namespace pm::detect
