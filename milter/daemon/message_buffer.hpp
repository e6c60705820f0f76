// One message's raw bytes while Postfix sends them: memory first, then a 0600 file in the spool.
#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace pm::milter {

/// Collects the reconstructed header block and the body chunks of one message. Up to
/// `memory_limit` bytes stay in memory; past it everything moves to a temporary file made with
/// mkstemp in `spool_dir` (mode 0600) and unlinked at once, so nothing is left behind even if
/// the process is killed. view() maps the file read-only. Not thread-safe; one per message.
class MessageBuffer {
public:
    MessageBuffer(std::filesystem::path spool_dir, std::uint64_t memory_limit);
    ~MessageBuffer();
    MessageBuffer(const MessageBuffer&) = delete;
    MessageBuffer& operator=(const MessageBuffer&) = delete;

    /// Appends bytes; an Error (io) when the spool file cannot be created or written.
    Result<void> append(std::string_view bytes);
    /// The whole message; valid until the next append() or clear(). Maps the spool file.
    Result<std::string_view> view();
    /// Drops everything (memory and file).
    void clear();

    std::uint64_t size() const { return m_size; }
    bool spilled() const { return m_fd >= 0; }
    /// The permission bits of the spool file while spilled (for tests and checks).
    std::optional<mode_t> spill_mode() const;

private:
    Result<void> spill();
    void unmap();

    std::filesystem::path m_spool_dir;
    std::uint64_t m_memory_limit;
    std::string m_memory;
    int m_fd = -1;
    std::uint64_t m_size = 0;
    void* m_map = nullptr;
    std::size_t m_map_size = 0;
};

} // namespace pm::milter
