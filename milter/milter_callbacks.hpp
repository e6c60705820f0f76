// The libmilter side of the daemon: smfi_register with thin callbacks into Session.
#pragma once

#include "daemon/session.hpp"

namespace pm::milter {

/// Registers the filter (name, actions, callbacks) with libmilter. `state` must outlive every
/// connection (the daemon never frees it). Returns false when libmilter refuses.
bool register_filter(DaemonState& state);

} // namespace pm::milter
