// `protocol-milter serve`: the milter daemon. libmilter's smfi_main runs on its own thread; the
// main thread owns the signals: SIGHUP reloads the rules, SIGTERM/SIGINT drain and stop.
//
// libmilter starts its own signal thread that sigwaits on SIGHUP, SIGTERM and SIGINT and *stops*
// the milter on SIGHUP. Blocking the signals in every thread but the main one is not enough: a
// thread blocked in sigwait is eligible for the very signals it waits on, and Linux hands a
// process-directed signal to another eligible thread whenever the main thread already has one
// pending (seen in CI: a burst of SIGHUPs under load stopped the milter). So this file also
// defines sigwait() (below, outside any namespace): the executable's definition interposes on
// the C library's for libmilter, and it leaves SIGHUP, SIGTERM and SIGINT out of the waited set.
// libmilter's signal thread then never takes them; the main thread, the only one that does not
// block them, gets every one through handlers that only write to a pipe.
#include "commands.hpp"
#include "core/durable_file.hpp"
#include "daemon/dpo_services.hpp"
#include "quarantine/store.hpp"

#include "config/milter_settings.hpp"
#include "daemon/ruleset_store.hpp"
#include "daemon/session.hpp"
#include "logging_setup.hpp"
#include "milter_callbacks.hpp"
#include "systemd_notify.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <grp.h>
#include <latch>
#include <libmilter/mfapi.h>
#include <optional>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

/// See the top of this file: libmilter's signal thread must never take the daemon's signals.
/// Same contract as POSIX sigwait(); called by libmilter only (nothing else here waits on signals).
extern "C" int sigwait(const sigset_t* set, int* sig)
{
    sigset_t waited = *set;
    for (const int ours : { SIGHUP, SIGTERM, SIGINT }) {
        sigdelset(&waited, ours);
    }
    for (;;) {
        const int got = sigtimedwait(&waited, nullptr, nullptr);
        if (got >= 0) {
            *sig = got;
            return 0;
        }
        if (errno != EINTR) {
            return errno;
        }
    }
}

namespace pm::cli {

namespace {

namespace fs = std::filesystem;

struct ServeOptions {
    std::string config = default_config_path();
    std::string socket;
    bool foreground = false;
};

int g_signal_pipe[2] = { -1, -1 };

/// Marker written by the milter thread when smfi_main returns.
constexpr char milter_ended = 'M';

extern "C" void relay_signal(int signal_number)
{
    const int saved = errno;
    const char byte = static_cast<char>(signal_number);
    (void)!::write(g_signal_pipe[1], &byte, 1);
    errno = saved;
}

std::string errno_text()
{
    return std::strerror(errno);
}

/// Creates the spool directory (0700) if needed and proves a file can be made in it.
std::string prepare_spool(const fs::path& dir)
{
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec) {
            return fmt::format("cannot create spool_dir {}: {}", dir.string(), ec.message());
        }
        fs::permissions(dir, fs::perms::owner_all, ec);
    }
    std::string name = (dir / "pm-check-XXXXXX").string();
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
        return fmt::format("cannot create a file in spool_dir {}: {}", dir.string(), errno_text());
    }
    ::unlink(name.c_str());
    ::close(fd);
    return {};
}

/// Applies socket_mode and socket_group to a unix socket; "" or the problem.
std::string secure_socket(const std::string& path, const MilterSettings& settings)
{
    if (!settings.socket_group.empty()) {
        const group* g = ::getgrnam(settings.socket_group.c_str());
        if (g == nullptr) {
            return fmt::format("socket_group \"{}\" does not exist", settings.socket_group);
        }
        if (::chown(path.c_str(), static_cast<uid_t>(-1), g->gr_gid) != 0) {
            return fmt::format("cannot give {} to group {}: {}", path, settings.socket_group, errno_text());
        }
    }
    if (::chmod(path.c_str(), settings.socket_mode) != 0) {
        return fmt::format("cannot set mode {:04o} on {}: {}", settings.socket_mode, path, errno_text());
    }
    return {};
}

/// Forks into the background; the parent exits 0 once the child runs. Returns in the child.
void daemonize()
{
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error(fmt::format("fork failed: {}", errno_text()));
    }
    if (pid > 0) {
        std::_Exit(exit_ok);
    }
    ::setsid();
    if (::chdir("/") != 0) {
        // Paths were made absolute before; nothing depends on the working directory.
    }
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd >= 0) {
        ::dup2(null_fd, STDIN_FILENO);
        ::dup2(null_fd, STDOUT_FILENO);
        ::dup2(null_fd, STDERR_FILENO);
        ::close(null_fd);
    }
}

