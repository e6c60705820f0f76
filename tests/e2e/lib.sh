# shellcheck shell=bash
# Shared by tests/e2e/run.sh and contrib/bench/postfix-bench.sh: a private Postfix instance (own
# config and queue directories under one temp dir, smtpd on a loopback high port, no chroot),
# an smtp-sink as its relay host, and the milter daemon. Source it, set PM_ROOT (the source tree)
# and PM_BIN (the protocol-milter binary), call e2e_setup, and register e2e_cleanup in a trap.
#
# Pitfalls met on Debian 12 / Postfix 3.7 and handled here:
# - `postfix -c DIR` needs an absolute DIR; a relative one fails without a word.
# - start/stop messages go to the maillog, not the terminal: every step checks exit codes.
# - maillog_file needs a `postlog unix-dgram` service in master.cf, and a path under one of
#   maillog_file_prefixes (default /var, /dev/stdout): otherwise every postfix command exits 1
#   silently.
# - smtp-sink refuses to run as root without `-u USER`; its dump directory must be the user's.
# - the milter socket's directory must let user postfix in, and the socket must be writable by it.
# - libmilter takes seconds to exit after SIGTERM (it polls): stopping waits, then SIGKILLs.

E2E_POSTFIX_USER=postfix

e2e_die() { echo "e2e: $*" >&2; exit 1; }
e2e_log() { echo "e2e: $*" >&2; }

# A free TCP port on 127.0.0.1 (not listening now), outside the ephemeral range's busiest part.
e2e_free_port() {
  local port tries=0
  while [ $tries -lt 200 ]; do
    port=$((20000 + RANDOM % 30000))
    tries=$((tries + 1))
    ss -Htln "sport = :$port" | grep -q . && continue
    ss -Htan "sport = :$port" | grep -q . && continue
    echo "$port"
    return 0
  done
  return 1
}

# e2e_setup: makes E2E_DIR with the layout below and starts the sink. Does not start Postfix.
#   $E2E_DIR/etc      config_directory (main.cf, master.cf)
#   $E2E_DIR/spool    queue_directory
#   $E2E_DIR/data     data_directory
#   $E2E_DIR/sink     smtp-sink dumps, one file per delivered message
#   $E2E_DIR/run      milter socket directory (group postfix)
#   $E2E_DIR/maillog  Postfix's log
e2e_setup() {
  [ "$(id -u)" -eq 0 ] || e2e_die "must run as root (a private Postfix instance needs it)"
  for tool in postfix postconf postqueue postsuper smtp-sink smtp-source swaks ss; do
    command -v "$tool" >/dev/null || e2e_die "'$tool' not found: run contrib/install-deps.sh"
  done
  E2E_DIR=$(mktemp -d /tmp/pm-e2e.XXXXXX)
  chmod 0755 "$E2E_DIR"
  mkdir -p "$E2E_DIR/etc" "$E2E_DIR/spool" "$E2E_DIR/data" "$E2E_DIR/sink" "$E2E_DIR/run"
  chown "$E2E_POSTFIX_USER" "$E2E_DIR/data" "$E2E_DIR/sink"
  chgrp "$E2E_POSTFIX_USER" "$E2E_DIR/run"
  chmod 2750 "$E2E_DIR/run"   # setgid: the socket made in it belongs to group postfix
  E2E_SMTP_PORT=$(e2e_free_port) || e2e_die "no free port"
  E2E_SINK_PORT=$(e2e_free_port) || e2e_die "no free port"
  [ "$E2E_SMTP_PORT" != "$E2E_SINK_PORT" ] || E2E_SINK_PORT=$((E2E_SMTP_PORT + 1))
  E2E_SOCKET=${E2E_SOCKET:-unix:$E2E_DIR/run/milter.sock}
  E2E_CONF=$E2E_DIR/etc
  E2E_MAILLOG=$E2E_DIR/maillog
  e2e_write_postfix_config
  e2e_start_sink
}

e2e_write_postfix_config() {
  local milters=${E2E_MILTERS-"{ $E2E_SOCKET, default_action=tempfail }"}
  cat >"$E2E_CONF/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $E2E_DIR/spool
data_directory = $E2E_DIR/data
mail_owner = $E2E_POSTFIX_USER
setgid_group = postdrop
maillog_file = $E2E_MAILLOG
# maillog_file must start with one of these (default /var, /dev/stdout): without this line every
# postfix command exits 1 without a word.
maillog_file_prefixes = $E2E_DIR
myhostname = gateway.e2e.test
mydomain = e2e.test
myorigin = \$mydomain
mydestination =
local_recipient_maps =
local_transport = error:5.1.1 no local delivery in the e2e instance
alias_maps =
alias_database =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
relayhost = [127.0.0.1]:$E2E_SINK_PORT
smtp_dns_support_level = disabled
smtp_tls_security_level = none
smtpd_tls_security_level = none
biff = no
# Deferred mail is retried only when the test says so (postqueue -f), never behind its back.
queue_run_delay = 3600s
minimal_backoff_time = 3600s
maximal_backoff_time = 3600s
smtpd_milters = $milters
non_smtpd_milters =
milter_protocol = 6
milter_connect_timeout = 10s
milter_command_timeout = 30s
milter_content_timeout = 60s
milter_default_action = tempfail
message_size_limit = 52428800
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
default_process_limit = 100
CF
  cat >"$E2E_CONF/master.cf" <<CF
127.0.0.1:$E2E_SMTP_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
}

