// The daemon's spdlog logger: stderr with syslog priority prefixes (journald) or syslog.
#pragma once

#include "config/milter_settings.hpp"

namespace pm::cli {

/// Makes the default spdlog logger write to `target` at info (or debug) level. Thread-safe sinks.
void setup_logging(LogTarget target, bool debug);

} // namespace pm::cli
