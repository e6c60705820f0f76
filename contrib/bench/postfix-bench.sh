#!/usr/bin/env bash
# Throughput of Postfix with and without protocol-milter (issue 5, section 5). Not a test: it
# prints figures. Runs as root on an otherwise idle machine; uses the private Postfix instance of
# tests/e2e/lib.sh (smtp-source -> Postfix on 127.0.0.1 -> smtp-sink).
#
# Usage: contrib/bench/postfix-bench.sh [PATH/TO/protocol-milter]
#   PM_BENCH_SMALL=2000   small ordinary messages per run
#   PM_BENCH_REFS=300     in-scope 100 KiB referrals per run
#   PM_BENCH_SESSIONS=4   parallel SMTP sessions
#   PM_BENCH_REPEAT=3     runs of the small baseline and fast path (medians reported)
#
# Runs, all in one Postfix instance so the baseline comes from the same run:
#   small, no milter        the baseline
#   small, milter unix      fast path (sender in a discloser domain, recipient outside every protocol)
#   small, milter inet      the same over loopback TCP (delayed ACK)
#   small, milter inet+qa   the same with quickack on the 127.0.0.1 route (restored afterwards)
#   refs, no milter         100 KiB referrals with an AES-256 7z attachment, baseline
#   refs, milter unix       the same, inspected (7z headers proved; no password cue in the text)
#   refs+cue, milter unix   the text says "Het wachtwoord ..." (cue words are tried first)
#   refs, ..., no password proof   limits.password_candidates = 0 (reloaded with SIGHUP): the
#                           cost of everything but the password proof (2^19 SHA-256 rounds
#                           per candidate string, up to limits.password_time_ms per message)
# The small runs are repeated with 1 session, where a delayed-ACK stall would show most.
# Throughput = messages / (first SMTP connection .. last message at the sink).
set -euo pipefail

PM_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PM_BIN=$(realpath "${1:-$PM_ROOT/build/protocol-milter}")
small=${PM_BENCH_SMALL:-2000}
refs=${PM_BENCH_REFS:-300}
sessions=${PM_BENCH_SESSIONS:-4}
repeat=${PM_BENCH_REPEAT:-3}
# shellcheck source=tests/e2e/lib.sh
. "$PM_ROOT/tests/e2e/lib.sh"

route_saved=
restore_route() {
  if [ -n "$route_saved" ]; then
    # shellcheck disable=SC2086
    ip route replace $route_saved table local || echo "bench: could not restore: ip route replace $route_saved table local" >&2
    route_saved=
  fi
}
trap 'restore_route; e2e_cleanup' EXIT
trap 'exit 130' INT TERM

E2E_MILTERS=
e2e_setup
unix_socket=$E2E_SOCKET
inet_port=$(e2e_free_port)
work=$E2E_DIR/bench
mkdir -p "$work"

# The referral: ~100 KiB of message, a 7z archive (AES-256, encrypted names) of random data.
head -c 74000 /dev/urandom >"$work/verslag.pdf"
7zz a -t7z -mhe=on -mx=0 -p'Zomer-Lint-2026!' "$work/verwijzing.7z" "$work/verslag.pdf" >/dev/null
make_ref() { # make_ref OUT TEXT: LF line ends (smtp-source -F adds the CR)
  {
    printf 'From: An Peeters <an.peeters@kindengezin.be>\nTo: socialedienst@tessenderlo-ham.be\n'
    printf 'Subject: Verwijzing gezin\nMIME-Version: 1.0\n'
    printf 'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\n'
    printf 'Content-Type: text/plain; charset=utf-8\n\n%s\n\nMet vriendelijke groeten,\nAn Peeters\nOpgroeien regie\n\n' "$2"
    printf -- '--b1\nContent-Type: application/x-7z-compressed; name="verwijzing.7z"\n'
    printf 'Content-Disposition: attachment; filename="verwijzing.7z"\nContent-Transfer-Encoding: base64\n\n'
    base64 -w 76 "$work/verwijzing.7z"
    printf -- '--b1--\n'
  } >"$1"
}
make_ref "$work/ref.txt" "Beste, in bijlage een verwijzing. Tot volgende week."
make_ref "$work/ref-cue.txt" "Beste, in bijlage een verwijzing. Het wachtwoord krijgen jullie telefonisch."
ref_bytes=$(stat -c %s "$work/ref.txt")
sed 's/$/\r/' "$work/ref.txt" >"$work/ref.eml"
"$PM_BIN" check --config "$E2E_RULES" --sender an.peeters@kindengezin.be --rcpt socialedienst@tessenderlo-ham.be \
  "$work/ref.eml" >/dev/null || e2e_die "the benchmark referral is not accepted by the rules"

