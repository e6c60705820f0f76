#!/usr/bin/env bash
# End-to-end test (CTest e2e_postfix, label e2e): protocol-milter in a real, private Postfix
# instance (tests/e2e/lib.sh) with an smtp-sink as relay host. Needs root, postfix, swaks, 7zz,
# openssl. Usage: tests/e2e/run.sh PATH/TO/protocol-milter     (E2E_KEEP=1 keeps the temp dir)
#
# Everything the daemon and the DPO commands write stays in the temp dir: the copied gateway.toml
# points the spool, quarantine store, register and release key there, and the sendmail command
# at the private instance (lib.sh, e2e_make_rules). Two gateway files, one register:
#   gateway.toml        [milter] quarantine = "hold" (Postfix's hold queue): cases a-d
#   gateway-store.toml  quarantine = "store" (the default) with encrypt_to a certificate made
#                       now by openssl: the daemon is restarted with it in case e and keeps it
# The private main.cf has non_smtpd_milters like contrib/postfix/main.cf.snippet, so sender
# notices and releases (sendmail -> pickup -> cleanup) pass the milter as they would in service.
#
# Cases, issue 5 (section 4):
#  a  ordinary mail to an outside address is delivered byte for byte unchanged
#  b  a compliant 7z referral to the registered mailbox is delivered with X-Protocol-Check
#  c  a plain-docx referral gets 550 5.7.1 with the Dutch lines at the client, not delivered
#  d  a special-category referral is held in Postfix's hold queue, not delivered (hold mode)
#  e  milter stopped: the client gets 4xx and nothing is delivered or queued; after a restart
#     (with gateway-store.toml) the retry is delivered
# issue 6 (section 5), store mode:
#  h  a special-category referral with an attachment is stored encrypted (CMS, not the plain
#     text; `quarantine show --key` and `openssl cms -decrypt` both give it back) and not delivered
#  i  the sender notice (RFC 3464 multipart/report, Dutch, Status 5.7.1) reaches the sink,
#     addressed to the envelope sender, without the body or the attachment's name
#  j  `quarantine release` delivers it to the sink once, with X-Protocol-Released, through the
#     real sendmail/pickup/cleanup path and the milter, which does not quarantine it again
#  k  `audit verify` passes over the register (accept, reject, quarantine, release lines from
#     both daemon runs); a copy with one line changed fails naming that line; `report --format
#     csv` gives the register's counts
# issue 5 again (run last: g's counts in the register depend on where the kill falls):
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
# The shipped defaults put state in /var/lib/protocol-milter; this test must not (checked at the
# end when the directory did not exist before).
default_state=/var/lib/protocol-milter
state_existed=; [ -e "$default_state" ] && state_existed=1
step() { echo "e2e: [$(( $(date +%s) - started ))s] $*"; }
fail() { echo "e2e: FAIL: $*" >&2; exit 1; }
pass() { echo "e2e: ok   $*"; }

for tool in 7zz openssl; do
  command -v "$tool" >/dev/null || e2e_die "'$tool' not found: run contrib/install-deps.sh"
done
e2e_setup
step "private Postfix in $E2E_DIR: smtpd 127.0.0.1:$E2E_SMTP_PORT, sink 127.0.0.1:$E2E_SINK_PORT"

# The two gateway files (see the top). The DPO's certificate and key, made now (RSA: CMS
# key transport; a self-signed certificate is all the daemon needs).
e2e_set_key milter quarantine '"hold"'
dpo_key=$E2E_DIR/dpo-key.pem
dpo_cert=$E2E_DIR/dpo-cert.pem
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dpo_key" -out "$dpo_cert" -days 2 \
  -subj "/CN=DPO e2e test" >/dev/null 2>&1 || e2e_die "openssl could not make the DPO's certificate"
store_rules=$E2E_DIR/rules/gateway-store.toml
cp "$E2E_RULES" "$store_rules"
e2e_set_key milter quarantine '"store"' "$store_rules"
e2e_set_key quarantine encrypt_to "\"$dpo_cert\"" "$store_rules"
rules_now=$E2E_RULES
for config in "$E2E_RULES" "$store_rules"; do
  "$PM_BIN" config-check --config "$config" >/dev/null || fail "config-check refuses $config"
