-- Several messages on one connection, each judged on its own envelope and content.
dofile(LIB)
local conn = pm_connect()

pm_envelope(conn, "QMULTI1", sender, {mailbox})
if pm_send_message(conn, pm_leaking_referral()) ~= SMFIR_REPLYCODE then error("message 1: reject expected") end

pm_envelope(conn, "QMULTI2", sender, {"jan@example.org"})
if pm_send_message(conn, pm_leaking_referral()) ~= SMFIR_ACCEPT then error("message 2: fast path expected") end

pm_envelope(conn, "QMULTI3", sender, {mailbox})
if pm_send_message(conn, pm_harmless_referral()) ~= SMFIR_ACCEPT then error("message 3: accept expected") end
if not mt.eom_check(conn, MT_HDRADD, "X-Protocol-Check") then error("message 3: no X-Protocol-Check header") end

pm_envelope(conn, "QMULTI4", sender, {mailbox})
if pm_send_message(conn, pm_leaking_referral()) ~= SMFIR_REPLYCODE then error("message 4: reject expected") end

pm_log_has("queue_id=QMULTI1 ref=PM-")
pm_log_has("queue_id=QMULTI2 verdict=accept fast_path=yes")
pm_log_has("queue_id=QMULTI3 ref=")
pm_log_has("queue_id=QMULTI4 ref=")
mt.disconnect(conn)
