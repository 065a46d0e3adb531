-- Stream triage: where each watcher stands in each source (with the sizes of its output
-- files at that point, so that a restart cuts what a crash left half-recorded), and the
-- alerts raised, one row each, under their message's label.
CREATE TABLE stream_checkpoints (
    consumer   TEXT NOT NULL,
    source     TEXT NOT NULL,
    position   TEXT NOT NULL,                -- JSON: file offset and line
    out_bytes  INTEGER NOT NULL DEFAULT 0,
    dead_bytes INTEGER NOT NULL DEFAULT 0,
    label_id   INTEGER NOT NULL REFERENCES labels (id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (consumer, source)
);

CREATE TABLE alerts (
    consumer   TEXT NOT NULL,                -- the watcher that raised it
    id         TEXT NOT NULL,                -- deterministic: message, text, label, rules
    label_id   INTEGER NOT NULL REFERENCES labels (id),
    source     TEXT NOT NULL,
    message_id TEXT NOT NULL,
    priority   TEXT NOT NULL CHECK (priority IN ('FLASH', 'IMMEDIAT', 'URGENT', 'ROUTINE')),
    body       TEXT NOT NULL,                -- JSON, as emitted
    created_at TEXT NOT NULL,
    PRIMARY KEY (consumer, id)
);
CREATE INDEX alerts_label ON alerts (label_id);
