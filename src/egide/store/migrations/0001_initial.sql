-- Égide store, schema 1. Every content-bearing row carries a label from the start.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE labels (
    id            INTEGER PRIMARY KEY,
    canonical     TEXT NOT NULL UNIQUE,
    level         INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),
    compartments  TEXT NOT NULL DEFAULT '[]',   -- JSON array, sorted
    releasability TEXT                          -- JSON array, NULL = no restriction
);
INSERT INTO labels (id, canonical, level) VALUES
    (1, 'NON PROTÉGÉ', 0),
    (2, 'DIFFUSION RESTREINTE', 1),
    (3, 'SECRET', 2),
    (4, 'TRÈS SECRET', 3);

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    login        TEXT NOT NULL UNIQUE,
    clearance    INTEGER NOT NULL CHECK (clearance BETWEEN 0 AND 3),
    nationality  TEXT NOT NULL,
    compartments TEXT NOT NULL DEFAULT '[]',
    roles        TEXT NOT NULL DEFAULT '["analyst"]',
    created_at   TEXT NOT NULL,
    label_id     INTEGER NOT NULL DEFAULT 2 REFERENCES labels (id)  -- personnel data: DR
);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,                  -- sha256 of the normalised text
    label_id     INTEGER NOT NULL REFERENCES labels (id),
    path         TEXT NOT NULL,
    title        TEXT,
    source       TEXT,
    language     TEXT NOT NULL,
    grade        TEXT NOT NULL DEFAULT 'F6' CHECK (grade GLOB '[A-F][1-6]'),
    doc_date     TEXT,
    ingested_at  TEXT NOT NULL,
    ingested_by  TEXT NOT NULL,
    text         TEXT NOT NULL,                  -- normalised text; offsets point into it
    parts        TEXT NOT NULL,                  -- JSON {stage: "name.vN"}
    flags        TEXT NOT NULL DEFAULT '[]',     -- JSON list of hidden-content findings
    meta         TEXT NOT NULL DEFAULT '{}',
    -- Deduplication is per label: the same text filed at DR and at S is two documents,
    -- so that a DR ingest can never learn that a Secret copy exists.
    UNIQUE (content_hash, label_id)
);
CREATE INDEX documents_label ON documents (label_id);

CREATE TABLE chunks (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    label_id    INTEGER NOT NULL REFERENCES labels (id),
    seq         INTEGER NOT NULL,
    char_start  INTEGER NOT NULL CHECK (char_start >= 0),
    char_end    INTEGER NOT NULL CHECK (char_end > char_start),
    text        TEXT NOT NULL,
    terms       TEXT NOT NULL,                   -- analysed tokens indexed by FTS5
    chunker     TEXT NOT NULL,
    UNIQUE (document_id, seq)
);
CREATE INDEX chunks_label ON chunks (label_id);

-- One full-text index per classification level, so that BM25 statistics (document
-- counts, average lengths, IDF) of a level never depend on content of another level.
CREATE VIRTUAL TABLE fts_0 USING fts5 (terms, content = 'chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE fts_1 USING fts5 (terms, content = 'chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE fts_2 USING fts5 (terms, content = 'chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE fts_3 USING fts5 (terms, content = 'chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO fts_0 (rowid, terms) SELECT new.id, new.terms WHERE (SELECT level FROM labels WHERE id = new.label_id) = 0;
    INSERT INTO fts_1 (rowid, terms) SELECT new.id, new.terms WHERE (SELECT level FROM labels WHERE id = new.label_id) = 1;
    INSERT INTO fts_2 (rowid, terms) SELECT new.id, new.terms WHERE (SELECT level FROM labels WHERE id = new.label_id) = 2;
    INSERT INTO fts_3 (rowid, terms) SELECT new.id, new.terms WHERE (SELECT level FROM labels WHERE id = new.label_id) = 3;
END;

CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO fts_0 (fts_0, rowid, terms) SELECT 'delete', old.id, old.terms WHERE (SELECT level FROM labels WHERE id = old.label_id) = 0;
    INSERT INTO fts_1 (fts_1, rowid, terms) SELECT 'delete', old.id, old.terms WHERE (SELECT level FROM labels WHERE id = old.label_id) = 1;
    INSERT INTO fts_2 (fts_2, rowid, terms) SELECT 'delete', old.id, old.terms WHERE (SELECT level FROM labels WHERE id = old.label_id) = 2;
    INSERT INTO fts_3 (fts_3, rowid, terms) SELECT 'delete', old.id, old.terms WHERE (SELECT level FROM labels WHERE id = old.label_id) = 3;
END;

CREATE TRIGGER chunks_au AFTER UPDATE OF terms, label_id ON chunks BEGIN
    INSERT INTO fts_0 (fts_0, rowid, terms) SELECT 'delete', old.id, old.terms WHERE (SELECT level FROM labels WHERE id = old.label_id) = 0;
    INSERT INTO fts_1 (fts_1, rowid, terms) SELECT 'delete', old.id, old.terms WHERE (SELECT level FROM labels WHERE id = old.label_id) = 1;
    INSERT INTO fts_2 (fts_2, rowid, terms) SELECT 'delete', old.id, old.terms WHERE (SELECT level FROM labels WHERE id = old.label_id) = 2;
    INSERT INTO fts_3 (fts_3, rowid, terms) SELECT 'delete', old.id, old.terms WHERE (SELECT level FROM labels WHERE id = old.label_id) = 3;
    INSERT INTO fts_0 (rowid, terms) SELECT new.id, new.terms WHERE (SELECT level FROM labels WHERE id = new.label_id) = 0;
    INSERT INTO fts_1 (rowid, terms) SELECT new.id, new.terms WHERE (SELECT level FROM labels WHERE id = new.label_id) = 1;
    INSERT INTO fts_2 (rowid, terms) SELECT new.id, new.terms WHERE (SELECT level FROM labels WHERE id = new.label_id) = 2;
    INSERT INTO fts_3 (rowid, terms) SELECT new.id, new.terms WHERE (SELECT level FROM labels WHERE id = new.label_id) = 3;
END;

CREATE TABLE entities (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,      -- PER ORG LOC UNIT EQUIPMENT RANK TERM DATE COORD MISC
    norm     TEXT NOT NULL,      -- normalised key (folded name, ISO date, "lat,lon")
    name     TEXT NOT NULL,      -- display form
    label_id INTEGER NOT NULL REFERENCES labels (id),
    lat      REAL,
    lon      REAL,
    UNIQUE (kind, norm, label_id)   -- an entity seen at two levels is two rows
);

CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    entity_id   INTEGER NOT NULL REFERENCES entities (id),
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    label_id    INTEGER NOT NULL REFERENCES labels (id),
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    surface     TEXT NOT NULL,
    value       TEXT,            -- resolved value (ISO date-time, "lat,lon", expansion)
    part        TEXT NOT NULL    -- name.vN of the extractor
);
CREATE INDEX mentions_document ON mentions (document_id);
CREATE INDEX mentions_entity ON mentions (entity_id);

CREATE TABLE vectors (
    chunk_id INTEGER PRIMARY KEY REFERENCES chunks (id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES labels (id),
    model    TEXT NOT NULL,      -- name.vN of the embedder
    dim      INTEGER NOT NULL,
    vec      BLOB NOT NULL       -- float32, L2-normalised
);

-- Append-only, hash-chained audit record. Content is referenced by hash only.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    ts        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    label_id  INTEGER NOT NULL REFERENCES labels (id),
    record    TEXT NOT NULL,     -- canonical JSON of the whole entry
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE (ABORT, 'audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE (ABORT, 'audit is append-only');
END;
