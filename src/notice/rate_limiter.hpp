// Per-sender limit on notices, so a misconfigured client cannot make the gateway mail-bomb anyone.
#pragma once

#include "core/time.hpp"

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace pm::notice {

/// At most `max` notices per sender in any `window`. Thread-safe. Memory is bounded: at most
/// `max_senders` senders are tracked; beyond that, senders with nothing left in the window are
/// forgotten, and when every tracked sender is still active a new sender is refused (fail safe:
/// no notice rather than unbounded memory). In memory only: a restart forgets the counts.
class RateLimiter {
public:
    RateLimiter(int max, std::chrono::minutes window, std::size_t max_senders = 10000);

    /// True (and counted) when `sender` may get one more notice at `now`.
    bool allow(const std::string& sender, Instant now);

private:
    void forget_idle(Instant now);

    int m_max;
    std::chrono::minutes m_window;
    std::size_t m_max_senders;
    std::mutex m_mutex;
    std::map<std::string, std::deque<Instant>> m_sent;
};

} // namespace pm::notice
