// Messages the gateway writes itself (sender notices, DPO reports), serialised with GMime.
#pragma once

#include "core/error.hpp"
#include "core/time.hpp"

#include <string>
#include <utility>
#include <vector>

namespace pm::delivery {

/// One leaf of an outgoing message.
struct OutgoingPart {
    std::string type = "text";
    std::string subtype = "plain";
    std::vector<std::pair<std::string, std::string>> parameters;  ///< Content-Type parameters
    std::string content;  ///< the bytes; text/* is UTF-8 and gets charset=utf-8
    std::string filename; ///< for an attachment (Content-Disposition: attachment)
};

/// A whole message: headers and either one part or a multipart of `parts`.
struct OutgoingMessage {
    std::string from;     ///< addr-spec
    std::string from_name;  ///< display name, may be empty
    std::vector<std::string> to;  ///< addr-specs
    std::string subject;  ///< UTF-8 (encoded as RFC 2047 when needed)
    Instant date{};
    std::string message_id;  ///< without <>; generated from `from`'s domain when empty
    std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers, ASCII values
    std::string multipart_subtype = "mixed";  ///< used when there is more than one part
    std::vector<std::pair<std::string, std::string>> multipart_parameters;
    std::vector<OutgoingPart> parts;
};

/// The RFC 5322 text of `message` (LF line ends, as the sendmail command expects). Text parts
/// are quoted-printable when they are not 7-bit clean or have long lines; others 7bit or base64.
Result<std::string> serialise(const OutgoingMessage& message);

/// `Tue, 24 Nov 2026 09:00:00 +0000`.
std::string rfc5322_date(Instant at);

} // namespace pm::delivery
