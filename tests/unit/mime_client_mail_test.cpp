// parse_message() on hand-written messages shaped like what Outlook, Thunderbird and Apple Mail
// send: ordinary mail must come through without a single structural problem.
#include "mime/message_tree.hpp"

#include "support/mime_tree.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using pm::mime::MessageTree;
using pm::mime::Part;
using pm::mime::SniffedType;

namespace {

// Outlook (Exchange Online): mixed > alternative > plain + html, Windows-1252 QP bodies, a
// sensitivity label folded over several lines, an attachment named with encoded words and the
// size/date parameters Outlook adds, and an empty X-MS-TNEF-Correlator header.
const std::string outlook_message =
    "Received: from AM9PR01MB0001.eurprd01.prod.outlook.com (2603:10a6:20b:1::1) by\r\n"
    " AM9PR01MB0002.eurprd01.prod.outlook.com with HTTPS; Fri, 1 Mar 2024 09:30:01 +0000\r\n"
    "From: \"Peeters, Jan\" <jan.peeters@ziekenhuis.example>\r\n"
    "To: \"intake@ocmw.example\" <intake@ocmw.example>\r\n"
    "CC: Dossierbeheer <dossiers@ziekenhuis.example>\r\n"
    "Subject: =?Windows-1252?Q?Verwijzing_cli=EBnt_=96_dossier_42?=\r\n"
    "Thread-Topic: =?Windows-1252?Q?Verwijzing_cli=EBnt_=96_dossier_42?=\r\n"
    "Thread-Index: AdprQ2VFZ3VqTnBhV0tWbFRXRmhkR1Z1\r\n"
    "Date: Fri, 1 Mar 2024 09:30:00 +0000\r\n"
    "Message-ID: <AM9PR01MB000112AB34CD@AM9PR01MB0001.eurprd01.prod.outlook.com>\r\n"
    "Accept-Language: nl-BE, en-US\r\n"
    "Content-Language: nl-BE\r\n"
    "X-MS-Has-Attach: yes\r\n"
    "X-MS-TNEF-Correlator:\r\n"
    "msip_labels: MSIP_Label_3f1f8c1e-7f5d-4f4b-9a43-0c5b2b1d6e10_Enabled=true;\r\n"
    " MSIP_Label_3f1f8c1e-7f5d-4f4b-9a43-0c5b2b1d6e10_SetDate=2024-03-01T09:29:41Z;\r\n"
    " MSIP_Label_3f1f8c1e-7f5d-4f4b-9a43-0c5b2b1d6e10_Method=Standard;\r\n"
    " MSIP_Label_3f1f8c1e-7f5d-4f4b-9a43-0c5b2b1d6e10_Name=Vertrouwelijk;\r\n"
    " MSIP_Label_3f1f8c1e-7f5d-4f4b-9a43-0c5b2b1d6e10_SiteId=a1b2c3d4-0000-4000-8000-123456789abc;\r\n"
    " MSIP_Label_3f1f8c1e-7f5d-4f4b-9a43-0c5b2b1d6e10_ActionId=00000000-1111-2222-3333-444444444444;\r\n"
    " MSIP_Label_3f1f8c1e-7f5d-4f4b-9a43-0c5b2b1d6e10_ContentBits=0\r\n"
    "Content-Type: multipart/mixed;\r\n"
    "\tboundary=\"_004_AM9PR01MB000112AB34CDAM9PR01MB0001eurp_\"\r\n"
    "MIME-Version: 1.0\r\n"
    "\r\n"
    "--_004_AM9PR01MB000112AB34CDAM9PR01MB0001eurp_\r\n"
    "Content-Type: multipart/alternative;\r\n"
    "\tboundary=\"_000_AM9PR01MB000112AB34CDAM9PR01MB0001eurp_\"\r\n"
    "\r\n"
    "--_000_AM9PR01MB000112AB34CDAM9PR01MB0001eurp_\r\n"
    "Content-Type: text/plain; charset=\"Windows-1252\"\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Beste,\r\n"
    "\r\n"
    "In bijlage de verwijzing voor onze cli=EBnt.\r\n"
    "\r\n"
    "Met vriendelijke groet,\r\n"
    "Jan\r\n"
    "\r\n"
    "--_000_AM9PR01MB000112AB34CDAM9PR01MB0001eurp_\r\n"
    "Content-Type: text/html; charset=\"Windows-1252\"\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "<html xmlns:v=3D\"urn:schemas-microsoft-com:vml\" xmlns:o=3D\"urn:schemas-micr=\r\n"
    "osoft-com:office:office\"><head><meta http-equiv=3D\"Content-Type\" content=3D=\r\n"
    "\"text/html; charset=3DWindows-1252\"></head><body lang=3D\"NL-BE\"><p class=3D=\r\n"
    "\"MsoNormal\">Beste,</p><p class=3D\"MsoNormal\">In bijlage de verwijzing voor o=\r\n"
    "nze cli=EBnt.</p></body></html>\r\n"
    "\r\n"
    "--_000_AM9PR01MB000112AB34CDAM9PR01MB0001eurp_--\r\n"
    "\r\n"
    "--_004_AM9PR01MB000112AB34CDAM9PR01MB0001eurp_\r\n"
    "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\r\n"
    "\tname=\"=?Windows-1252?Q?verwijzing-cli=EBnt.docx?=\"\r\n"
    "Content-Description: =?Windows-1252?Q?verwijzing-cli=EBnt.docx?=\r\n"
    "Content-Disposition: attachment;\r\n"
    "\tfilename=\"=?Windows-1252?Q?verwijzing-cli=EBnt.docx?=\"; size=22;\r\n"
    "\tcreation-date=\"Fri, 01 Mar 2024 09:28:00 GMT\";\r\n"
    "\tmodification-date=\"Fri, 01 Mar 2024 09:28:00 GMT\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "UEsDBBQAAAAIAAAAIQBbQ29udGVudF9U\r\n"
    "\r\n"
    "--_004_AM9PR01MB000112AB34CDAM9PR01MB0001eurp_--\r\n";

// Thunderbird: a prologue line, format=flowed 8bit UTF-8 body, an attachment with both an
// encoded-word name= and an RFC 2231 filename*=.
const std::string thunderbird_message =
    "Message-ID: <0b5c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3@ziekenhuis.example>\r\n"
    "Date: Fri, 1 Mar 2024 10:30:00 +0100\r\n"
    "MIME-Version: 1.0\r\n"
    "User-Agent: Mozilla Thunderbird\r\n"
    "Content-Language: nl\r\n"
    "To: intake@ocmw.example\r\n"
    "From: Jan Peeters <jan.peeters@ziekenhuis.example>\r\n"
    "Subject: Verwijzing\r\n"
    "Content-Type: multipart/mixed; boundary=\"------------Xq1w2e3r4t5y6u7i8o9p0a1s\"\r\n"
    "\r\n"
    "This is a multi-part message in MIME format.\r\n"
    "--------------Xq1w2e3r4t5y6u7i8o9p0a1s\r\n"
    "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "Beste,\r\n"
    "\r\n"
    "In bijlage de verwijzing voor onze cliënt. Dit is een lange regel die \r\n"
    "door format=flowed wordt afgebroken.\r\n"
    "\r\n"
    "-- \r\n"
    "Jan Peeters\r\n"
    "\r\n"
    "--------------Xq1w2e3r4t5y6u7i8o9p0a1s\r\n"
    "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\r\n"
    " name=\"=?UTF-8?Q?verwijzing-cli=C3=ABnt=2Edocx?=\"\r\n"
    "Content-Disposition: attachment;\r\n"
    " filename*=UTF-8''verwijzing-cli%C3%ABnt.docx\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "UEsDBBQAAAAIAAAAIQBbQ29udGVudF9U\r\n"
    "\r\n"
    "--------------Xq1w2e3r4t5y6u7i8o9p0a1s--\r\n";

// Apple Mail: Mime-Version with a comment, parameters on their own folded lines, a PDF with
// x-unix-mode, and an inline image referenced by content id.
const std::string apple_mail_message =
    "From: Jan Peeters <jan.peeters@ziekenhuis.example>\r\n"
    "Content-Type: multipart/mixed;\r\n"
    "\tboundary=\"Apple-Mail=_5C3B2A19-0D4E-4F6A-9B8C-7D6E5F4A3B2C\"\r\n"
    "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.400.31\\))\r\n"
    "Subject: Verslag\r\n"
    "Date: Fri, 1 Mar 2024 11:00:00 +0100\r\n"
    "Message-Id: <5C3B2A19-0D4E-4F6A-9B8C-7D6E5F4A3B2C@ziekenhuis.example>\r\n"
    "To: intake@ocmw.example\r\n"
    "X-Mailer: Apple Mail (2.3774.400.31)\r\n"
    "\r\n"
    "\r\n"
    "--Apple-Mail=_5C3B2A19-0D4E-4F6A-9B8C-7D6E5F4A3B2C\r\n"
    "Content-Transfer-Encoding: 7bit\r\n"
    "Content-Type: text/plain;\r\n"
    "\tcharset=us-ascii\r\n"
    "\r\n"
    "Beste,\r\n"
    "\r\n"
    "Het verslag zit in bijlage.\r\n"
    "\r\n"
    "--Apple-Mail=_5C3B2A19-0D4E-4F6A-9B8C-7D6E5F4A3B2C\r\n"
    "Content-Disposition: attachment;\r\n"
    "\tfilename=verslag.pdf\r\n"
    "Content-Type: application/pdf;\r\n"
    "\tx-unix-mode=0644;\r\n"
    "\tname=\"verslag.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K\r\n"
    "\r\n"
    "--Apple-Mail=_5C3B2A19-0D4E-4F6A-9B8C-7D6E5F4A3B2C\r\n"
    "Content-Disposition: inline;\r\n"
    "\tfilename=handtekening.png\r\n"
    "Content-Type: image/png;\r\n"
    "\tname=\"handtekening.png\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-Id: <7A1B2C3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D>\r\n"
    "\r\n"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==\r\n"
    "\r\n"
    "--Apple-Mail=_5C3B2A19-0D4E-4F6A-9B8C-7D6E5F4A3B2C--\r\n";

// Outlook S/MIME signed: multipart/signed with the signature as application/pkcs7-signature.
const std::string smime_signed_message =
    "From: Jan Peeters <jan.peeters@ziekenhuis.example>\r\n"
    "To: intake@ocmw.example\r\n"
    "Subject: Ondertekend\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/signed; protocol=\"application/x-pkcs7-signature\";\r\n"
    "\tmicalg=SHA256; boundary=\"----=_NextPart_000_0001_01DA6B2C.3D4E5F60\"\r\n"
    "\r\n"
    "This is a multipart message in MIME format.\r\n"
    "\r\n"
    "------=_NextPart_000_0001_01DA6B2C.3D4E5F60\r\n"
    "Content-Type: text/plain; charset=\"us-ascii\"\r\n"
    "Content-Transfer-Encoding: 7bit\r\n"
    "\r\n"
    "Ondertekende tekst.\r\n"
    "\r\n"
    "------=_NextPart_000_0001_01DA6B2C.3D4E5F60\r\n"
    "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n"
    "\r\n"
    "MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAA==\r\n"
    "\r\n"
    "------=_NextPart_000_0001_01DA6B2C.3D4E5F60--\r\n"
    "\r\n";

} // namespace

