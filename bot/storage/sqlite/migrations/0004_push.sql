-- What the push side has already seen on the Hub and already said to each chat.
-- "Every fact carries a key. The key is what makes a digest quiet."

-- Facts noticed on the Hub, by key (kind:child:hub id:the part that can change).
CREATE TABLE push_facts (
    key       TEXT PRIMARY KEY,
    child_id  TEXT,
    seen_at   TEXT NOT NULL
);
CREATE INDEX push_facts_seen ON push_facts (seen_at);

-- Children whose existing facts were recorded silently (the first look sends nothing).
CREATE TABLE push_children (
    child_id     TEXT PRIMARY KEY,
    baseline_at  TEXT NOT NULL
);

-- Per Hub account: the notification cursor of the last read (the Hub's own timestamp text).
CREATE TABLE push_cursors (
    hub_account_id  TEXT PRIMARY KEY,
    cursor          TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- The Hub's SMS rule: at most one invalid-absence alert per child and day; the fact that
-- took the day is kept, so a rerun after a crash pushes the same one again (idempotently).
CREATE TABLE push_daily_alerts (
    child_id  TEXT NOT NULL,
    day       TEXT NOT NULL,
    fact_key  TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (child_id, day)
);

-- Facts a chat's evening summary already reported, so the next one stays quiet about them.
CREATE TABLE push_reported (
    channel  TEXT NOT NULL,
    chat_id  TEXT NOT NULL,
    key      TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id, key)
);
CREATE INDEX push_reported_at ON push_reported (at);

-- The outbox's claim asks, per due row, whether its chat has a message in flight or an
-- earlier one waiting; without this index each of those questions scans the table.
CREATE INDEX outbox_chat_state ON outbox (channel, chat_id, state, id);
