// Readable text of the Subject and the bodies.
#include "inspect/readable_text.hpp"

#include "text/document_text.hpp"

#include <algorithm>

namespace pm {

std::vector<ReadableText> message_texts(const mime::MessageTree& tree, const std::vector<std::string>& protected_paths,
    std::uint64_t& text_budget)
{
    std::vector<ReadableText> texts;
    if (!tree.subject.empty()) {
        texts.push_back(ReadableText{"subject", tree.subject, false});
    }
    for (const mime::Part& part : tree.leaves) {
        // Bodies of forwarded messages are attachments: classify_attachments reads them.
        if (!part.is_body || part.in_embedded_message
            || std::ranges::find(protected_paths, part.path) != protected_paths.end()) {
            continue;
        }
        text::TextLimits limits;
        limits.max_text_bytes = text_budget;
        auto text = text::extract_text(part.data, part.sniffed, part.content_type, part.charset, limits);
        // A body is text by definition: if the converter cannot read it, read the bytes as they are.
        std::string body = text ? std::move(text->text) : part.data.substr(0, text_budget);
        text_budget -= std::min<std::uint64_t>(text_budget, body.size());
        texts.push_back(ReadableText{part.label(), std::move(body), true});
    }
    return texts;
}

} // namespace pm
