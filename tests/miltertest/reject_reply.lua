-- A covered message that breaks the protocol gets our multi-line 550 reply; nothing personal is
-- logged.
dofile(LIB)
local conn = pm_connect()
pm_envelope(conn, "QREJ1", sender, {mailbox})
local reply = pm_send_message(conn, pm_leaking_referral())
if reply ~= SMFIR_REPLYCODE then
    error("expected our own reply text, got " .. pm_reply_name(reply))
end
if mt.eom_check(conn, MT_HDRADD) then
    error("a rejected message gets no header")
end
pm_log_has("queue_id=QREJ1 ref=PM-")
pm_log_has("protocol=opgroeien-tessenderlo-ham verdict=reject codes=attachment.not_encrypted,data.national_number")
pm_log_lacks("Janssens")
pm_log_lacks("85.07.30")
pm_log_lacks("an.peeters")
mt.disconnect(conn)
