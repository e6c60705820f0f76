// parse_message: GMime parses, we walk the tree ourselves (bounded by pm::Limits) into owned Parts.
#include "mime/message_tree.hpp"

#include "core/address.hpp"
#include "mime/gmime_parse.hpp"
#include "mime/leaf_part.hpp"
#include "mime/message_headers.hpp"
#include "mime/structure_budget.hpp"

#include <algorithm>
#include <iterator>
#include <new>
#include <optional>
#include <utility>
#include <vector>

namespace pm::mime {

namespace {

/// How much of a message that is not walked is still parsed for its header section.
constexpr std::size_t header_only_window = std::size_t{256} << 10;

std::string child_path(const std::string& parent, std::size_t index)
{
    return parent.empty() ? std::to_string(index) : parent + "/" + std::to_string(index);
}

/// The message/* subtypes GMime itself parses as an encapsulated message.
bool is_encapsulated_message_type(std::string_view content_type)
{
    return content_type == "message/rfc822" || content_type == "message/rfc2822"
        || content_type == "message/global" || content_type == "message/news";
}

Finding make_problem(std::string part, FindingFacts facts)
{
    return Finding{.part = std::move(part), .facts = std::move(facts), .evidence = {}, .confidence = 1.0};
}

/// The header section of `bytes` (through the first empty line), at most `window` bytes.
std::string_view header_section(std::string_view bytes, std::size_t window)
{
    const std::string_view head = bytes.substr(0, window);
    const auto lf = head.find("\n\n");
    const auto crlf = head.find("\n\r\n");
    const std::size_t end = std::min(lf == std::string_view::npos ? head.size() : lf + 2,
        crlf == std::string_view::npos ? head.size() : crlf + 3);
    return head.substr(0, end);
}

/// Reads only the header section of a message we will not walk (too large, too dense), so the
/// caller still learns subject and addresses; skipped when the header section is itself too dense.
void read_header_section_only(std::string_view bytes, const Limits& limits, MessageTree& tree)
{
    const std::string_view head = header_section(bytes, header_only_window);
    StructureBudget budget(limits);
    if (budget.charge(count_structure(head))) {
        return;
    }
    const ParsedMessage parsed = parse_with_gmime(head);
    if (parsed.message() != nullptr) {
        read_message_headers(parsed.message(), tree);
    }
}

/// Depth-first walk over the GMime tree in document order with an explicit stack. Every push is
/// bounded by the part budget and every level by the depth limit, so a hostile tree costs at most
/// max_parts visits.
class TreeWalker {
public:
    TreeWalker(const Limits& limits, StructureBudget& budget, MessageTree& tree)
        : m_limits(limits), m_budget(budget), m_tree(tree)
    {
    }

    /// Walks the body of `message` (borrowed from the caller, which keeps it alive).
    void walk(GMimeMessage* message)
    {
        push_body(message, "", 0, false);
        while (!m_pending.empty()) {
            const Frame frame = std::move(m_pending.back());
            m_pending.pop_back();
            if (!visit(frame)) {
                break;
            }
        }
        m_pending.clear();
    }

    /// Problems the parsers reported, for the root message and every re-parsed one; GMime also
    /// reports some lazily while the tree is read, so this comes after walk().
    std::vector<Finding> parser_problems(const ParsedMessage& root) const
    {
        std::vector<Finding> problems;
        for (const std::string& reason : root.problems()) {
            problems.push_back(make_problem("", Unparseable{reason}));
        }
        for (const auto& [path, parsed] : m_reparsed) {
            for (const std::string& reason : parsed.problems()) {
                problems.push_back(make_problem(path, Unparseable{reason}));
            }
        }
        return problems;
    }

private:
    struct Frame {
        GMimeObject* object = nullptr;  // borrowed from its message
        std::string path;
        unsigned depth = 0;
        bool embedded = false;  // inside a message/rfc822 part
    };

    /// A multipart body takes its container's path (its children are numbered under it); a
    /// single-part body is child 1 of its container, as in IMAP.
    void push_body(GMimeMessage* message, const std::string& container, unsigned depth, bool embedded)
    {
        GMimeObject* body = g_mime_message_get_mime_part(message);
        if (body == nullptr) {
            return;  // a header-only message has nothing to read
        }
        m_pending.push_back(
            Frame{body, GMIME_IS_MULTIPART(body) ? container : child_path(container, 1), depth, embedded});
    }

    /// Returns false when the walk must stop altogether.
    bool visit(const Frame& frame)
    {
        ++m_tree.part_count;
        if (m_tree.part_count > m_limits.max_parts) {
            add_limit(frame.path, "max_parts", m_tree.part_count, m_limits.max_parts);
            return false;
        }
        if (frame.depth > m_limits.max_mime_depth) {
            if (!m_depth_reported) {
                m_depth_reported = true;
                add_limit(frame.path, "max_mime_depth", frame.depth, m_limits.max_mime_depth);
            }
            return true;  // skip this subtree, keep reading shallower siblings
        }
        if (GMIME_IS_MULTIPART(frame.object)) {
            visit_multipart(GMIME_MULTIPART(frame.object), frame);
            return true;
        }
        if (GMIME_IS_MESSAGE_PART(frame.object)) {
            GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(frame.object));
            if (inner == nullptr) {
                add_unparseable(frame.path, "message/rfc822 part without a readable message");
                return true;
            }
            push_body(inner, frame.path, frame.depth + 1, true);
            return true;
        }
        // GMimeMessagePartial derives from GMimePart: test it first.
        if (GMIME_IS_MESSAGE_PARTIAL(frame.object)) {
            add_unparseable(frame.path, "message/partial fragment cannot be judged on its own");
            return true;
        }
        if (GMIME_IS_PART(frame.object)) {
            return visit_leaf(GMIME_PART(frame.object), frame);
        }
        add_unparseable(frame.path, "MIME object of an unknown kind");
        return true;
    }

