-- The MTA aborts a covered message in the middle of its body (after it spilled to the spool):
-- the message is forgotten, and the next one on the connection is judged on its own.
dofile(LIB)
local conn = pm_connect()
pm_envelope(conn, "QABORT1", sender, {mailbox})
pm_check(mt.data(conn), "data")
pm_check(mt.header(conn, "From", " An Peeters <" .. sender .. ">"), "header")
pm_check(mt.header(conn, "To", " " .. mailbox), "header")
pm_check(mt.header(conn, "Subject", " Verwijzing"), "header")
pm_check(mt.eoh(conn), "eoh")
pm_expect(conn, SMFIR_CONTINUE, "eoh")
pm_check(mt.bodyrandom(conn, 300000), "body")
pm_expect(conn, SMFIR_CONTINUE, "body")
pm_check(mt.abort(conn), "abort")

pm_envelope(conn, "QABORT2", sender, {mailbox})
if pm_send_message(conn, pm_harmless_referral()) ~= SMFIR_ACCEPT then error("after the abort: accept expected") end
if not mt.eom_check(conn, MT_HDRADD, "X-Protocol-Check") then error("after the abort: no header") end
pm_log_lacks("queue_id=QABORT1")
pm_log_has("queue_id=QABORT2 ref=")
mt.disconnect(conn)