TEST_CASE("an Outlook message with a sensitivity label parses without problems", "[mime][client]")
{
    const MessageTree tree = pm::test::parse_tree(outlook_message);
    CHECK(tree.problems.empty());
    CHECK(pm::test::leaf_paths(tree) == std::vector<std::string>{"1/1", "1/2", "2"});
    CHECK(tree.subject == "Verwijzing cliënt – dossier 42");
    CHECK(tree.from == std::vector<std::string>{"jan.peeters@ziekenhuis.example"});
    CHECK(tree.recipients == std::vector<std::string>{"intake@ocmw.example", "dossiers@ziekenhuis.example"});
    CHECK(tree.header("msip_labels").find("_Name=Vertrouwelijk; MSIP_Label_") != std::string_view::npos);
    CHECK(tree.header("X-MS-TNEF-Correlator").empty());
    CHECK(tree.leaves[0].charset == "windows-1252");
    // Only the transfer encoding is undone: the text is still Windows-1252.
    CHECK(tree.leaves[0].data.find("cli\xEBnt") != std::string::npos);
    CHECK(tree.leaves[2].filename == "verwijzing-cliënt.docx");
    CHECK(tree.leaves[2].sniffed == SniffedType::zip);
}

TEST_CASE("a Thunderbird message with an RFC 2231 file name parses without problems", "[mime][client]")
{
    const MessageTree tree = pm::test::parse_tree(thunderbird_message);
    CHECK(tree.problems.empty());
    CHECK(pm::test::leaf_paths(tree) == std::vector<std::string>{"1", "2"});
    CHECK(tree.leaves[0].is_body);
    CHECK(tree.leaves[0].data.find("-- \r\nJan Peeters") != std::string::npos);
    CHECK(tree.leaves[1].filename == "verwijzing-cliënt.docx");
}

