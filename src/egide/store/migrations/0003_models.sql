-- Approved model files: one signed manifest per model name.
CREATE TABLE models (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    manifest   TEXT NOT NULL,      -- canonical JSON
    signature  TEXT NOT NULL,      -- Ed25519 over the manifest, hex
    created_at TEXT NOT NULL,
    label_id   INTEGER NOT NULL DEFAULT 1 REFERENCES labels (id)
);
