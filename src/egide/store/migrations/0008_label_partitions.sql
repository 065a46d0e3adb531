-- Schema 8: ranking statistics per full label, the originator's marking, corrections, and
-- the releasability default (SECURITY.md §1, §3).

-- 1. Full-text statistics per full label (level, compartments, releasability) instead of
-- per level: chunks a requester may not read — at any level — no longer weigh on the BM25
-- scores they see. The per-label FTS5 tables and their triggers are created by
-- egide.store.fts when a label first appears (and, after this migration, at the next open).
DROP TRIGGER chunks_ai;
DROP TRIGGER chunks_ad;
DROP TRIGGER chunks_au;
DROP TABLE fts_0;
DROP TABLE fts_1;
DROP TABLE fts_2;
DROP TABLE fts_3;

-- 2. Corrections: a retracted document stays for audit but leaves every index; a
-- reclassified one moves with all its rows. Each act is one row here (the reason is
-- labelled with the higher of both labels) and one audit record.
ALTER TABLE chunks ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1));
ALTER TABLE documents ADD COLUMN marking TEXT;        -- the originator's marking, as written
ALTER TABLE documents ADD COLUMN retracted_at TEXT;   -- NULL: live
ALTER TABLE products ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';  -- JSON: corrections met

CREATE TABLE corrections (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    kind         TEXT NOT NULL CHECK (kind IN ('reclassify', 'retract')),
    content_hash TEXT NOT NULL,
    old_label_id INTEGER NOT NULL REFERENCES labels (id),
    new_label_id INTEGER REFERENCES labels (id),
    label_id     INTEGER NOT NULL REFERENCES labels (id),
    reason       TEXT NOT NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX corrections_document ON corrections (document_id);
CREATE INDEX corrections_hash ON corrections (content_hash, old_label_id);

-- 3. Releasability default. Protected content stored before this version under a marking
-- without a releasability part was readable by any nationality; it now means Spécial
-- France, or the NATO nations for content under the OTAN compartment. Content moves to the
-- tightened label (audit records keep the label they were written with). A copy whose
-- text is already stored at the tightened label is the same document twice: it is
-- retracted, not deleted.
CREATE TEMP TABLE relabel AS
SELECT id AS old_id, level, compartments,
       EXISTS (SELECT 1 FROM json_each(labels.compartments) WHERE value = 'OTAN') AS nato
FROM labels WHERE level >= 1 AND releasability IS NULL;

INSERT OR IGNORE INTO labels (canonical, level, compartments, releasability)
SELECT l.canonical || CASE r.nato WHEN 1 THEN ' – REL OTAN' ELSE ' – SPÉCIAL FRANCE' END,
       r.level, r.compartments,
       CASE r.nato
           WHEN 1 THEN '["ALB", "BEL", "BGR", "CAN", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GBR", "GRC", "HRV", "HUN", "ISL", "ITA", "LTU", "LUX", "LVA", "MKD", "MNE", "NLD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "SWE", "TUR", "USA"]'
           ELSE '["FRA"]'
       END
FROM relabel r JOIN labels l ON l.id = r.old_id;

CREATE TEMP TABLE relabel_map AS
SELECT r.old_id, n.id AS new_id
FROM relabel r JOIN labels o ON o.id = r.old_id
JOIN labels n ON n.canonical = o.canonical
    || CASE r.nato WHEN 1 THEN ' – REL OTAN' ELSE ' – SPÉCIAL FRANCE' END;

UPDATE OR IGNORE documents
SET label_id = (SELECT new_id FROM relabel_map WHERE old_id = documents.label_id)
WHERE label_id IN (SELECT old_id FROM relabel_map);
UPDATE documents SET retracted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE label_id IN (SELECT old_id FROM relabel_map);
UPDATE chunks SET retracted = 1
WHERE document_id IN (SELECT id FROM documents WHERE retracted_at IS NOT NULL);
DELETE FROM vectors
WHERE chunk_id IN (SELECT id FROM chunks WHERE retracted = 1);

UPDATE chunks SET label_id = (SELECT new_id FROM relabel_map WHERE old_id = chunks.label_id)
WHERE retracted = 0 AND label_id IN (SELECT old_id FROM relabel_map);
UPDATE vectors SET label_id = (SELECT new_id FROM relabel_map WHERE old_id = vectors.label_id)
WHERE label_id IN (SELECT old_id FROM relabel_map);

INSERT OR IGNORE INTO entities (kind, norm, name, label_id, lat, lon)
SELECT e.kind, e.norm, e.name, m.new_id, e.lat, e.lon
FROM entities e JOIN relabel_map m ON m.old_id = e.label_id;
UPDATE mentions
SET label_id = (SELECT new_id FROM relabel_map WHERE old_id = mentions.label_id),
    entity_id = (
        SELECT n.id FROM entities o
        JOIN relabel_map m ON m.old_id = o.label_id
        JOIN entities n ON n.kind = o.kind AND n.norm = o.norm AND n.label_id = m.new_id
        WHERE o.id = mentions.entity_id)
WHERE label_id IN (SELECT old_id FROM relabel_map)
  AND document_id NOT IN (SELECT id FROM documents WHERE retracted_at IS NOT NULL);
DELETE FROM entities
WHERE label_id IN (SELECT old_id FROM relabel_map)
  AND id NOT IN (SELECT entity_id FROM mentions);

UPDATE products
SET label_id = (SELECT new_id FROM relabel_map WHERE old_id = products.label_id),
    body = json_set(body, '$.label',
        (SELECT l.canonical FROM relabel_map m JOIN labels l ON l.id = m.new_id
         WHERE m.old_id = products.label_id)),
    flags = json_insert(flags, '$[#]', json_object('kind', 'remarked', 'reason', 'migration 0008'))
WHERE label_id IN (SELECT old_id FROM relabel_map);
UPDATE alerts SET label_id = (SELECT new_id FROM relabel_map WHERE old_id = alerts.label_id)
WHERE label_id IN (SELECT old_id FROM relabel_map);
UPDATE stream_checkpoints
SET label_id = (SELECT new_id FROM relabel_map WHERE old_id = stream_checkpoints.label_id)
WHERE label_id IN (SELECT old_id FROM relabel_map);
UPDATE triage_models
SET label_id = (SELECT new_id FROM relabel_map WHERE old_id = triage_models.label_id)
WHERE label_id IN (SELECT old_id FROM relabel_map);

DROP TABLE relabel_map;
DROP TABLE relabel;
