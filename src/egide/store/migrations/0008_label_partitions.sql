-- Full-text statistics per full label (level, compartments, releasability) instead of per
-- level: chunks a requester may not read — at any level — no longer weigh on the BM25
-- scores they see. The per-label FTS5 tables and their triggers are created by
-- egide.store.fts when a label first appears (and, for this migration, at the next open).
DROP TRIGGER chunks_ai;
DROP TRIGGER chunks_ad;
DROP TRIGGER chunks_au;
DROP TABLE fts_0;
DROP TABLE fts_1;
DROP TABLE fts_2;
DROP TABLE fts_3;

-- A retracted chunk stays for audit but leaves every index.
ALTER TABLE chunks ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1));
