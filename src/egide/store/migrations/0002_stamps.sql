-- Change counters, so that caches (the in-memory vector index, counts of missing vectors)
-- can tell in one row lookup whether chunks or vectors changed. No content here.
CREATE TABLE stamps (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL DEFAULT 0
);
INSERT INTO stamps (name, value) VALUES ('chunks', 0), ('vectors', 0);

CREATE TRIGGER chunks_stamp_ai AFTER INSERT ON chunks BEGIN
    UPDATE stamps SET value = value + 1 WHERE name = 'chunks';
END;
CREATE TRIGGER chunks_stamp_ad AFTER DELETE ON chunks BEGIN
    UPDATE stamps SET value = value + 1 WHERE name = 'chunks';
END;
CREATE TRIGGER vectors_stamp_ai AFTER INSERT ON vectors BEGIN
    UPDATE stamps SET value = value + 1 WHERE name = 'vectors';
END;
CREATE TRIGGER vectors_stamp_au AFTER UPDATE ON vectors BEGIN
    UPDATE stamps SET value = value + 1 WHERE name = 'vectors';
END;
CREATE TRIGGER vectors_stamp_ad AFTER DELETE ON vectors BEGIN
    UPDATE stamps SET value = value + 1 WHERE name = 'vectors';
END;

CREATE INDEX vectors_model_label ON vectors (model, label_id);
