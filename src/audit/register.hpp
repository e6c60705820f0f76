// The processing register: append-only, hash-chained JSON lines, shared by the daemon's threads
// and the DPO's CLI processes, rotated by size.
#pragma once

#include "audit/record.hpp"
#include "config/dpo_settings.hpp"
#include "core/error.hpp"

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace pm::audit {

/// Appends records to `settings.file`.
///
/// Thread-safety and atomicity: one mutex serialises the threads of a process; flock(LOCK_EX)
/// on the file serialises processes (the daemon and `quarantine release` may write at the same
/// time). Under both, the writer reads the chain head (the last line, or the last line of the
/// newest rotated file when the live file is empty), appends one line with a single write() on
/// an O_APPEND descriptor, and fsyncs as configured. A writer whose file was rotated by another
/// process notices (inode changed) and reopens. Rotation renames the live file to
/// `<stem>.<UTC time>-<last seq>.jsonl` in the same directory; the new file's first line chains to
/// the last line of the rotated one.
class Register {
public:
    explicit Register(AuditSettings settings);
    ~Register();  ///< fsyncs pending lines (batch policy)
    Register(const Register&) = delete;
    Register& operator=(const Register&) = delete;

    /// Appends one line. Returns once written (and fsync'd under `fsync = "always"`).
    Result<void> append(const Record& record);

    /// fsyncs lines written since the last fsync (batch policy).
    Result<void> flush();

    const AuditSettings& settings() const { return m_settings; }

private:
    Result<void> open_locked();  ///< opens (or reopens after rotation) and takes the flock
    void close_file();

    AuditSettings m_settings;
    std::mutex m_mutex;
    int m_fd = -1;
    int m_pending = 0;  ///< lines written since the last fsync
};

/// Every file of the register in chain order: the rotated files (`<stem>.*.jsonl` beside the
/// live file, sorted by name, i.e. by time) and then the live file when it exists.
std::vector<std::filesystem::path> register_files(const std::filesystem::path& live_file);

/// The result of checking a chain.
struct VerifyReport {
    bool ok = true;
    std::uint64_t lines = 0;
    std::string problem;  ///< "file:line: what is wrong" for the first break
    std::string head;     ///< hash of the last good line (the chain head)
    bool starts_at_genesis = true;
};

/// Checks every line of `files`, in the order given, as one chain: each line's own hash, its
/// `prev` against the line before (across files), consecutive `seq`, complete lines. The first
/// line must start from genesis unless `partial` (a chain whose older files were removed).
VerifyReport verify_chain(const std::vector<std::filesystem::path>& files, bool partial);

/// Reads all records of `files` (chain order); lines that are not records are counted in `bad`.
Result<std::vector<Record>> read_records(const std::vector<std::filesystem::path>& files, std::size_t* bad = nullptr);

} // namespace pm::audit