void warn_restart_only_changes(const MilterSettings& running, const MilterSettings& loaded, bool socket_from_cli)
{
    const auto warn = [](std::string_view key) {
        spdlog::warn("reload: milter.{} changed; it takes effect at the next restart", key);
    };
    if (!socket_from_cli && running.socket != loaded.socket) warn("socket");
    if (running.socket_mode != loaded.socket_mode) warn("socket_mode");
    if (running.socket_group != loaded.socket_group) warn("socket_group");
    if (running.log != loaded.log || running.log_debug != loaded.log_debug) warn("log");
    if (running.mta_timeout != loaded.mta_timeout) warn("mta_timeout_seconds");
}

void reload(const std::string& config, milter::RulesetStore& store, const MilterSettings& running, bool socket_from_cli)
{
    notify_systemd("RELOADING=1");
    auto fresh = load_ruleset(config);
    if (!fresh) {
        for (const std::string& line : fresh.error()) {
            spdlog::error("reload refused: {}", line);
        }
        spdlog::error("reload refused: {} problem(s) in {}; the rules loaded before keep serving",
            fresh.error().size(), config);
    } else if (const std::string problem = prepare_spool((*fresh)->policy->gateway.milter.spool_dir);
               !problem.empty()) {
        spdlog::error("reload refused: {}; the rules loaded before keep serving", problem);
    } else {
        warn_restart_only_changes(running, (*fresh)->policy->gateway.milter, socket_from_cli);
        const std::size_t count = (*fresh)->policy->protocols.size();
        store.replace(std::move(*fresh));
        spdlog::info("reloaded {}: {} protocol(s)", config, count);
    }
    notify_systemd("READY=1");
}

