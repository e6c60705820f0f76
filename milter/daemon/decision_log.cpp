// Formats and logs decisions as key=value lines.
#include "daemon/decision_log.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace pm::milter {

namespace {

bool safe_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
        || c == '_' || c == ':' || c == '+';
}

/// A bare value: safe characters only (others become '_'), at most 128 bytes, "-" when empty.
std::string bare(std::string_view value)
{
    if (value.empty()) {
        return "-";
    }
    std::string out;
    for (const char c : value.substr(0, 128)) {
        out += safe_char(c) ? c : '_';
    }
    return out;
}

std::string joined(const std::vector<std::string>& values)
{
    if (values.empty()) {
        return "-";
    }
    std::string out;
    for (const std::string& v : values) {
        if (!out.empty()) {
            out += ',';
        }
        out += bare(v);
    }
    return out;
}

/// A quoted free text: printable ASCII without quotes or backslashes, at most 200 bytes.
std::string quoted(std::string_view text)
{
    std::string out = "\"";
    for (const char c : text.substr(0, 200)) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u >= 0x7F || c == '"' || c == '\\') ? '_' : c;
    }
    return out + "\"";
}

} // namespace

std::string format_decision(const Decision& d)
{
    std::string line = fmt::format("queue_id={} ref={} protocol={} verdict={} codes={} size={} ms={} sender_domain={} auth={}",
        bare(d.queue_id), bare(d.ref), joined(d.protocols), bare(d.verdict), joined(d.codes), d.size, d.ms,
        bare(d.sender_domain), d.authenticated ? "yes" : "no");
    if (!d.error.empty()) {
        line += " error=" + quoted(d.error);
    }
    return line;
}

void log_decision(const Decision& decision)
{
    spdlog::info("{}", format_decision(decision));
}

} // namespace pm::milter
