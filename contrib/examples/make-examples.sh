#!/usr/bin/env bash
# Makes the example messages in contrib/examples/out/ with real tools: 7-Zip (7zz) archives,
# OOXML documents zipped by zip, MIME assembled with base64. All people and data are fictitious.
# Usage: contrib/examples/make-examples.sh [OUTDIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
for tool in 7zz zip base64; do
  command -v "$tool" >/dev/null || { echo "make-examples: '$tool' not found: run contrib/install-deps.sh" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"

sender="An Peeters <an.peeters@kindengezin.be>"
date_hdr="Tue, 24 Nov 2026 09:15:00 +0100"

# docx FILE TEXT: a minimal but valid Word document made by zip.
make_docx() {
  local dir="$work/docx.$$.$RANDOM"
  mkdir -p "$dir/_rels" "$dir/word"
  cat >"$dir/[Content_Types].xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
XML
  cat >"$dir/_rels/.rels" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
XML
  printf '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>\n' "$2" >"$dir/word/document.xml"
  (cd "$dir" && zip -q -X -r "$1" '[Content_Types].xml' _rels word)
}

# message OUT TO CC SUBJECT BODY [ATTACHMENT-FILE NAME TYPE [MSIP-LABELS]]
message() {
  local file=$1 to=$2 cc=$3 subject=$4 body=$5 attachment=${6:-} name=${7:-} type=${8:-} labels=${9:-}
  local boundary="=_protocol_milter_example_$RANDOM$RANDOM"
  {
    printf 'From: %s\r\nTo: %s\r\n' "$sender" "$to"
    [ -n "$cc" ] && printf 'Cc: %s\r\n' "$cc"
    [ -n "$labels" ] && printf 'msip_labels: %s\r\n' "$labels"
    printf 'Subject: %s\r\nDate: %s\r\nMessage-ID: <%s@kindengezin.be>\r\nMIME-Version: 1.0\r\n' \
      "$subject" "$date_hdr" "$(basename "$file" .eml)"
    if [ -z "$attachment" ]; then
      printf 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'
      printf '%s\r\n' "$body" | sed 's/$/\r/; s/\r\r$/\r/'
    else
      printf 'Content-Type: multipart/mixed; boundary="%s"\r\n\r\n' "$boundary"
      printf -- '--%s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' "$boundary"
      printf '%s\r\n' "$body" | sed 's/$/\r/; s/\r\r$/\r/'
      printf -- '--%s\r\nContent-Type: %s; name="%s"\r\nContent-Disposition: attachment; filename="%s"\r\nContent-Transfer-Encoding: base64\r\n\r\n' \
        "$boundary" "$type" "$name" "$name"
      base64 -w 76 "$attachment" | sed 's/$/\r/'
      printf -- '--%s--\r\n' "$boundary"
    fi
  } >"$out/$file"
}

signature=$'\n\nMet vriendelijke groeten,\n\nAn Peeters\nGezinsondersteuner, team Kind en Gezin West-Limburg\nOpgroeien regie\nan.peeters@kindengezin.be'

make_docx "$work/verwijzing.docx" "Verwijzing naar OCMW: cliënt Sarah Janssens, Dorpsstraat 12, 3980 Tessenderlo, 0470 12 34 56."
7zz a -t7z -mhe=on -mx=9 -p'Zomer-Lint-2026!' "$work/verwijzing.7z" "$work/verwijzing.docx" >/dev/null
7zz a -t7z -mhe=off -p'Zomer-Lint-2026!' "$work/namen-zichtbaar.7z" "$work/verwijzing.docx" >/dev/null
(cd "$work" && zip -q scan.zip verwijzing.docx && cp scan.zip scan.pdf)
7zz a -tzip -mem=AES256 -p'Zomer-Lint-2026!' "$work/verwijzing.zip" "$work/verwijzing.docx" >/dev/null

message 01-ordinary-mail-outside.eml "Jan De Smet <jan.desmet@example.org>" "" \
  "Vergadering donderdag" "Dag Jan, donderdag om 10 uur past voor mij.${signature}"
message 02-coordination-to-tessenderlo-ham.eml "Sociale dienst <socialedienst@tessenderlo-ham.be>" "" \
  "Overleg volgende week" "Beste collega's, zullen we volgende week ons driemaandelijks overleg houden?${signature}"
message 03-referral-7z-tessenderlo-ham.eml "socialedienst@tessenderlo-ham.be" "" \
  "Verwijzing gezin" "Beste, in bijlage een verwijzing. Het wachtwoord krijgen jullie telefonisch.${signature}" \
  "$work/verwijzing.7z" verwijzing.7z application/x-7z-compressed
message 04-referral-plain-docx-tessenderlo-ham.eml "socialedienst@tessenderlo-ham.be" "" \
  "Verwijzing gezin" "Beste, in bijlage een verwijzing.${signature}" \
  "$work/verwijzing.docx" verwijzing.docx application/vnd.openxmlformats-officedocument.wordprocessingml.document
message 05-referral-cc-outside.eml "socialedienst@tessenderlo-ham.be" "=?utf-8?q?Priv=C3=A9?= <an.peeters.prive@example.com>" \
  "Verwijzing gezin" "Beste, in bijlage een verwijzing.${signature}" \
  "$work/verwijzing.7z" verwijzing.7z application/x-7z-compressed
message 06-pepingen-without-label.eml "OCMW Pepingen <ocmw@pepingen.be>" "" \
  "Verwijzing gezin" "Beste, graag een afspraak voor een gezin dat ik doorverwijs.${signature}"
message 07-zip-named-pdf-tessenderlo-ham.eml "socialedienst@tessenderlo-ham.be" "" \
  "Scan" "Beste, de scan in bijlage.${signature}" "$work/scan.pdf" scan.pdf application/pdf
message 08-referral-to-unregistered-mailbox.eml "info@tessenderlo-ham.be" "" \
  "Verwijzing gezin" "Beste, in bijlage een verwijzing.${signature}" \
  "$work/verwijzing.7z" verwijzing.7z application/x-7z-compressed
message 09-7z-names-visible-tessenderlo-ham.eml "socialedienst@tessenderlo-ham.be" "" \
  "Verwijzing gezin" "Beste, in bijlage een verwijzing.${signature}" \
  "$work/namen-zichtbaar.7z" verwijzing.7z application/x-7z-compressed

message 10-password-in-same-mail.eml "socialedienst@tessenderlo-ham.be" "" \
  "Verwijzing gezin" "Beste, in bijlage een verwijzing. Het wachtwoord is Zomer-Lint-2026!${signature}" \
  "$work/verwijzing.7z" verwijzing.7z application/x-7z-compressed
message 11-zip-aes256-tessenderlo-ham.eml "socialedienst@tessenderlo-ham.be" "" \
  "Verwijzing gezin" "Beste, in bijlage een verwijzing.${signature}" \
  "$work/verwijzing.zip" verwijzing.zip application/zip
# Outlook writes the label in msip_labels; without RMS protection the label is only a claim.
label="MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_Enabled=true; MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_SiteId=7a1b2c3d-0000-4000-8000-000000000001; MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_Name=Geheim; MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_ContentBits=8; MSIP_Label_3f3ac890-09a1-47d3-8d04-15427d7fec91_Method=Privileged"
message 12-pepingen-label-not-protected.eml "OCMW Pepingen <ocmw@pepingen.be>" "" \
  "Verwijzing gezin" "Beste, graag een afspraak voor een gezin dat ik doorverwijs.${signature}" "" "" "" "$label"
message 13-health-data-in-body.eml "socialedienst@tessenderlo-ham.be" "" \
  "Verwijzing gezin" $'Beste,\n\nIk verwijs mevrouw Sarah Janssens door. Zij kampt sinds de geboorte met een zware depressie en neemt antidepressiva.\nRijksregisternummer: 85.07.30-033.28${signature}'
ls "$out"