done

# The example messages, made now with the real 7zz and zip (contrib/examples/make-examples.sh).
ex=$E2E_DIR/examples
bash "$PM_ROOT/contrib/examples/make-examples.sh" "$ex" >/dev/null
sender=an.peeters@kindengezin.be
registered=socialedienst@tessenderlo-ham.be

e2e_start_milter "$rules_now"
grep -q "started: .* quarantine=hold register=$E2E_REGISTER\$" "$E2E_DIR/milter.log" \
  || fail "the daemon does not name the hold mode and the register in the temp dir: $(grep 'started:' "$E2E_DIR/milter.log")"
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
  grep -qx 'one 250' "$E2E_DIR/one.result" || fail "not accepted: $(cat "$E2E_DIR/one.result") $E2E_SMTP_FINAL"
  id=$(echo "$E2E_SMTP_FINAL" | sed -n 's/^250 2\.0\.0 Ok: queued as \([0-9A-F]*\).*/\1/p')
  [ -n "$id" ] || fail "no queue id in the reply: $E2E_SMTP_FINAL"
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
# From here on the quarantine is the store (same register: the chain spans both daemon runs).
rules_now=$store_rules
e2e_start_milter "$rules_now"
grep -q "started: .* quarantine=store register=$E2E_REGISTER\$" "$E2E_DIR/milter.log" \
  || fail "(e) the daemon does not name the store mode: $(grep 'started:' "$E2E_DIR/milter.log" | tail -1)"
swaks_send "$sender" "$registered" "$ex/03-referral-7z-tessenderlo-ham.eml" \
  || fail "(e) the retry after the restart failed: $(tail -5 "$E2E_DIR/swaks.out")"
id=$(queued_id); wait_sent "$id"
grep -q '^X-Protocol-Check: pass' "$(grep -l "id $id" "$E2E_DIR"/sink/*)" || fail "(e) the retry was delivered without the header"
pass "(e) milter down: the client got $code and nothing was delivered or queued; the retry was delivered"

# --- (h) store mode: a special-category referral is stored encrypted, not delivered -----------
step "(h) special-category referral with an attachment, quarantine store, encrypted"
pm() { "$PM_BIN" "$@" --config "$rules_now"; }
# Distinctive words of the body and of the attachment (its name and its text): the stored copy
# must hide them (CMS), the sender notice must not carry them, the released message must.
body_phrase="Sarah Janssens kampt sinds de geboorte"
attachment_name=verslag-psychiater-janssens.txt
attachment_phrase="Opname in de psychiatrische afdeling"
h_msg=$E2E_DIR/h-special.eml
# Deliveries of the message itself to the recipient (the notice quotes its headers, Message-ID
# included, but goes to the sender).
h_deliveries() { sink_files_with '^Message-I[Dd]: <h-special-category@' | xargs -r grep -l "^X-Rcpt-Args: <$registered>" || true; }
{
  printf '%s\n' "From: An Peeters <$sender>" "To: $registered" "Subject: Verwijzing gezin (e2e h)" \
    "Date: $(date -R)" "Message-ID: <h-special-category@kindengezin.be>" "MIME-Version: 1.0" \
    'Content-Type: multipart/mixed; boundary="e2e-h-boundary"' "" "--e2e-h-boundary" \
    "Content-Type: text/plain; charset=utf-8" "Content-Transfer-Encoding: 8bit" "" "Beste," "" \
    "Ik verwijs mevrouw Sarah Janssens door. $body_phrase met een zware depressie en neemt antidepressiva." \
    "" "Met vriendelijke groeten," "An Peeters" "" "--e2e-h-boundary" \
    "Content-Type: text/plain; charset=utf-8; name=\"$attachment_name\"" \
    "Content-Disposition: attachment; filename=\"$attachment_name\"" "Content-Transfer-Encoding: base64" ""
  printf '%s\n' "$attachment_phrase gepland voor volgende week." | base64
  printf '%s\n' "--e2e-h-boundary--"
} | sed 's/$/\r/' >"$h_msg"
send_exact "$registered" "$h_msg"   # the bytes as they are (swaks would add a line)
h_qid=$id
# DISCARD: Postfix answered 250 to the client and dropped its copy once ours was durable.
for i in $(seq 1 100); do grep -q "$h_qid: milter-discard: END-OF-MESSAGE" "$E2E_MAILLOG" && break; sleep 0.05; done
grep -q "$h_qid: milter-discard: END-OF-MESSAGE" "$E2E_MAILLOG" || fail "(h) no milter-discard for $h_qid: $(grep "$h_qid" "$E2E_MAILLOG")"
list=$(pm quarantine list) || fail "(h) quarantine list failed"
[ "$(echo "$list" | grep -c 'PM-')" = 1 ] || fail "(h) the quarantine should hold one entry: $list"
h_ref=$(echo "$list" | grep -o 'PM-[0-9]\{8\}-[0-9A-Z]\{8\}' | head -1)
entry=$E2E_STATE/quarantine/$h_ref
[ -f "$entry/message.p7m" ] && [ ! -e "$entry/message.eml" ] || fail "(h) no encrypted message file in $entry: $(ls "$entry")"
[ "$(stat -c %a "$entry")/$(stat -c %a "$entry/message.p7m")/$(stat -c %a "$entry/metadata.json")" = 700/600/600 ] \
  || fail "(h) modes $(stat -c '%n %a' "$entry" "$entry"/*)"
