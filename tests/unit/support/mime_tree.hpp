// Test helpers over parse_message(): parse-or-fail and the leaf paths of a tree.
#pragma once

#include "mime/message_tree.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pm::test {

/// parse_message() that REQUIREs success (an Error means our own failure, never the input's).
mime::MessageTree parse_tree(std::string_view bytes, const Limits& limits = {});

/// The leaf paths in document order.
std::vector<std::string> leaf_paths(const mime::MessageTree& tree);

} // namespace pm::test
