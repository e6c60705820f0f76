// The mark a released message carries so the daemon lets exactly that message through once more
// without quarantining it again: `X-Protocol-Released: <ref>; by=<user>; until=<time>; mac=<hex>`.
//
// Why: Postfix's sendmail command hands the message to pickup and cleanup, and cleanup runs
// `non_smtpd_milters`, so a re-injected message meets the milter again. The MAC (HMAC-SHA-256
// under a secret only the daemon and the DPO's CLI can read) binds the reference, the releasing
// user, an expiry, the envelope (sender and sorted recipients, normalised) and the body, so the
// header cannot be copied onto another message, another envelope, or used after it expires. A
// header that does not verify changes nothing: the message is inspected as usual.
#pragma once

#include "core/error.hpp"
#include "core/time.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pm::quarantine {

/// The header's name.
inline constexpr std::string_view release_header_name = "X-Protocol-Released";
/// How long a release mark is honoured after the release.
inline constexpr std::chrono::hours release_validity{24};

/// The envelope and body a mark is bound to.
struct ReleasedMessage {
    std::string_view sender;                ///< raw envelope sender ("" for <>)
    const std::vector<std::string>* recipients = nullptr;  ///< raw envelope recipients
    std::string_view body;                  ///< the bytes after the header section
};

/// The header value for a release by `user` at `now`. `key` is the shared secret.
std::string make_release_mark(std::string_view key, std::string_view ref, std::string_view user, Instant now,
    const ReleasedMessage& message);

/// True when `value` is a mark made with `key` for this envelope and body, not expired at `now`.
/// Constant-time on the MAC; any malformed value is simply false.
bool verify_release_mark(std::string_view key, std::string_view value, const ReleasedMessage& message, Instant now);

/// The incident reference a mark names (empty when malformed); for logs.
std::string release_mark_ref(std::string_view value);

/// Reads the secret (at least 32 bytes); creates it (0600, 32 random bytes as hex) when missing
/// and `create` is true.
Result<std::string> load_release_key(const std::filesystem::path& path, bool create);

/// `message` with `X-Protocol-Released: <value>` as its first header (line ends as the message's).
std::string with_release_header(std::string_view message, std::string_view value);

/// The body of a raw message (after the first empty line); empty when there is none.
std::string_view message_body(std::string_view message);

} // namespace pm::quarantine
