// Runs a shell command for tests that drive the real binary and real tools.
#pragma once

#include <filesystem>
#include <string>

namespace pm::test {

struct ProcessResult {
    int status = -1;  ///< exit status, or -1 when the command did not exit normally
    std::string out;  ///< standard output
    std::string err;  ///< standard error
};

/// Runs `command` with /bin/sh, capturing stdout and stderr.
ProcessResult run_command(const std::string& command);

/// Single-quotes `text` for /bin/sh.
std::string shell_quote(const std::string& text);

/// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace pm::test
