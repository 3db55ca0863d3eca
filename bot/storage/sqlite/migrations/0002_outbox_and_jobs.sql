-- Work that outlives a message: deliveries (outbox) and later errands (jobs).

-- Messages to deliver at least once, in order per chat. A crash leaves at most
-- the in_flight rows to send again.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key  TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL,
    chat_id          TEXT NOT NULL,
    payload          TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'in_flight', 'sent', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    claimed_at       TEXT,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
-- The open rows of a chat, oldest first: the head of each chat's queue.
CREATE INDEX outbox_open ON outbox (channel, chat_id, id) WHERE state IN ('pending', 'in_flight');
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_finished ON outbox (updated_at) WHERE state IN ('sent', 'dead');

-- Queued Hub errands, filings for later days, scheduled summaries.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    run_at           TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL DEFAULT 10 CHECK (max_attempts > 0),
    idempotency_key  TEXT UNIQUE,
    channel          TEXT,
    chat_id          TEXT,
    member_id        TEXT,
    claimed_at       TEXT,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK ((channel IS NULL) = (chat_id IS NULL))
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_chat ON jobs (channel, chat_id, kind);
CREATE INDEX jobs_finished ON jobs (updated_at) WHERE state IN ('done', 'failed', 'cancelled');
