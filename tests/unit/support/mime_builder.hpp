// Test-side message builder: real messages made with GMime's own API, serialised to bytes.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace pm::test {

/// Content-Transfer-Encoding a leaf is written with.
enum class TransferEncoding { seven_bit, eight_bit, binary, base64, quoted_printable, uuencode };

/// How a non-ASCII file name is put in the headers: RFC 2231 (`filename*=utf-8''...`, what
/// Thunderbird does) or RFC 2047 encoded words inside quotes (what Outlook does).
enum class NameEncoding { rfc2231, rfc2047 };

/// One MIME node: a leaf (`bytes`), a multipart (`children`, content_type "multipart/<sub>") or a
/// message/rfc822 part (`embedded_message`, raw bytes of the inner message; a message/rfc822 node
/// without it is written as a leaf from `bytes`, e.g. to base64-encode a whole message).
struct MimeNode {
    std::string content_type = "text/plain";
    std::string charset;  ///< set as the charset parameter when not empty
    std::string bytes;    ///< leaf content before transfer encoding
    TransferEncoding encoding = TransferEncoding::seven_bit;
    std::string filename;  ///< sets Content-Disposition filename and Content-Type name
    NameEncoding name_encoding = NameEncoding::rfc2231;
    std::string disposition;  ///< "attachment", "inline" or "" (no header unless a filename)
    std::string content_id;
    std::vector<MimeNode> children;
    std::string embedded_message;
};

/// The top-level headers of a built message. Address strings are RFC 5322 address lists
/// ("Naam <a@b>", "Team: a@b, c@d;").
struct MessageHeaders {
    std::string from = "Afzender <afzender@example.org>";
    std::string to = "Ontvanger <ontvanger@example.net>";
    std::string cc;
    std::string subject = "Testbericht";
    /// Appended in order, values written verbatim (fold with "\n "; line ends become CRLF).
    std::vector<std::pair<std::string, std::string>> extra;
};

/// Serialises `body` under `headers` with GMime (CRLF line ends, RFC 2231 parameters by
/// default, fixed Date, Message-Id and boundaries: the same input gives the same bytes). Throws
/// std::runtime_error on a builder mistake.
std::string build_message(const MessageHeaders& headers, const MimeNode& body);

/// A text/plain leaf, UTF-8, quoted-printable.
MimeNode text_part(std::string text);
/// A text/html leaf, UTF-8, quoted-printable.
MimeNode html_part(std::string html);
/// An attachment leaf: Content-Disposition attachment with a file name.
MimeNode attachment(std::string filename, std::string content_type, std::string bytes,
    TransferEncoding encoding = TransferEncoding::base64, NameEncoding name_encoding = NameEncoding::rfc2231);
/// A multipart/<subtype> container.
MimeNode multipart(std::string subtype, std::vector<MimeNode> children);
/// A message/rfc822 attachment holding `message_bytes`.
MimeNode rfc822_attachment(std::string message_bytes, std::string filename = {});

/// A single-part text/plain mail.
std::string build_plain_message(const MessageHeaders& headers, std::string text);
/// multipart/mixed: the text body, then the attachments.
std::string build_mixed_message(
    const MessageHeaders& headers, std::string text, std::vector<MimeNode> attachments);
/// multipart/mixed { multipart/alternative { text, html }, attachments... } (Outlook/Thunderbird
/// shape); without attachments just the multipart/alternative.
std::string build_alternative_message(const MessageHeaders& headers, std::string text, std::string html,
    std::vector<MimeNode> attachments = {});
/// multipart/mixed: the text body, then `embedded_message` as a message/rfc822 attachment.
std::string build_forward_message(
    const MessageHeaders& headers, std::string text, std::string embedded_message);

} // namespace pm::test
