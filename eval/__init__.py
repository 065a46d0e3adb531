"""Evaluations against real third-party data (``../shared/eval``); not unit tests."""
