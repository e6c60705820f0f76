// Resource limits that bound what one message may cost us (configured in gateway.toml [limits]).
#pragma once

#include <chrono>
#include <cstdint>

namespace pm {

struct Limits {
    std::uint64_t max_message_bytes = 50ull << 20;  ///< raw message size
    std::uint32_t max_mime_depth = 32;              ///< nesting of multiparts and rfc822
    std::uint32_t max_parts = 1000;                 ///< MIME parts in total, nested included
    std::uint64_t max_decoded_bytes = 200ull << 20; ///< decoded part bytes in total
    std::uint64_t max_text_bytes = 20ull << 20;     ///< readable text extracted per message
    std::chrono::milliseconds time_budget{10000};   ///< wall-clock budget for one inspection
    std::uint32_t max_container_depth = 4;          ///< archives inside archives, opened in turn
    std::uint32_t password_candidates = 64;         ///< candidate passwords tried per message
    std::chrono::milliseconds password_budget{2000}; ///< time for the password proof per message
};

} // namespace pm
