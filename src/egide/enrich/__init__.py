"""Enrichment: entities (NER, lexicon), dates and coordinates."""
