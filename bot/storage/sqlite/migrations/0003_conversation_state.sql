-- What a conversation waits for, and what "ångra" can take back.

-- e.g. a question waiting for Ja/Nej; one row per chat member and key.
CREATE TABLE pending (
    channel     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id, member_id, key)
);
CREATE INDEX pending_expiry ON pending (expires_at);

-- The last write a chat member made on the Hub, for undo within a few minutes.
CREATE TABLE last_writes (
    channel    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    value      TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id, member_id)
);
CREATE INDEX last_writes_at ON last_writes (at);
