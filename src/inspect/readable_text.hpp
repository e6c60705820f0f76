// The readable text of a message: Subject, bodies and text attachments, as inspectors read it.
#pragma once

#include "mime/message_tree.hpp"

#include <string>
#include <vector>

namespace pm {

/// A piece of readable text and where it was read ("subject", "1", "2 notitie.txt").
struct ReadableText {
    std::string part;
    std::string text;  ///< UTF-8
};

/// Subject and message bodies (text/plain as is, text/html as text), skipping the leaves in
/// `protected_paths` (an encrypted container is not readable text).
std::vector<ReadableText> message_texts(const mime::MessageTree& tree, const std::vector<std::string>& protected_paths);

} // namespace pm
