"""Égide — sovereign intelligence assistant: labelled ingest, enrichment and hybrid search."""

__version__ = "0.1.0"
