-- Languages are data (bot/i18n/languages.py): the list of languages is no longer written
-- into the schema, so a new language needs no migration. SQLite cannot drop a CHECK, so
-- chat_links is rebuilt; refresh_tokens is set aside first, because dropping the old
-- chat_links with foreign keys on would cascade into it.

CREATE TABLE chat_links_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel         TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    member_id       TEXT NOT NULL,       -- equals chat_id in a private chat
    hub_account_id  TEXT NOT NULL,       -- the Hub's UserId
    hub_login_hint  TEXT,                -- a first name for greetings, nothing more
    role            TEXT NOT NULL CHECK (role IN ('guardian', 'student')),
    language        TEXT NOT NULL,       -- a code of bot/i18n/languages.py
    preferences     TEXT NOT NULL DEFAULT '{}',
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL,
    last_seen_at    TEXT NOT NULL,
    UNIQUE (channel, chat_id, member_id)
);
INSERT INTO chat_links_new
    (id, channel, chat_id, member_id, hub_account_id, hub_login_hint, role, language,
     preferences, active, created_at, last_seen_at)
    SELECT id, channel, chat_id, member_id, hub_account_id, hub_login_hint, role, language,
           preferences, active, created_at, last_seen_at
    FROM chat_links;

CREATE TABLE refresh_tokens_kept AS SELECT link_id, ciphertext, generation, updated_at
    FROM refresh_tokens;
DROP TABLE refresh_tokens;
DROP TABLE chat_links;
ALTER TABLE chat_links_new RENAME TO chat_links;
CREATE INDEX chat_links_account ON chat_links (hub_account_id);

-- Only ciphertext: AES-GCM bound to the link id (bot/storage/crypto.py).
CREATE TABLE refresh_tokens (
    link_id     INTEGER PRIMARY KEY REFERENCES chat_links (id) ON DELETE CASCADE,
    ciphertext  BLOB NOT NULL,
    generation  INTEGER NOT NULL,
    updated_at  TEXT NOT NULL
);
INSERT INTO refresh_tokens (link_id, ciphertext, generation, updated_at)
    SELECT link_id, ciphertext, generation, updated_at FROM refresh_tokens_kept;
DROP TABLE refresh_tokens_kept;
