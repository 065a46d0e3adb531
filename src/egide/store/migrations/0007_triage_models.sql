-- Triage models trained by analysts: one row per version, labelled with the training data's
-- label (a model can give away what it was trained on). Weights are plain float32 arrays.
CREATE TABLE triage_models (
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    label_id    INTEGER NOT NULL REFERENCES labels (id),
    part        TEXT NOT NULL,                -- triage.e5-logreg.v1
    space       TEXT NOT NULL,                -- vector space of the features
    dim         INTEGER NOT NULL,             -- feature dimension
    classes     TEXT NOT NULL,                -- JSON list
    metrics     TEXT NOT NULL,                -- JSON: cross-validated macro-F1, examples…
    weights     BLOB NOT NULL,                -- float32 (rows × (dim + 1)), bias last
    sha256      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (name, version)
);
CREATE INDEX triage_models_label ON triage_models (label_id);
