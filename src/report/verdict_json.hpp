// The public JSON form of a verdict (the `check --json` contract).
#pragma once

#include "policy/verdict.hpp"

#include <string>

namespace pm {

/// One line, no trailing newline:
/// {"file":"...","verdict":"...","protocols":[...],"violations":[{"code","protocol","part","detail"}]}
/// `error` is added only for a tempfail (our own failure).
std::string verdict_json_line(const std::string& file, const Verdict& verdict);

} // namespace pm
