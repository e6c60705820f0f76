#include "audit/register.hpp"

#include "core/durable_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pm::audit {
namespace {

namespace fs = std::filesystem;

/// A register line is small (a few hundred bytes; many recipients make it longer); the tail
/// read and the verifier refuse lines beyond this.
constexpr std::size_t max_line_bytes = 1u << 20;

std::string errno_text()
{
    return std::strerror(errno);
}

/// The last complete line of the open file `fd` of `size` bytes (without its newline).
Result<std::string> last_line(int fd, std::uint64_t size, const std::string& name)
{
    if (size == 0) {
        return std::string();
    }
    const std::uint64_t span = std::min<std::uint64_t>(size, max_line_bytes + 1);
    std::string tail(static_cast<std::size_t>(span), '\0');
    const ssize_t n = ::pread(fd, tail.data(), tail.size(), static_cast<off_t>(size - span));
    if (n != static_cast<ssize_t>(tail.size())) {
        return fail(ErrorKind::io, fmt::format("cannot read the end of {}", name));
    }
    if (tail.back() != '\n') {
        return fail(ErrorKind::io, fmt::format("{} ends with an incomplete line: run `protocol-milter audit verify`", name));
    }
    tail.pop_back();
    const auto start = tail.rfind('\n');
    if (start == std::string::npos && span < size) {
        return fail(ErrorKind::io, fmt::format("{}: last line longer than {} bytes", name, max_line_bytes));
    }
    return start == std::string::npos ? tail : tail.substr(start + 1);
}

/// Chain head of a whole file on disk (for the newest rotated file).
Result<std::string> last_line_of(const fs::path& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return fail(ErrorKind::io, fmt::format("cannot open {}: {}", path.string(), errno_text()));
    }
    struct stat st {};
    auto result = ::fstat(fd, &st) == 0 ? last_line(fd, static_cast<std::uint64_t>(st.st_size), path.string())
                                        : Result<std::string>(fail(ErrorKind::io, "fstat failed"));
    ::close(fd);
    return result;
}

struct Head {
    std::uint64_t seq = 0;
    std::string hash { genesis_hash };
};

Result<Head> head_of_line(const std::string& line, const std::string& name)
{
    Head head;
    if (line.empty()) {
        return head;
    }
    auto link = parse_link(line);
    if (!link) {
        return fail(ErrorKind::io, fmt::format("{}: the last line is not a register line: {}", name, link.error().message));
    }
    head.seq = link->seq;
    head.hash = link->hash;
    return head;
}

std::string rotated_name(const fs::path& live, std::uint64_t last_seq)
{
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    std::string stamp = format_instant(now);  // 2026-11-24T09:00:00Z
    std::erase(stamp, '-');
    std::erase(stamp, ':');
    return fmt::format("{}.{}-{:012}{}", live.stem().string(), stamp, last_seq, live.extension().string());
}

} // namespace

Register::Register(AuditSettings settings) : m_settings(std::move(settings)) {}

Register::~Register()
{
    std::lock_guard lock(m_mutex);
    if (m_fd >= 0 && m_pending > 0) {
        ::fdatasync(m_fd);
    }
    close_file();
}

void Register::close_file()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
    m_fd = -1;
}

Result<void> Register::open_locked()
{
    const fs::path& path = m_settings.file;
    // Bounded: each round follows one rotation done by another process.
    for (int round = 0; round < 16; ++round) {
        if (m_fd < 0) {
            if (auto made = make_private_directories(path.parent_path()); !made) {
                return made;
            }
            m_fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
            if (m_fd < 0) {
                return fail(ErrorKind::io, fmt::format("cannot open the register {}: {}", path.string(), errno_text()));
            }
        }
        if (::flock(m_fd, LOCK_EX) != 0) {
            return fail(ErrorKind::io, fmt::format("cannot lock the register {}: {}", path.string(), errno_text()));
        }
        struct stat open_st {}, path_st {};
        if (::fstat(m_fd, &open_st) == 0 && ::stat(path.c_str(), &path_st) == 0 && open_st.st_ino == path_st.st_ino
            && open_st.st_dev == path_st.st_dev) {
            return {};
        }
        // Rotated (or removed) under us: the lock is on the old file.
        if (m_pending > 0) {
            ::fdatasync(m_fd);
            m_pending = 0;
        }
        ::flock(m_fd, LOCK_UN);
        close_file();
    }
    return fail(ErrorKind::io, fmt::format("the register {} keeps changing under us", path.string()));
}

