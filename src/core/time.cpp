// ISO-8601 subset used by the CLI and the rule files.
#include "core/time.hpp"

#include <charconv>
#include <fmt/format.h>

namespace pm {

namespace {

bool read_int(std::string_view& s, std::size_t digits, int& out)
{
    if (s.size() < digits) {
        return false;
    }
    for (std::size_t i = 0; i < digits; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    std::from_chars(s.data(), s.data() + digits, out);
    s.remove_prefix(digits);
    return true;
}

bool expect(std::string_view& s, char c)
{
    if (s.empty() || s.front() != c) {
        return false;
    }
    s.remove_prefix(1);
    return true;
}

} // namespace

std::optional<Instant> parse_instant(std::string_view s)
{
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!read_int(s, 4, y) || !expect(s, '-') || !read_int(s, 2, mo) || !expect(s, '-')
        || !read_int(s, 2, d)) {
        return std::nullopt;
    }
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    seconds offset{0};
    if (!s.empty()) {
        if (s.front() != 'T' && s.front() != 't' && s.front() != ' ') {
            return std::nullopt;
        }
        s.remove_prefix(1);
        if (!read_int(s, 2, h) || !expect(s, ':') || !read_int(s, 2, mi)) {
            return std::nullopt;
        }
        if (!s.empty() && s.front() == ':') {
            s.remove_prefix(1);
            if (!read_int(s, 2, sec)) {
                return std::nullopt;
            }
        }
        if (h > 23 || mi > 59 || sec > 60) {
            return std::nullopt;
        }
        if (!s.empty() && (s.front() == 'Z' || s.front() == 'z')) {
            s.remove_prefix(1);
        } else if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
            const int sign = s.front() == '+' ? 1 : -1;
            s.remove_prefix(1);
            int oh = 0, om = 0;
            if (!read_int(s, 2, oh)) {
                return std::nullopt;
            }
            if (!s.empty() && s.front() == ':') {
                s.remove_prefix(1);
            }
            if (!read_int(s, 2, om) || oh > 23 || om > 59) {
                return std::nullopt;
            }
            offset = sign * (hours{oh} + minutes{om});
        }
        if (!s.empty()) {
            return std::nullopt;
        }
    }
    return sys_days{date} + hours{h} + minutes{mi} + seconds{sec} - offset;
}

std::string format_date(Date date)
{
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::string format_instant(Instant instant)
{
    using namespace std::chrono;
    const auto day = floor<days>(instant);
    const hh_mm_ss tod{instant - day};
    return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(year_month_day{day}), tod.hours().count(),
        tod.minutes().count(), tod.seconds().count());
}

Instant now_instant()
{
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

} // namespace pm
