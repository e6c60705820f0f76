// Readers for the DPO sections of gateway.toml ([quarantine], [audit], [notice], [delivery], [report]).
#include "config/dpo_settings_reader.hpp"

#include "config/value_readers.hpp"

#include <array>
#include <fmt/format.h>
#include <unistd.h>

namespace pm::config {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 2> fsync_policies = { "always", "batch" };

/// A non-empty path string under `key`.
std::optional<fs::path> read_path(TableReader& table, std::string_view key)
{
    const auto text = table.string(key, Need::optional);
    if (!text) {
        return std::nullopt;
    }
    if (text->empty()) {
        table.report_value(key, "is empty", "write a path, or leave the key out for the default");
        return std::nullopt;
    }
    return fs::path(*text);
}

void read_quarantine(TableReader& root, QuarantineSettings& settings)
{
    std::optional<TableReader> table = root.table("quarantine", Need::optional);
    if (!table) {
        return;
    }
    if (auto dir = read_path(*table, "dir")) {
        settings.dir = std::move(*dir);
    }
    if (auto cert = read_path(*table, "encrypt_to")) {
        settings.encrypt_to = std::move(*cert);
    }
    if (const auto days = table->integer("retention_days", Need::optional, 1, 3650)) {
        settings.retention_days = static_cast<int>(*days);
    }
    if (auto key = read_path(*table, "release_key")) {
        settings.release_key = std::move(*key);
    }
    table->report_unknown_keys();
}

void read_audit(TableReader& root, AuditSettings& settings)
{
    std::optional<TableReader> table = root.table("audit", Need::optional);
    if (!table) {
        return;
    }
    if (auto file = read_path(*table, "file")) {
        settings.file = std::move(*file);
    }
    if (const auto policy = table->choice("fsync", Need::optional, fsync_policies)) {
        settings.fsync = *policy == 0 ? FsyncPolicy::always : FsyncPolicy::batch;
    }
    if (const auto lines = table->integer("batch_lines", Need::optional, 1, 10000)) {
        settings.batch_lines = static_cast<int>(*lines);
    }
    constexpr std::int64_t mib = 1 << 20;
    if (const auto bytes = table->integer("rotate_bytes", Need::optional, 0, 4096 * mib)) {
        if (*bytes != 0 && *bytes < mib) {
            table->report_value("rotate_bytes", "is below 1 MiB", "write 0 (never rotate) or at least 1048576");
        } else {
            settings.rotate_bytes = static_cast<std::uint64_t>(*bytes);
        }
    }
    table->report_unknown_keys();
}

void read_notice(TableReader& root, NoticeSettings& settings)
{
    std::optional<TableReader> table = root.table("notice", Need::optional);
    if (!table) {
        return;
    }
    if (const auto enabled = table->boolean("enabled", Need::optional)) {
        settings.enabled = *enabled;
    }
    if (const auto from = read_plain_address(*table, "from", Need::optional)) {
        settings.from = from->str();
    }
    if (auto dir = read_path(*table, "templates")) {
        settings.templates = std::move(*dir);
    }
    if (const auto max = table->integer("max_per_sender", Need::optional, 1, 10000)) {
        settings.max_per_sender = static_cast<int>(*max);
    }
    if (const auto minutes = table->integer("window_minutes", Need::optional, 1, 7 * 24 * 60)) {
        settings.window = std::chrono::minutes { *minutes };
    }
    if (const auto mta = table->string("reporting_mta", Need::optional)) {
        if (mta->empty() || mta->find_first_of(" \t\r\n;") != std::string::npos) {
            table->report_value("reporting_mta", "is not a host name", "write the gateway's host name, e.g. \"mail.opgroeien.be\"");
        } else {
            settings.reporting_mta = *mta;
        }
    }
    table->report_unknown_keys();
}

void read_delivery(TableReader& root, DeliverySettings& settings)
{
    std::optional<TableReader> table = root.table("delivery", Need::optional);
    if (!table) {
        return;
    }
    if (auto argv = table->string_list("sendmail", Need::optional)) {
        if (argv->empty() || (*argv)[0].value.empty() || !fs::path((*argv)[0].value).is_absolute()) {
            table->report_value("sendmail", "must start with the absolute path of the sendmail program",
                "write e.g. [\"/usr/sbin/sendmail\", \"-G\", \"-i\"]");
        } else {
            settings.sendmail.clear();
            for (const ListItem& item : *argv) {
                settings.sendmail.push_back(item.value);
            }
        }
    }
    if (const auto seconds = table->integer("timeout_seconds", Need::optional, 1, 3600)) {
        settings.timeout = std::chrono::seconds { *seconds };
    }
    table->report_unknown_keys();
}

void read_report(TableReader& root, ReportSettings& settings)
{
    std::optional<TableReader> table = root.table("report", Need::optional);
    if (!table) {
        return;
    }
    if (auto to = read_address_list(*table, "mail_to", Need::optional)) {
        settings.mail_to = std::move(*to);
    }
    table->report_unknown_keys();
}

fs::path resolved(const fs::path& path, const fs::path& base)
{
    return path.is_absolute() ? path : (base / path).lexically_normal();
}

} // namespace

void read_dpo_settings(TableReader& root, DpoSettings& settings)
{
    read_quarantine(root, settings.quarantine);
    read_audit(root, settings.audit);
    read_notice(root, settings.notice);
    read_delivery(root, settings.delivery);
    read_report(root, settings.report);
}

void resolve_dpo_settings(DpoSettings& settings, const fs::path& base, const std::vector<std::string>& discloser_domains)
{
    settings.quarantine.dir = resolved(settings.quarantine.dir, base);
    if (settings.quarantine.encrypt_to) {
        settings.quarantine.encrypt_to = resolved(*settings.quarantine.encrypt_to, base);
    }
    settings.quarantine.release_key = resolved(settings.quarantine.release_key, base);
    settings.audit.file = resolved(settings.audit.file, base);
    settings.notice.templates = resolved(settings.notice.templates, base);
    if (settings.notice.from.empty() && !discloser_domains.empty()) {
        settings.notice.from = "postmaster@" + discloser_domains.front();
    }
    if (settings.notice.reporting_mta.empty()) {
        char host[256] = {};
        settings.notice.reporting_mta = ::gethostname(host, sizeof host - 1) == 0 && host[0] != '\0' ? host : "localhost";
    }
}

} // namespace pm::config
