// GMime set-up and one parse of a buffer, with the parser's structural warnings collected.
#pragma once

#include "mime/gobject_ptr.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pm::mime {

/// Initialises GMime once per process; thread-safe, later calls do nothing. Tests that build
/// messages with GMime call it too.
void ensure_gmime_initialised();

/// Collects the structural problems the GMime parser reports through its warning callback: the
/// ones after which two readers could see two different messages. One reason per kind of
/// problem, never message content. GMime keeps a pointer to this in every object it parses, so it
/// must outlive them (ParsedMessage sees to that).
class ParserWarnings {
public:
    /// Called from GMime's C callback; never throws.
    void record(std::int64_t offset, unsigned code, const char* item) noexcept;
    /// Drops later reports of `code` (a GMimeParserWarning) that cannot mean anything here.
    void ignore(unsigned code) noexcept;
    const std::vector<std::string>& problems() const { return m_problems; }

private:
    std::vector<std::string> m_problems;
    std::uint64_t m_seen = 0;  ///< bit per GMimeParserWarning already recorded
};

/// A GMime message together with the warnings its parse produced. Move-only; the message is
/// released before the warning sink GMime points at.
class ParsedMessage {
public:
    /// The message (borrowed from this object), or null when GMime could not construct one.
    GMimeMessage* message() const { return m_message.get(); }
    /// Problems reported so far, including those GMime reports lazily while its objects are read.
    const std::vector<std::string>& problems() const { return m_warnings->problems(); }

private:
    friend ParsedMessage parse_with_gmime(std::string_view bytes);
    std::unique_ptr<ParserWarnings> m_warnings = std::make_unique<ParserWarnings>();
    GObjectPtr<GMimeMessage> m_message;  // declared last: destroyed first
};

/// Parses `bytes` (copied into a GMime memory stream) as one RFC 5322 message with fresh parser
/// options whose warnings go to the returned object. Never fails: a missing message is reported
/// through `message() == nullptr`.
ParsedMessage parse_with_gmime(std::string_view bytes);

} // namespace pm::mime
