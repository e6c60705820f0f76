// Test helpers over parse_message().
#include "support/mime_tree.hpp"

#include <catch2/catch.hpp>

namespace pm::test {

mime::MessageTree parse_tree(std::string_view bytes, const Limits& limits)
{
    auto tree = mime::parse_message(bytes, limits);
    REQUIRE(tree.has_value());
    return std::move(*tree);
}

std::vector<std::string> leaf_paths(const mime::MessageTree& tree)
{
    std::vector<std::string> paths;
    for (const mime::Part& part : tree.leaves) {
        paths.push_back(part.path);
    }
    return paths;
}

} // namespace pm::test
