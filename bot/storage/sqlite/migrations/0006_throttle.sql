-- Failed attempts, by a hash of what was tried (a sign-in name, an address): enough to
-- slow guessing down, nothing that says who tried. Purged with the retention period.
CREATE TABLE failures (
    scope     TEXT NOT NULL,
    key_hash  TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX failures_key ON failures (scope, key_hash, at);
CREATE INDEX failures_at ON failures (at);
