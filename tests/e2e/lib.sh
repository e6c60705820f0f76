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
#   $E2E_DIR/spool/protocol-milter  milter socket directory (group postfix), reached
#                     by Postfix as unix:protocol-milter/milter.sock (relative to the queue
#                     directory, as contrib/postfix/main.cf.snippet documents)
#   $E2E_DIR/rules    a copy of rules/ whose gateway.toml keeps every path the daemon and the
#                     DPO commands write in the temp dir (e2e_make_rules)
#   $E2E_DIR/milter-spool  the daemon's spool ([milter] spool_dir)
#   $E2E_DIR/state    quarantine store, register (audit.jsonl) and release key
#   $E2E_DIR/maillog  Postfix's log
e2e_setup() {
  [ "$(id -u)" -eq 0 ] || e2e_die "must run as root (a private Postfix instance needs it)"
  for tool in postfix postconf postqueue postsuper sendmail smtp-sink smtp-source swaks ss; do
    command -v "$tool" >/dev/null || e2e_die "'$tool' not found: run contrib/install-deps.sh"
  done
  E2E_DIR=$(mktemp -d /tmp/pm-e2e.XXXXXX)
  chmod 0755 "$E2E_DIR"
  mkdir -p "$E2E_DIR/etc" "$E2E_DIR/spool/protocol-milter" "$E2E_DIR/data" "$E2E_DIR/sink" \
    "$E2E_DIR/milter-spool"
  chown "$E2E_POSTFIX_USER" "$E2E_DIR/data" "$E2E_DIR/sink"
  chgrp "$E2E_POSTFIX_USER" "$E2E_DIR/spool/protocol-milter"
  chmod 0750 "$E2E_DIR/spool/protocol-milter"
  chmod 0700 "$E2E_DIR/milter-spool"
  e2e_make_rules
  E2E_SMTP_PORT=$(e2e_free_port) || e2e_die "no free port"
  E2E_SINK_PORT=$(e2e_free_port) || e2e_die "no free port"
  [ "$E2E_SMTP_PORT" != "$E2E_SINK_PORT" ] || E2E_SINK_PORT=$((E2E_SMTP_PORT + 1))
  # The daemon's socket, and how Postfix names it (relative to its queue directory).
  if [ -z "${E2E_SOCKET:-}" ]; then
    E2E_SOCKET=unix:$E2E_DIR/spool/protocol-milter/milter.sock
    E2E_POSTFIX_SOCKET=unix:protocol-milter/milter.sock
  fi
  E2E_POSTFIX_SOCKET=${E2E_POSTFIX_SOCKET:-$E2E_SOCKET}
  E2E_CONF=$E2E_DIR/etc
  E2E_MAILLOG=$E2E_DIR/maillog
  e2e_write_postfix_config
  e2e_start_sink
}

# A copy of the shipped rules the daemon may use here. Nothing the daemon or the DPO commands
# write may land outside the temp dir: the spool, the quarantine store, the register and the
# release key are under it, and the sendmail command (releases, sender notices, reports) is the
# private instance's (`sendmail -C DIR`; without it sendmail reads /etc/postfix/main.cf, which a
# machine with Postfix installed as "No configuration" does not have). Runs as root, as the whole
# test does: postdrop then writes to the private maildrop directory without further set-up.
e2e_make_rules() {
  cp -a "$PM_ROOT/rules" "$E2E_DIR/rules"
  E2E_RULES=$E2E_DIR/rules/gateway.toml
  E2E_STATE=$E2E_DIR/state
  E2E_REGISTER=$E2E_STATE/audit.jsonl
  e2e_set_key milter spool_dir "\"$E2E_DIR/milter-spool\""
  # As under systemd (Group=postfix): the socket is 0660 in group postfix.
  e2e_set_key milter socket_group '"postfix"'
  e2e_set_key quarantine dir "\"$E2E_STATE/quarantine\""
  e2e_set_key quarantine release_key "\"$E2E_STATE/release.key\""
  e2e_set_key audit file "\"$E2E_REGISTER\""
  # The gateway appends: -f <sender> -- <recipients...>
  e2e_set_key delivery sendmail "[\"$(command -v sendmail)\", \"-C\", \"$E2E_DIR/etc\", \"-G\", \"-i\"]"
  e2e_set_key delivery timeout_seconds 30
  e2e_set_key notice reporting_mta '"gateway.e2e.test"'
}

# e2e_set_key TABLE KEY VALUE [FILE]: sets KEY in TABLE of FILE (default: the copied
# gateway.toml); the table is appended when the file has none (the shipped file has the DPO
# tables commented out). VALUE is TOML, quoted as needed.
e2e_set_key() {
  local table=$1 key=$2 value=$3 file=${4:-$E2E_DIR/rules/gateway.toml}
  sed -i "/^\[$table\]/,/^\[/{/^$key *=/d}" "$file"
  if grep -q "^\[$table\]" "$file"; then
    awk -v t="[$table]" -v line="$key = $value" '{ print } $0 == t { print line }' "$file" >"$file.new" \
      && mv "$file.new" "$file"
  else
    printf '\n[%s]\n%s = %s\n' "$table" "$key" "$value" >>"$file"
  fi
}

