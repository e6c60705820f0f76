// sd_notify(3) without libsystemd: one datagram to $NOTIFY_SOCKET.
#pragma once

#include <string_view>

namespace pm::cli {

/// Sends `state` ("READY=1", "STOPPING=1", ...) when started by systemd with Type=notify;
/// does nothing otherwise. Errors are ignored (the service manager is optional).
void notify_systemd(std::string_view state) noexcept;

} // namespace pm::cli
