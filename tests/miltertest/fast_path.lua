-- Mail no protocol can apply to is accepted at DATA: no headers, no body are sent to us.
dofile(LIB)
local conn = pm_connect()
pm_envelope(conn, "QFAST1", sender, {"jan@example.org"})
pm_check(mt.data(conn), "data")
pm_expect(conn, SMFIR_ACCEPT, "fast path at DATA")
pm_log_has("queue_id=QFAST1 verdict=accept fast_path=yes")
-- The same connection goes on with a message from outside the discloser to the mailbox.
pm_envelope(conn, "QFAST2", "iemand@example.org", {mailbox})
if pm_send_message(conn, pm_leaking_referral()) ~= SMFIR_ACCEPT then
    error("a sender outside every discloser domain must take the fast path")
end
pm_log_has("queue_id=QFAST2 verdict=accept fast_path=yes")
mt.disconnect(conn)
