#!/usr/bin/env bash
# SIGHUP against a real daemon: a broken rule file is refused with its file:line:col problem and
# the old rules keep serving; a fixed one is applied to the next message. SIGHUP never stops it.
# usage: reload.sh BINARY SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
command -v miltertest >/dev/null || { echo "miltertest is not installed (contrib/install-deps.sh)" >&2; exit 1; }
# shellcheck source=daemon.sh
. "$source_dir/tests/miltertest/daemon.sh"
probe="$source_dir/tests/miltertest/reload_probe.lua"

write_gateway
start_daemon
run_script "$probe" QUEUE_ID=QHUP1 EXPECT=reject

# A syntax error in one protocol file: refused, logged with its position, old rules serve on.
protocol="$work/protocols/opgroeien-tessenderlo-ham.toml"
cp "$protocol" "$work/protocol.orig"
printf '\nbroken = [\n' >> "$protocol"
kill -HUP "$daemon_pid"
wait_for_log "reload refused: $protocol:"
wait_for_log "the rules loaded before keep serving"
kill -0 "$daemon_pid" || fail "SIGHUP stopped the daemon"
run_script "$probe" QUEUE_ID=QHUP2 EXPECT=reject

# Fixed, and kindengezin.be no longer discloses: the same message now takes the fast path.
cp "$work/protocol.orig" "$protocol"
write_gateway "" '"opgroeien.be"'
kill -HUP "$daemon_pid"
wait_for_log "reloaded $work/gateway.toml: 2 protocol(s)"
run_script "$probe" QUEUE_ID=QHUP3 EXPECT=fast_path

# A burst of SIGHUPs: each is a reload, none stops the milter (libmilter's own signal thread
# would stop on SIGHUP if it received one; before the sigwait interposition in serve_command.cpp
# a burst under load sometimes reached it).
for _ in $(seq 1 300); do kill -HUP "$daemon_pid"; done
sleep 1
kill -0 "$daemon_pid" || fail "a burst of SIGHUPs stopped the daemon"
run_script "$probe" QUEUE_ID=QHUP4 EXPECT=fast_path

check_spool_empty
stop_daemon || fail "the daemon did not stop cleanly"
grep -qF "stopped: status=0" "$log" || fail "no clean stop in the log"
echo "PASS reload"
