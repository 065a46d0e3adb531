-- Decision files (dossiers de décision): one row per version, each under its own label.
-- Versions are append-only: a change is a new row, the old ones are kept as they were.
CREATE TABLE decision_files (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    label_id    INTEGER NOT NULL REFERENCES labels (id),
    body        TEXT NOT NULL,                 -- JSON (schema inside)
    body_sha256 TEXT NOT NULL,
    change      TEXT NOT NULL,                 -- what this version changed
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    decided     INTEGER NOT NULL DEFAULT 0 CHECK (decided IN (0, 1)),
    UNIQUE (uid, version)
);
CREATE INDEX decision_files_label ON decision_files (label_id);

CREATE TRIGGER decision_files_no_update BEFORE UPDATE ON decision_files BEGIN
    SELECT RAISE(ABORT, 'decision file versions are append-only');
END;
CREATE TRIGGER decision_files_no_delete BEFORE DELETE ON decision_files BEGIN
    SELECT RAISE(ABORT, 'decision file versions are append-only');
END;
