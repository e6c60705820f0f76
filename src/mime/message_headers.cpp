// Top-level header facts of a GMime message: header list, decoded Subject, header addresses.
#include "mime/message_headers.hpp"

#include "mime/utf8_text.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace pm::mime {

namespace {

constexpr std::size_t max_address_bytes = 998;
constexpr int max_group_depth = 4;  // RFC 5322 groups do not nest; GMime's model could

bool is_wsp(char c)
{
    return c == ' ' || c == '\t';
}

struct RawHeader {
    std::int64_t offset;
    std::size_t order;
    Header header;
};

void collect_headers(GMimeHeaderList* list, std::vector<RawHeader>& out)
{
    if (list == nullptr) {
        return;
    }
    const int count = g_mime_header_list_get_count(list);
    for (int i = 0; i < count; ++i) {
        GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
        if (header == nullptr) {
            continue;
        }
        const char* name = g_mime_header_get_name(header);
        const char* raw = g_mime_header_get_raw_value(header);
        out.push_back(RawHeader{g_mime_header_get_offset(header), out.size(),
            Header{name == nullptr ? std::string{} : std::string(name),
                unfold_header_value(raw == nullptr ? std::string_view{} : std::string_view(raw))}});
    }
}

/// Appends the addr-specs of `list` (borrowed), groups flattened.
void collect_addresses(InternetAddressList* list, std::vector<std::string>& out, int depth = 0)
{
    if (list == nullptr || depth > max_group_depth) {
        return;
    }
    const int count = internet_address_list_length(list);
    for (int i = 0; i < count; ++i) {
        InternetAddress* address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            const char* spec = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
            if (spec != nullptr && *spec != '\0') {
                out.push_back(to_label_text(spec, max_address_bytes));
            }
        } else if (INTERNET_ADDRESS_IS_GROUP(address)) {
            auto* group = INTERNET_ADDRESS_GROUP(address);
            collect_addresses(internet_address_group_get_members(group), out, depth + 1);
        }
    }
}

} // namespace

std::string unfold_header_value(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') {
            continue;  // the LF decides
        }
        if (c == '\n' && (i + 1 == raw.size() || is_wsp(raw[i + 1]))) {
            continue;
        }
        out += c;
    }
    const auto first = std::ranges::find_if_not(out, is_wsp);
    out.erase(out.begin(), first);
    while (!out.empty() && (is_wsp(out.back()) || out.back() == '\r' || out.back() == '\n')) {
        out.pop_back();
    }
    return out;
}

void read_message_headers(GMimeMessage* message, MessageTree& tree)
{
    // GMime files a message's Content-* headers under its body part: merge both lists back into
    // wire order by offset (the order of appearance breaks ties, e.g. headers without offsets).
    std::vector<RawHeader> raw;
    collect_headers(g_mime_object_get_header_list(GMIME_OBJECT(message)), raw);
    if (GMimeObject* body = g_mime_message_get_mime_part(message); body != nullptr) {
        collect_headers(g_mime_object_get_header_list(body), raw);
    }
    std::ranges::stable_sort(raw, [](const RawHeader& a, const RawHeader& b) {
        return std::pair{a.offset, a.order} < std::pair{b.offset, b.order};
    });
    tree.headers.clear();
    tree.headers.reserve(raw.size());
    for (RawHeader& header : raw) {
        tree.headers.push_back(std::move(header.header));
    }

    const char* subject = g_mime_message_get_subject(message);
    tree.subject = subject == nullptr ? std::string{} : to_valid_utf8(subject);

    tree.from.clear();
    collect_addresses(g_mime_message_get_from(message), tree.from);
    tree.recipients.clear();
    collect_addresses(g_mime_message_get_to(message), tree.recipients);
    collect_addresses(g_mime_message_get_cc(message), tree.recipients);
    collect_addresses(g_mime_message_get_bcc(message), tree.recipients);
}

} // namespace pm::mime
