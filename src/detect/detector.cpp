// The detector: one RE2::Set pass per text, precise validation per match, field labels and
// special-category lexicons; then the signature and own-contact exclusions.
#include "detect/detector.hpp"

#include "detect/field_labels.hpp"
#include "detect/lexicon.hpp"
#include "detect/matchers.hpp"
#include "detect/near_search.hpp"
#include "detect/pattern_windows.hpp"
#include "detect/patterns.hpp"
#include "detect/redact.hpp"
#include "detect/signature.hpp"
#include "detect/special_terms.hpp"
#include "detect/word_index.hpp"
#include "detect/words.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <re2/re2.h>
#include <set>

namespace pm::detect {

namespace {

/// How close (bytes, same sentence) a phone must be to an own-domain address to be its owner's.
constexpr std::size_t own_phone_distance = 80;
/// How far (bytes, same sentence) a phone may follow a word naming a colleague or a role.
constexpr std::size_t staff_phone_distance = 60;


constexpr std::size_t max_findings_per_field = 20;
constexpr std::size_t max_terms_in_evidence = 5;
constexpr std::int64_t regex_memory = 64LL << 20;

int current_year()
{
    const auto today = std::chrono::year_month_day(
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    return static_cast<int>(today.year());
}

bool is_contact(FieldType field)
{
    return field == FieldType::name || field == FieldType::address || field == FieldType::phone
        || field == FieldType::email;
}

/// Whether `at` lies in one of `spans` (sorted by begin, not overlapping); `hint` as for
/// lower_bound_near.
bool in_any(const std::vector<Span>& spans, std::size_t at, std::size_t& hint)
{
    const std::size_t after = lower_bound_near(spans, at + 1, [](const Span& span) { return span.begin; }, hint);
    return after != 0 && spans[after - 1].contains(at);
}

/// The accepted candidates by where they start, ties in the order they were accepted (what a
/// std::multimap keyed by begin would hold, without a node per candidate).
using ByBegin = std::vector<std::pair<std::size_t, const Candidate*>>;

/// How many predecessors any_overlapping looks at.
constexpr int overlap_steps = 4;

/// The candidates, by where they start, whose span overlaps `span`. Accepted spans hardly ever
/// overlap each other (only an address over a phone-like house number), so a few predecessors
/// are enough.
template <typename Visit>
bool any_overlapping(const ByBegin& by_begin, Span span, std::size_t& hint, Visit visit)
{
    auto it = by_begin.begin()
        + static_cast<std::ptrdiff_t>(lower_bound_near(by_begin, span.end, [](const auto& entry) { return entry.first; }, hint));
    for (int steps = 0; it != by_begin.begin() && steps < overlap_steps; ++steps) {
        --it;
        if (it->second->span.overlaps(span) && visit(*it->second)) {
            return true;
        }
    }
    return false;
}

/// The order of the candidates while the pattern loop accepts them: the kinds done so far merged
/// by begin, and the current kind, whose matches come in text order and are appended. Indices
/// into the candidate vector, which grows; the ordering and the predecessors visited are exactly
/// those of a multimap keyed by begin (later insertions after earlier ones among equal keys).
class AcceptedOrder {
public:
    using Entry = std::pair<std::size_t, std::uint32_t>;

    /// any_overlapping over both lists, as if they were one.
    template <typename Visit>
    bool any_overlapping(const std::vector<Candidate>& candidates, Span span, Visit visit)
    {
        const auto before_end = [&](const std::vector<Entry>& list, std::size_t& hint) {
            return list.begin()
                + static_cast<std::ptrdiff_t>(lower_bound_near(list, span.end, [](const Entry& entry) { return entry.first; }, hint));
        };
        auto earlier = before_end(m_earlier, m_earlier_hint);
        auto current = before_end(m_current, m_current_hint);
        for (int steps = 0; steps < overlap_steps; ++steps) {
            const bool any_earlier = earlier != m_earlier.begin();
            const bool any_current = current != m_current.begin();
            if (!any_earlier && !any_current) {
                break;
            }
            // Walking back, the later insertion comes first among equal begins: the current kind.
            const bool take_current = any_current && (!any_earlier || std::prev(current)->first >= std::prev(earlier)->first);
            const Candidate& other = candidates[(take_current ? --current : --earlier)->second];
            if (other.span.overlaps(span) && visit(other)) {
                return true;
            }
        }
        return false;
    }

    void add(std::size_t begin, std::size_t index)
    {
        const Entry entry { begin, static_cast<std::uint32_t>(index) };
        if (m_current.empty() || m_current.back().first <= begin) {
            m_current.push_back(entry);
        } else {
            m_current.insert(std::ranges::upper_bound(m_current, begin, {}, &Entry::first), entry);
        }
    }

    /// The current kind is done: merge it after the equal begins of the earlier ones.
    void next_kind()
    {
        if (m_current.empty()) {
            return;
        }
        m_merged.clear();
        m_merged.reserve(m_earlier.size() + m_current.size());
        std::ranges::merge(m_earlier, m_current, std::back_inserter(m_merged), {}, &Entry::first, &Entry::first);
        std::swap(m_earlier, m_merged);
        m_current.clear();
        m_earlier_hint = 0;
        m_current_hint = 0;
    }

    /// The final order, pointing into `candidates` (which no longer grows).
    ByBegin by_begin(const std::vector<Candidate>& candidates)
    {
        next_kind();
        ByBegin out;
        out.reserve(m_earlier.size());
        for (const auto& [begin, index] : m_earlier) {
            out.emplace_back(begin, &candidates[index]);
        }
        return out;
    }

private:
    std::vector<Entry> m_earlier;
    std::vector<Entry> m_current;
    std::vector<Entry> m_merged;
    std::size_t m_earlier_hint = 0;  // lower_bound_near hints: a kind's matches come in text order
    std::size_t m_current_hint = 0;
};

re2::StringPiece piece(std::string_view text)
{
    return { text.data(), text.size() };
}

bool own_email(const std::string& address, const ScanContext& context)
{
    if (std::ranges::find(context.own_addresses, address) != context.own_addresses.end()) {
        return true;
    }
    const std::size_t at_sign = address.rfind('@');
    const std::string_view domain = std::string_view(address).substr(at_sign + 1);
    return std::ranges::any_of(context.own_domains, [&](const std::string& own) {
        return domain == own || (domain.size() > own.size() && domain.ends_with(own)
                                    && domain[domain.size() - own.size() - 1] == '.');
    });
}

/// Letters and digits only, folded: "Markt 15a, 3980 Tessenderlo-Ham" -> "markt15a3980tessenderloham".
std::string place_key(std::string_view address)
{
    std::string out;
    for (const char c : fold(address)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += c;
        }
    }
    return out;
}

/// What a written address must start with to be the own address `own`: its street, number and
/// postcode (up to the last run of four digits), as a place_key; empty when `own` has no key
/// (then nothing is that address).
std::string own_place_prefix(std::string_view own)
{
    std::string own_key = place_key(own);
    std::size_t cut = own_key.size();
    for (std::size_t i = own_key.size(); i >= 4; --i) {
        if (std::all_of(own_key.begin() + static_cast<std::ptrdiff_t>(i - 4),
                own_key.begin() + static_cast<std::ptrdiff_t>(i), [](char c) { return c >= '0' && c <= '9'; })) {
            cut = i;
            break;
        }
    }
    own_key.resize(cut);
    return own_key;
}

/// The forms an own phone number is compared in: as given, and normalised with and without a "+".
std::vector<std::string> own_phone_forms(const ScanContext& context)
{
    std::vector<std::string> forms;
    for (const std::string& own : context.own_phones) {
        forms.push_back(own);
        forms.push_back(normalise_phone("+" + own));
        forms.push_back(normalise_phone(own));
    }
    return forms;
}

/// "label: v**** w****" (the value redacted word by word), then `suffix`.
std::string labelled(std::string_view label, std::string_view value, std::string_view suffix)
{
    std::string evidence;
    evidence.reserve(label.size() + 2 + value.size() + suffix.size() + 8);
    evidence += label;
    evidence += ": ";
    evidence += redact_words(value);
    evidence += suffix;
    return evidence;
}

} // namespace

struct Detector::Compiled {
    Lexicons lexicons;
    std::unique_ptr<const WordIndex> words;  // over `lexicons` and pattern_words()
    std::unique_ptr<const LabelFinder> labels;  // over `lexicons`
    std::vector<std::unique_ptr<re2::RE2>> regexes;  // indexed by PatternKind
};

Detector::Detector(std::unique_ptr<const Compiled> compiled) : m_compiled(std::move(compiled)) { }

Detector::~Detector() = default;

std::expected<std::shared_ptr<const Detector>, std::vector<std::string>> Detector::load(
    const std::filesystem::path& lexicon_dir)
{
    auto lexicons = load_lexicons(lexicon_dir);
    if (!lexicons) {
        return std::unexpected(std::move(lexicons.error()));
    }
    auto compiled = std::make_unique<Compiled>();
    compiled->lexicons = std::move(*lexicons);
    compiled->words = std::make_unique<const WordIndex>(compiled->lexicons, pattern_words());
    compiled->labels = std::make_unique<const LabelFinder>(compiled->lexicons);
    re2::RE2::Options options;
    options.set_max_mem(regex_memory);
    options.set_log_errors(false);
    std::vector<std::string> problems;
    for (std::size_t kind = 0; kind < pattern_count; ++kind) {
        const std::string_view source = patterns()[kind];
        auto regex = std::make_unique<re2::RE2>(piece(source), options);
        if (!regex->ok()) {
            problems.push_back(fmt::format("detector pattern {}: {}", kind, regex->error()));
        }
        compiled->regexes.push_back(std::move(regex));
    }
    if (!problems.empty()) {
        return std::unexpected(std::move(problems));
    }
    return std::shared_ptr<const Detector>(new Detector(std::move(compiled)));
}

std::vector<Finding> Detector::scan(std::string_view text, const std::string& part, const ScanContext& context) const
{
    const Compiled& compiled = *m_compiled;
    const int year = current_year();

    // One pass over the words (special-category terms, words that announce a pattern), one over
    // the bytes; then each pattern runs only in its windows. Higher-priority kinds claim their
    // span first.
    const Lexicons& lexicons = compiled.lexicons;
    const WordScan words = scan_words(text, lexicons, *compiled.words);
    const Windows windows = pattern_windows(text, words.pattern_words);
    std::vector<Candidate> accepted;
    AcceptedOrder order;
    for (std::size_t kind = 0; kind < pattern_count; ++kind) {
        const re2::RE2& regex = *compiled.regexes[kind];
        const int wanted = value_needs_submatch(static_cast<PatternKind>(kind)) ? 2 : 1;
        std::array<re2::StringPiece, 2> groups;
        // National numbers, identity cards, IBANs, e-mail and phone run through hand-written
        // equivalents of their expressions; titles, birth dates, addresses, nationalities and
        // incomes too where the range holds no code point outside the set those know (ASCII,
        // Latin-1, ’, €: matchers.hpp).
        const auto find = [&](std::size_t position, std::size_t end) {
            const auto piece_of = [&](Span span) { return re2::StringPiece(text.data() + span.begin, span.end - span.begin); };
            const Outcome outcome = match_pattern(static_cast<PatternKind>(kind), text, position, end);
            switch (outcome.state) {
            case Outcome::State::match:
                groups[0] = piece_of(outcome.match.whole);
                groups[1] = piece_of(outcome.match.value);
                return true;
            case Outcome::State::undecided:
                if (!regex.Match(piece(text), position, end, re2::RE2::UNANCHORED, groups.data(), wanted)) {
                    return false;
                }
                if (wanted == 1) {
                    groups[1] = value_of_match(static_cast<PatternKind>(kind), groups[0]);
                }
                return true;
            case Outcome::State::no_match:
                break;
            }
            return false;
        };
        for (const Span& window : windows[kind]) {
            std::size_t position = window.begin;
            while (position <= window.end && find(position, window.end)) {
                const std::size_t match_end = static_cast<std::size_t>(groups[0].data() - text.data()) + groups[0].size();
                if (groups[1].data() == nullptr) {
                    position = std::max(match_end, position + 1);
                    continue;
                }
                // A rejected IBAN may have run over a real one in the next words: go on just
                // after its start. Any other match is skipped whole.
                const std::size_t begin = static_cast<std::size_t>(groups[1].data() - text.data());
                position = static_cast<PatternKind>(kind) == PatternKind::iban ? begin + 1 : std::max(match_end, position + 1);
                const Span span { begin, begin + groups[1].size() };
                auto candidate = validate_match(static_cast<PatternKind>(kind), text, span,
                    std::string_view(groups[0].data(), groups[0].size()), year);
                if (!candidate) {
                    continue;
                }
                const bool claimed = order.any_overlapping(accepted, candidate->span, [&](const Candidate& other) {
                    // An address may hold a phone-like house number; it only yields to identifiers.
                    return !(candidate->field == FieldType::address && other.field == FieldType::phone);
                });
                position = std::max(position, candidate->span.end);
                if (!claimed) {
                    order.add(candidate->span.begin, accepted.size());
                    accepted.push_back(std::move(*candidate));
                }
            }
        }
        order.next_kind();
    }
    const ByBegin by_begin = order.by_begin(accepted);

    // The sender's signature blocks, found only when a contact candidate or label asks.
    std::optional<std::vector<Span>> signature_spans;
    std::size_t signature_hint = 0;
    const auto in_signature = [&](std::size_t at) {
        if (!signature_spans) {
            signature_spans = signature_blocks(text);
        }
        return in_any(*signature_spans, at, signature_hint);
    };
    // A phone written next to a colleague's own-domain address in one sentence ("Bert
    // (bert@opgroeien.be, 0470 ...)") is that colleague's, not the client's. Whether each
    // candidate (in by_begin order) is an own e-mail address is decided once.
    std::string lowered_scratch;
    const auto lowered = [&](std::string_view written) -> const std::string& {
        lowered_scratch.assign(written);
        for (char& c : lowered_scratch) {
            c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        }
        return lowered_scratch;
    };
    std::vector<Span> own_emails;  // sorted by begin
    std::vector<char> own_address(by_begin.size(), 0);
    {
        std::size_t index = 0;
        for (const auto& [begin, candidate] : by_begin) {
            if (candidate->field == FieldType::email && own_email(lowered(text.substr(candidate->span.begin, candidate->span.end - candidate->span.begin)), context)) {
                own_address[index] = 1;
                own_emails.push_back(candidate->span);
            }
            ++index;
        }
    }
    // No sentence end or line break between two spans of the text. A line break inside a
    // sentence wrapped by a PDF or a mail client ("bereiken op 0470 ... of via\nbert@...": a
    // lower-case letter or a comma before it, a lower-case letter after it) is not a break.
    const auto same_sentence = [&](const Span& a, const Span& b) {
        const std::size_t from = std::min(a.begin, b.begin);
        const std::size_t to = std::max(a.end, b.end);
        for (std::size_t at = from; at < to; ++at) {
            const char c = text[at];
            if (c == '\n') {
                const char before = at > 0 ? text[at - 1] : '\n';
                const char after = at + 1 < text.size() ? text[at + 1] : '\n';
                const bool wrapped = ((before >= 'a' && before <= 'z') || before == ',') && after >= 'a' && after <= 'z';
                if (!wrapped) {
                    return false;
                }
            } else if ((c == '.' || c == '!' || c == '?') && at + 1 < to) {
                // ". ", ".\r", ".\n", "! ", "? " inside the range.
                const char next = text[at + 1];
                if (next == ' ' || (c == '.' && (next == '\r' || next == '\n'))) {
                    return false;
                }
            }
        }
        return true;
    };
    std::size_t own_email_hint = 0;
    const auto next_to_own_email = [&](const Span& phone) {
        // Only an address that starts within own_phone_distance of the phone can be that close.
        auto email = own_emails.begin()
            + static_cast<std::ptrdiff_t>(lower_bound_near(own_emails, phone.end - std::min(phone.end, own_phone_distance),
                [](const Span& span) { return span.begin; }, own_email_hint));
        for (; email != own_emails.end() && email->begin <= phone.begin + own_phone_distance; ++email) {
            if (std::max(phone.end, email->end) - std::min(phone.begin, email->begin) <= own_phone_distance
                && same_sentence(phone, *email)) {
                return true;
            }
        }
        return false;
    };
    // "de servicedesk bereiken op 02 ...", "de teamverantwoordelijke, Bert Lenaerts (0470 ...)".
    // The staff words are in text order: only those ending shortly before the phone are read.
    const bool staff_by_end = std::ranges::is_sorted(words.staff_words, {}, &Span::end);
    std::size_t staff_hint = 0;
    const auto after_staff_role = [&](const Span& phone) {
        const auto near = [&](const Span& role) {
            return role.end <= phone.begin && phone.begin - role.end <= staff_phone_distance && same_sentence(role, phone);
        };
        if (!staff_by_end) {
            return std::ranges::any_of(words.staff_words, near);
        }
        auto role = words.staff_words.begin()
            + static_cast<std::ptrdiff_t>(lower_bound_near(words.staff_words, phone.begin - std::min(phone.begin, staff_phone_distance),
                [](const Span& span) { return span.end; }, staff_hint));
        for (; role != words.staff_words.end() && role->end <= phone.begin; ++role) {
            if (near(*role)) {
                return true;
            }
        }
        return false;
    };
    // The own phones and postal addresses in the forms they are compared in, made on first use.
    std::optional<std::vector<std::string>> own_phones;
    std::optional<std::vector<std::string>> own_place_keys;
    const auto excluded = [&](const Candidate& candidate, bool own_address_candidate) {
        if (!is_contact(candidate.field)) {
            return false;
        }
        if (in_signature(candidate.span.begin)) {
            return true;
        }
        if (candidate.field == FieldType::email) {
            return own_address_candidate;
        }
        if (candidate.field == FieldType::phone) {
            if (!own_phones) {
                own_phones = own_phone_forms(context);
            }
            return std::ranges::find(*own_phones, candidate.normalised) != own_phones->end()
                || next_to_own_email(candidate.span) || after_staff_role(candidate.span);
        }
        if (candidate.field == FieldType::address) {
            if (context.own_postal_addresses.empty()) {
                return false;
            }
            if (!own_place_keys) {
                own_place_keys.emplace();
                for (const std::string& own : context.own_postal_addresses) {
                    own_place_keys->push_back(own_place_prefix(own));
                }
            }
            const std::string key = place_key(text.substr(candidate.span.begin, candidate.span.end - candidate.span.begin));
            return std::ranges::any_of(*own_place_keys, [&](const std::string& own) { return !own.empty() && key.starts_with(own); });
        }
        return false;
    };

    std::vector<Finding> findings;
    // The findings reported per field type, as indexes into `findings` (at most
    // max_findings_per_field each, so a look through their evidence is cheaper than a tree): a
    // candidate whose field is full gets no evidence.
    std::array<std::vector<std::uint32_t>, static_cast<std::size_t>(FieldType::other) + 1> reported_evidence;
    const auto reported = [&](FieldType field) -> std::vector<std::uint32_t>& {
        return reported_evidence[static_cast<std::size_t>(field)];
    };
    const auto report_field = [&](FieldType field, std::string&& evidence, double confidence) {
        auto& seen = reported(field);
        if (seen.size() >= max_findings_per_field
            || std::ranges::any_of(seen, [&](std::uint32_t index) { return findings[index].evidence == evidence; })) {
            return;
        }
        seen.push_back(static_cast<std::uint32_t>(findings.size()));
        findings.push_back(Finding { part, PersonalData { field }, std::move(evidence), confidence });
    };
    {
        std::size_t index = 0;
        for (const auto& [begin, candidate] : by_begin) {
            // The evidence is written only for a candidate that is reported (not excluded, its
            // field not full).
            if (!excluded(*candidate, own_address[index] != 0) && reported(candidate->field).size() < max_findings_per_field) {
                report_field(candidate->field, candidate->evidence_in(text), candidate->confidence);
            }
            ++index;
        }
    }

    // Field labels.
    std::map<std::uint32_t, std::vector<std::string_view>> category_labels;
    std::size_t label_hint = 0;
    for (const LabelHit& hit : compiled.labels->find(text)) {
        if (hit.meaning.special) {
            auto& labels = category_labels[hit.meaning.category];
            if (std::ranges::find(labels, hit.label) == labels.end()) {
                labels.push_back(hit.label);
            }
            continue;
        }
        const FieldType field = hit.meaning.field;
        if (is_contact(field) && in_signature(hit.line_begin)) {
            continue;
        }
        const bool value_handled = any_overlapping(by_begin, hit.value, label_hint, [&](const Candidate& candidate) {
            return candidate.field == field || (is_contact(field) && is_contact(candidate.field));
        });
        if (value_handled) {
            continue;  // reported (or excluded as own data) by its pattern
        }
        const std::string_view value = text.substr(hit.value.begin, hit.value.end - hit.value.begin);
        const FieldType reported_as = field == FieldType::national_number ? FieldType::other : field;
        if (reported(reported_as).size() >= max_findings_per_field) {
            continue;  // nothing more is reported for it: no evidence to write
        }
        if (field == FieldType::national_number) {
            // Without a valid checksum it is not a national number, but a labelled identifier
            // still is a field the protocols do not permit.
            report_field(FieldType::other, labelled(hit.label, value, " (no valid check digits)"), 0.6);
            continue;
        }
        report_field(field, labelled(hit.label, value, ""), 0.85);
    }

    // Special categories: one finding per class.
    const std::vector<CategoryHits>& terms = words.categories;
    for (std::uint32_t category = 0; category < terms.size(); ++category) {
        const CategoryHits& hits = terms[category];
        const auto labels = category_labels.find(category);
        const bool by_label = labels != category_labels.end();
        const bool by_terms = !hits.strong.empty() || hits.weak.size() >= 2;
        if (!by_label && !by_terms) {
            continue;
        }
        std::vector<std::string> shown;
        for (const auto* list : { &hits.strong, &hits.weak }) {
            for (const std::uint32_t term : *list) {
                if (shown.size() < max_terms_in_evidence) {
                    shown.push_back(lexicons.terms[term].display);
                }
            }
        }
        const std::size_t count = hits.strong.size() + hits.weak.size();
        std::string evidence = lexicons.categories[category];
        if (count > 0) {
            evidence += fmt::format(": {} term{} ({}{})", count, count == 1 ? "" : "s",
                fmt::join(shown, ", "), count > shown.size() ? ", …" : "");
        }
        if (by_label) {
            evidence += fmt::format("; label {}", fmt::join(labels->second, ", "));
        }
        double confidence = 0.0;
        if (!hits.strong.empty()) {
            confidence = 0.9;
        } else if (hits.weak.size() >= 2) {
            confidence = std::min(0.85, 0.6 + 0.1 * static_cast<double>(hits.weak.size() - 2));
        }
        if (by_label) {
            confidence = std::max(confidence, 0.85);
        }
        findings.push_back(Finding { part, SpecialCategory { lexicons.categories[category] }, std::move(evidence), confidence });
    }
    return findings;
}

} // namespace pm::detect