openssl cms -cmsout -print -inform DER -in "$entry/message.p7m" 2>/dev/null | grep -q 'contentType: pkcs7-envelopedData' \
  || fail "(h) the stored message is not CMS EnvelopedData"
for text in "$body_phrase" "$attachment_name" "Sarah Janssens" "Message-ID"; do
  grep -qaF "$text" "$entry/message.p7m" && fail "(h) the stored file shows '$text' in clear"
done
grep -qF "$h_ref" "$entry/metadata.json" || fail "(h) the metadata does not name $h_ref"
grep -qF "$body_phrase" "$entry/metadata.json" && fail "(h) the metadata holds the body"
# Without the key: the readable metadata only. With it: the message (the CLI and openssl agree).
pm quarantine show "$h_ref" >"$E2E_DIR/h-nokey.out" 2>&1 || fail "(h) quarantine show without --key failed"
grep -q '^encrypted: *yes' "$E2E_DIR/h-nokey.out" && grep -q 'give --key' "$E2E_DIR/h-nokey.out" \
  || fail "(h) show without --key does not say the message is encrypted: $(cat "$E2E_DIR/h-nokey.out")"
grep -qF "$body_phrase" "$E2E_DIR/h-nokey.out" && fail "(h) show without --key shows the body"
pm quarantine show "$h_ref" --key "$dpo_key" --raw >"$E2E_DIR/h-raw.eml" || fail "(h) quarantine show --raw --key failed"
openssl cms -decrypt -inform DER -in "$entry/message.p7m" -inkey "$dpo_key" -recip "$dpo_cert" -binary \
  -out "$E2E_DIR/h-openssl.eml" || fail "(h) openssl cannot decrypt the stored message with the DPO's key"
cmp -s "$E2E_DIR/h-raw.eml" "$E2E_DIR/h-openssl.eml" || fail "(h) quarantine show --raw differs from openssl's decryption"
cmp -s "$E2E_DIR/h-raw.eml" "$h_msg" || fail "(h) the decrypted message is not the message sent"
pm quarantine show "$h_ref" --key "$dpo_key" >"$E2E_DIR/h-show.out" || fail "(h) quarantine show --key failed"
grep -q 'data.special_category' "$E2E_DIR/h-show.out" || fail "(h) show does not name data.special_category: $(head -20 "$E2E_DIR/h-show.out")"
e2e_wait_queue_empty 10 || fail "(h) Postfix's queue does not drain"
[ -z "$(h_deliveries)" ] || fail "(h) the quarantined message was delivered: $(h_deliveries)"
[ "$(e2e_postqueue -j | grep -c .)" = 0 ] || fail "(h) Postfix kept a copy: $(e2e_postqueue -j)"
pass "(h) stored as $h_ref (CMS EnvelopedData, 0600 in a 0700 dir, no plain text), decrypted by show --key" \
  "and openssl alike; Postfix discarded $h_qid; nothing delivered"

