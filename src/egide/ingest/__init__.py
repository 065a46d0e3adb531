"""Ingest: load files, normalise, detect language, chunk, scan, enrich, store."""
