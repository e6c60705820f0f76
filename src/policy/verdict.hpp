// The decision about one message: envelope in, verdict out (violations under each protocol).
#pragma once

#include "core/address.hpp"
#include "core/codes.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pm {

/// The SMTP envelope (never header addresses when these are known), already normalised.
struct Envelope {
    std::optional<Address> sender;  ///< nullopt for the null sender `<>`
    std::vector<Address> recipients;
};

/// One broken rule of one protocol.
struct Violation {
    ViolationCode code = ViolationCode::message_unparseable;
    std::string protocol_id;
    std::string part;      ///< "2/1 verwijzing.docx"; empty for message-level violations
    std::string detail;    ///< English, for JSON and the DPO; no personal-data values
    std::string evidence;  ///< redacted, may be empty
    Action action = Action::reject;
};

struct Verdict {
    Action action = Action::accept;
    std::vector<std::string> protocols;  ///< ids of the protocols that applied
    std::vector<Violation> violations;
    std::string error;  ///< for tempfail: what failed on our side (no message content)
    std::vector<std::string> notes;  ///< for the log: e.g. the password proof ran out of time
};

} // namespace pm