e2e_start_sink() {
  # -d: one file per transaction; -u: smtp-sink drops root; 100: listen backlog.
  smtp-sink -u "$E2E_POSTFIX_USER" -d "$E2E_DIR/sink/%H%M%S." "127.0.0.1:$E2E_SINK_PORT" 100 \
    >"$E2E_DIR/sink.log" 2>&1 &
  E2E_SINK_PID=$!
  local i
  for i in $(seq 1 50); do
    ss -Htln "sport = :$E2E_SINK_PORT" | grep -q . && return 0
    kill -0 "$E2E_SINK_PID" 2>/dev/null || e2e_die "smtp-sink did not start: $(cat "$E2E_DIR/sink.log")"
    sleep 0.1
  done
  e2e_die "smtp-sink is not listening on $E2E_SINK_PORT"
}

e2e_postfix() { postfix -c "$E2E_CONF" "$@"; }
e2e_postqueue() { postqueue -c "$E2E_CONF" "$@"; }
e2e_postsuper() { postsuper -c "$E2E_CONF" "$@"; }

e2e_start_postfix() {
  e2e_postfix check || e2e_die "postfix check failed: $(tail -5 "$E2E_MAILLOG" 2>/dev/null)"
  e2e_postfix start || e2e_die "postfix start failed: $(tail -20 "$E2E_MAILLOG" 2>/dev/null)"
  local i
  for i in $(seq 1 100); do
    ss -Htln "sport = :$E2E_SMTP_PORT" | grep -q . && { E2E_POSTFIX_STARTED=1; return 0; }
    sleep 0.1
  done
  e2e_die "postfix is not listening on $E2E_SMTP_PORT: $(tail -20 "$E2E_MAILLOG")"
}

e2e_stop_postfix() {
  [ -n "${E2E_POSTFIX_STARTED:-}" ] || return 0
  e2e_postfix stop >/dev/null 2>&1 || e2e_postfix abort >/dev/null 2>&1 || true
  E2E_POSTFIX_STARTED=
}

# e2e_start_milter CONFIG [extra args]: starts the daemon in the foreground (in the background of
# this shell) on E2E_SOCKET and waits until the socket accepts connections.
e2e_start_milter() {
  local config=$1; shift
  local path=${E2E_SOCKET#unix:}
  [ "$path" != "$E2E_SOCKET" ] && rm -f "$path"
  # umask 007 makes the socket group-writable; the directory's setgid bit gives it group postfix.
  ( umask 007; exec "$PM_BIN" serve --config "$config" --socket "$E2E_SOCKET" --foreground "$@" ) \
    >>"$E2E_DIR/milter.log" 2>&1 &
  E2E_MILTER_PID=$!
  local i
  for i in $(seq 1 100); do
    kill -0 "$E2E_MILTER_PID" 2>/dev/null || e2e_die "milter exited at start: $(tail -20 "$E2E_DIR/milter.log")"
    if [ "$path" != "$E2E_SOCKET" ]; then
      [ -S "$path" ] && return 0
    else
      local port=${E2E_SOCKET#inet:}; port=${port%@*}
      ss -Htln "sport = :$port" | grep -q . && return 0
    fi
    sleep 0.1
  done
  e2e_die "milter socket $E2E_SOCKET did not appear: $(tail -20 "$E2E_DIR/milter.log")"
}

# e2e_stop_milter [SIGNAL]: TERM (default) waits up to 15 s, then KILL; KILL is immediate.
e2e_stop_milter() {
  local sig=${1:-TERM} pid=${E2E_MILTER_PID:-}
  [ -n "$pid" ] || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  E2E_MILTER_PID=
}

e2e_cleanup() {
  local status=$?
  e2e_stop_milter TERM
  e2e_stop_postfix
  if [ -n "${E2E_SINK_PID:-}" ]; then
    kill "$E2E_SINK_PID" 2>/dev/null || true
    wait "$E2E_SINK_PID" 2>/dev/null || true
  fi
  if [ -n "${E2E_DIR:-}" ] && [ -d "$E2E_DIR" ]; then
    if [ "$status" -ne 0 ] && [ -z "${E2E_KEEP:-}" ]; then
      echo "e2e: --- last lines of the maillog ---" >&2
      tail -40 "$E2E_MAILLOG" >&2 2>/dev/null || true
      echo "e2e: --- last lines of the milter log ---" >&2
      tail -40 "$E2E_DIR/milter.log" >&2 2>/dev/null || true
    fi
    if [ -n "${E2E_KEEP:-}" ]; then
      echo "e2e: kept $E2E_DIR" >&2
    else
      rm -rf "$E2E_DIR"
    fi
  fi
  return "$status"
}

# Number of messages the sink has received.
e2e_sink_count() { find "$E2E_DIR/sink" -type f | wc -l; }

# e2e_wait_queue_empty [SECONDS]: waits until Postfix's active/incoming queues are empty (held
# and deferred mail is not waited for).
e2e_wait_queue_empty() {
  local limit=${1:-60} i
  for i in $(seq 1 $((limit * 10))); do
    [ -z "$(find "$E2E_DIR/spool/incoming" "$E2E_DIR/spool/active" "$E2E_DIR/spool/maildrop" -type f 2>/dev/null | head -1)" ] && return 0
    sleep 0.1
  done
  return 1
}