int run_serve(ServeOptions options)
{
    std::error_code ec;
    options.config = fs::absolute(options.config, ec).string();
    auto loaded = load_ruleset(options.config);
    if (!loaded) {
        for (const std::string& line : loaded.error()) {
            fmt::print(stderr, "{}\n", line);
        }
        fmt::print(stderr, "{}: {} problem(s); the milter was not started\n", options.config, loaded.error().size());
        return exit_error;
    }
    MilterSettings settings = (*loaded)->policy->gateway.milter;
    const bool socket_from_cli = !options.socket.empty();
    if (socket_from_cli) {
        if (const std::string problem = socket_spec_problem(options.socket); !problem.empty()) {
            fmt::print(stderr, "serve: --socket \"{}\": {} (write unix:/path or inet:PORT@HOST)\n", options.socket, problem);
            return exit_error;
        }
        settings.socket = options.socket;
    }
    const std::optional<std::string> socket_path = unix_socket_path(settings.socket);
    if (socket_path && !fs::is_directory(fs::path(*socket_path).parent_path(), ec)) {
        fmt::print(stderr, "serve: the socket directory {} does not exist (create it, or let systemd's "
                           "RuntimeDirectory= create it)\n", fs::path(*socket_path).parent_path().string());
        return exit_error;
    }
    if (const std::string problem = prepare_spool(settings.spool_dir); !problem.empty()) {
        fmt::print(stderr, "serve: {} (set [milter] spool_dir to a writable directory)\n", problem);
        return exit_error;
    }

    // The register, the notice templates and the release key (created on first start).
    auto dpo = milter::DpoServices::open(*(*loaded)->policy);
    if (!dpo) {
        for (const std::string& line : dpo.error()) {
            fmt::print(stderr, "{}\n", line);
        }
        fmt::print(stderr, "serve: the DPO side cannot start (see above); the milter was not started\n");
        return exit_error;
    }
    if (settings.quarantine == QuarantineMode::store) {
        // Leftovers of a crash between write and rename are never entries; clear the old ones.
        quarantine::Store quarantine_store((*loaded)->policy->gateway.dpo.quarantine);
        if (auto made = make_private_directories(quarantine_store.dir()); !made) {
            fmt::print(stderr, "serve: {} (set [quarantine] dir to a directory the daemon can write)\n", made.error().message);
            return exit_error;
        }
        (void)quarantine_store.clean_leftovers(std::chrono::hours(1));
    }

    // These live until the process ends: libmilter's session threads may outlive smfi_main.
    auto* store = new milter::RulesetStore(std::move(*loaded));
    auto* state = new milter::DaemonState(*store);
    state->dpo = dpo->release();
    std::string spec = settings.socket;
    if (!milter::register_filter(*state) || smfi_setconn(spec.data()) != MI_SUCCESS
        || smfi_settimeout(static_cast<int>(settings.mta_timeout.count())) != MI_SUCCESS) {
        fmt::print(stderr, "serve: libmilter refused the filter registration\n");
        return exit_error;
    }
    // Remove a stale socket left by a killed daemon, then create and listen.
    errno = 0;
    if (smfi_opensocket(true) != MI_SUCCESS) {
        fmt::print(stderr, "serve: cannot listen on {}: {} (another daemon running? directory writable?)\n",
            settings.socket, errno != 0 ? errno_text() : "see the mail log");
        return exit_error;
    }
    struct stat socket_stat {};
    if (socket_path) {
        if (const std::string problem = secure_socket(*socket_path, settings); !problem.empty()) {
            fmt::print(stderr, "serve: {}\n", problem);
            ::unlink(socket_path->c_str());
            return exit_error;
        }
        ::stat(socket_path->c_str(), &socket_stat);
    }

    LogTarget log = settings.log;
    if (!options.foreground) {
        log = LogTarget::syslog;  // stderr goes to /dev/null in the background
        daemonize();
    }
    setup_logging(log, settings.log_debug);

    if (::pipe2(g_signal_pipe, O_CLOEXEC) != 0) {
        spdlog::critical("cannot create the signal pipe: {}", errno_text());
        return exit_error;
    }
    sigset_t signals;
    sigemptyset(&signals);
    for (const int s : { SIGHUP, SIGTERM, SIGINT }) {
        sigaddset(&signals, s);
    }
    // Every thread started from here on (libmilter's too) inherits the blocked mask. smfi_main,
    // which starts libmilter's signal thread, waits until the main thread takes the signals, so
    // a signal sent during start-up waits for the main thread instead of reaching libmilter.
    struct sigaction action {};
    action.sa_handler = relay_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (const int s : { SIGHUP, SIGTERM, SIGINT }) {
        sigaction(s, &action, nullptr);
    }
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::latch signals_taken(1);
    std::atomic<int> milter_status{MI_SUCCESS};
    std::thread milter_thread([&milter_status, &signals_taken] {
        signals_taken.wait();
        milter_status = smfi_main();
        const char byte = milter_ended;
        (void)!::write(g_signal_pipe[1], &byte, 1);
    });
    pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
    signals_taken.count_down();

    spdlog::info("started: socket={} protocols={} spool_dir={} memory_buffer_bytes={} quarantine={} register={}",
        settings.socket, store->current()->policy->protocols.size(), settings.spool_dir.string(),
        settings.memory_buffer_bytes, settings.quarantine == QuarantineMode::store ? "store" : "hold",
        store->current()->policy->gateway.dpo.audit.file.string());
    notify_systemd("READY=1");

    bool stopping = false;
    for (;;) {
        char byte = 0;
        const ssize_t n = ::read(g_signal_pipe[0], &byte, 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0 || byte == milter_ended) {
            break;
        }
        if (byte == SIGHUP) {
            reload(options.config, *store, settings, socket_from_cli);
        } else if (!stopping) {
            stopping = true;
            spdlog::info("stopping on signal {}: no new connections; finishing messages in flight", static_cast<int>(byte));
            notify_systemd("STOPPING=1");
            smfi_stop();
        }
    }
    milter_thread.join();

    // Drain: messages already being received get their verdict, within a bound.
    const auto limits = store->current()->policy->gateway.limits;
    const auto deadline = std::chrono::steady_clock::now() + limits.time_budget + std::chrono::seconds(20);
    while (state->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const auto left = state->in_flight.load();
    // fsync = "batch": the last lines of a batch reach the disk before we go.
    if (auto flushed = state->dpo->audit.flush(); !flushed) {
        spdlog::error("the processing register could not be flushed: {}", flushed.error().message);
    }
    if (socket_path) {
        // libmilter leaves the socket behind when it runs as root; remove it if it is still ours.
        struct stat now {};
        if (::stat(socket_path->c_str(), &now) == 0 && now.st_ino == socket_stat.st_ino && now.st_dev == socket_stat.st_dev) {
            ::unlink(socket_path->c_str());
        }
    }
    const int status = (stopping && milter_status == MI_SUCCESS) ? exit_ok : exit_error;
    spdlog::info("stopped: status={} messages_judged={} fast_path={} unfinished={}", status, state->judged.load(),
        state->fast_path.load(), left);
    spdlog::shutdown();
    // libmilter's session threads may still hold connections: end without running destructors.
    std::_Exit(status);
}

} // namespace

Command add_serve_command(CLI::App& app)
{
    auto* cmd = app.add_subcommand("serve", "Run the milter daemon for Postfix");
    auto options = std::make_shared<ServeOptions>();
    cmd->add_option("--config", options->config, "gateway file")->capture_default_str();
    cmd->add_option("--socket", options->socket,
        "listen here instead of [milter] socket: unix:/path or inet:PORT@HOST");
    cmd->add_flag("--foreground", options->foreground, "stay in the foreground (systemd); log to stderr");
    return {cmd, [options]() { return run_serve(*options); }};
}

} // namespace pm::cli
