// What a Session may ask of the MTA: the only seam between the session logic and libmilter.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pm::milter {

/// The MTA-side operations of one milter connection. The daemon implements it with smfi_*
/// calls (milter/milter_callbacks.cpp); the unit tests with a recording fake. Each call returns
/// false when the MTA (or libmilter) refused it. Used by one thread at a time (libmilter calls a
/// connection's callbacks in order).
class MilterActions {
public:
    virtual ~MilterActions() = default;

    /// The value of a macro the MTA sent (`i`, `{auth_authen}`, ...), or nullopt.
    virtual std::optional<std::string> symbol(std::string_view name) = 0;
    /// Appends a header field (end of message only).
    virtual bool add_header(std::string_view name, std::string_view value) = 0;
    /// Deletes the `index`-th (1-based) field called `name` (end of message only).
    virtual bool delete_header(std::string_view name, int index) = 0;
    /// Sets the SMTP reply for the next reject/tempfail: `rcode` "550", `xcode` "5.7.1", 1..32
    /// lines that are already SMTP-safe (ASCII, no CR/LF, '%' doubled, under 512 bytes).
    virtual bool set_reply(std::string_view rcode, std::string_view xcode, const std::vector<std::string>& lines) = 0;
    /// Puts the message in the MTA's hold queue with `reason` (end of message only).
    virtual bool quarantine(std::string_view reason) = 0;
};

} // namespace pm::milter
