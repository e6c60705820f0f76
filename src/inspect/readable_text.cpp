// Readable text of the Subject and the bodies.
#include "inspect/readable_text.hpp"

#include "text/html_text.hpp"

#include <algorithm>

namespace pm {

std::vector<ReadableText> message_texts(const mime::MessageTree& tree, const std::vector<std::string>& protected_paths)
{
    std::vector<ReadableText> texts;
    if (!tree.subject.empty()) {
        texts.push_back(ReadableText{"subject", tree.subject});
    }
    for (const mime::Part& part : tree.leaves) {
        if (!part.is_body || std::ranges::find(protected_paths, part.path) != protected_paths.end()) {
            continue;
        }
        texts.push_back(ReadableText{part.label(),
            part.content_type == "text/html" ? text::html_to_text(part.data) : part.data});
    }
    return texts;
}

} // namespace pm
