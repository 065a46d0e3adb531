from __future__ import annotations

from rich.console import Console

from egide.cli.search import HIGHLIGHT, _snippet


def test_matched_terms_are_highlighted_and_content_is_never_markup() -> None:
    text = _snippet(
        {
            "text": "Le pont [bold]de[/bold] Sarvik",
            "highlights": [{"start": 3, "end": 7}, {"start": 24, "end": 30}],
        }
    )
    assert [(s.start, s.end, str(s.style)) for s in text.spans] == [
        (3, 7, HIGHLIGHT),
        (24, 30, HIGHLIGHT),
    ]
    console = Console(force_terminal=True, color_system="standard", width=80)
    with console.capture() as captured:
        console.print(text)
    out = captured.get()
    assert "[bold]de[/bold]" in out and "\x1b[" in out
