#include "core/durable_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pm {
namespace {

namespace fs = std::filesystem;

std::string errno_text(int error)
{
    return std::strerror(error);
}

/// Closes a descriptor on scope exit.
class FdCloser {
public:
    explicit FdCloser(int fd) : m_fd(fd) {}
    ~FdCloser()
    {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    FdCloser(const FdCloser&) = delete;
    FdCloser& operator=(const FdCloser&) = delete;
    /// Closes now and reports a close error (NFS reports write errors there).
    int close_now()
    {
        const int rc = ::close(m_fd);
        m_fd = -1;
        return rc;
    }

private:
    int m_fd;
};

std::string random_suffix()
{
    unsigned char bytes[6] = {};
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        return std::to_string(::getpid());
    }
    return fmt::format("{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}", bytes[0], bytes[1], bytes[2], bytes[3],
        bytes[4], bytes[5]);
}

} // namespace

Result<void> make_private_directories(const fs::path& dir)
{
    std::error_code ec;
    if (fs::is_directory(dir, ec)) {
        return {};
    }
    if (fs::exists(fs::symlink_status(dir, ec))) {
        return fail(ErrorKind::io, fmt::format("{} exists and is not a directory", dir.string()));
    }
    if (dir.has_parent_path() && dir.parent_path() != dir) {
        if (auto parent = make_private_directories(dir.parent_path()); !parent) {
            return parent;
        }
    }
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return fail(ErrorKind::io, fmt::format("cannot create directory {}: {}", dir.string(), errno_text(errno)));
    }
    return {};
}

Result<void> write_all(int fd, std::string_view bytes, const std::string& what)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(ErrorKind::io, fmt::format("cannot write {}: {}", what, errno_text(errno)));
        }
        if (n == 0) {
            return fail(ErrorKind::io, fmt::format("cannot write {}: no progress", what));
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

Result<void> write_new_file(const fs::path& path, std::string_view bytes, mode_t mode)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) {
        return fail(ErrorKind::io, fmt::format("cannot create {}: {}", path.string(), errno_text(errno)));
    }
    FdCloser closer(fd);
    auto cleanup = [&](Error error) -> Result<void> {
        ::unlink(path.c_str());
        return std::unexpected(std::move(error));
    };
    // The umask may have taken bits away; it must never have added any.
    if (::fchmod(fd, mode) != 0) {
        return cleanup({ ErrorKind::io, fmt::format("cannot chmod {}: {}", path.string(), errno_text(errno)) });
    }
    if (auto written = write_all(fd, bytes, path.string()); !written) {
        return cleanup(written.error());
    }
    if (::fsync(fd) != 0) {
        return cleanup({ ErrorKind::io, fmt::format("cannot fsync {}: {}", path.string(), errno_text(errno)) });
    }
    if (closer.close_now() != 0) {
        return cleanup({ ErrorKind::io, fmt::format("cannot close {}: {}", path.string(), errno_text(errno)) });
    }
    return {};
}

Result<void> fsync_directory(const fs::path& dir)
{
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return fail(ErrorKind::io, fmt::format("cannot open directory {}: {}", dir.string(), errno_text(errno)));
    }
    FdCloser closer(fd);
    if (::fsync(fd) != 0) {
        return fail(ErrorKind::io, fmt::format("cannot fsync directory {}: {}", dir.string(), errno_text(errno)));
    }
    return {};
}

Result<void> replace_file_durably(const fs::path& path, std::string_view bytes, mode_t mode)
{
    const fs::path tmp = path.parent_path() / fmt::format(".tmp-{}-{}", path.filename().string(), random_suffix());
    if (auto written = write_new_file(tmp, bytes, mode); !written) {
        return written;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(tmp.c_str());
        return fail(ErrorKind::io, fmt::format("cannot rename {} to {}: {}", tmp.string(), path.string(), errno_text(error)));
    }
    return fsync_directory(path.parent_path());
}

Result<std::string> read_file_bounded(const fs::path& path, std::uint64_t max_bytes)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return fail(ErrorKind::io, fmt::format("cannot open {}: {}", path.string(), errno_text(errno)));
    }
    FdCloser closer(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return fail(ErrorKind::io, fmt::format("{} is not a regular file", path.string()));
    }
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
        return fail(ErrorKind::io, fmt::format("{} is larger than {} bytes", path.string(), max_bytes));
    }
    std::string out;
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            if (n < 0) {
                return fail(ErrorKind::io, fmt::format("cannot read {}: {}", path.string(), errno_text(errno)));
            }
            break;  // shrank while reading
        }
        done += static_cast<std::size_t>(n);
    }
    out.resize(done);
    return out;
}

} // namespace pm
