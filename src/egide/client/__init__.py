"""The command line as a client of the service (``EGIDE_URL`` or ``--url``)."""
