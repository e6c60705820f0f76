// The readable text of a message: Subject, bodies and text attachments, as inspectors read it.
#pragma once

#include "mime/message_tree.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pm {

/// A piece of readable text and where it was read ("subject", "1", "2 notitie.txt").
struct ReadableText {
    std::string part;
    std::string text;  ///< UTF-8
    bool body = false;  ///< a message body (the text and HTML forms of one mail are both bodies)
};

/// Subject and message bodies (converted to UTF-8; HTML as text), skipping the leaves in
/// `protected_paths` (an encrypted container is not readable text). Spends `text_budget`.
std::vector<ReadableText> message_texts(
    const mime::MessageTree& tree, const std::vector<std::string>& protected_paths, std::uint64_t& text_budget);

} // namespace pm
