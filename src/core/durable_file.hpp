// Crash-safe file writing: new files written and fsync'd, atomic rename, fsync of the directory.
#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace pm {

/// Creates `dir` and its missing parents with mode 0700 (existing directories are left as they
/// are). Fails when `dir` exists and is not a directory.
Result<void> make_private_directories(const std::filesystem::path& dir);

/// Creates `path` (which must not exist; symlinks are not followed) with `mode`, writes `bytes`
/// and fsyncs it. On failure the partial file is removed.
Result<void> write_new_file(const std::filesystem::path& path, std::string_view bytes, mode_t mode = 0600);

/// Writes `bytes` to a temporary file beside `path`, fsyncs it, renames it over `path` and fsyncs
/// the directory: afterwards `path` holds either the old or the new content, never a mix.
Result<void> replace_file_durably(const std::filesystem::path& path, std::string_view bytes, mode_t mode = 0600);

/// fsync() on a directory, so that a rename or unlink inside it survives a crash.
Result<void> fsync_directory(const std::filesystem::path& dir);

/// Writes every byte to `fd`, retrying short writes and EINTR.
Result<void> write_all(int fd, std::string_view bytes, const std::string& what);

/// The whole file when it is a regular file of at most `max_bytes`.
Result<std::string> read_file_bounded(const std::filesystem::path& path, std::uint64_t max_bytes);

} // namespace pm