TEST_CASE("an Apple Mail message with an inline image parses without problems", "[mime][client]")
{
    const MessageTree tree = pm::test::parse_tree(apple_mail_message);
    CHECK(tree.problems.empty());
    CHECK(pm::test::leaf_paths(tree) == std::vector<std::string>{"1", "2", "3"});
    CHECK(tree.leaves[1].sniffed == SniffedType::pdf);
    CHECK(tree.leaves[2].sniffed == SniffedType::png);
    CHECK(tree.leaves[2].disposition == "inline");
    CHECK(tree.leaves[2].content_id == "7A1B2C3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D");
}

TEST_CASE("an S/MIME signed message is walked as a multipart with its signature as a leaf", "[mime][client]")
{
    const MessageTree tree = pm::test::parse_tree(smime_signed_message);
    CHECK(tree.problems.empty());
    CHECK(pm::test::leaf_paths(tree) == std::vector<std::string>{"1", "2"});
    CHECK(tree.leaves[1].content_type == "application/pkcs7-signature");
    CHECK(tree.leaves[1].filename == "smime.p7s");
}

TEST_CASE("a header-only message without an empty line is not called truncated", "[mime][client]")
{
    const MessageTree tree = pm::test::parse_tree("From: a@example.org\r\nTo: b@example.net\r\nSubject: leeg\r\n");
    CHECK(tree.problems.empty());
    CHECK(tree.subject == "leeg");
}
