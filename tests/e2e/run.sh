#!/usr/bin/env bash
# End-to-end test (CTest e2e_postfix, label e2e): protocol-milter in a real, private Postfix
# instance (tests/e2e/lib.sh) with an smtp-sink as relay host. Needs root, postfix, swaks, 7zz.
# Usage: tests/e2e/run.sh PATH/TO/protocol-milter        (E2E_KEEP=1 keeps the temp dir)
#
# Cases (issue 5, section 4):
#  a  ordinary mail to an outside address is delivered byte for byte unchanged
#  b  a compliant 7z referral to the registered mailbox is delivered with X-Protocol-Check
#  c  a plain-docx referral gets 550 5.7.1 with the Dutch lines at the client, not delivered
#  d  a special-category referral is held in Postfix's hold queue, not delivered
#  e  milter stopped: the client gets 4xx and nothing is delivered or queued; after a restart
#     the retry is delivered
#  f  SIGHUP with a broken rule file keeps the old rules; with the fixed file the new rules apply
#  g  SIGKILL in the middle of a 500-message run, restart: every message is delivered once,
#     refused with 5xx, or refused with 4xx and delivered after a retry; none lost or doubled
set -euo pipefail

PM_BIN=$(realpath "${1:?usage: run.sh PATH/TO/protocol-milter}")
PM_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/e2e/lib.sh
. "$PM_ROOT/tests/e2e/lib.sh"

trap e2e_cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
step() { echo "e2e: [$(( $(date +%s) - started ))s] $*"; }
fail() { echo "e2e: FAIL: $*" >&2; exit 1; }
pass() { echo "e2e: ok   $*"; }

command -v 7zz >/dev/null || e2e_die "'7zz' not found: run contrib/install-deps.sh"
e2e_setup
step "private Postfix in $E2E_DIR: smtpd 127.0.0.1:$E2E_SMTP_PORT, sink 127.0.0.1:$E2E_SINK_PORT"

# The example messages, made now with the real 7zz and zip (contrib/examples/make-examples.sh).
ex=$E2E_DIR/examples
bash "$PM_ROOT/contrib/examples/make-examples.sh" "$ex" >/dev/null
sender=an.peeters@kindengezin.be
registered=socialedienst@tessenderlo-ham.be

