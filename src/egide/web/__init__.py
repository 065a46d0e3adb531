"""The analyst's pages on ``egide serve``: server-rendered, French first, no script but
the package's own (htmx and small page helpers), under a strict Content-Security-Policy.
One module per page; each calls the same ``ops``/``products`` functions as the API and
decides nothing itself."""
