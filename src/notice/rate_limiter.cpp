#include "notice/rate_limiter.hpp"

#include <algorithm>

namespace pm::notice {

RateLimiter::RateLimiter(int max, std::chrono::minutes window, std::size_t max_senders)
    : m_max(std::max(max, 0)), m_window(window), m_max_senders(std::max<std::size_t>(max_senders, 1))
{
}

void RateLimiter::forget_idle(Instant now)
{
    std::erase_if(m_sent, [&](const auto& item) { return item.second.empty() || now - item.second.back() >= m_window; });
}

bool RateLimiter::allow(const std::string& sender, Instant now)
{
    std::lock_guard lock(m_mutex);
    auto it = m_sent.find(sender);
    if (it == m_sent.end()) {
        if (m_sent.size() >= m_max_senders) {
            forget_idle(now);
            if (m_sent.size() >= m_max_senders) {
                return false;
            }
        }
        it = m_sent.emplace(sender, std::deque<Instant> {}).first;
    }
    std::deque<Instant>& times = it->second;
    while (!times.empty() && now - times.front() >= m_window) {
        times.pop_front();
    }
    if (static_cast<int>(times.size()) >= m_max) {
        return false;
    }
    times.push_back(now);
    return true;
}

} // namespace pm::notice
