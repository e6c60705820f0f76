// A lower_bound for queries that come in order: each search starts from the last answer.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace pm::detect {

/// The first index of `list` (sorted by `key`) whose key is not below `value`: what
/// std::ranges::lower_bound answers, searched from `hint`, which it updates. The queries of one
/// pass come in text order, so the answer is mostly a step or two from the last one, and a
/// mispredicted branch per halving cost more than the steps: a few steps, then halving.
template <typename List, typename Key>
std::size_t lower_bound_near(const List& list, std::size_t value, Key key, std::size_t& hint)
{
    constexpr int max_steps = 8;
    std::size_t at = std::min(hint, list.size());
    int steps = 0;
    // Invariant while stepping back: key(list[at]) >= value (or at == size).
    while (at > 0 && key(list[at - 1]) >= value) {
        --at;
        if (++steps == max_steps) {
            at = static_cast<std::size_t>(std::ranges::lower_bound(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(at), value, {}, key) - list.begin());
            hint = at;
            return at;
        }
    }
    // Now at == 0 or key(list[at - 1]) < value.
    while (at < list.size() && key(list[at]) < value) {
        ++at;
        if (++steps == max_steps) {
            at = static_cast<std::size_t>(std::ranges::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(at), list.end(), value, {}, key) - list.begin());
            break;
        }
    }
    hint = at;
    return at;
}

} // namespace pm::detect
