-- A 50 MiB body made at test time: it spills to the spool and is judged, or (when LIMIT is set
-- and the message is larger) it is message.limit_exceeded and the rest of the body is skipped.
dofile(LIB)
local conn = pm_connect()
pm_envelope(conn, "QBIG1", sender, {mailbox})
pm_check(mt.data(conn), "data")
pm_check(mt.header(conn, "From", " An Peeters <" .. sender .. ">"), "header")
pm_check(mt.header(conn, "To", " " .. mailbox), "header")
pm_check(mt.header(conn, "Subject", " Groot bericht"), "header")
pm_check(mt.header(conn, "MIME-Version", " 1.0"), "header")
pm_check(mt.header(conn, "Content-Type", " text/plain; charset=us-ascii"), "header")
pm_check(mt.eoh(conn), "eoh")
pm_expect(conn, SMFIR_CONTINUE, "eoh")
mt.set_timeout(120)
pm_check(mt.bodyrandom(conn, 50 * 1024 * 1024), "body")
local after_body = mt.getreply(conn)
if LIMIT ~= nil then
    if after_body ~= SMFIR_SKIP then error("past the limit the body must be skipped, got " .. pm_reply_name(after_body)) end
else
    if after_body ~= SMFIR_CONTINUE then error("body: got " .. pm_reply_name(after_body)) end
end
pm_check(mt.eom(conn), "eom")
local reply = mt.getreply(conn)
if reply == SMFIR_TEMPFAIL then error("a 50 MiB message must be judged, not refused temporarily") end
if LIMIT ~= nil then
    if reply ~= SMFIR_REPLYCODE then error("limit: reject expected, got " .. pm_reply_name(reply)) end
    pm_log_has("codes=message.limit_exceeded")
end
pm_log_has("queue_id=QBIG1 ref=")
pm_log_lacks("verdict=tempfail")
mt.disconnect(conn)
