#include "quarantine/store.hpp"

#include "core/digest.hpp"
#include "core/durable_file.hpp"
#include "core/incident.hpp"
#include "quarantine/cms_box.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <sys/stat.h>

namespace pm::quarantine {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view metadata_name = "metadata.json";
constexpr std::string_view plain_name = "message.eml";
constexpr std::string_view encrypted_name = "message.p7m";
constexpr std::string_view tmp_prefix = ".tmp-";
constexpr std::string_view del_prefix = ".del-";
constexpr std::uint64_t max_metadata_bytes = 16u << 20;
/// Bounds the directory scan (a store is reviewed and purged; this is far beyond normal).
constexpr std::size_t max_entries = 1'000'000;

Result<void> remove_tree(const fs::path& path)
{
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) {
        return fail(ErrorKind::io, fmt::format("cannot remove {}: {}", path.string(), ec.message()));
    }
    return {};
}

} // namespace

Store::Store(QuarantineSettings settings) : m_settings(std::move(settings)) {}

Result<fs::path> Store::entry_dir(std::string_view id) const
{
    if (!is_incident_ref(id)) {
        return fail(ErrorKind::usage, fmt::format("\"{}\" is not an incident reference (PM-YYYYMMDD-XXXXXXXX)", id));
    }
    return m_settings.dir / std::string(id);
}

Result<fs::path> Store::existing_entry_dir(std::string_view id) const
{
    auto dir = entry_dir(id);
    if (!dir) {
        return std::unexpected(dir.error());
    }
    std::error_code ec;
    if (!fs::is_directory(*dir, ec)) {
        return fail(ErrorKind::usage, fmt::format("no quarantined message {} in {}", id, m_settings.dir.string()));
    }
    return dir;
}

Result<Metadata> Store::put(Metadata metadata, std::string_view message)
{
    auto final_dir = entry_dir(metadata.id);
    if (!final_dir) {
        return std::unexpected(final_dir.error());
    }
    if (auto made = make_private_directories(m_settings.dir); !made) {
        return std::unexpected(made.error());
    }
    metadata.size = message.size();
    metadata.sha256 = sha256_hex(message);
    metadata.encrypted = m_settings.encrypt_to.has_value();
    std::string sealed;
    if (metadata.encrypted) {
        auto encrypted = encrypt_to_certificate(*m_settings.encrypt_to, message);
        if (!encrypted) {
            return std::unexpected(encrypted.error());
        }
        sealed = std::move(*encrypted);
    }
    const fs::path tmp = m_settings.dir / (std::string(tmp_prefix) + metadata.id);
    if (::mkdir(tmp.c_str(), 0700) != 0) {
        return fail(ErrorKind::io, fmt::format("cannot create {}: {}", tmp.string(), std::strerror(errno)));
    }
    auto abandon = [&](Error error) -> Result<Metadata> {
        (void)remove_tree(tmp);
        return std::unexpected(std::move(error));
    };
    const std::string_view body = metadata.encrypted ? std::string_view(sealed) : message;
    if (auto w = write_new_file(tmp / (metadata.encrypted ? encrypted_name : plain_name), body, 0600); !w) {
        return abandon(w.error());
    }
    if (auto w = write_new_file(tmp / metadata_name, to_json(metadata), 0600); !w) {
        return abandon(w.error());
    }
    if (auto s = fsync_directory(tmp); !s) {
        return abandon(s.error());
    }
    // The commit point: the entry appears whole or not at all. rename() refuses an existing
    // non-empty target, so an id is never overwritten.
    if (::rename(tmp.c_str(), final_dir->c_str()) != 0) {
        return abandon({ ErrorKind::io, fmt::format("cannot rename {} to {}: {}", tmp.string(), final_dir->string(), std::strerror(errno)) });
    }
    if (auto s = fsync_directory(m_settings.dir); !s) {
        // Renamed but perhaps not durable: report failure (the MTA keeps its copy) and take the
        // entry back, so that a retry does not leave a duplicate.
        (void)remove_tree(*final_dir);
        return std::unexpected(s.error());
    }
    return metadata;
}

