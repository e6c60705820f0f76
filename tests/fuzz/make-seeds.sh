#!/usr/bin/env bash
# Seeds for the fuzz targets, made by the real tools: OUT/fuzz_<target>/ per target.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# MIME: the example messages (real 7z archives and documents inside).
mkdir -p "$out/fuzz_mime"
bash "$here/../../contrib/examples/make-examples.sh" "$out/fuzz_mime" >/dev/null

# Archives: small files with every option the readers distinguish.
printf 'Verwijzing gezin Janssens\n' >"$work/a.txt"
printf 'tweede bestand\n' >"$work/b.txt"
mkdir -p "$out/fuzz_seven_zip" "$out/fuzz_zip"
(
  cd "$work"
  7zz a -t7z -mhe=on -p'pw1234' s1.7z a.txt >/dev/null
  7zz a -t7z -mhe=off -p'pw1234' s2.7z a.txt b.txt >/dev/null
  7zz a -t7z s3.7z a.txt b.txt >/dev/null
  7zz a -t7z -m0=lzma s4.7z a.txt >/dev/null
  7zz a -t7z -m0=copy s5.7z a.txt >/dev/null
  cp s3.7z s6.7z && 7zz a -t7z s6.7z b.txt >/dev/null
  # 7z: plain kHeaders (-mhc=off) mutate well; a partly encrypted archive, BCJ2, empty members.
  7zz a -t7z -mhc=off s7.7z a.txt b.txt >/dev/null
  7zz a -t7z -mhc=off -mhe=off -p'pw1234' s8.7z a.txt b.txt >/dev/null
  printf 'later\n' >c.txt && cp s2.7z s9.7z && 7zz a -t7z s9.7z c.txt >/dev/null
  7zz a -t7z -mf=BCJ2 -p'pw1234' s10.7z a.txt >/dev/null
  : >empty.txt && mkdir -p dir && 7zz a -t7z -mhc=off s11.7z empty.txt dir a.txt >/dev/null
  7zz a -t7z -m0=copy -mhc=off -p'pw1234' s12.7z a.txt b.txt >/dev/null
  zip -q z1.zip a.txt b.txt
  zip -q -P pw1234 z2.zip a.txt
  7zz a -tzip -mem=AES256 -p'pw1234' z3.zip a.txt >/dev/null
  7zz a -tzip -mem=AES128 -p'pw1234' z4.zip a.txt >/dev/null
  zip -q -0 z5.zip a.txt
  zip -q -fz z6.zip a.txt b.txt                                # ZIP64 records and extra fields
  cp z2.zip z7.zip && zip -q z7.zip b.txt                      # one ZipCrypto, one plain member
  7zz a -tzip -mem=AES192 -mm=Copy -p'pw1234' z8.zip a.txt >/dev/null
  7zz a -tzip -mem=ZipCrypto -p'pw1234' z9.zip a.txt >/dev/null
)
cp "$work"/*.7z "$out/fuzz_seven_zip/"
cp "$work"/*.zip "$out/fuzz_zip/"

# Protection: label headers, CMS made by openssl, small compound files and an rpmsg stream (perl,
# which Debian always has), a PGP/MIME payload. The last byte picks the tree shape
# fuzz_protection wraps the input in (0 RMS, 1 S/MIME, 2 PGP/MIME).
p="$out/fuzz_protection"
mkdir -p "$p"
g=3f3ac890-09a1-47d3-8d04-15427d7fec91
printf 'MSIP_Label_%s_Enabled=true; MSIP_Label_%s_SiteId=72f988bf-86f1-41af-91ab-2d7cd011db47; MSIP_Label_%s_Name=Geheim; MSIP_Label_%s_ContentBits=8; MSIP_Label_%s_Method=Privileged;' \
  $g $g $g $g $g >"$p/labels.txt"
printf 'msip_label_%s_enabled: true\nmsip_label_%s_name: Geheim\nmsip_label_%s_siteid: {72F988BF-86F1-41AF-91AB-2D7CD011DB47}\n' \
  $g $g $g >"$p/legacy-labels.txt"
(
  cd "$work"
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=seed -days 2 -keyout key.pem -out cert.pem 2>/dev/null
  printf 'Content-Type: text/plain\r\n\r\nVerslag\r\n' >content.txt
  openssl cms -encrypt -aes256 -in content.txt -outform DER -out "$p/aes256.der" cert.pem
  openssl cms -encrypt -aes128 -in content.txt -outform DER -out "$p/aes128.der" cert.pem
  openssl cms -encrypt -aes-256-gcm -in content.txt -outform DER -out "$p/aes256-gcm.der" cert.pem
  openssl cms -encrypt -aes256 -stream -in content.txt -outform DER -out "$p/aes256-ber.der" cert.pem
  openssl cms -sign -nodetach -in content.txt -signer cert.pem -inkey key.pem -outform DER -out "$p/signed.der"
)
for f in "$p"/*.der; do printf '\001' >>"$f"; done
perl -e '
  use strict;
  my $dir = shift;
  # [MS-CFB] version 3: FAT sector 0, directory sector 1, mini FAT sector 2, mini stream sector 3.
  sub cfb {
    my @streams = @_;
    my ($mini_fat, $mini, @entries) = ("", "");
    my $entry = sub {
      my ($name, $type, $right, $child, $start, $size) = @_;
      my $utf16 = join "", map { pack "v", ord } split //, $name;
      pack "a64 v C C V V V a16 V a8 a8 V V V", $utf16, $name eq "" ? 0 : (length($name) + 1) * 2, $type, 1,
        0xFFFFFFFF, $right, $child, "", 0, "", "", $start, $size, 0;
    };
    my $n = @streams / 2;
    for my $i (0 .. $n - 1) {
      my ($name, $data) = @streams[2 * $i, 2 * $i + 1];
      my $first = length($mini) / 64;
      my $count = int((length($data) + 63) / 64);
      $mini_fat .= pack "V", ($_ == $count - 1 ? 0xFFFFFFFE : $first + $_ + 1) for 0 .. $count - 1;
      $mini .= $data . ("\0" x ((64 - length($data) % 64) % 64));
      push @entries, $entry->($name, 2, $i == $n - 1 ? 0xFFFFFFFF : $i + 2, 0xFFFFFFFF, $first, length $data);
    }
    unshift @entries, $entry->("Root Entry", 5, 0xFFFFFFFF, 1, 3, length $mini);
    push @entries, $entry->("", 0, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0) while @entries < 4;
    my $header = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" . ("\0" x 16) . pack("v5", 0x3E, 3, 0xFFFE, 9, 6) . ("\0" x 6)
      . pack("V9", 0, 1, 1, 0, 4096, 2, 1, 0xFFFFFFFE, 0) . pack("V", 0) . (pack("V", 0xFFFFFFFF) x 108);
    my $fat = pack("V4", 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE, 0xFFFFFFFE) . (pack("V", 0xFFFFFFFF) x 124);
    $mini_fat .= pack("V", 0xFFFFFFFF) x ((512 - length $mini_fat) / 4);
    return $header . $fat . join("", @entries) . $mini_fat . $mini . ("\0" x (512 - length $mini));
  }
  sub put { my ($name, $bytes) = @_; open my $f, ">:raw", "$dir/$name" or die; print $f $bytes; close $f; }
  my $agile = pack("v v V", 4, 4, 0x40) . "<encryption/>";
  put("ooxml-encrypted.cfb", cfb("EncryptionInfo", $agile, "EncryptedPackage", pack("V2", 100, 0) . ("\x5A" x 100)));
  put("word-encrypted.cfb", cfb("WordDocument", pack("v6", 0xA5EC, 0xC1, 0, 0x413, 0, 0x0300) . ("\0" x 52), "1Table", "t"));
  put("excel-filepass.cfb", cfb("Workbook", pack("v4", 0x0809, 16, 0x600, 5) . ("\0" x 12) . pack("v5", 0x2F, 6, 1, 4, 2) . pack("v2", 0x0A, 0)));
  put("ppt-plain.cfb", cfb("Current User", pack("v2 V4", 0, 0x0FF6, 28, 0x14, 0xE391C05F, 0) . ("\0" x 12),
    "PowerPoint Document", pack("v2 V", 0, 0x0FF5, 0x1C) . ("\0" x 28)));
  # [MS-OXORMMS] 2.2.1 rpmsg: prefix, block header, a stored zlib block of a compound file.
  my $storage = substr(cfb("DRMContent", "x" x 40), 0, 2048);
  my ($a, $b) = (1, 0);
  for my $c (unpack "C*", $storage) { $a = ($a + $c) % 65521; $b = ($b + $a) % 65521; }
  my $zlib = "\x78\x01\x01" . pack("v v", length $storage, ~length($storage) & 0xFFFF) . $storage . pack("N", ($b << 16) | $a);
  put("message.rpmsg", "\x76\xE8\x04\x60\xC4\x11\xE3\x86" . pack("V3", 0x0FA0, length $storage, length $zlib) . $zlib . "\0");
  put("pgp.asc", "-----BEGIN PGP MESSAGE-----\r\n\r\nhQEMA5FAKEDUMMY0AQf/dGhpcyBpcyBub3Q=\r\n-----END PGP MESSAGE-----\r\n\x02");
' "$p"

# fuzz_text: a docx (split runs, a table, a header), an xlsx, and an odt with a stored mimetype.
t="$out/fuzz_text"
mkdir -p "$t" "$work/docx/word" "$work/docx/_rels" "$work/xlsx/xl/worksheets" "$work/odt/META-INF"
(
  cd "$work/docx"
  printf '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>' >'[Content_Types].xml'
  printf '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>' >_rels/.rels
  w='xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
  printf '<?xml version="1.0"?><w:document %s><w:body><w:p><w:r><w:t>INSZ 85.07.30</w:t></w:r><w:r><w:t>-033.28</w:t><w:tab/><w:br/></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Naam</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Sarah Janssens</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>' "$w" >word/document.xml
  printf '<?xml version="1.0"?><w:hdr %s><w:p><w:r><w:t>Kop</w:t></w:r></w:p></w:hdr>' "$w" >word/header1.xml
  zip -X -q "$t/seed.docx" '[Content_Types].xml' _rels/.rels word/document.xml word/header1.xml
)
(
  cd "$work/xlsx"
  cp "$work/docx/[Content_Types].xml" .
  s='xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
  printf '<?xml version="1.0"?><workbook %s/>' "$s" >xl/workbook.xml
  printf '<?xml version="1.0"?><sst %s><si><t>Naam</t></si><si><r><t>Sarah </t></r><r><t>Janssens</t></r></si></sst>' "$s" >xl/sharedStrings.xml
  printf '<?xml version="1.0"?><worksheet %s><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="inlineStr"><is><t>x</t></is></c><c><v>31257</v></c></row></sheetData></worksheet>' "$s" >xl/worksheets/sheet1.xml
  zip -X -q "$t/seed.xlsx" '[Content_Types].xml' xl/workbook.xml xl/sharedStrings.xml xl/worksheets/sheet1.xml
)
(
  cd "$work/odt"
  printf 'application/vnd.oasis.opendocument.text' >mimetype
  printf '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>' >META-INF/manifest.xml
  printf '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text><text:p>INSZ<text:s text:c="2"/>85.07.30<text:span>-033.28</text:span><text:tab/><text:line-break/></text:p><table:table><table:table-row><table:table-cell><text:p>Naam</text:p></table:table-cell></table:table-row></table:table></office:text></office:body></office:document-content>' >content.xml
  zip -X -q -0 "$t/seed.odt" mimetype && zip -X -q "$t/seed.odt" content.xml META-INF/manifest.xml
)
printf 'Beste,\r\nINSZ 85.07.30-033.28 Ren\xe9\r\n' >"$t/plain.txt"
printf '<p>INSZ <b>85.07.30</b>-033.28 &amp; &#233;</p>' >"$t/page.html"

# fuzz_matchers: byte 0 is the kind (0 e-mail, 1 phone, 2 title, 3 birth date, 4 address, 5 national
# number, 6 identity card, 7 IBAN, 8 nationality, 9 income) read as raw bytes, bytes 1-4 seed the
# ranges, the rest is the text: the edge cases of the hand-written matchers.
m="$out/fuzz_matchers"
mkdir -p "$m"
i=0
seed() { i=$((i + 1)); printf "$1"'\000\000\377\377%b' "$2" >"$m/seed-$i"; }
for text in 'mail jan.peeters@telenet.be.' '.jan.@x.be' 'jan..peeters@x.be' '-jan@x.be' ' -x@y.com' 'a-b@c-.be d@e-f.be' \
    'x@a.b.c.d.abcdefghijklmnopqrstuvwxy' 'x@a.b.abcdefghijklmnopqrstuvwx' 'x@y.com_x' 'x@y.com1' 'x@y.co.uk-' \
    'x@y.com.x' 'a@b.c' 'ab@@cd.be' '%+@x.be' '_a@x.be' 'caf\303\251@x.be' 'jan@telenet.be@x.nl' 'a@b..com' \
    'a@-b.com' 'a@b-.com' 'a@b.c-d.com' 'Mail: <jan.peeters+zorg@kind-en-gezin.vlaanderen>' 'a.@b.be .a@b.be'; do
  seed '\000' "$text"
done
for text in '+32 (0)471 12 34 56' '0032 471 12.34.56' '+32471123456' '02 123 45 67' 'BE 0123.456.789' \
    'tel:0471/12.34.56x' 'a0471123456' '0471 12 34 56 78 90' '+1234 567 890 123 456 789' '+32 (0) 471' \
    '+32-(0)-471-12-34-56' '00 32 471 12 34 56' '+32(0)47112345678901234' '0471123456_' '++32471123456' \
    '003247112345' '0(0)471' '+3 2 4 7 1 1 2 3 4' '0471..12.34.56' '09/123.45.67 en 014 12 34 56'; do
  seed '\001' "$text"
done
for text in 'Beste mevrouw Hanne Aerts,' 'dhr. Jan van der Berg' 'Mr.Smith en Mrs. Anne-Marie de Smet' 'de   heer Jan De Smet' \
    'MEVR.  Peeters van  Aerts  Jansen' 'Madame Dupont la Fontaine du Lac' 'mmeX Peeters' 'Ms O'"'"'Brien-' \
    'monsieur  A Bb' 'mijnheer Jan van  Peeters' 'mevrouw Hanne Aerts Jansen Peeters' 'ms. jan Peeters' 'xmevrouw Jan'; do
  seed '\002' "$text"
done
for text in 'geboren op 12 maart 2019' 'Geboortedatum: 1985-07-30' 'geb. 12/03/85 te Gent' 'date de naissance : 3 sept. 1985' \
    'nee le 1er mars 1990' 'née le 2 mai 1991' 'date of birth: March 12th, 2019' 'D.O.B 12 . 03 . 2019' 'DOB:12-3-85x' \
    'born on September 3, 1985' 'born 12/03/19851' 'geboren\n12/03/2019' 'geboren op abcdefghijklmnopqrstuvwxyz012 maart 2019' \
    '\302\260 12.03.2019' 'geborenen 12 maart 2019' 'geboren op maandag 12 maart 2019'; do
  seed '\003' "$text"
done
for text in 'Kerkstraat 12, 9000 Gent' 'Adres: Grote Markt 1 1000 Brussel' 'Oude Sint Pieters Nieuw Straat 5 9000 Gent' \
    'Sint-Jansplein 3 2000 Antwerpen' "'s-Gravenstraat 3 9000 Gent" 'rue de la Paix 12 1000 Bruxelles' \
    'Av. Louise 54, 1050 Ixelles' 'rue de la Montagne du Parc Vert 12 1000 Bruxelles' 'Kerkstraat 12a bus 3 9000 Gent' \
    'Kerkstraat 12 A, 9000 Gent' 'Kerkstraat 12, bte A12 9000 Gent' 'Kerkstraat 12 B.3 9000 Gent' 'Kerkstraat 12 bus 39000 Gent' \
    'Kerkstraat 12\n9000 Gent' 'Kerkstraat 12  -  9000 Gent' 'Kerkstraat 12 1000 Brussel Centrum' 'Kerkstraat 12 0900 Gent' \
    'Kerkstraat 12345 9000 Gent' 'Lange Kerkstraat Oost 5 9000 Gent' 'Kerkstraat 12 Gent; Dorpsstraat 3 9000 Gent' \
    'Chauss\303\251e de Wavre 100 1050 Ixelles' 'Rue de l\342\200\231\303\211glise 5 bo\303\256te 2, 1000 Bruxelles' \
    'KERKSTRAAT 12 9000 GENT' 'Steenweg op Gent 5 9300 Aalst' 'x Dorpsstraat 1 b 9000 Sint-Martens-Latem'; do
  seed '\004' "$text"
done
for text in 'INSZ 85.07.30-033.28.' '85 07 30 033 28' '85/07/30-033-28' '850730-033.28' '85073003328' '850730033289' \
    'x85073003328' '85.07.3003328' '85..07.30-033.28' '85.07.30 - 033.28' '1 85073003328 2'; do
  seed '\005' "$text"
done
for text in 'kaart 590-1234567-89' '590 1234567 89' '590-1234567-890' 'a590-1234567-89' '590-123456-789' '590--1234567-89'; do
  seed '\006' "$text"
done
for text in 'IBAN BE68 5390 0754 7034' 'BE68539007547034' 'be68 5390 0754 7034 en meer' 'xBE68539007547034' \
    'NL91 ABNA 0417 1643 00' 'BE68  5390 0754 7034' 'GB82WEST12345698765432 GB82 WEST 1234 5698 7654 32 extra woorden' \
    'BE6 8539007547034' 'AB12 3456789012' 'DE89 3704 0044 0532 0130 00 1234 5678 9012 3456 7890 1234'; do
  seed '\007' "$text"
done
for text in 'de Poolse nationaliteit' 'van Marokkaanse nationaliteit.' 'nationalit\303\251 fran\303\247aise' \
    'Nationalit\303\251 belge' 'Belgian nationality' 'de nationaliteit' 'xse nationaliteit' 'Turkse  nationaliteit' \
    'nationalite\nbelge' 'Abcdefghijklmnopqrstuvwse nationaliteit' 'de Po\305\202ska nationaliteit'; do
  seed '\010' "$text"
done
for text in 'het gezinsinkomen bedraagt \342\202\254 1.640' 'leefloon van 1 300 euro' 'inkomen: 1640 EUR per maand' \
    'Uitkering \342\202\2541.200,50' 'revenu de 900 \342\202\254' 'income 2000 eur.' 'loon. 1200 euro' \
    'inkomen\n1200 euro' 'gezinsinkomen ongeveer twaalfhonderd euro of 1200 euro' 'loonbrief 1200 euro' 'inkomen 12eur'; do
  seed '\011' "$text"
done
