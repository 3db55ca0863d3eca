-- One-time link codes (task "linking"): a Hub login on the link page hands one out, and
-- only the chat that sends it back is linked. Codes are stored as keyed hashes; the refresh
-- token is encrypted and leaves the row when the code is used.
CREATE TABLE link_codes (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    code_hash         TEXT NOT NULL UNIQUE,
    short_hash        TEXT UNIQUE,
    hub_account_id    TEXT NOT NULL,
    role              TEXT NOT NULL,
    language          TEXT NOT NULL,
    login_hint        TEXT,
    target_channel    TEXT,
    target_chat_id    TEXT,
    target_member_id  TEXT,
    ciphertext        BLOB,
    created_at        TEXT NOT NULL,
    expires_at        TEXT NOT NULL,
    used_at           TEXT
);
CREATE INDEX link_codes_expiry ON link_codes (expires_at);
