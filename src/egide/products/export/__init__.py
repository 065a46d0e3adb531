"""Renderings of a product: Markdown, PDF, JSON and STIX 2.1, all from the one object."""
