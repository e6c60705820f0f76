// inspect(): the one code path shared by the daemon, the CLI and the tests.
#pragma once

#include "core/error.hpp"
#include "core/time.hpp"
#include "inspect/ruleset.hpp"
#include "mime/message_tree.hpp"
#include "policy/verdict.hpp"

#include <string_view>

namespace pm {

/// Judges one message. Out-of-scope mail is accepted without parsing. Hostile or broken input
/// is a verdict (violations); an Error means our own failure (time budget, resources, bug) and
/// must become a temporary failure, never an accept. Thread-safe: `rules` is read-only.
Result<Verdict> inspect(const Envelope& envelope, std::string_view message, const Ruleset& rules, Instant at);

/// The same judgement for a message the caller has already parsed (the CLI parses first when
/// it takes the envelope from the headers). `message_size` is the raw size in bytes.
Result<Verdict> inspect_parsed(const Envelope& envelope, const mime::MessageTree& tree, std::size_t message_size,
    const Ruleset& rules, Instant at);

/// The judgement of a message whose bytes were not kept because it is larger than
/// `limits.max_message_bytes` (the daemon stops buffering at the limit): `message.limit_exceeded`
/// under every protocol in scope; accept when none is. `message_size` is at least the bytes seen.
Verdict judge_oversized(const Envelope& envelope, std::uint64_t message_size, const Ruleset& rules, Instant at);

} // namespace pm
