"""What every door of Égide does, as plain data: the command line (local or through the
service), the HTTP API and the web pages call these functions and only render their
results. Access checks, labels and audit happen here or below, never in a door."""
