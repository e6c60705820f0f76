// lower_bound_near answers what std::ranges::lower_bound answers, from any hint, on sorted lists
// with repeated keys, empty lists and queries out of order; the hint follows the answer.
#include "detect/near_search.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <random>
#include <vector>

namespace {

std::size_t reference(const std::vector<std::size_t>& list, std::size_t value)
{
    return static_cast<std::size_t>(std::ranges::lower_bound(list, value) - list.begin());
}

const auto identity = [](std::size_t key) { return key; };

} // namespace

TEST_CASE("lower_bound_near agrees with lower_bound for every value and every hint", "[detect]")
{
    const std::vector<std::vector<std::size_t>> lists = {
        {},
        { 5 },
        { 1, 1, 1, 1 },
        { 0, 2, 2, 2, 7, 9, 9, 30 },
        { 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26 },
    };
    for (const auto& list : lists) {
        for (std::size_t value = 0; value <= 32; ++value) {
            for (std::size_t start = 0; start <= list.size() + 2; ++start) {
                std::size_t hint = start;
                CAPTURE(list, value, start);
                const std::size_t answer = pm::detect::lower_bound_near(list, value, identity, hint);
                CHECK(answer == reference(list, value));
                CHECK(hint == answer);
            }
        }
    }
}

TEST_CASE("lower_bound_near keeps agreeing over long runs of near, far and backward queries", "[detect]")
{
    std::mt19937_64 random(20261124);
    std::vector<std::size_t> list(5000);
    std::size_t key = 0;
    for (auto& entry : list) {
        key += random() % 3;  // repeated keys included
        entry = key;
    }
    std::size_t hint = 0;
    std::size_t value = 0;
    for (int query = 0; query < 20000; ++query) {
        switch (random() % 4) {
        case 0: value += random() % 4; break;                      // the common case: a little further on
        case 1: value = random() % (key + 10); break;              // anywhere, past the end too
        case 2: value -= std::min<std::size_t>(value, random() % 20); break;  // a little back
        default: break;                                            // the same again
        }
        CAPTURE(query, value, hint);
        const std::size_t answer = pm::detect::lower_bound_near(list, value, identity, hint);
        REQUIRE(answer == reference(list, value));
    }
}
