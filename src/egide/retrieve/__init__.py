"""Retrieval: text analysis, lexical and dense search, fusion and query expansion."""
