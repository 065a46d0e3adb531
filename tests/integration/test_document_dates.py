"""Document dates from reliable metadata (HTML byline, e-mail Date, plausible DOCX
properties), and relative dates resolved once against them — real files, built here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from egide.app import App
from egide.ingest.runner import ingest

RELATIVE = (
    "Le pont a été endommagé hier soir. La semaine dernière, la brigade avait déjà reculé. "
    "Début avril, la décrue est attendue ; la reprise des travaux, prévue début avril, "
    "dépend d'elle. Hier, les observateurs n'ont rien noté de plus."
)


def stored(app: App, folder: Path) -> tuple[dict[str, str | None], dict[str, set[str]]]:
    """The documents' dates by file name, and the values each date surface resolved to."""
    dates = {
        Path(row["path"]).name: row["doc_date"]
        for row in app.db.execute("SELECT path, doc_date FROM documents")
    }
    values: dict[str, set[str]] = defaultdict(set)
    for row in app.db.execute(
        "SELECT d.path, m.surface, m.value FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " JOIN documents d ON d.id = m.document_id WHERE e.kind = 'DATE'"
    ):
        values[f"{Path(row['path']).name}:{row['surface'].lower()}"].add(str(row["value"]))
    return dates, values


def html_page(byline: str, body: str) -> str:
    return (
        "<html><head><title>Décrue de la Virna</title></head><body><article>"
        "<h1>Décrue de la Virna</h1>"
        f'<p class="byline">{byline}</p>'
        f"<p>{body}</p><p>{'Les riverains surveillent la rivière chaque matin. ' * 4}</p>"
        '<p style="display:none">Mis à jour le 2 janvier 2019</p>'
        "</article></body></html>"
    )


def docx_file(path: Path, created: dt.datetime, modified: dt.datetime, text: str) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Fiche de renseignement", level=1)
    document.add_paragraph(text)
    document.core_properties.created = created
    document.core_properties.modified = modified
    document.save(str(path))


def test_dates_come_from_reliable_metadata_and_relative_dates_resolve_once(
    store: App, as_user: Callable[[str], App], tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "byline.html").write_text(
        html_page("Par Julien Mercadier — publié le 12 mars 2025", RELATIVE), encoding="utf-8"
    )
    (folder / "no-byline.html").write_text(
        html_page("Par Julien Mercadier", "Une réunion s'est tenue à Orlen."), encoding="utf-8"
    )
    (folder / "message.eml").write_text(
        "From: liaison@example.org\nTo: j2@example.org\nSubject: Point sur le pont\n"
        "Date: Sun, 16 Mar 2025 07:40:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n"
        f"{RELATIVE}\n",
        encoding="utf-8",
    )
    template = dt.datetime(2013, 5, 2, 9, 0, tzinfo=dt.UTC)
    docx_file(
        folder / "template.docx",
        template,
        template,
        "Réunion de coordination le 21 novembre 2025 à Orlen. Le 22 novembre, la patrouille "
        "est repartie.",
    )
    docx_file(
        folder / "fresh.docx",
        dt.datetime(2025, 11, 24, 8, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 11, 24, 9, 0, tzinfo=dt.UTC),
        "Le 21 novembre 2025, la patrouille a relevé des traces. Hier, rien de nouveau.",
    )
    ingest(as_user("s"), [folder], "DR")
    dates, values = stored(store, folder)

    assert dates["byline.html"] == "2025-03-12"
    assert dates["no-byline.html"] is None  # nothing guessed, the hidden date is not read
    assert (dates["message.eml"] or "").startswith("2025-03-16")
    # the template's 2013 date is not the note's: its own first date dates it
    assert dates["template.docx"] == "2025-11-21"
    assert values["template.docx:22 novembre"] == {"2025-11-22"}
    assert (dates["fresh.docx"] or "").startswith("2025-11-24")
    assert values["fresh.docx:hier"] == {"2025-11-23"}

    for name, day in (("byline.html", "2025-03-12"), ("message.eml", "2025-03-16")):
        # each relative date resolves to one day, the same at every occurrence
        assert values[f"{name}:hier"] == {str(dt.date.fromisoformat(day) - dt.timedelta(1))}
        assert values[f"{name}:début avril"] == {"2025-04-01"}
        assert values[f"{name}:la semaine dernière"] == {
            str(dt.date.fromisoformat(day) - dt.timedelta(7))
        }