    void visit_multipart(GMimeMultipart* multipart, const Frame& frame)
    {
        const int count = std::max(g_mime_multipart_get_count(multipart), 0);
        // Push no more children than the part budget can still take: the walk stops at the
        // first one past it anyway.
        const std::uint64_t budget = std::uint64_t{m_limits.max_parts} - m_tree.part_count + 1;
        const auto pushed
            = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(count), budget));
        for (int i = pushed; i > 0; --i) {
            m_pending.push_back(Frame{g_mime_multipart_get_part(multipart, i - 1),
                child_path(frame.path, static_cast<std::size_t>(i)), frame.depth + 1, frame.embedded});
        }
    }

    bool visit_leaf(GMimePart* part, const Frame& frame)
    {
        std::optional<std::string> decoded = decode_content(part);
        if (!decoded) {
            add_unparseable(frame.path, "part content cannot be decoded");
            return true;
        }
        m_decoded_bytes += decoded->size();
        if (m_decoded_bytes > m_limits.max_decoded_bytes) {
            add_limit(frame.path, "max_decoded_bytes", m_decoded_bytes, m_limits.max_decoded_bytes);
            return false;
        }
        if (is_encapsulated_message_type(declared_content_type(GMIME_OBJECT(part)))) {
            // GMime leaves a base64/QP/uuencoded message/rfc822 (RFC 2046 5.2.1 forbids it;
            // mailers send it) opaque: read the decoded message as the part it claims to be.
            reparse_message(*decoded, frame);
            return true;
        }
        Part leaf = describe_leaf(part, frame.path, frame.depth);
        leaf.in_embedded_message = frame.embedded;
        leaf.sniffed = sniff(*decoded);
        leaf.data = std::move(*decoded);
        m_tree.leaves.push_back(std::move(leaf));
        return true;
    }

    void reparse_message(std::string_view bytes, const Frame& frame)
    {
        if (auto exceeded = m_budget.charge(count_structure(bytes))) {
            if (!m_budget_reported) {
                m_budget_reported = true;
                m_tree.problems.push_back(make_problem(frame.path, std::move(*exceeded)));
            }
            return;
        }
        ParsedMessage parsed = parse_with_gmime(bytes);
        GMimeMessage* inner = parsed.message();
        if (inner == nullptr) {
            add_unparseable(frame.path, "encoded message/rfc822 part without a readable message");
            return;
        }
        m_reparsed.emplace_back(frame.path, std::move(parsed));
        push_body(inner, frame.path, frame.depth + 1, true);
    }

    void add_unparseable(const std::string& path, std::string reason)
    {
        m_tree.problems.push_back(make_problem(path, Unparseable{std::move(reason)}));
    }

    void add_limit(const std::string& path, std::string limit, std::uint64_t value, std::uint64_t maximum)
    {
        m_tree.problems.push_back(make_problem(path, LimitExceeded{std::move(limit), value, maximum}));
    }

    const Limits& m_limits;
    StructureBudget& m_budget;
    MessageTree& m_tree;
    std::vector<Frame> m_pending;
    std::vector<std::pair<std::string, ParsedMessage>> m_reparsed;  // keeps re-parsed messages alive
    std::uint64_t m_decoded_bytes = 0;
    bool m_depth_reported = false;
    bool m_budget_reported = false;
};

} // namespace

std::string Part::label() const
{
    return filename.empty() ? path : path + " " + filename;
}

std::string_view MessageTree::header(std::string_view name) const
{
    const std::string wanted = ascii_lower(name);
    for (const Header& candidate : headers) {
        if (candidate.name.size() == wanted.size() && ascii_lower(candidate.name) == wanted) {
            return candidate.value;
        }
    }
    return {};
}

Result<MessageTree> parse_message(std::string_view bytes, const Limits& limits)
{
    try {
        MessageTree tree;
        if (bytes.size() > limits.max_message_bytes) {
            tree.problems.push_back(make_problem(
                "", LimitExceeded{"max_message_bytes", bytes.size(), limits.max_message_bytes}));
            read_header_section_only(bytes, limits, tree);
            return tree;
        }
        // GMime's memory grows with structure, not size (a 10 MiB run of empty parts costs it
        // 1.4 GiB): bound the structure before GMime sees it.
        StructureBudget budget(limits);
        if (auto exceeded = budget.charge(count_structure(bytes))) {
            tree.problems.push_back(make_problem("", std::move(*exceeded)));
            read_header_section_only(bytes, limits, tree);
            return tree;
        }
        const ParsedMessage parsed = parse_with_gmime(bytes);
        if (parsed.message() == nullptr) {
            tree.problems.push_back(make_problem("", Unparseable{"GMime could not construct a message"}));
            return tree;
        }
        read_message_headers(parsed.message(), tree);
        TreeWalker walker(limits, budget, tree);
        walker.walk(parsed.message());
        std::vector<Finding> problems = walker.parser_problems(parsed);
        std::ranges::move(tree.problems, std::back_inserter(problems));
        tree.problems = std::move(problems);
        return tree;
    } catch (const std::bad_alloc&) {
        return fail(ErrorKind::resource, "out of memory while parsing the message");
    }
}

} // namespace pm::mime
