// Memory-then-file message buffer; the file is created 0600 and unlinked immediately.
#include "daemon/message_buffer.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace pm::milter {

namespace {

std::string errno_text()
{
    return std::strerror(errno);
}

/// Writes all of `bytes` (bounded: each round writes at least one byte or fails).
Result<void> write_all(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return fail(ErrorKind::io, fmt::format("writing the spool file failed: {}", errno_text()));
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

} // namespace

MessageBuffer::MessageBuffer(std::filesystem::path spool_dir, std::uint64_t memory_limit)
    : m_spool_dir(std::move(spool_dir)), m_memory_limit(memory_limit)
{
}

MessageBuffer::~MessageBuffer()
{
    clear();
}

void MessageBuffer::unmap()
{
    if (m_map != nullptr) {
        ::munmap(m_map, m_map_size);
        m_map = nullptr;
        m_map_size = 0;
    }
}

void MessageBuffer::clear()
{
    unmap();
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    std::string().swap(m_memory);
    m_size = 0;
}

Result<void> MessageBuffer::spill()
{
    std::string path_template = (m_spool_dir / "pm-XXXXXX").string();
    std::vector<char> name(path_template.begin(), path_template.end());
    name.push_back('\0');
    // mkstemp creates the file 0600 (O_EXCL); it is unlinked at once so that no crash, kill or
    // forgotten cleanup can leave message bytes in the spool.
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
        return fail(ErrorKind::io, fmt::format("cannot create a spool file in {}: {}", m_spool_dir.string(), errno_text()));
    }
    ::unlink(name.data());
    m_fd = fd;
    if (auto written = write_all(m_fd, m_memory); !written) {
        return written;
    }
    std::string().swap(m_memory);
    return {};
}

Result<void> MessageBuffer::append(std::string_view bytes)
{
    unmap();
    if (m_fd < 0 && m_size + bytes.size() > m_memory_limit) {
        if (auto spilled = spill(); !spilled) {
            return spilled;
        }
    }
    if (m_fd >= 0) {
        if (auto written = write_all(m_fd, bytes); !written) {
            return written;
        }
    } else {
        if (m_memory.capacity() < m_memory_limit) {
            // One allocation of the whole in-memory budget: untouched pages cost no RSS, and the
            // buffer never holds two copies while it grows.
            m_memory.reserve(m_memory_limit);
        }
        m_memory.append(bytes);
    }
    m_size += bytes.size();
    return {};
}

Result<std::string_view> MessageBuffer::view()
{
    if (m_fd < 0) {
        return std::string_view(m_memory);
    }
    if (m_size == 0) {
        return std::string_view();
    }
    if (m_map == nullptr) {
        void* map = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, m_fd, 0);
        if (map == MAP_FAILED) {
            return fail(ErrorKind::io, fmt::format("cannot map the spool file: {}", errno_text()));
        }
        m_map = map;
        m_map_size = m_size;
    }
    return std::string_view(static_cast<const char*>(m_map), m_map_size);
}

std::optional<mode_t> MessageBuffer::spill_mode() const
{
    struct stat st {};
    if (m_fd < 0 || ::fstat(m_fd, &st) != 0) {
        return std::nullopt;
    }
    return st.st_mode & 07777;
}

} // namespace pm::milter