Result<void> Register::append(const Record& record)
{
    std::lock_guard lock(m_mutex);
    const fs::path& path = m_settings.file;
    for (int round = 0; round < 4; ++round) {
        if (auto opened = open_locked(); !opened) {
            return opened;
        }
        auto unlock = [this] { ::flock(m_fd, LOCK_UN); };
        struct stat st {};
        if (::fstat(m_fd, &st) != 0) {
            unlock();
            return fail(ErrorKind::io, fmt::format("cannot stat {}: {}", path.string(), errno_text()));
        }
        const auto size = static_cast<std::uint64_t>(st.st_size);
        Result<std::string> tail = size > 0 ? last_line(m_fd, size, path.string()) : std::string();
        if (tail && size == 0) {
            // A fresh file continues the newest rotated file's chain.
            const auto files = register_files(path);
            if (files.size() >= 2 || (files.size() == 1 && files.front() != path)) {
                const fs::path& previous = files.back() == path ? files[files.size() - 2] : files.back();
                tail = last_line_of(previous);
            }
        }
        if (!tail) {
            unlock();
            return std::unexpected(tail.error());
        }
        auto head = head_of_line(*tail, path.string());
        if (!head) {
            unlock();
            return std::unexpected(head.error());
        }
        const std::string line = chained_line(record, head->seq + 1, head->hash) + "\n";
        if (m_settings.rotate_bytes > 0 && size > 0 && size + line.size() > m_settings.rotate_bytes) {
            const fs::path rotated = path.parent_path() / rotated_name(path, head->seq);
            if (::fdatasync(m_fd) != 0 || ::rename(path.c_str(), rotated.c_str()) != 0) {
                const std::string why = errno_text();
                unlock();
                return fail(ErrorKind::io, fmt::format("cannot rotate {} to {}: {}", path.string(), rotated.string(), why));
            }
            m_pending = 0;
            if (auto synced = fsync_directory(path.parent_path()); !synced) {
                unlock();
                return synced;
            }
            unlock();
            close_file();
            continue;  // the next round opens the new file and chains to the rotated one
        }
        auto written = write_all(m_fd, line, path.string());
        if (written) {
            ++m_pending;
            if (m_settings.fsync == FsyncPolicy::always || m_pending >= m_settings.batch_lines) {
                if (::fdatasync(m_fd) != 0) {
                    written = fail(ErrorKind::io, fmt::format("cannot fsync {}: {}", path.string(), errno_text()));
                } else {
                    m_pending = 0;
                }
            }
        }
        unlock();
        return written;
    }
    return fail(ErrorKind::io, fmt::format("cannot append to {}: it keeps rotating", path.string()));
}

Result<void> Register::flush()
{
    std::lock_guard lock(m_mutex);
    if (m_fd >= 0 && m_pending > 0) {
        if (::fdatasync(m_fd) != 0) {
            return fail(ErrorKind::io, fmt::format("cannot fsync {}: {}", m_settings.file.string(), errno_text()));
        }
        m_pending = 0;
    }
    return {};
}

std::vector<fs::path> register_files(const fs::path& live_file)
{
    std::vector<fs::path> files;
    const std::string prefix = live_file.stem().string() + ".";
    const std::string suffix = live_file.extension().string();
    std::error_code ec;
    const fs::path dir = live_file.parent_path().empty() ? fs::path(".") : live_file.parent_path();
    fs::directory_iterator it(dir, ec);
    std::size_t seen = 0;
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        if (++seen > 1'000'000) {
            break;
        }
        const std::string name = it->path().filename().string();
        if (name != live_file.filename().string() && name.starts_with(prefix) && name.ends_with(suffix)
            && name.size() > prefix.size() + suffix.size() && name[prefix.size()] >= '0' && name[prefix.size()] <= '9') {
            files.push_back(live_file.parent_path() / name);
        }
    }
    std::ranges::sort(files);
    if (fs::exists(live_file, ec)) {
        files.push_back(live_file);
    }
    return files;
}

VerifyReport verify_chain(const std::vector<fs::path>& files, bool partial)
{
    VerifyReport report;
    report.head = std::string(genesis_hash);
    std::uint64_t last_seq = 0;
    bool first = true;
    auto broken = [&](const fs::path& file, std::uint64_t line, std::string what) {
        report.ok = false;
        report.problem = fmt::format("{}:{}: {}", file.string(), line, what);
        return report;
    };
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            return broken(file, 0, fmt::format("cannot open: {}", errno_text()));
        }
        std::uint64_t number = 0;
        std::string line;
        while (std::getline(in, line)) {
            ++number;
            if (in.eof()) {
                return broken(file, number, "incomplete last line (no newline): a write was cut off or the file was truncated");
            }
            if (line.size() > max_line_bytes) {
                return broken(file, number, "line too long to be a register line");
            }
            auto link = parse_link(line);
            if (!link) {
                return broken(file, number, link.error().message);
            }
            if (!link->hash_ok) {
                return broken(file, number, "the line was changed after it was written (its hash does not match its content)");
            }
            if (first) {
                first = false;
                report.starts_at_genesis = link->prev == genesis_hash && link->seq == 1;
                if (!partial && !report.starts_at_genesis) {
                    return broken(file, number,
                        "the chain does not start here (earlier lines or files are missing; use --partial if older files were removed on purpose)");
                }
            } else {
                if (link->prev != report.head) {
                    return broken(file, number,
                        link->seq > last_seq + 1
                            ? fmt::format("line(s) missing before this one (seq {} follows seq {})", link->seq, last_seq)
                            : "does not chain to the line before it (a line before it was changed, removed or reordered)");
                }
                if (link->seq != last_seq + 1) {
                    return broken(file, number, fmt::format("seq {} follows seq {}", link->seq, last_seq));
                }
            }
            last_seq = link->seq;
            report.head = link->hash;
            ++report.lines;
        }
        if (in.bad()) {
            return broken(file, number, "read error");
        }
    }
    return report;
}

Result<std::vector<Record>> read_records(const std::vector<fs::path>& files, std::size_t* bad)
{
    std::vector<Record> records;
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            return fail(ErrorKind::io, fmt::format("cannot open {}: {}", file.string(), errno_text()));
        }
        std::string line;
        while (std::getline(in, line)) {
            if (line.size() > max_line_bytes) {
                continue;
            }
            auto record = parse_record(line);
            if (record) {
                records.push_back(std::move(*record));
            } else if (bad != nullptr) {
                ++*bad;
            }
        }
    }
    return records;
}

} // namespace pm::audit
