-- Links between chat members and Hub accounts, their tokens, and the conversation log.
-- Times are UTC ISO-8601 text of fixed width (see bot/storage/sqlite/codec.py).

CREATE TABLE chat_links (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel         TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    member_id       TEXT NOT NULL,       -- equals chat_id in a private chat
    hub_account_id  TEXT NOT NULL,       -- the Hub's UserId
    hub_login_hint  TEXT,                -- a first name for greetings, nothing more
    role            TEXT NOT NULL CHECK (role IN ('guardian', 'student')),
    language        TEXT NOT NULL CHECK (language IN ('sv', 'en')),
    preferences     TEXT NOT NULL DEFAULT '{}',
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL,
    last_seen_at    TEXT NOT NULL,
    UNIQUE (channel, chat_id, member_id)
);
CREATE INDEX chat_links_account ON chat_links (hub_account_id);

-- Only ciphertext: AES-GCM bound to the link id (bot/storage/crypto.py).
CREATE TABLE refresh_tokens (
    link_id     INTEGER PRIMARY KEY REFERENCES chat_links (id) ON DELETE CASCADE,
    ciphertext  BLOB NOT NULL,
    generation  INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Single-use states for account linking and OAuth; only a hash of the state is kept.
CREATE TABLE link_states (
    state_hash  TEXT PRIMARY KEY,
    purpose     TEXT NOT NULL,
    channel     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    context     TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX link_states_chat ON link_states (channel, chat_id);
CREATE INDEX link_states_expiry ON link_states (expires_at);

CREATE TABLE link_failures (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    channel  TEXT NOT NULL,
    chat_id  TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX link_failures_chat ON link_failures (channel, chat_id, at);

-- Redacted before it is written (bot/storage/redact.py); purged after the retention time.
CREATE TABLE conversation_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    channel    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    member_id  TEXT,
    at         TEXT NOT NULL,
    direction  TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    text       TEXT NOT NULL,
    intent     TEXT,
    slots      TEXT,
    flags      TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX conversation_log_chat ON conversation_log (channel, chat_id, id);
CREATE INDEX conversation_log_at ON conversation_log (at);
