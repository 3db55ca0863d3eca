-- The staff console: who is signed in, who holds which chat, what guardians asked
-- support for, what staff published, and who looked at which transcript.

-- Server-side sessions. Only a hash of the cookie value is kept; the staff API
-- token is AES-GCM ciphertext bound to the row (bot/storage/crypto.py).
CREATE TABLE staff_sessions (
    id_hash       TEXT PRIMARY KEY,
    login         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('support', 'teacher', 'admin')),
    municipality  TEXT NOT NULL,
    csrf_token    TEXT NOT NULL,
    hub_token     BLOB,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
);
CREATE INDEX staff_sessions_seen ON staff_sessions (last_seen_at);

-- What support needs to answer a guardian who asked for a person. No identity
-- numbers: the Hub account id, children's first names, schools, redacted lines.
CREATE TABLE support_tickets (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel         TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    member_id       TEXT NOT NULL,
    hub_account_id  TEXT NOT NULL,
    children        TEXT NOT NULL DEFAULT '[]',
    schools         TEXT NOT NULL DEFAULT '[]',
    last_messages   TEXT NOT NULL DEFAULT '[]',
    state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'closed')),
    created_at      TEXT NOT NULL,
    answered_at     TEXT,
    answered_by     TEXT,
    closed_at       TEXT
);
-- One unfinished ticket per chat: asking twice does not queue the chat twice.
CREATE UNIQUE INDEX support_tickets_one_open ON support_tickets (channel, chat_id)
    WHERE state != 'closed';
CREATE INDEX support_tickets_created ON support_tickets (created_at);

-- A chat a staff member took over; the primary key is what stops a second claim.
CREATE TABLE takeover_claims (
    channel      TEXT NOT NULL,
    chat_id      TEXT NOT NULL,
    staff_login  TEXT NOT NULL,
    staff_name   TEXT NOT NULL,
    claimed_at   TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id)
);

-- Which schools a chat's children go to, as support last learned it (for filtering).
CREATE TABLE console_chat_facts (
    channel     TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    schools     TEXT NOT NULL DEFAULT '[]',
    learned_at  TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id)
);

-- News published from the console, so its reach can be shown afterwards.
CREATE TABLE console_news (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    hub_news_id   TEXT NOT NULL,
    staff_login   TEXT NOT NULL,
    group_name    TEXT NOT NULL,
    title         TEXT NOT NULL,
    published_at  TEXT NOT NULL
);
CREATE INDEX console_news_staff ON console_news (staff_login, id);

-- Who did what to which chat, and when. Only administrators read it; it holds
-- chat keys and actions, never message text.
CREATE TABLE console_audit (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    role     TEXT NOT NULL,
    action   TEXT NOT NULL,
    channel  TEXT,
    chat_id  TEXT,
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_audit_at ON console_audit (at);
