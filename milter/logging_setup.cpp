// stderr lines carry "<N>" syslog priorities, which journald reads (SyslogLevelPrefix=), so
// `journalctl -p warning` works; syslog gets facility mail.
#include "logging_setup.hpp"

#include <memory>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>
#include <syslog.h>

namespace pm::cli {

namespace {

/// `%*`: the syslog priority of the message's level as "<N>".
class PriorityFlag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override
    {
        int priority = LOG_INFO;
        switch (msg.level) {
        case spdlog::level::trace:
        case spdlog::level::debug: priority = LOG_DEBUG; break;
        case spdlog::level::info: priority = LOG_INFO; break;
        case spdlog::level::warn: priority = LOG_WARNING; break;
        case spdlog::level::err: priority = LOG_ERR; break;
        case spdlog::level::critical: priority = LOG_CRIT; break;
        default: break;
        }
        const char text[] = { '<', static_cast<char>('0' + priority), '>' };
        dest.append(text, text + sizeof text);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<PriorityFlag>(); }
};

} // namespace

void setup_logging(LogTarget target, bool debug)
{
    std::shared_ptr<spdlog::logger> logger;
    if (target == LogTarget::syslog) {
        logger = std::make_shared<spdlog::logger>("protocol-milter",
            std::make_shared<spdlog::sinks::syslog_sink_mt>("protocol-milter", LOG_PID, LOG_MAIL, true));
        logger->set_pattern("%v");
    } else {
        logger = std::make_shared<spdlog::logger>("protocol-milter", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        auto formatter = std::make_unique<spdlog::pattern_formatter>();
        formatter->add_flag<PriorityFlag>('*').set_pattern("%*%v");
        logger->set_formatter(std::move(formatter));
    }
    logger->set_level(debug ? spdlog::level::debug : spdlog::level::info);
    logger->flush_on(spdlog::level::debug);
    spdlog::set_default_logger(std::move(logger));
}

} // namespace pm::cli
