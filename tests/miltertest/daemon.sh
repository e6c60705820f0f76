# Shell functions shared by the miltertest drivers: a private gateway.toml, one real
# `protocol-milter serve` on a unix socket in a temporary directory, and a clean stop.
# Sourced by run.sh and reload.sh; expects $binary and $source_dir.

work=$(mktemp -d "${TMPDIR:-/tmp}/pm-miltertest-XXXXXX")
daemon_pid=
socket="$work/milter.sock"
log="$work/daemon.log"

fail() {
  echo "FAIL: $*" >&2
  if [ -f "$log" ]; then
    echo "--- daemon log" >&2
    tail -n 40 "$log" >&2
  fi
  exit 1
}

# Writes $work/gateway.toml: the shipped protocols and lexicons, a private spool, and any extra
# TOML given (appended after [milter]; it may open further tables).
write_gateway() {
  local discloser_domains=${2:-'"opgroeien.be", "kindengezin.be"'}
  mkdir -p "$work/spool"
  cat > "$work/gateway.toml" <<TOML
schema_version = 1
[gateway]
discloser_domains = [$discloser_domains]
lexicons = "$source_dir/rules/lexicons"
protocols = ["$work/protocols/*.toml"]
[milter]
spool_dir = "$work/spool"
memory_buffer_bytes = 65536
log_level = "debug"
${1:-}
[quarantine]
dir = "$work/quarantine"
release_key = "$work/release.key"
[audit]
file = "$work/audit.jsonl"
[notice]
templates = "$source_dir/rules/templates"
[delivery]
sendmail = ["/bin/true"]
TOML
  if [ ! -d "$work/protocols" ]; then
    cp -r "$source_dir/rules/protocols" "$work/protocols"
  fi
}

start_daemon() {
  "$binary" serve --foreground --config "$work/gateway.toml" --socket "unix:$socket" 2>>"$log" &
  daemon_pid=$!
  local tries=0
  until [ -S "$socket" ]; do
    kill -0 "$daemon_pid" 2>/dev/null || { daemon_pid=; fail "the daemon exited at start"; }
    tries=$((tries + 1))
    [ "$tries" -lt 200 ] || fail "no socket after 10 s"
    sleep 0.05
  done
}

# SIGTERM, then wait (libmilter notices within about 5 s); SIGKILL after 30 s so that nothing
# outlives the test. Returns the daemon's exit status.
stop_daemon() {
  [ -n "$daemon_pid" ] || return 0
  local pid=$daemon_pid tries=0 status=0
  daemon_pid=
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 300 ]; do
    sleep 0.1
    tries=$((tries + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "daemon did not stop within 30 s after SIGTERM" >&2
    return 1
  fi
  wait "$pid" || status=$?
  return "$status"
}

cleanup() {
  [ -z "${PM_KEEP_LOG:-}" ] || cp "$log" "$PM_KEEP_LOG" 2>/dev/null || true
  stop_daemon || true
  rm -rf "$work"
}
trap cleanup EXIT

# Runs one miltertest script against the daemon; each NAME=VALUE after it becomes a Lua global.
run_script() {
  local script=$1 definition
  shift
  local defines=()
  for definition in "$@"; do
    defines+=(-D "$definition")
  done
  miltertest -D SOCK="$socket" -D LIB="$source_dir/tests/miltertest/lib.lua" -D LOG="$log" "${defines[@]}" \
    -s "$script" || fail "miltertest $(basename "$script") $*"
}

# No message bytes may be left in the spool.
check_spool_empty() {
  if [ -n "$(ls -A "$work/spool")" ]; then
    fail "spool not empty: $(ls -A "$work/spool")"
  fi
}

# Waits up to 10 s for a fixed string in the daemon log.
wait_for_log() {
  local tries=0
  until grep -qF -- "$1" "$log"; do
    tries=$((tries + 1))
    [ "$tries" -lt 200 ] || fail "no '$1' in the daemon log"
    sleep 0.05
  done
}