# --- (i) the sender notice reaches the sink ---------------------------------------------------
step "(i) sender notice"
notice=
for i in $(seq 1 200); do
  notice=$(grep -lF "report-type=delivery-status" "$E2E_DIR"/sink/* 2>/dev/null | xargs -r grep -lF "$h_ref" || true)
  [ -n "$notice" ] && break
  sleep 0.05
done
[ -n "$notice" ] || fail "(i) no notice for $h_ref at the sink: $(grep 'notice' "$E2E_DIR/milter.log" | tail -2)"
[ "$(echo "$notice" | grep -c .)" = 1 ] || fail "(i) more than one notice: $notice"
grep -q "ref=$h_ref notice=sent" "$E2E_DIR/milter.log" || fail "(i) the daemon did not log notice=sent"
# The envelope: from <> to the original envelope sender only (smtp-sink's X-*-Args records).
grep -qx 'X-Mail-Args: <>' <(tr -d '\r' <"$notice") || fail "(i) the notice's envelope sender is not <>: $(grep '^X-Mail-Args' "$notice")"
# (Postfix adds ORCPT=... after the address.)
rcpt_of() { grep '^X-Rcpt-Args:' "$1" | tr -d '\r' | sed 's/^X-Rcpt-Args: \(<[^>]*>\).*/\1/' | tr '\n' ' '; }
[ "$(rcpt_of "$notice")" = "<$sender> " ] || fail "(i) the notice goes to $(rcpt_of "$notice"), want <$sender>"
# Read as text: header fields unfolded, quoted-printable soft line breaks joined (the Dutch part
# is quoted-printable; the words checked below are ASCII without '=', so they show as they are).
unfolded=$(tr -d '\r' <"$notice" | sed ':a;N;$!ba;s/\n[ \t]\+/ /g;s/=\n//g')
for want in '^Content-Type: multipart/report;.*report-type="\?delivery-status' '^Auto-Submitted: auto-replied' \
  '^Content-Type: message/delivery-status' '^Content-Type: text/rfc822-headers' '^Status: 5\.7\.1$' \
  '^Action: failed$' "^Subject: Uw bericht werd tegengehouden voor controle ($h_ref)\$" 'werd NIET verstuurd' \
  "^Referentie: $h_ref\$" "^Final-Recipient: rfc822; *$registered\$" "^To: $sender\$" \
  "^- Bijlage 2 (\.txt) is niet versleuteld: stuur ze in een 7-Zip-archief" "^Subject: Verwijzing gezin (e2e h)\$"; do
  echo "$unfolded" | grep -q -- "$want" || fail "(i) the notice lacks /$want/: $(echo "$unfolded" | head -60)"
done
# No body content of the original: not the body's words, not the attachment's name or text,
# no part of the original but its headers, and nothing base64-encoded that could hide them.
for text in "$body_phrase" "Sarah Janssens" "$attachment_name" "psychiater" "$attachment_phrase" "e2e-h-boundary"; do
  echo "$unfolded" | grep -qiF -- "$text" && fail "(i) the notice contains '$text': $(echo "$unfolded" | grep -iF -- "$text")"
done
grep -qi '^Content-Transfer-Encoding: *base64' "$notice" && fail "(i) the notice has a base64 part (the text checks above would not see into it)"
grep -q '^Content-Type: message/rfc822' "$notice" && fail "(i) the notice carries the whole original"
pass "(i) notice to <$sender> from <>: multipart/report (delivery-status), Status 5.7.1, Dutch text," \
  "original headers only (no body phrase, no attachment name)"

# --- (j) release: delivered once with X-Protocol-Released, not quarantined again ---------------
step "(j) quarantine release"
pm quarantine release "$h_ref" --key "$dpo_key" --reason "e2e: nagekeken door de DPO" >"$E2E_DIR/j.out" 2>&1 \
  || fail "(j) release failed: $(cat "$E2E_DIR/j.out")"
grep -q "^$h_ref: released to $registered by " "$E2E_DIR/j.out" || fail "(j) unexpected release output: $(cat "$E2E_DIR/j.out")"
for i in $(seq 1 200); do [ -n "$(h_deliveries)" ] && break; sleep 0.05; done
e2e_wait_queue_empty 10 || fail "(j) Postfix's queue does not drain"
sleep 0.3
released=$(h_deliveries)
[ "$(echo "$released" | grep -c .)" = 1 ] || fail "(j) want exactly 1 delivery of the released message, got: '$released' $(grep -E 'pickup|milter' "$E2E_MAILLOG" | tail -5)"
grep -q "^X-Protocol-Released: $h_ref; by=[a-z0-9_-]*; " "$released" || fail "(j) no X-Protocol-Released header: $(grep '^X-Protocol' "$released")"
grep -q "^X-Protocol-Check: released; ref=$h_ref" "$released" || fail "(j) the milter did not mark it released: $(grep '^X-Protocol' "$released")"
[ "$(rcpt_of "$released")" = "<$registered> " ] || fail "(j) released to $(rcpt_of "$released"), want the original recipient"
grep -q "^X-Mail-Args: <$sender>" "$released" || fail "(j) not sent from the original sender: $(grep '^X-Mail-Args' "$released")"
cmp -s <(e2e_sink_payload "$released" | grep -v '^X-Protocol-\(Released\|Check\):') <(tr -d '\r' <"$h_msg") \
  || fail "(j) the released message differs from the one sent beyond the two headers"
# The way it came: sendmail -> postdrop -> pickup -> cleanup (non_smtpd_milters) -> the milter,
# which recognised the mark: no second quarantine, nothing discarded or held.
rqid=$(grep -o '[0-9A-F]*: uid=[0-9]* from=<'"$sender"'>' "$E2E_MAILLOG" | tail -1 | cut -d: -f1)
[ -n "$rqid" ] || fail "(j) pickup did not log the release"
grep -qE "$rqid: milter-(discard|hold|reject)" "$E2E_MAILLOG" && fail "(j) the milter acted on the release: $(grep "$rqid" "$E2E_MAILLOG")"
grep -q "released_ref=$h_ref verdict=accept" "$E2E_DIR/milter.log" || fail "(j) the milter did not log the released message"
[ -z "$(pm quarantine list | grep 'PM-')" ] || fail "(j) the quarantine is not empty: $(pm quarantine list)"
[ -z "$(ls "$E2E_STATE/quarantine")" ] || fail "(j) entries left in the store: $(ls "$E2E_STATE/quarantine")"
# Exactly once: a second release is refused and sends nothing.
pm quarantine release "$h_ref" --key "$dpo_key" --reason "nog eens" >"$E2E_DIR/j2.out" 2>&1 \
  && fail "(j) a second release of $h_ref succeeded"
sleep 0.3
[ "$(h_deliveries | grep -c .)" = 1 ] || fail "(j) delivered again"
pass "(j) released through sendmail/pickup ($rqid), delivered once with X-Protocol-Released and" \
  "'X-Protocol-Check: released', not quarantined again; a second release: $(head -1 "$E2E_DIR/j2.out")"

# --- (k) the register: verify, tamper, report -------------------------------------------------
step "(k) processing register"
pm audit verify "$E2E_REGISTER" >"$E2E_DIR/k.out" 2>&1 || fail "(k) audit verify fails: $(cat "$E2E_DIR/k.out")"
events() { sed -n 's/^{"seq":[0-9]*,"time":"[^"]*","event":"\([a-z]*\)".*/\1/p' "$E2E_REGISTER" | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }'; }
# Since the start: (b) and (e) accepted, (c) rejected, (d) held and (h) stored: two quarantines,
# (j) the release and the released message's pass (accept, no protocol: it was not inspected).
[ "$(events)" = "accept=3 quarantine=2 reject=1 release=1 " ] || fail "(k) register events: $(events)"
lines=$(grep -c . "$E2E_REGISTER")
grep -q "\"event\":\"release\",\"ref\":\"$h_ref\".*\"actor\":\"[^\"]*\",\"reason\":\"e2e: nagekeken door de DPO\"" "$E2E_REGISTER" \
  || fail "(k) no release line for $h_ref with the actor and the reason: $(grep release "$E2E_REGISTER")"
grep -qF "$attachment_name" "$E2E_REGISTER" && fail "(k) the register names the attachment"
grep -qF "Sarah" "$E2E_REGISTER" && fail "(k) the register holds body content"
# Tamper with a copy: the reject line (c) becomes an accept.
tampered=$E2E_DIR/audit-tampered.jsonl
cp "$E2E_REGISTER" "$tampered"
n=$(grep -n '"event":"reject"' "$tampered" | head -1 | cut -d: -f1)
sed -i "${n}s/\"event\":\"reject\"/\"event\":\"accept\"/" "$tampered"
cmp -s "$E2E_REGISTER" "$tampered" && fail "(k) the copy was not changed"
status=0; pm audit verify "$tampered" >"$E2E_DIR/k-tampered.out" 2>&1 || status=$?
[ "$status" = 1 ] || fail "(k) audit verify of the tampered copy exits $status, want 1: $(cat "$E2E_DIR/k-tampered.out")"
grep -qF "$tampered:$n" "$E2E_DIR/k-tampered.out" || fail "(k) the failure does not name $tampered:$n: $(cat "$E2E_DIR/k-tampered.out")"
# The DPO report's CSV counts: the verdicts as this run made them, and per code and per day
# exactly what the register holds.
pm report --since 1d --format csv >"$E2E_DIR/k.csv" || fail "(k) report --format csv failed"
csv_value() { awk -F, -v s="$1" -v p="$2" -v k="$3" '$1 == s && $2 == p && $4 == k { print $5 }' "$E2E_DIR/k.csv"; }
t=opgroeien-tessenderlo-ham
got="accept=$(csv_value verdict $t accept) reject=$(csv_value verdict $t reject) quarantine=$(csv_value verdict $t quarantine)"
got+=" accept_without_protocol=$(csv_value verdict '' accept) release_acts=$(grep -c "^act,$t,[0-9-]*,release $h_ref,root\$" "$E2E_DIR/k.csv")"
want="accept=2 reject=1 quarantine=2 accept_without_protocol=1 release_acts=1"
[ "$got" = "$want" ] || fail "(k) report CSV: $got, want $want: $(cat "$E2E_DIR/k.csv")"
codes_in_register=$(grep -v '"event":"release"' "$E2E_REGISTER" | grep -o '"codes":\[[^]]*\]' | grep -o '"[a-z_]*\.[a-z_]*"' | tr -d '"' | sort | uniq -c \
  | awk '{ print $2 "=" $1 }' | tr '\n' ' ')
codes_in_csv=$(awk -F, -v p=$t '$1 == "code" && $2 == p { print $4 "=" $5 }' "$E2E_DIR/k.csv" | sort | tr '\n' ' ')
[ -n "$codes_in_csv" ] && [ "$codes_in_csv" = "$codes_in_register" ] \
  || fail "(k) codes in the report: '$codes_in_csv', in the register: '$codes_in_register'"
days_in_csv=$(awk -F, '$1 == "day" { n += $5 } END { print n }' "$E2E_DIR/k.csv")
[ "$days_in_csv" = $((lines - 1)) ] || fail "(k) the daily rows count $days_in_csv decisions, the register $((lines - 1)) (+1 release)"
pass "(k) audit verify: $(head -1 "$E2E_DIR/k.out"); $lines lines ($(events)); tampered copy: exit 1 at line $n;" \
  "report CSV: $got, codes $codes_in_csv"

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
"$PM_BIN" config-check --config "$rules_now" >/dev/null || fail "(f) the fixed rules do not pass config-check"
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
e2e_start_milter "$rules_now"
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

# The register survived the SIGKILL: its chain still verifies, with a line per judged referral.
pm audit verify "$E2E_REGISTER" >"$E2E_DIR/g-verify.out" 2>&1 || fail "(g) audit verify after the SIGKILL: $(cat "$E2E_DIR/g-verify.out")"
g_lines=$(( $(grep -c . "$E2E_REGISTER") - lines ))
[ "$g_lines" -ge 104 ] || fail "(g) only $g_lines register lines since (k) for f's 4 and g's 100 referrals"
pass "(g) audit verify after the SIGKILL: $(head -1 "$E2E_DIR/g-verify.out")"
[ -n "$state_existed" ] || [ ! -e "$default_state" ] || fail "$default_state was created: the test wrote outside its temp dir"
step "all cases passed"
