-- Intelligence products: one row per product, its JSON body, its label and its state.
CREATE TABLE products (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,                 -- brief, …
    label_id     INTEGER NOT NULL REFERENCES labels (id),
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'validated', 'rejected')),
    requester    TEXT NOT NULL,
    engine       TEXT NOT NULL,
    question_sha256 TEXT NOT NULL,
    body         TEXT NOT NULL,                 -- JSON (schema inside)
    body_sha256  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    decided_by   TEXT,
    decided_at   TEXT,
    reason       TEXT
);
CREATE INDEX products_label ON products (label_id);
