// Content-Type value parsing: media type plus parameters, quoted strings undone.
#include "protection/content_type.hpp"

#include "core/address.hpp"

namespace pm::protection {

namespace {

constexpr std::size_t max_value_bytes = 8192;
constexpr std::size_t max_parameters = 64;

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

std::string_view ContentTypeValue::parameter(std::string_view name) const
{
    for (const auto& [key, value] : parameters) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

ContentTypeValue parse_content_type(std::string_view value)
{
    value = value.substr(0, max_value_bytes);
    ContentTypeValue out;
    std::size_t pos = value.find(';');
    out.media_type = ascii_lower(trim(value.substr(0, pos)));
    while (pos != std::string_view::npos && pos < value.size() && out.parameters.size() < max_parameters) {
        ++pos;  // past ';'
        const std::size_t equals = value.find('=', pos);
        const std::size_t next_semicolon = value.find(';', pos);
        if (equals == std::string_view::npos
            || (next_semicolon != std::string_view::npos && next_semicolon < equals)) {
            pos = next_semicolon;  // an item without '=': skip it
            continue;
        }
        std::string name = ascii_lower(trim(value.substr(pos, equals - pos)));
        pos = equals + 1;
        while (pos < value.size() && is_space(value[pos])) {
            ++pos;
        }
        std::string parsed;
        if (pos < value.size() && value[pos] == '"') {
            // RFC 5322 3.2.4 quoted-string: a backslash quotes the next character.
            ++pos;
            while (pos < value.size() && value[pos] != '"') {
                if (value[pos] == '\\' && pos + 1 < value.size()) {
                    ++pos;
                }
                parsed += value[pos];
                ++pos;
            }
            pos = value.find(';', pos);
        } else {
            const std::size_t end = value.find(';', pos);
            parsed = std::string(trim(value.substr(pos, end == std::string_view::npos ? end : end - pos)));
            pos = end;
        }
        if (!name.empty()) {
            out.parameters.emplace_back(std::move(name), std::move(parsed));
        }
    }
    return out;
}

} // namespace pm::protection
