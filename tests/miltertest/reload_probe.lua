-- Sends the leaking referral once; EXPECT says what the rules in force must answer:
-- "reject" (our 550 reply) or "fast_path" (accepted at DATA, outside every protocol).
dofile(LIB)
local conn = pm_connect()
pm_envelope(conn, QUEUE_ID, sender, {mailbox})
local reply = pm_send_message(conn, pm_leaking_referral())
if EXPECT == "reject" then
    if reply ~= SMFIR_REPLYCODE then error("expected a reject, got " .. pm_reply_name(reply)) end
    pm_log_has("queue_id=" .. QUEUE_ID .. " ref=PM-")
elseif EXPECT == "fast_path" then
    if reply ~= SMFIR_ACCEPT then error("expected the fast path, got " .. pm_reply_name(reply)) end
    pm_log_has("queue_id=" .. QUEUE_ID .. " verdict=accept fast_path=yes")
else
    error("EXPECT must be reject or fast_path")
end
mt.disconnect(conn)
