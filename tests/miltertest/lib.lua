-- Shared helpers for the miltertest scripts: connect to the daemon under test and send messages
-- the way Postfix does (header values with their leading space, folded lines joined by LF,
-- body in chunks of at most 65535 bytes).

function pm_connect()
    local conn = mt.connect("unix:" .. SOCK, 50, 0.1)
    if conn == nil then
        error("cannot connect to the milter at " .. SOCK)
    end
    return conn
end

function pm_check(result, what)
    if result ~= nil then
        error(what .. " failed: " .. tostring(result))
    end
end

function pm_reply_name(reply)
    local names = {
        [SMFIR_ACCEPT] = "accept", [SMFIR_CONTINUE] = "continue", [SMFIR_REJECT] = "reject",
        [SMFIR_TEMPFAIL] = "tempfail", [SMFIR_REPLYCODE] = "replycode", [SMFIR_SKIP] = "skip",
    }
    return names[reply] or tostring(reply)
end

function pm_expect(conn, reply, what)
    local got = mt.getreply(conn)
    if got ~= reply then
        error(what .. ": expected " .. pm_reply_name(reply) .. ", got " .. pm_reply_name(got))
    end
end

-- MAIL FROM and RCPT TO for one message, with the queue id macro Postfix sends.
function pm_envelope(conn, queue_id, sender, recipients)
    mt.macro(conn, SMFIC_MAIL, "i", queue_id)
    pm_check(mt.mailfrom(conn, "<" .. sender .. ">"), "mailfrom")
    for _, rcpt in ipairs(recipients) do
        pm_check(mt.rcptto(conn, "<" .. rcpt .. ">"), "rcptto " .. rcpt)
    end
end

-- Sends a whole RFC 5322 message (CRLF line ends): DATA, each header field, EOH and the body.
-- Returns the reply to the last step sent (the daemon may accept early on the envelope).
function pm_send_message(conn, text)
    pm_check(mt.data(conn), "data")
    if mt.getreply(conn) ~= SMFIR_CONTINUE then
        return mt.getreply(conn)
    end
    local split = string.find(text, "\r\n\r\n", 1, true)
    local head = string.sub(text, 1, split + 1)
    local body = string.sub(text, split + 4)
    local name, value = nil, nil
    local function flush()
        if name ~= nil then
            pm_check(mt.header(conn, name, value), "header " .. name)
        end
    end
    for line in string.gmatch(head, "(.-)\r\n") do
        local first = string.sub(line, 1, 1)
        if first == " " or first == "\t" then
            value = value .. "\n" .. line
        else
            flush()
            local colon = string.find(line, ":", 1, true)
            name = string.sub(line, 1, colon - 1)
            value = string.sub(line, colon + 1)
        end
    end
    flush()
    pm_check(mt.eoh(conn), "eoh")
    if mt.getreply(conn) ~= SMFIR_CONTINUE then
        return mt.getreply(conn)
    end
    local chunk = 65535
    for at = 1, string.len(body), chunk do
        pm_check(mt.bodystring(conn, string.sub(body, at, at + chunk - 1)), "body")
        if mt.getreply(conn) ~= SMFIR_CONTINUE then
            return mt.getreply(conn)
        end
    end
    pm_check(mt.eom(conn), "eom")
    return mt.getreply(conn)
end

-- A plain-text message from `from` to `to`.
function pm_plain_message(from, to, subject, text)
    return "From: " .. from .. "\r\n" ..
        "To: " .. to .. "\r\n" ..
        "Subject: " .. subject .. "\r\n" ..
        "Date: Mon, 2 Mar 2026 10:00:00 +0100\r\n" ..
        "Message-ID: <pm-miltertest@kindengezin.be>\r\n" ..
        "MIME-Version: 1.0\r\n" ..
        "Content-Type: text/plain; charset=utf-8\r\n" ..
        "\r\n" .. text .. "\r\n"
end

-- A message with a readable text attachment called `filename` holding `attached`.
function pm_attachment_message(from, to, subject, text, filename, attached)
    local boundary = "pm-boundary-1"
    return "From: " .. from .. "\r\n" ..
        "To: " .. to .. "\r\n" ..
        "Subject: " .. subject .. "\r\n" ..
        "Date: Mon, 2 Mar 2026 10:00:00 +0100\r\n" ..
        "Message-ID: <pm-miltertest-2@kindengezin.be>\r\n" ..
        "MIME-Version: 1.0\r\n" ..
        "Content-Type: multipart/mixed;\r\n boundary=\"" .. boundary .. "\"\r\n" ..
        "\r\n" ..
        "--" .. boundary .. "\r\n" ..
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" ..
        text .. "\r\n" ..
        "--" .. boundary .. "\r\n" ..
        "Content-Type: text/plain; charset=utf-8; name=\"" .. filename .. "\"\r\n" ..
        "Content-Disposition: attachment; filename=\"" .. filename .. "\"\r\n\r\n" ..
        attached .. "\r\n" ..
        "--" .. boundary .. "--\r\n"
end

-- The daemon's log so far (the driver passes its path as LOG).
function pm_log()
    local file = assert(io.open(LOG, "r"))
    local text = file:read("*a")
    file:close()
    return text
end

function pm_log_has(text)
    if string.find(pm_log(), text, 1, true) == nil then
        error("the daemon log has no '" .. text .. "'")
    end
end

function pm_log_lacks(text)
    if string.find(pm_log(), text, 1, true) ~= nil then
        error("the daemon log must not contain '" .. text .. "'")
    end
end

-- A covered referral that breaks the protocol: a readable attachment whose name and text
-- hold a client's name and national number.
function pm_leaking_referral()
    return pm_attachment_message("An Peeters <an.peeters@kindengezin.be>", "socialedienst@tessenderlo-ham.be",
        "Verwijzing", "Beste, zie bijlage.", "verslag Jan Janssens.txt",
        "Jan Janssens, rijksregisternummer 85.07.30-033.28, woont in Hasselt.")
end

-- A covered message without attachments or personal data: it passes.
function pm_harmless_referral()
    return pm_plain_message("An Peeters <an.peeters@kindengezin.be>", "socialedienst@tessenderlo-ham.be",
        "Afspraak", "Beste, kunnen we volgende week bellen over de samenwerking?")
end

sender = "an.peeters@kindengezin.be"
mailbox = "socialedienst@tessenderlo-ham.be"