Result<std::vector<Metadata>> Store::list(std::vector<std::string>* problems) const
{
    std::vector<Metadata> out;
    std::error_code ec;
    if (!fs::exists(m_settings.dir, ec)) {
        return out;  // nothing quarantined yet
    }
    fs::directory_iterator it(m_settings.dir, ec);
    if (ec) {
        return fail(ErrorKind::io, fmt::format("cannot list {}: {}", m_settings.dir.string(), ec.message()));
    }
    std::size_t seen = 0;
    for (const fs::directory_entry& entry : it) {
        if (++seen > max_entries) {
            return fail(ErrorKind::resource, fmt::format("{} holds more than {} entries", m_settings.dir.string(), max_entries));
        }
        const std::string name = entry.path().filename().string();
        if (!is_incident_ref(name)) {
            continue;  // .tmp-*, .del-*, anything else
        }
        auto text = read_file_bounded(entry.path() / metadata_name, max_metadata_bytes);
        auto metadata = text ? metadata_from_json(*text) : Result<Metadata>(std::unexpected(text.error()));
        if (!metadata || metadata->id != name) {
            if (problems != nullptr) {
                problems->push_back(fmt::format("{}: {}", name, metadata ? "metadata names another id" : metadata.error().message));
            }
            continue;
        }
        out.push_back(std::move(*metadata));
    }
    std::ranges::sort(out, [](const Metadata& a, const Metadata& b) { return std::tie(a.time, a.id) < std::tie(b.time, b.id); });
    return out;
}

Result<Metadata> Store::find(std::string_view id) const
{
    auto dir = existing_entry_dir(id);
    if (!dir) {
        return std::unexpected(dir.error());
    }
    auto text = read_file_bounded(*dir / metadata_name, max_metadata_bytes);
    if (!text) {
        return std::unexpected(text.error());
    }
    return metadata_from_json(*text);
}

Result<std::string> Store::read_message(std::string_view id, const std::optional<fs::path>& key) const
{
    auto metadata = find(id);
    if (!metadata) {
        return std::unexpected(metadata.error());
    }
    const fs::path dir = m_settings.dir / metadata->id;
    if (metadata->encrypted && !key) {
        return fail(ErrorKind::usage, fmt::format("{} is stored encrypted: give the DPO's private key with --key", id));
    }
    auto stored = read_file_bounded(dir / (metadata->encrypted ? encrypted_name : plain_name), max_stored_message_bytes);
    if (!stored) {
        return std::unexpected(stored.error());
    }
    std::string message;
    if (metadata->encrypted) {
        auto plain = decrypt_with_key(*key, *stored);
        if (!plain) {
            return std::unexpected(plain.error());
        }
        message = std::move(*plain);
    } else {
        message = std::move(*stored);
    }
    if (!constant_time_equal(sha256_hex(message), metadata->sha256)) {
        return fail(metadata->encrypted ? ErrorKind::usage : ErrorKind::io,
            fmt::format("{}: the message does not match its SHA-256{}", id,
                metadata->encrypted ? " (wrong key, or a damaged file)" : " (a damaged file)"));
    }
    return message;
}

Result<void> Store::remove(std::string_view id)
{
    auto dir = existing_entry_dir(id);
    if (!dir) {
        return std::unexpected(dir.error());
    }
    const fs::path gone = m_settings.dir / (std::string(del_prefix) + std::string(id));
    if (::rename(dir->c_str(), gone.c_str()) != 0) {
        return fail(ErrorKind::io, fmt::format("cannot remove {}: {}", dir->string(), std::strerror(errno)));
    }
    if (auto s = fsync_directory(m_settings.dir); !s) {
        return s;
    }
    // Out of sight already; what a crash leaves here is cleaned by clean_leftovers().
    (void)remove_tree(gone);
    return fsync_directory(m_settings.dir);
}

Result<int> Store::clean_leftovers(std::chrono::seconds min_age)
{
    std::error_code ec;
    if (!fs::exists(m_settings.dir, ec)) {
        return 0;
    }
    fs::directory_iterator it(m_settings.dir, ec);
    if (ec) {
        return fail(ErrorKind::io, fmt::format("cannot list {}: {}", m_settings.dir.string(), ec.message()));
    }
    std::vector<fs::path> stale;
    const auto now = fs::file_time_type::clock::now();
    std::size_t seen = 0;
    for (const fs::directory_entry& entry : it) {
        if (++seen > max_entries) {
            break;
        }
        const std::string name = entry.path().filename().string();
        if (!name.starts_with(tmp_prefix) && !name.starts_with(del_prefix)) {
            continue;
        }
        const auto modified = fs::last_write_time(entry.path(), ec);
        if (!ec && now - modified >= min_age) {
            stale.push_back(entry.path());
        }
    }
    int removed = 0;
    for (const fs::path& path : stale) {
        if (auto r = remove_tree(path); !r) {
            return std::unexpected(r.error());
        }
        ++removed;
    }
    if (removed > 0) {
        if (auto s = fsync_directory(m_settings.dir); !s) {
            return std::unexpected(s.error());
        }
    }
    return removed;
}

} // namespace pm::quarantine
