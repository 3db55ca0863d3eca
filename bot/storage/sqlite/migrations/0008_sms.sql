-- SMS: the numbers that text the bot, encrypted, found by a keyed hash; the gateway's
-- message ids already handled (its webhooks retry) and those of sent messages (delivery reports).
CREATE TABLE sms_numbers (
    chat_id       TEXT PRIMARY KEY,      -- the keyed hash of the number: the chat's id
    ciphertext    BLOB NOT NULL,         -- the number, AES-GCM encrypted
    stopped       INTEGER NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
);
CREATE TABLE sms_incoming (
    message_id  TEXT PRIMARY KEY,
    state       TEXT NOT NULL,           -- handling | done
    at          TEXT NOT NULL
);
CREATE INDEX sms_incoming_at ON sms_incoming (at);
CREATE TABLE sms_sent (
    gateway_id  TEXT PRIMARY KEY,
    chat_id     TEXT NOT NULL,
    parts       INTEGER NOT NULL,
    status      TEXT NOT NULL,           -- sent | delivered | failed
    at          TEXT NOT NULL
);
CREATE INDEX sms_sent_chat ON sms_sent (chat_id);
CREATE INDEX sms_sent_at ON sms_sent (at);
