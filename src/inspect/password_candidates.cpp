// Candidate extraction: cue words first, because every 7z candidate costs 2^19 SHA-256 rounds.
#include "inspect/password_candidates.hpp"

#include "core/address.hpp"

#include <algorithm>
#include <array>
#include <unordered_set>

namespace pm {

namespace {

constexpr std::size_t min_token = 6;
constexpr std::size_t max_token = 64;
constexpr std::size_t max_short_line = 64;

// Lower-case, as matched against the lower-cased text; multi-word cues are matched as written.
constexpr std::array cue_words = {
    std::string_view{"wachtwoord"}, std::string_view{"paswoord"}, std::string_view{"passwoord"},
    std::string_view{"password"}, std::string_view{"passwort"}, std::string_view{"mot de passe"},
    std::string_view{"sleutel"}, std::string_view{"code"}, std::string_view{"ww"},
    std::string_view{"pw"}, std::string_view{"pwd"}, std::string_view{"pass"},
};

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool is_word_char(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u >= 0x80;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// `s` without leading characters from `leading` and trailing ones from `trailing`.
std::string_view strip(std::string_view s, std::string_view leading, std::string_view trailing)
{
    while (!s.empty() && leading.find(s.front()) != std::string_view::npos) {
        s.remove_prefix(1);
    }
    while (!s.empty() && trailing.find(s.back()) != std::string_view::npos) {
        s.remove_suffix(1);
    }
    return s;
}

// Surrounding quotes and brackets only: "(ww Geheim!)" -> "Geheim!".
std::string_view strip_brackets(std::string_view s)
{
    return strip(s, "\"'([{<", "\"')]}>");
}

// Surrounding quotes and brackets, and trailing sentence punctuation.
std::string_view strip_punctuation(std::string_view s)
{
    s = strip(s, "\"'([{<\xE2\x80\x9C\xE2\x80\x98", "\"')]}>.,;:!?");
    // Typographic closing quotes are three bytes in UTF-8.
    for (std::string_view quote : {std::string_view{"\xE2\x80\x9D"}, std::string_view{"\xE2\x80\x99"}}) {
        if (s.ends_with(quote)) {
            s.remove_suffix(quote.size());
        }
    }
    return s;
}

class CandidateList {
public:
    explicit CandidateList(std::size_t max) : m_max(max) {}

    bool full() const { return m_out.size() >= m_max; }

    void add(std::string_view value, const std::string& part)
    {
        value = trim(value);
        if (full() || value.empty() || value.size() > max_token * 4) {
            return;
        }
        if (m_seen.insert(std::string(value)).second) {
            m_out.push_back(PasswordCandidate{std::string(value), part});
        }
    }

    /// The token as written, without surrounding brackets and quotes, and without any
    /// punctuation (duplicates are dropped).
    void add_token(std::string_view token, const std::string& part)
    {
        add(token, part);
        add(strip_brackets(token), part);
        add(strip_punctuation(token), part);
    }

    std::vector<PasswordCandidate> take() { return std::move(m_out); }

private:
    std::size_t m_max;
    std::vector<PasswordCandidate> m_out;
    std::unordered_set<std::string> m_seen;
};

std::vector<std::string_view> split_lines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::string_view first_token(std::string_view s)
{
    s = trim(s);
    const auto end = std::ranges::find_if(s, is_space) - s.begin();
    return s.substr(0, static_cast<std::size_t>(end));
}

// After a cue: skip separators (':', '=', '-', "is", "luidt") and take the next token; a quoted
// value is taken whole, spaces included.
void add_after_cue(std::string_view rest, const std::string& part, CandidateList& out)
{
    for (bool skipped = true; skipped;) {
        skipped = false;
        rest = trim(rest);
        while (!rest.empty() && (rest.front() == ':' || rest.front() == '=' || rest.front() == '-')) {
            rest.remove_prefix(1);
            skipped = true;
        }
        rest = trim(rest);
        for (std::string_view filler : {"is ", "luidt ", "est ", "is: "}) {
            if (ascii_lower(rest.substr(0, filler.size())) == filler) {
                rest.remove_prefix(filler.size());
                skipped = true;
            }
        }
    }
    if (rest.empty()) {
        return;
    }
    for (const auto& [open, close] : {std::pair{'"', '"'}, std::pair{'\'', '\''}}) {
        if (rest.front() == open) {
            const auto end = rest.find(close, 1);
            if (end != std::string_view::npos) {
                out.add(rest.substr(1, end - 1), part);
            }
        }
    }
    out.add_token(first_token(rest), part);
    out.add(strip_punctuation(rest), part);
}

void add_cue_candidates(const ReadableText& text, CandidateList& out)
{
    for (std::string_view line : split_lines(text.text)) {
        const std::string lower = ascii_lower(line);
        for (std::string_view cue : cue_words) {
            for (std::size_t at = lower.find(cue); at != std::string::npos && !out.full();
                 at = lower.find(cue, at + 1)) {
                const std::size_t end = at + cue.size();
                const bool starts_word = at == 0 || !is_word_char(lower[at - 1]);
                const bool ends_word = end == lower.size() || !is_word_char(lower[end]);
                if (starts_word && ends_word) {
                    add_after_cue(line.substr(end), text.part, out);
                }
            }
        }
    }
}

/// A token shaped like a password rather than a word: letters mixed with digits or symbols, or
/// capitals inside it ("X7#kLm99q", "Zomer2026", "geheimGEHEIM"). Plain words, numbers, e-mail
/// and web addresses are not: every candidate costs a 7z key derivation, and a compliant referral
/// is all plain words (the proof tries the cue-word and own-line candidates for those).
bool password_shaped(std::string_view token)
{
    if (token.find('@') != std::string_view::npos || ascii_lower(token.substr(0, 4)) == "http"
        || ascii_lower(token.substr(0, 4)) == "www.") {
        return false;
    }
    bool letter = false;
    bool digit = false;
    bool symbol = false;
    bool inner_capital = false;
    for (std::size_t i = 0; i < token.size(); ++i) {
        const auto c = static_cast<unsigned char>(token[i]);
        if ((c >= 'a' && c <= 'z') || c >= 0x80) {
            letter = true;
        } else if (c >= 'A' && c <= 'Z') {
            letter = true;
            inner_capital = inner_capital || i > 0;
        } else if (c >= '0' && c <= '9') {
            digit = true;
        } else {
            symbol = true;
        }
    }
    return letter && (digit || symbol || inner_capital);
}

void add_token_candidates(const ReadableText& text, CandidateList& out)
{
    std::string_view rest = text.text;
    while (!rest.empty() && !out.full()) {
        const auto start = std::ranges::find_if_not(rest, is_space) - rest.begin();
        rest.remove_prefix(static_cast<std::size_t>(start));
        const auto len = std::ranges::find_if(rest, is_space) - rest.begin();
        const std::string_view token = rest.substr(0, static_cast<std::size_t>(len));
        rest.remove_prefix(static_cast<std::size_t>(len));
        const std::string_view bare = strip_punctuation(token);
        if (bare.size() >= min_token && bare.size() <= max_token && password_shaped(bare)) {
            out.add_token(token, text.part);
        }
    }
}

/// A line that holds one token and nothing else: where a password is written on its own.
void add_line_candidates(const ReadableText& text, CandidateList& out)
{
    for (std::string_view line : split_lines(text.text)) {
        line = trim(line);
        const bool one_token = std::ranges::none_of(line, is_space);
        if (one_token && line.size() >= min_token && line.size() <= max_short_line && line.find('@') == std::string_view::npos) {
            out.add_token(line, text.part);
        }
    }
}

} // namespace

std::vector<PasswordCandidate> password_candidates(const std::vector<ReadableText>& texts, std::size_t max_count)
{
    CandidateList out(max_count);
    for (const ReadableText& text : texts) {
        add_cue_candidates(text, out);
    }
    for (const ReadableText& text : texts) {
        add_token_candidates(text, out);
    }
    for (const ReadableText& text : texts) {
        add_line_candidates(text, out);
    }
    return out.take();
}

} // namespace pm
