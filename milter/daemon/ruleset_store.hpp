// The Ruleset the daemon serves: swapped whole on SIGHUP, read by every message at MAIL FROM.
#pragma once

#include "inspect/ruleset.hpp"

#include <atomic>
#include <memory>

namespace pm::milter {

/// Holds the current Ruleset. current() and replace() are thread-safe and lock-free for
/// readers; a message keeps the shared_ptr it took, so a reload never changes the rules under a
/// message in flight and the old Ruleset is freed when its last message ends.
class RulesetStore {
public:
    explicit RulesetStore(std::shared_ptr<const Ruleset> rules) : m_rules(std::move(rules)) { }

    std::shared_ptr<const Ruleset> current() const { return m_rules.load(std::memory_order_acquire); }
    void replace(std::shared_ptr<const Ruleset> rules) { m_rules.store(std::move(rules), std::memory_order_release); }

private:
    std::atomic<std::shared_ptr<const Ruleset>> m_rules;
};

} // namespace pm::milter
