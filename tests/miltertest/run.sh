#!/usr/bin/env bash
# One miltertest script against a real `protocol-milter serve` on a private unix socket.
# usage: run.sh BINARY SOURCE_DIR SCRIPT [EXTRA_TOML [NAME=VALUE...]]
# EXTRA_TOML is appended to the private gateway.toml (\n for new lines); each NAME=VALUE becomes a
# Lua global of the script (miltertest -D).
set -euo pipefail
binary=$1
source_dir=$2
script=$3
extra=${4:-}
shift $(($# < 4 ? $# : 4))
command -v miltertest >/dev/null || { echo "miltertest is not installed (contrib/install-deps.sh)" >&2; exit 1; }
# shellcheck source=daemon.sh
. "$source_dir/tests/miltertest/daemon.sh"

write_gateway "$(printf '%b' "$extra")"
start_daemon
run_script "$script" "$@"
check_spool_empty
peak=$(grep -h VmHWM "/proc/$daemon_pid/status" || echo "VmHWM: n/a")
stop_daemon || fail "the daemon did not stop cleanly"
grep -qF "stopped: status=0" "$log" || fail "no clean stop in the log"
[ ! -e "$socket" ] || fail "the socket was left behind"
echo "daemon peak memory: $peak"
echo "PASS $(basename "$script")"
