// Loads and validates gateway.toml and the protocol files into an immutable Policy.
#pragma once

#include "config/policy.hpp"

#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace pm {

/// One configuration problem, printed as `file:line:col: key.path: problem (fix)`.
struct ConfigDiagnostic {
    std::string file;
    int line = 0;    ///< 0 when the problem has no position (e.g. missing file)
    int column = 0;
    std::string key_path;  ///< dotted, e.g. "transport.archive.min_kdf_cycles_power"
    std::string problem;
    std::string fix;

    std::string str() const;
};

using ConfigResult = std::expected<std::shared_ptr<const Policy>, std::vector<ConfigDiagnostic>>;

/// Reads `gateway_file` and every protocol file it names, validating everything in one pass and
/// collecting all problems (not only the first). Pure: touches only the files it reads.
ConfigResult load_policy(const std::filesystem::path& gateway_file);

} // namespace pm