e2e_start_postfix

set_milter() { # set_milter SPEC|"": Postfix's smtpd_milters, then reload
  if [ -n "$1" ]; then
    postconf -c "$E2E_CONF" -e "smtpd_milters = { $1, default_action=tempfail }"
  else
    postconf -c "$E2E_CONF" -e "smtpd_milters ="
  fi
  e2e_postfix reload >/dev/null 2>&1 || e2e_die "postfix reload failed"
  sleep 1
}
start_milter() { # start_milter SOCKET
  e2e_stop_milter TERM
  E2E_SOCKET=$1
  e2e_start_milter "$E2E_RULES"
}

results=()
# run NAME COUNT smtp-source-args...: prints and records messages per second ($sessions sessions,
# or SESSIONS=n run ...)
run() {
  local name=$1 count=$2; shift 2
  local sessions=${SESSIONS:-$sessions}
  local before t0 t1 i log_before=0
  before=$(e2e_sink_count)
  [ -f "$E2E_DIR/milter.log" ] && log_before=$(wc -l <"$E2E_DIR/milter.log")
  t0=$(date +%s.%N)
  smtp-source -s "$sessions" -m "$count" -M client.bench.test "$@" "127.0.0.1:$E2E_SMTP_PORT" \
    || e2e_die "$name: smtp-source failed"
  for i in $(seq 1 6000); do
    [ $(( $(e2e_sink_count) - before )) -ge "$count" ] && break
    sleep 0.05
  done
  t1=$(date +%s.%N)
  [ $(( $(e2e_sink_count) - before )) -ge "$count" ] || e2e_die "$name: only $(( $(e2e_sink_count) - before ))/$count delivered"
  local rate
  rate=$(echo "$count $t0 $t1" | awk '{ printf "%.0f", $1 / ($3 - $2) }')
  printf 'bench: %-26s %6d messages  %7.2f s  %5d msg/s\n' "$name" "$count" "$(echo "$t0 $t1" | awk '{print $2 - $1}')" "$rate"
  results+=("$name=$rate")
  # Inspection time of the messages the daemon judged in this run (fast-path ones are not logged).
  if [ -f "$E2E_DIR/milter.log" ]; then
    tail -n +$((log_before + 1)) "$E2E_DIR/milter.log" | grep -o 'verdict=.* ms=[0-9]*' | sed 's/.*ms=//' | sort -n \
      | awk '{ a[NR] = $1 } END { if (NR) printf "bench:   %d judged by the daemon, inspection median %d ms, max %d ms\n", NR, a[int((NR + 1) / 2)], a[NR] }' || true
  fi
  # Keep the sink directory small between runs.
  find "$E2E_DIR/sink" -type f -delete
}
# rate_of NAME: the median of the runs called NAME
rate_of() {
  local r
  for r in "${results[@]}"; do if [ "${r%%=*}" = "$1" ]; then echo "${r#*=}"; fi; done | sort -n \
    | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
rss() { awk '/^VmRSS|^VmHWM/ { printf "%s %d MiB  ", $1, $2 / 1024 }' "/proc/$E2E_MILTER_PID/status"; }

ordinary=(-f an.peeters@kindengezin.be -t jan.desmet@example.org -l 1024 -S "Vergadering donderdag")
referral=(-f an.peeters@kindengezin.be -t socialedienst@tessenderlo-ham.be)

echo "bench: $(nproc) cores, $sessions sessions, $small small messages, $refs referrals of $((ref_bytes / 1024)) KiB"
one=$((small / 4))
set_milter ""
run "warm-up" 200 "${ordinary[@]}"
start_milter "$unix_socket"
# The baseline and the fast path alternate, $repeat times each (the table shows medians): other
# load on the machine then hits both alike.
for rep in $(seq 1 "$repeat"); do
  set_milter ""
  run "small, no milter" "$small" "${ordinary[@]}"
  SESSIONS=1 run "small, no milter, 1 session" "$one" "${ordinary[@]}"
  set_milter "$E2E_POSTFIX_SOCKET"
  run "small, milter unix" "$small" "${ordinary[@]}"
  SESSIONS=1 run "small, milter unix, 1 session" "$one" "${ordinary[@]}"
done

start_milter "inet:$inet_port@127.0.0.1"
set_milter "inet:127.0.0.1:$inet_port"
run "small, milter inet" "$small" "${ordinary[@]}"
SESSIONS=1 run "small, milter inet, 1 session" "$one" "${ordinary[@]}"

quickack_on() { # sets quickack on the 127.0.0.1 route; 1 when it cannot
  route_saved=$(ip route show table local | grep -E '^local 127\.0\.0\.1 ' | head -1 || true)
  # shellcheck disable=SC2086
  [ -n "$route_saved" ] && ip route change $route_saved table local quickack 1 2>/dev/null && return 0
  route_saved=
  echo "bench: cannot set quickack on the 127.0.0.1 route here; inet+quickack skipped"
  return 1
}
if quickack_on; then
  set_milter "inet:127.0.0.1:$inet_port"   # new smtpd processes, new connections
  run "small, milter inet+quickack" "$small" "${ordinary[@]}"
  SESSIONS=1 run "small, milter inet+quickack, 1 session" "$one" "${ordinary[@]}"
  restore_route
fi

set_milter ""
run "refs, no milter" "$refs" "${referral[@]}" -F "$work/ref.txt"
start_milter "$unix_socket"
set_milter "$E2E_POSTFIX_SOCKET"
run "refs, milter unix" "$refs" "${referral[@]}" -F "$work/ref.txt"
echo "bench: daemon after the referrals: $(rss)"
run "refs+cue, milter unix" "$refs" "${referral[@]}" -F "$work/ref-cue.txt"
# The same without the password proof: what the rest of the inspection costs.
reloaded=$(grep -c 'reloaded ' "$E2E_DIR/milter.log" || true)
sed -i 's/^password_candidates = .*/password_candidates = 0/' "$E2E_RULES"
kill -HUP "$E2E_MILTER_PID"
for i in $(seq 1 100); do [ "$(grep -c 'reloaded ' "$E2E_DIR/milter.log")" -gt "$reloaded" ] && break; sleep 0.1; done
run "refs, milter unix, no password proof" "$refs" "${referral[@]}" -F "$work/ref.txt"
rss_unix=$(rss)
start_milter "inet:$inet_port@127.0.0.1"
set_milter "inet:127.0.0.1:$inet_port"
run "refs, milter inet, no password proof" "$refs" "${referral[@]}" -F "$work/ref.txt"
if quickack_on; then
  set_milter "inet:127.0.0.1:$inet_port"
  run "refs, milter inet+quickack, no password proof" "$refs" "${referral[@]}" -F "$work/ref.txt"
  restore_route
fi
echo "bench: daemon (unix) after all referral runs: $rss_unix"
judged=$(grep -c 'verdict=accept' "$E2E_DIR/milter.log" || true)
echo "bench: referrals judged accept by the daemons: $judged (want $((3 * refs)) or more)"

base=$(rate_of "small, no milter")
ref_base=$(rate_of "refs, no milter")
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
echo
echo "| run | msg/s | of no-milter |"
echo "|---|---|---|"
for name in $(for r in "${results[@]}"; do echo "${r%%=*}"; done | awk '!seen[$0]++' | tr ' ' '_'); do
  name=${name//_/ }
  [ "$name" = warm-up ] && continue
  rate=$(rate_of "$name")
  case $name in refs*) b=$ref_base ;; *"1 session") b=$(rate_of "small, no milter, 1 session") ;; *) b=$base ;; esac
  echo "| $name | $rate | $(pct "$rate" "$b") |"
done
