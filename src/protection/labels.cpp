// msip_labels parsing: MIP label metadata ("MSIP_Label_<GUID>_<Attribute>=<value>") into labels.
#include "protection/labels.hpp"

#include "core/address.hpp"
#include "mime/utf8_text.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pm::protection {

namespace {

// Microsoft Information Protection SDK, "Concepts - label metadata": the key is
// DefinedPrefix_ElementType_GlobalIdentifier_AttributeName, i.e. MSIP_Label_<GUID>_<Attribute>;
// ContentBits is a bit mask with ENCRYPT = 0x8.
constexpr std::string_view key_prefix = "msip_label_";
constexpr std::uint64_t content_bits_encrypt = 0x8;
/// Attributes looked at per call, over every header: a value of 64 KiB of ";" stays cheap.
constexpr std::size_t max_attributes = 8192;

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// `text` without any white space or line break (keys, GUIDs, flags never contain any: what is
/// there came from folding or from a sloppy writer).
std::string without_space(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (!is_space(c)) {
            out += c;
        }
    }
    return out;
}

/// Runs of white space (line breaks included) become one space; leading/trailing ones go.
std::string collapse_space(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (const char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += c;
    }
    return out;
}

/// A GUID as 8-4-4-4-12 hex digits, lower-case, braces stripped; nullopt when it is not one.
std::optional<std::string> normalise_guid(std::string_view text)
{
    std::string guid = without_space(text);
    if (guid.size() == 38 && guid.front() == '{' && guid.back() == '}') {
        guid = guid.substr(1, 36);
    }
    if (guid.size() != 36) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < guid.size(); ++i) {
        const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position ? guid[i] != '-' : !is_hex(guid[i])) {
            return std::nullopt;
        }
    }
    return ascii_lower(guid);
}

/// ContentBits: a decimal integer (what MIP writes) or 0x-prefixed hex; nullopt otherwise.
std::optional<std::uint64_t> parse_content_bits(std::string_view text)
{
    const std::string digits = ascii_lower(without_space(text));
    std::string_view rest = digits;
    unsigned base = 10;
    if (rest.starts_with("0x")) {
        rest.remove_prefix(2);
        base = 16;
    }
    if (rest.empty() || rest.size() > 16) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (const char c : rest) {
        unsigned digit = 0;
        if (c >= '0' && c <= '9') {
            digit = static_cast<unsigned>(c - '0');
        } else if (base == 16 && c >= 'a' && c <= 'f') {
            digit = static_cast<unsigned>(c - 'a' + 10);
        } else {
            return std::nullopt;
        }
        value = value * base + digit;  // at most 16 digits: no overflow in either base
    }
    return value;
}

/// What we learned about one GUID so far.
struct LabelRecord {
    std::string guid;
    bool enabled_true = false;
    bool enabled_other = false;  ///< some occurrence of Enabled was not "true"
    std::optional<std::string> name;
    std::optional<std::string> site_id;
    std::optional<std::uint64_t> content_bits;
};

class LabelCollector {
public:
    /// One `MSIP_Label_<GUID>_<Attribute>` key with its value, from either header form.
    void add(std::string_view raw_key, std::string_view value)
    {
        if (m_attributes >= max_attributes) {
            return;
        }
        ++m_attributes;
        const std::string key = ascii_lower(without_space(raw_key));
        if (!key.starts_with(key_prefix)) {
            return;
        }
        const std::string_view rest = std::string_view(key).substr(key_prefix.size());
        // GUIDs hold no '_': the attribute is everything after the first one (it may hold more,
        // e.g. vendor-extended attributes, which we ignore).
        const auto underscore = rest.find('_');
        if (underscore == std::string_view::npos) {
            return;
        }
        const auto guid = normalise_guid(rest.substr(0, underscore));
        if (!guid) {
            return;
        }
        LabelRecord* record = find_or_add(*guid);
        if (record == nullptr) {
            return;
        }
        const std::string_view attribute = rest.substr(underscore + 1);
        if (attribute == "enabled") {
            if (ascii_lower(without_space(value)) == "true") {
                record->enabled_true = true;
            } else {
                record->enabled_other = true;
            }
        } else if (attribute == "name") {
            if (!record->name) {
                record->name = mime::to_label_text(collapse_space(value), max_label_name_bytes);
            }
        } else if (attribute == "siteid") {
            if (!record->site_id) {
                record->site_id = normalise_guid(value).value_or(std::string{});
            }
        } else if (attribute == "contentbits") {
            if (!record->content_bits) {
                record->content_bits = parse_content_bits(value);
            }
        }
        // Method, SetDate, ActionId, Owner, Tag, Extended_*: not needed for a decision.
    }

    /// `msip_labels`: attributes separated by ';' (the last one optional), each `key=value`.
    void add_header_value(std::string_view value)
    {
        value = value.substr(0, max_label_header_bytes);
        while (!value.empty() && m_attributes < max_attributes) {
            const auto semicolon = value.find(';');
            const std::string_view item = value.substr(0, semicolon);
            value = semicolon == std::string_view::npos ? std::string_view{} : value.substr(semicolon + 1);
            const auto equals = item.find('=');
            if (equals == std::string_view::npos) {
                if (!without_space(item).empty()) {
                    ++m_attributes;  // garbage still costs a slot
                }
                continue;
            }
            add(item.substr(0, equals), item.substr(equals + 1));
        }
    }

    std::vector<SensitivityLabel> enabled_labels() const
    {
        std::vector<SensitivityLabel> labels;
        for (const LabelRecord& record : m_records) {
            if (!record.enabled_true || record.enabled_other) {
                continue;
            }
            labels.push_back(SensitivityLabel{
                .guid = record.guid,
                .name = record.name.value_or(std::string{}),
                .site_id = record.site_id.value_or(std::string{}),
                .claims_encryption = (record.content_bits.value_or(0) & content_bits_encrypt) != 0,
            });
        }
        return labels;
    }

private:
    LabelRecord* find_or_add(const std::string& guid)
    {
        const auto found = std::ranges::find(m_records, guid, &LabelRecord::guid);
        if (found != m_records.end()) {
            return &*found;
        }
        if (m_records.size() >= max_labels) {
            return nullptr;
        }
        LabelRecord& record = m_records.emplace_back();
        record.guid = guid;
        return &record;
    }

    std::vector<LabelRecord> m_records;
    std::size_t m_attributes = 0;
};

} // namespace

std::vector<SensitivityLabel> read_labels(const std::vector<mime::Header>& headers)
{
    LabelCollector collector;
    std::size_t seen = 0;
    for (const mime::Header& header : headers) {
        if (seen >= max_label_headers) {
            break;
        }
        const std::string name = ascii_lower(without_space(header.name));
        if (name == "msip_labels") {
            ++seen;
            collector.add_header_value(header.value);
        } else if (name.starts_with(key_prefix)) {
            // The older form: one header per attribute, `msip_label_<guid>_enabled: true`.
            ++seen;
            collector.add(name, std::string_view(header.value).substr(0, max_label_header_bytes));
        }
    }
    return collector.enabled_labels();
}

} // namespace pm::protection
