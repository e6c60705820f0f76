// Classification by magic bytes, never by name or declared type: a zip named scan.pdf is a zip.
#include "inspect/attachments.hpp"

#include <algorithm>
#include <cctype>

namespace pm {

namespace {

constexpr std::size_t max_decoration_bytes = 256 * 1024;

bool is_image(mime::SniffedType t)
{
    return t == mime::SniffedType::png || t == mime::SniffedType::jpeg || t == mime::SniffedType::gif;
}

bool referenced_from_html(const mime::MessageTree& tree, const std::string& content_id)
{
    if (content_id.empty()) {
        return false;
    }
    const std::string needle = "cid:" + content_id;
    return std::ranges::any_of(tree.leaves, [&](const mime::Part& p) {
        return p.is_body && !p.in_embedded_message && p.content_type == "text/html"
            && std::ranges::search(p.data, needle, [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a))
                       == std::tolower(static_cast<unsigned char>(b));
               }).begin() != p.data.end();
    });
}

} // namespace

void classify_attachments(const mime::MessageTree& tree, Inspection& inspection)
{
    for (const mime::Part& part : tree.leaves) {
        // The text of a forwarded message is part of an attachment, not of this message's body.
        if (part.is_body && !part.in_embedded_message) {
            continue;
        }
        if (is_image(part.sniffed) && part.data.size() < max_decoration_bytes
            && referenced_from_html(tree, part.content_id)) {
            continue;
        }
        ++inspection.attachment_count;
        switch (part.sniffed) {
        case mime::SniffedType::seven_zip:
        case mime::SniffedType::zip:
            // Fail closed until an archive reader proves the encryption parameters.
            inspection.findings.push_back(Finding{part.label(),
                UnverifiableContainer{"archive encryption cannot be proved: no archive reader in this build"},
                {}, 1.0});
            break;
        default:
            inspection.findings.push_back(
                Finding{part.label(), ReadableAttachment{std::string(mime::to_string(part.sniffed))}, {}, 1.0});
            break;
        }
    }
}

} // namespace pm
