"""Progress callbacks for long work."""

from __future__ import annotations


class Progress:
    """Progress callbacks; the command line draws a bar, tests and --json draw nothing."""

    def start(self, stage: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def stop(self) -> None: ...
