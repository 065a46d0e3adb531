-- The service: integrity of the registry (users, store flags), passwords and lockout,
-- sessions, API tokens, background jobs and alert acknowledgements. Every row is labelled;
-- rows about people and credentials are DIFFUSION RESTREINTE.
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN mac TEXT;          -- HMAC of identity, clearance, roles, password
ALTER TABLE meta ADD COLUMN mac TEXT;           -- HMAC of key and value

CREATE TABLE sessions (
    id_sha256  TEXT PRIMARY KEY,                -- the cookie is never stored, only its hash
    user       TEXT NOT NULL,
    csrf       TEXT NOT NULL,
    terminal   TEXT NOT NULL,
    via        TEXT NOT NULL,                   -- password, certificate
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    label_id   INTEGER NOT NULL DEFAULT 2 REFERENCES labels (id)
);
CREATE INDEX sessions_user ON sessions (user);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user         TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,                 -- JSON list: read, write
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    mac          TEXT NOT NULL,
    label_id     INTEGER NOT NULL DEFAULT 2 REFERENCES labels (id)
);

CREATE TABLE jobs (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,                   -- ingest, index
    user       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    done       INTEGER NOT NULL DEFAULT 0,
    total      INTEGER NOT NULL DEFAULT 0,
    stage      TEXT NOT NULL DEFAULT '',
    result     TEXT,                            -- JSON
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    label_id   INTEGER NOT NULL REFERENCES labels (id)
);
CREATE INDEX jobs_user ON jobs (user);

CREATE TABLE alert_acks (
    consumer TEXT NOT NULL,
    alert_id TEXT NOT NULL,
    user     TEXT NOT NULL,
    at       TEXT NOT NULL,
    label_id INTEGER NOT NULL REFERENCES labels (id),
    PRIMARY KEY (consumer, alert_id, user)
);
