#include "delivery/sendmail.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace pm::delivery {
namespace {

constexpr std::size_t max_diagnostics = 4096;

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept
    {
        reset();
        m_fd = std::exchange(other.m_fd, -1);
        return *this;
    }
    int get() const { return m_fd; }
    void reset()
    {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = -1;
    }

private:
    int m_fd = -1;
};

/// Blocks SIGPIPE on this thread while alive; a SIGPIPE raised meanwhile is consumed, so a child
/// that exits early gives EPIPE instead of killing the daemon.
class SigpipeBlock {
public:
    SigpipeBlock()
    {
        sigset_t pipe_set;
        sigemptyset(&pipe_set);
        sigaddset(&pipe_set, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_set, &m_old);
    }
    ~SigpipeBlock()
    {
        sigset_t pipe_set;
        sigemptyset(&pipe_set);
        sigaddset(&pipe_set, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        if (sigismember(&pending, SIGPIPE) == 1 && sigismember(&m_old, SIGPIPE) == 0) {
            const timespec zero {};
            while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
    }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;

private:
    sigset_t m_old {};
};

std::string first_line(const std::string& text)
{
    const auto end = text.find_first_of("\r\n");
    return text.substr(0, end == std::string::npos ? text.size() : end);
}

} // namespace

bool is_plain_envelope_address(std::string_view address)
{
    if (address.empty() || address.size() > 320) {
        return false;
    }
    for (const char c : address) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '(' || c == ')'
            || c == ',' || c == ';') {
            return false;
        }
    }
    return address.front() != '-';
}

Result<RunOutcome> run_with_input(
    const std::vector<std::string>& argv, std::string_view input, std::chrono::seconds timeout)
{
    if (argv.empty() || argv[0].empty() || argv[0].front() != '/') {
        return fail(ErrorKind::config, "the command must start with an absolute program path");
    }
    int in_pipe[2] = { -1, -1 };
    int out_pipe[2] = { -1, -1 };
    if (::pipe2(in_pipe, O_CLOEXEC) != 0) {
        return fail(ErrorKind::io, fmt::format("pipe: {}", std::strerror(errno)));
    }
    Fd in_read(in_pipe[0]), in_write(in_pipe[1]);
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
        return fail(ErrorKind::io, fmt::format("pipe: {}", std::strerror(errno)));
    }
    Fd out_read(out_pipe[0]), out_write(out_pipe[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_read.get(), 0);
    posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, out_write.get(), 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t no_signals;
    sigemptyset(&no_signals);
    sigset_t default_signals;
    sigemptyset(&default_signals);
    sigaddset(&default_signals, SIGPIPE);
    posix_spawnattr_setsigmask(&attributes, &no_signals);
    posix_spawnattr_setsigdefault(&attributes, &default_signals);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<char*> args;
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, argv[0].c_str(), &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) {
        return fail(ErrorKind::io, fmt::format("cannot start {}: {}", argv[0], std::strerror(spawned)));
    }
    in_read.reset();
    out_write.reset();
    ::fcntl(in_write.get(), F_SETFL, O_NONBLOCK);

    SigpipeBlock sigpipe_block;
    RunOutcome outcome;
    std::string failure;
    std::size_t written = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (input.empty()) {
        in_write.reset();
    }
    // Bounded: every round either moves bytes, sees EOF, or gets nearer the deadline.
    while (out_read.get() >= 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            failure = fmt::format("{} did not finish within {} s", argv[0], timeout.count());
            ::kill(pid, SIGKILL);
            break;
        }
        pollfd fds[2] = { { out_read.get(), POLLIN, 0 }, { in_write.get(), POLLOUT, 0 } };
        const nfds_t count = in_write.get() >= 0 ? 2 : 1;
        const int ready = ::poll(fds, count, static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (ready < 0 && errno != EINTR) {
            failure = fmt::format("poll: {}", std::strerror(errno));
            ::kill(pid, SIGKILL);
            break;
        }
        if (ready <= 0) {
            continue;
        }
        if (count == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
            const ssize_t n = ::write(in_write.get(), input.data() + written, input.size() - written);
            if (n > 0) {
                written += static_cast<std::size_t>(n);
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                // The child stopped reading (EPIPE): its exit status tells why.
                in_write.reset();
            }
            if (written == input.size()) {
                in_write.reset();
            }
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            char buffer[4096];
            const ssize_t n = ::read(out_read.get(), buffer, sizeof buffer);
            if (n > 0) {
                const std::size_t room = max_diagnostics - std::min(max_diagnostics, outcome.diagnostics.size());
                outcome.diagnostics.append(buffer, std::min(room, static_cast<std::size_t>(n)));
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                out_read.reset();
            }
        }
    }
    in_write.reset();
    out_read.reset();
    int status = 0;
    // The output pipe closed (or we killed it): wait for the exit, at most until the deadline
    // (polled every 10 ms), then kill and reap.
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            break;
        }
        if (done < 0 && errno != EINTR) {
            return fail(ErrorKind::io, fmt::format("waitpid: {}", std::strerror(errno)));
        }
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            if (failure.empty()) {
                failure = fmt::format("{} did not finish within {} s", argv[0], timeout.count());
            }
            break;
        }
        ::usleep(10000);
    }
    if (!failure.empty()) {
        return fail(ErrorKind::io, failure);
    }
    outcome.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (outcome.exit_status == 0 && written < input.size()) {
        return fail(ErrorKind::io, fmt::format("{} exited before reading the whole message", argv[0]));
    }
    return outcome;
}

Result<void> submit(const DeliverySettings& settings, const Submission& submission)
{
    if (!submission.sender.empty() && !is_plain_envelope_address(submission.sender)) {
        return fail(ErrorKind::usage, fmt::format("envelope sender \"{}\" cannot be passed to sendmail", submission.sender));
    }
    if (submission.recipients.empty()) {
        return fail(ErrorKind::usage, "no recipients");
    }
    std::vector<std::string> argv = settings.sendmail;
    argv.push_back("-f");
    argv.push_back(submission.sender.empty() ? "<>" : submission.sender);
    argv.push_back("--");
    for (const std::string& recipient : submission.recipients) {
        if (!is_plain_envelope_address(recipient)) {
            return fail(ErrorKind::usage, fmt::format("envelope recipient \"{}\" cannot be passed to sendmail", recipient));
        }
        argv.push_back(recipient);
    }
    auto outcome = run_with_input(argv, submission.message, settings.timeout);
    if (!outcome) {
        return std::unexpected(outcome.error());
    }
    if (outcome->exit_status != 0) {
        const std::string line = first_line(outcome->diagnostics);
        return fail(ErrorKind::io,
            fmt::format("{} failed ({}){}", argv[0],
                outcome->exit_status < 0 ? std::string("killed by a signal") : fmt::format("exit status {}", outcome->exit_status),
                line.empty() ? "" : ": " + line));
    }
    return {};
}

} // namespace pm::delivery