e2e_write_postfix_config() {
  local milters=${E2E_MILTERS-"{ $E2E_POSTFIX_SOCKET, default_action=tempfail }"}
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
# Mail from the sendmail command (the DPO's releases, sender notices) goes through the milter too,
# as contrib/postfix/main.cf.snippet says: a release proves its mark through pickup and cleanup.
non_smtpd_milters = $milters
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
  # umask 077 as in the unit: the daemon itself gives the socket its mode and group.
  ( umask 077; exec "$PM_BIN" serve --config "$config" --socket "$E2E_SOCKET" --foreground "$@" ) \
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

# --- A minimal SMTP client for exact per-message outcomes --------------------------------------
# smtp-source stops at the first 4xx/5xx of any session, and swaks sends one message per process;
# the e2e test needs the final reply code of every message in a run. Bash and /dev/tcp suffice.

_e2e_smtp_fd=
# Reads one (possibly multi-line) reply; sets E2E_SMTP_CODE and E2E_SMTP_TEXT. 1 on EOF/timeout.
_e2e_smtp_reply() {
  local line
  E2E_SMTP_TEXT=
  while :; do
    IFS= read -r -t 120 -u "$_e2e_smtp_fd" line || return 1
    line=${line%$'\r'}
    E2E_SMTP_TEXT+="$line"$'\n'
    case $line in
      [0-9][0-9][0-9]-*) ;;
      [0-9][0-9][0-9]*) E2E_SMTP_CODE=${line:0:3}; return 0 ;;
      *) return 1 ;;
    esac
  done
}
_e2e_smtp_close() {
  [ -n "$_e2e_smtp_fd" ] && exec {_e2e_smtp_fd}>&-
  _e2e_smtp_fd=
}
_e2e_smtp_open() {
  E2E_SMTP_CODE=000
  exec {_e2e_smtp_fd}<>"/dev/tcp/127.0.0.1/$E2E_SMTP_PORT" || { _e2e_smtp_fd=; return 1; }
  if _e2e_smtp_reply && [ "$E2E_SMTP_CODE" = 220 ] \
    && printf 'EHLO client.e2e.test\r\n' >&"$_e2e_smtp_fd" && _e2e_smtp_reply && [ "$E2E_SMTP_CODE" = 250 ]; then
    return 0
  fi
  _e2e_smtp_close
  return 1
}
# Sends one command; 0 when the reply code starts with $2 (e.g. 2 or 3).
_e2e_smtp_cmd() {
  printf '%s\r\n' "$1" >&"$_e2e_smtp_fd" 2>/dev/null && _e2e_smtp_reply || { E2E_SMTP_CODE=000; return 1; }
  [ "${E2E_SMTP_CODE:0:1}" = "$2" ]
}

# e2e_smtp_send JOBS RESULTS: sends every job of JOBS (lines "ID FROM TO FILE"; FILE a CRLF
# message) over one session, reconnecting when the server closes it, and appends "ID CODE" to
# RESULTS: CODE is the final reply (250 accepted, 4xx try again, 5xx refused, 000 no answer).
# E2E_SMTP_FINAL holds the last job's final reply text ("250 2.0.0 Ok: queued as ...").
e2e_smtp_send() {
  local jobs=$1 results=$2 id from to file
  while read -r id from to file; do
    if [ -z "$_e2e_smtp_fd" ] && ! _e2e_smtp_open; then
      echo "$id ${E2E_SMTP_CODE:-000}" >>"$results"
      sleep 0.2   # the server refused the session: back off a little, as an MTA would
      continue
    fi
    if _e2e_smtp_cmd "MAIL FROM:<$from>" 2 && _e2e_smtp_cmd "RCPT TO:<$to>" 2 && _e2e_smtp_cmd DATA 3; then
      { sed 's/^\./../' "$file"; printf '.\r\n'; } >&"$_e2e_smtp_fd" 2>/dev/null
      _e2e_smtp_reply || E2E_SMTP_CODE=000
    fi
    E2E_SMTP_FINAL=$E2E_SMTP_TEXT
    echo "$id $E2E_SMTP_CODE" >>"$results"
    case $E2E_SMTP_CODE in
      2*) ;;
      # After a milter failure Postfix tempfails the rest of the session: reconnect, after a short
      # back-off as an MTA would (a real one waits minutes).
      000|4*) _e2e_smtp_close; sleep 0.2 ;;
      *) _e2e_smtp_cmd RSET 2 || _e2e_smtp_close ;;
    esac
  done <"$jobs"
  [ -n "$_e2e_smtp_fd" ] && _e2e_smtp_cmd QUIT 2 >/dev/null
  _e2e_smtp_close
  return 0
}

# e2e_sink_payload FILE: the message as Postfix relayed it, without smtp-sink's own records
# (X-Client-Addr ... and its Received header), without the Received header Postfix added, and
# without the empty line smtp-sink appends. Line ends are LF.
e2e_sink_payload() {
  awk 'body { print; next }
       /^Received:/ { received++; next }
       received < 2 || /^[ \t]/ { next }
       { body = 1; print }' "$1" | sed '${/^$/d}'
}
