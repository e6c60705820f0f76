// One decision in the processing register, and how it is written as a hash-chained JSON line.
#pragma once

#include "core/error.hpp"
#include "core/time.hpp"
#include "policy/verdict.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pm::audit {

/// What happened. Decisions of the daemon: accept, reject, quarantine, tempfail; the DPO's
/// acts: release, delete, purge.
enum class Event { accept, reject, quarantine, tempfail, release, remove, purge };
std::string_view to_string(Event event);  ///< "accept" ... "release", "delete", "purge"
std::optional<Event> parse_event(std::string_view name);

/// One register entry. Never file names, subjects or content: attachments appear as a count and
/// SHA-256s, the Message-ID as its SHA-256.
struct Record {
    Instant time{};
    Event event = Event::accept;
    std::string ref;                 ///< incident reference
    std::string queue_id;
    std::string message_id_sha256;   ///< SHA-256 of the Message-ID value; empty when none
    std::string sender;              ///< envelope sender ("" for <>)
    std::vector<std::string> recipients;
    std::vector<std::string> protocols;
    std::string verdict;             ///< the message's verdict: accept|reject|quarantine|tempfail
    std::vector<std::string> codes;  ///< violation codes, each once, in order of appearance
    std::size_t attachment_count = 0;
    std::vector<std::string> attachment_sha256;
    std::string actor;               ///< release/delete/purge: who
    std::string reason;              ///< release/delete/purge: why
};

/// A record for a daemon decision on a judged message.
Record decision_record(std::string ref, Instant at, std::string queue_id, std::string sender,
    std::vector<std::string> recipients, const Verdict& verdict);

/// The SHA-256 that starts a chain (64 zeros).
inline constexpr std::string_view genesis_hash = "0000000000000000000000000000000000000000000000000000000000000000";

/// A complete register line (no newline): the record with `seq` and `prev`, then `hash`, the
/// SHA-256 of everything before `,"hash":"`.
std::string chained_line(const Record& record, std::uint64_t seq, std::string_view prev);

/// What a register line says about its place in the chain.
struct LineLink {
    std::uint64_t seq = 0;
    std::string prev;
    std::string hash;  ///< as written
    bool hash_ok = false;  ///< the written hash is the SHA-256 of the line's prefix
};

/// Reads a line's chain fields; ErrorKind::io when it is not a register line.
Result<LineLink> parse_link(std::string_view line);

/// The record of a register line (for reports); ErrorKind::io when it is not one.
Result<Record> parse_record(std::string_view line);

} // namespace pm::audit