e2e_start_milter "$E2E_RULES"
socket_path=${E2E_SOCKET#unix:}
[ "$(stat -c '%a %G' "$socket_path")" = "660 postfix" ] \
  || fail "the milter socket is $(stat -c '%a %G' "$socket_path"), want 660 in group postfix"
e2e_start_postfix

# swaks_send FROM TO FILE: one message; swaks' transcript in $E2E_DIR/swaks.out, status returned.
swaks_send() {
  swaks -n --server "127.0.0.1:$E2E_SMTP_PORT" --helo client.e2e.test --from "$1" --to "$2" \
    --data "$3" --timeout 120 >"$E2E_DIR/swaks.out" 2>&1
}
queued_id() { sed -n 's/.*250 2\.0\.0 Ok: queued as \([0-9A-F]*\).*/\1/p' "$E2E_DIR/swaks.out" | tail -1; }
# sink_file_with PATTERN: the one sink file whose content matches PATTERN (grep -E), or fail.
sink_files_with() { grep -lE -- "$1" "$E2E_DIR"/sink/* 2>/dev/null || true; }
wait_sent() { # wait_sent QUEUE_ID: Postfix has delivered it to the sink
  local i
  for i in $(seq 1 200); do
    grep -q "$1: to=<.*status=sent" "$E2E_MAILLOG" && return 0
    sleep 0.05
  done
  fail "queue id $1 was not delivered: $(grep "$1" "$E2E_MAILLOG" | tail -3)"
}

# --- (a) ordinary mail is delivered unchanged ------------------------------------------------
step "(a) ordinary mail to an outside address"
# Sent by the bash client (lib.sh), which sends the file's bytes as they are: swaks adds a line.
send_exact() { # send_exact TO FILE: one message; 250 or fail; sets id to the queue id
  echo "one $sender $1 $2" >"$E2E_DIR/one.job"; : >"$E2E_DIR/one.result"
  e2e_smtp_send "$E2E_DIR/one.job" "$E2E_DIR/one.result"
  grep -qx 'one 250' "$E2E_DIR/one.result" || fail "not accepted: $(cat "$E2E_DIR/one.result") $E2E_SMTP_TEXT"
  id=$(echo "$E2E_SMTP_TEXT" | sed -n 's/^250 2\.0\.0 Ok: queued as \([0-9A-F]*\).*/\1/p')
}
send_exact jan.desmet@example.org "$ex/01-ordinary-mail-outside.eml"
wait_sent "$id"
files=$(sink_files_with '^Message-I[Dd]: <01-ordinary-mail-outside@')
[ "$(echo "$files" | grep -c .)" = 1 ] || fail "(a) expected 1 delivery, got: $files"
cmp <(e2e_sink_payload "$files") <(tr -d '\r' <"$ex/01-ordinary-mail-outside.eml") \
  || fail "(a) the delivered message differs from the one sent"
grep -q '^X-Protocol-Check:' "$files" && fail "(a) ordinary mail got an X-Protocol-Check header"
pass "(a) delivered byte for byte unchanged (no header added)"

# --- (b) compliant 7z referral: delivered with the header ---------------------------------------
step "(b) compliant 7z referral to $registered"
send_exact "$registered" "$ex/03-referral-7z-tessenderlo-ham.eml"
wait_sent "$id"
files=$(sink_files_with '^Message-I[Dd]: <03-referral-7z-tessenderlo-ham@')
[ "$(echo "$files" | grep -c .)" = 1 ] || fail "(b) expected 1 delivery, got: $files"
header=$(grep '^X-Protocol-Check:' "$files" || true)
[[ $header =~ ^X-Protocol-Check:\ pass\;\ protocol=opgroeien-tessenderlo-ham\;\ ref=PM-[0-9]{8}-[0-9A-Z]{8}$ ]] \
  || fail "(b) unexpected header: '$header'"
cmp <(e2e_sink_payload "$files" | grep -v '^X-Protocol-Check:') <(tr -d '\r' <"$ex/03-referral-7z-tessenderlo-ham.eml") \
  || fail "(b) the referral was changed beyond the added header"
pass "(b) delivered, $header"

# --- (c) plain docx: 550 with the Dutch lines, not delivered -----------------------------------
step "(c) plain-docx referral"
status=0; swaks_send "$sender" "$registered" "$ex/04-referral-plain-docx-tessenderlo-ham.eml" || status=$?
[ "$status" -ne 0 ] || fail "(c) swaks reports success for the docx referral"
grep -q '^<\*\* *550-5\.7\.1 Geweigerd: dit bericht voldoet niet aan het protocol' "$E2E_DIR/swaks.out" \
  || fail "(c) no 550 5.7.1 first line: $(grep '^<' "$E2E_DIR/swaks.out" | tail -4)"
grep -q "^<\*\* *550[- ]5\.7\.1 Bijlage .*docx) is niet versleuteld: stuur ze in een 7-Zip-archief met AES-256 en vink 'Bestandsnamen versleutelen' aan\.\$" \
  "$E2E_DIR/swaks.out" || fail "(c) the Dutch fix line is missing: $(grep '^<\*\*' "$E2E_DIR/swaks.out")"
grep -q '^<\*\* *550 5\.7\.1 ' "$E2E_DIR/swaks.out" || fail "(c) no final 550 5.7.1 line"
e2e_wait_queue_empty 10 || fail "(c) Postfix's queue does not drain"
[ -z "$(sink_files_with '^Message-I[Dd]: <04-referral-plain-docx')" ] || fail "(c) the docx referral was delivered"
[ "$(e2e_postqueue -j | grep -c .)" = 0 ] || fail "(c) something is in Postfix's queue: $(e2e_postqueue -j)"
pass "(c) refused at the client: $(grep -c '^<\*\* *550' "$E2E_DIR/swaks.out") reply lines 550 5.7.1, nothing delivered or queued"

# --- (d) special category: held ----------------------------------------------------------------
step "(d) special-category referral"
swaks_send "$sender" "$registered" "$ex/13-health-data-in-body.eml" \
  || fail "(d) not accepted for holding: $(tail -5 "$E2E_DIR/swaks.out")"
held=$(queued_id)
[ -n "$held" ] || fail "(d) no queue id"
for i in $(seq 1 50); do e2e_postqueue -j | grep -q "\"queue_name\": \"hold\", \"queue_id\": \"$held\"" && break; sleep 0.1; done
e2e_postqueue -j | grep -q "\"queue_name\": \"hold\", \"queue_id\": \"$held\"" \
  || fail "(d) $held is not in the hold queue: $(e2e_postqueue -j)"
grep -q "$held: milter-hold: END-OF-MESSAGE" "$E2E_MAILLOG" || fail "(d) no milter-hold log line"
sleep 0.5
[ -z "$(sink_files_with '^Message-I[Dd]: <13-health-data-in-body@')" ] || fail "(d) the held message was delivered"
pass "(d) held in Postfix's hold queue as $held, not delivered"
e2e_postsuper -d "$held" hold >/dev/null 2>&1 || fail "(d) postsuper -d $held failed"

# --- (e) milter stopped: 4xx; after restart the retry is delivered ------------------------------
step "(e) milter stopped"
before=$(e2e_sink_count)
e2e_stop_milter TERM
status=0; swaks_send "$sender" "$registered" "$ex/03-referral-7z-tessenderlo-ham.eml" || status=$?
[ "$status" -ne 0 ] || fail "(e) accepted with the milter stopped"
grep -q '^<\*\* *4[0-9][0-9] 4\.[0-9]\.[0-9]' "$E2E_DIR/swaks.out" || fail "(e) no 4xx reply: $(grep '^<' "$E2E_DIR/swaks.out" | tail -3)"
code=$(grep -o '^<\*\* *4[0-9][0-9] [0-9.]*' "$E2E_DIR/swaks.out" | head -1 | sed 's/^<\*\* *//')
status=0; swaks_send "$sender" jan.desmet@example.org "$ex/01-ordinary-mail-outside.eml" || status=$?
[ "$status" -ne 0 ] && grep -q '^<\*\* *4[0-9][0-9] ' "$E2E_DIR/swaks.out" || fail "(e) ordinary mail not tempfailed with the milter down"
sleep 0.5
[ "$(e2e_sink_count)" = "$before" ] || fail "(e) something was delivered with the milter stopped"
[ "$(e2e_postqueue -j | grep -c .)" = 0 ] || fail "(e) something was queued with the milter stopped"
e2e_start_milter "$E2E_RULES"
swaks_send "$sender" "$registered" "$ex/03-referral-7z-tessenderlo-ham.eml" \
  || fail "(e) the retry after the restart failed: $(tail -5 "$E2E_DIR/swaks.out")"
id=$(queued_id); wait_sent "$id"
grep -q '^X-Protocol-Check: pass' "$(grep -l "id $id" "$E2E_DIR"/sink/*)" || fail "(e) the retry was delivered without the header"
pass "(e) milter down: the client got $code and nothing was delivered or queued; the retry was delivered"

# --- (f) SIGHUP: a broken rule file keeps the old rules, a fixed one applies ---------------------
step "(f) reload with SIGHUP"
protocol=$E2E_DIR/rules/protocols/opgroeien-tessenderlo-ham.toml
newbox=verwijzingen@tessenderlo-ham.be
sed "s/^Message-ID: <03-referral-7z-tessenderlo-ham@/Message-ID: <f-referral-%N@/" \
  "$ex/03-referral-7z-tessenderlo-ham.eml" >"$E2E_DIR/f-template.eml"
f_send() { # f_send N: the referral to $newbox; returns swaks' status
  sed "s/%N/$1/" "$E2E_DIR/f-template.eml" >"$E2E_DIR/f-$1.eml"
  swaks_send "$sender" "$newbox" "$E2E_DIR/f-$1.eml"
}
wait_log() { # wait_log PATTERN COUNT: the milter log has COUNT lines matching PATTERN
  local i
  for i in $(seq 1 100); do
    [ "$(grep -cE -- "$1" "$E2E_DIR/milter.log")" -ge "$2" ] && return 0
    sleep 0.1
  done
  fail "(f) the milter did not log '$1' (x$2): $(tail -5 "$E2E_DIR/milter.log")"
}
status=0; f_send 1 || status=$?
grep -q '^<\*\* *550.*5\.7\.1' "$E2E_DIR/swaks.out" || fail "(f) $newbox is not refused before the change"
refused=$(grep -c 'reload refused: .* problem' "$E2E_DIR/milter.log" || true)
reloaded=$(grep -c 'reloaded ' "$E2E_DIR/milter.log" || true)
cp "$protocol" "$E2E_DIR/protocol.orig"
# Broken: the new mailbox in an unterminated array.
sed -i "s/^mailboxes = \[\"$registered\"\]/mailboxes = [\"$registered\", \"$newbox\"/" "$protocol"
grep -q "\"$newbox\"\$" "$protocol" || fail "(f) could not edit $protocol"
kill -HUP "$E2E_MILTER_PID"
wait_log 'reload refused: .* problem' $((refused + 1))
grep -E 'reload refused: .*opgroeien-tessenderlo-ham.toml:[0-9]+:[0-9]+' "$E2E_DIR/milter.log" >/dev/null \
  || fail "(f) the refusal does not name file:line:col: $(grep 'reload refused' "$E2E_DIR/milter.log" | tail -2)"
kill -0 "$E2E_MILTER_PID" || fail "(f) the milter died on a broken reload"
status=0; f_send 2 || status=$?
grep -q '^<\*\* *550.*5\.7\.1' "$E2E_DIR/swaks.out" || fail "(f) the broken reload changed the rules: $(grep '^<' "$E2E_DIR/swaks.out" | tail -3)"
swaks_send "$sender" "$registered" "$ex/03-referral-7z-tessenderlo-ham.eml" \
  || fail "(f) the old rules do not serve any more after the refused reload"
# Fixed: the array closed.
sed -i "s/\"$newbox\"\$/\"$newbox\"]/" "$protocol"
"$PM_BIN" config-check --config "$E2E_RULES" >/dev/null || fail "(f) the fixed rules do not pass config-check"
kill -HUP "$E2E_MILTER_PID"
wait_log 'reloaded ' $((reloaded + 1))
f_send 3 || fail "(f) $newbox still refused after the fixed reload: $(grep '^<' "$E2E_DIR/swaks.out" | tail -3)"
id=$(queued_id); wait_sent "$id"
grep -q '^X-Protocol-Check: pass; protocol=opgroeien-tessenderlo-ham' "$(sink_files_with '^Message-I[Dd]: <f-referral-3@')" \
  || fail "(f) the referral to $newbox was delivered without the header"
[ -z "$(sink_files_with '^Message-I[Dd]: <f-referral-[12]@')" ] || fail "(f) a refused referral was delivered"
cp "$E2E_DIR/protocol.orig" "$protocol"
kill -HUP "$E2E_MILTER_PID"
wait_log 'reloaded ' $((reloaded + 2))
pass "(f) broken file: reload refused (file:line:col logged), old rules kept; fixed file: $newbox accepted"

# --- (g) SIGKILL in the middle of a 500-message run ------------------------------------------
step "(g) SIGKILL during 500 messages (400 ordinary by smtp-source, 100 referrals by a client)"
g=$E2E_DIR/g
mkdir -p "$g"
: >"$g/results"
# 100 referrals with unique subjects: 80 compliant 7z, 20 plain docx (refused with 5xx).
for n in $(seq 1 100); do
  src=$ex/03-referral-7z-tessenderlo-ham.eml
  [ $((n % 5)) = 0 ] && src=$ex/04-referral-plain-docx-tessenderlo-ham.eml
  sed -e "s/^Subject: Verwijzing gezin/Subject: Verwijzing gezin g-ref-$n/" \
      -e "s/^Message-ID: <[^@]*@/Message-ID: <g-ref-$n@/" "$src" >"$g/ref-$n.eml"
  echo "ref-$n $sender $registered $g/ref-$n.eml"
done >"$g/jobs"
base_sent=$(grep -c 'status=sent' "$E2E_MAILLOG" || true)
base_sink=$(e2e_sink_count)
smtp-source -s 3 -m 400 -N -f "$sender" -t g@example.org -S g-ordinary -M client.e2e.test \
  "127.0.0.1:$E2E_SMTP_PORT" >"$g/smtp-source.out" 2>&1 &
source_pid=$!
# Two client sessions for the referrals (each one is inspected, 7z password proof included).
: >"$g/results.2"
awk 'NR % 2 == 1' "$g/jobs" >"$g/jobs.1"; awk 'NR % 2 == 0' "$g/jobs" >"$g/jobs.2"
e2e_smtp_send "$g/jobs.1" "$g/results" &
client_pid=$!
e2e_smtp_send "$g/jobs.2" "$g/results.2" &
client2_pid=$!
# Kill once a good part of the run is through, restart at once.
for i in $(seq 1 600); do
  [ $(( $(e2e_sink_count) - base_sink )) -ge 120 ] && break
  sleep 0.02
done
killed_at=$(( $(e2e_sink_count) - base_sink ))
kill -KILL "$E2E_MILTER_PID"
wait "$E2E_MILTER_PID" 2>/dev/null || true
E2E_MILTER_PID=
e2e_start_milter "$E2E_RULES"
source_status=0; wait "$source_pid" || source_status=$?
wait "$client_pid" || fail "(g) the SMTP client failed"
wait "$client2_pid" || fail "(g) the SMTP client failed"
cat "$g/results.2" >>"$g/results"
step "(g) first pass done; flushing and counting"
# Anything Postfix accepted is delivered now (the sink is up); flush in case something deferred.
e2e_postqueue -f
e2e_wait_queue_empty 60 || fail "(g) Postfix's queue does not drain: $(e2e_postqueue -j | head -3)"

# Ordinary messages: the n in <ng@example.org> (smtp-source -N numbers them 1..400).
delivered_ordinary() {
  cat "$E2E_DIR"/sink/* | sed -n 's/^X-Rcpt-Args: <\([0-9]*\)g@example\.org>.*/\1/p' | sort -n
}
delivered_refs() { cat "$E2E_DIR"/sink/* | sed -n 's/^Subject: Verwijzing gezin g-ref-\([0-9]*\)$/\1/p' | sort -n; }
first_ordinary=$(delivered_ordinary | sort -u | wc -l)
dupes=$(delivered_ordinary | uniq -d | tr '\n' ' ')
[ -z "$dupes" ] || fail "(g) ordinary messages delivered twice: $dupes"
# Every message Postfix took in was delivered: as many status=sent lines as new sink files.
sent_now=$(( $(grep -c 'status=sent' "$E2E_MAILLOG") - base_sent ))
[ "$sent_now" = $(( $(e2e_sink_count) - base_sink )) ] \
  || fail "(g) Postfix logged $sent_now deliveries, the sink has $(( $(e2e_sink_count) - base_sink ))"
lost=$(grep -E ': (from|message-id)=' "$E2E_MAILLOG" | sed -n 's/.*postfix\/qmgr\[[0-9]*\]: \([0-9A-F]*\): from=.*/\1/p' | sort -u \
  | while read -r qid; do grep -q "$qid: to=<.*status=sent" "$E2E_MAILLOG" || echo "$qid"; done | tr '\n' ' ')
[ -z "$lost" ] || fail "(g) queued by Postfix but never delivered: $lost"

# The client's retry: every ordinary message not delivered, every referral answered 4xx/000.
: >"$g/retry-jobs"
printf 'From: <%s>\r\nTo: <g@example.org>\r\nSubject: g-ordinary (retry)\r\n\r\nLa de da de da.\r\n' "$sender" >"$g/ordinary.eml"
comm -23 <(seq 1 400 | sort) <(delivered_ordinary | sort -u) | sort -n \
  | while read -r n; do echo "ord-$n $sender ${n}g@example.org $g/ordinary.eml"; done >>"$g/retry-jobs"
awk '$2 !~ /^[25]/ { print $1 }' "$g/results" | while read -r ref; do
  grep "^$ref " "$g/jobs"
done >>"$g/retry-jobs"
# A referral the client saw refused must not have been delivered before its retry.
for ref in $(awk '$2 !~ /^2/ { sub(/^ref-/, "", $1); print $1 }' "$g/results"); do
  delivered_refs | grep -qx "$ref" && fail "(g) referral $ref was refused at the client but delivered"
done
tempfailed_ordinary=$(grep -c '^ord-' "$g/retry-jobs" || true)
tempfailed_refs=$(grep -c '^ref-' "$g/retry-jobs" || true)
: >"$g/retry-results"
step "(g) retrying $tempfailed_ordinary ordinary messages and $tempfailed_refs referrals"
awk 'NR % 2 == 1' "$g/retry-jobs" >"$g/retry-jobs.1"; awk 'NR % 2 == 0' "$g/retry-jobs" >"$g/retry-jobs.2"
: >"$g/retry-results.2"
e2e_smtp_send "$g/retry-jobs.1" "$g/retry-results" &
client_pid=$!
e2e_smtp_send "$g/retry-jobs.2" "$g/retry-results.2"
wait "$client_pid" || fail "(g) the SMTP client failed"
cat "$g/retry-results.2" >>"$g/retry-results"
step "(g) retry done"
e2e_postqueue -f
e2e_wait_queue_empty 60 || fail "(g) Postfix's queue does not drain after the retry"
sleep 0.3

# Final count: ordinary 1..400 each delivered exactly once.
[ "$(delivered_ordinary | tr '\n' ' ')" = "$(seq 1 400 | tr '\n' ' ')" ] \
  || fail "(g) ordinary messages missing or doubled after the retry: $(comm -3 <(seq 1 400 | sort) <(delivered_ordinary | sort) | tr '\n' ' ' | head -c 300)"
# Referrals: the 80 compliant ones delivered exactly once with the header, the 20 docx never,
# each with a final 5xx at the client.
[ "$(delivered_refs | tr '\n' ' ')" = "$(seq 1 100 | awk '$1 % 5 != 0' | tr '\n' ' ')" ] \
  || fail "(g) referrals delivered: $(delivered_refs | tr '\n' ' ')"
[ "$(grep -l '^Subject: Verwijzing gezin g-ref-' "$E2E_DIR"/sink/* | xargs grep -L '^X-Protocol-Check: pass' | wc -l)" = 0 ] \
  || fail "(g) a referral was delivered without the header"
final=$(cat "$g/results" "$g/retry-results" | awk '{ last[$1] = $2 } END { for (r in last) print r, last[r] }')
bad=$(echo "$final" | awk '{ split($1, a, "-"); n = a[2] } a[1] == "ref" && ((n % 5 == 0 && $2 !~ /^5/) || (n % 5 != 0 && $2 != 250)) || a[1] == "ord" && $2 != 250 { print }' | tr '\n' ' ')
[ -z "$bad" ] || fail "(g) unexpected final replies at the client: $bad"
rejected=$(echo "$final" | awk '$2 ~ /^5/' | wc -l)
[ "$rejected" = 20 ] || fail "(g) $rejected referrals refused with 5xx, want 20"
pass "(g) killed after $killed_at deliveries (smtp-source exit $source_status: it stops at the first 4xx);" \
  "first pass $first_ordinary/400 ordinary delivered, $tempfailed_ordinary ordinary and $tempfailed_refs referrals" \
  "tempfailed or cut off and delivered after the retry; 20 refused 5xx; 480 delivered exactly once, none lost"

step "all cases passed"
