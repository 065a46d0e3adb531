"""Citations of a decision file: a quote is kept only when code finds it, word for word,
in a chunk its author may read (the same check as the briefs' citations); the chunk's
label and its document's grade come from the store, never from the author or a model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egide.decide.model import DecisionFile, Ref
from egide.errors import CitationError
from egide.i18n import Msg
from egide.products.context import Passage
from egide.products.verify import locate
from egide.security.access import may_read, readable
from egide.security.labels import Label, parse_label
from egide.security.principals import Authority, User
from egide.store.documents import chunk_rows
from egide.store.labels import all_labels

if TYPE_CHECKING:
    from egide.app import App

_SELECT = (
    "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id"
    " WHERE c.label_id IN ({marks}) AND (d.uid = ? OR d.title = ? OR d.path = ?"
    " OR d.path LIKE ? ESCAPE '\\') ORDER BY c.id LIMIT 5000"
)


def _visible(app: App, user: User, authority: Authority, row: dict[str, Any]) -> bool:
    labels = (row["chunk_label"], row["doc_label"])
    if not all(may_read(authority, parse_label(x)) for x in labels):
        return False
    return bool(app.release(user, authority, "decision.citation", [(labels, row)]))


def _candidates(app: App, authority: Authority, ref: Ref) -> list[int]:
    if ref.chunk_id is not None:
        return [ref.chunk_id]
    if not ref.doc:
        return []
    allowed = readable(authority, all_labels(app.db))
    if not allowed:
        return []
    name = ref.doc.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = app.db.execute(
        _SELECT.format(marks=",".join("?" * len(allowed))),
        (*allowed, ref.doc, ref.doc, ref.doc, f"%/{name}"),
    )
    return [int(r[0]) for r in rows]


def resolve(app: App, user: User, ref: Ref) -> Ref:
    """The verified form of ``ref``; raises ``CitationError`` when the quote is not in a
    chunk the user may read (an unreadable chunk is reported exactly like a missing one)."""
    authority = app.authority(user)
    ids = _candidates(app, authority, ref)
    rows = chunk_rows(app.db, ids)
    for chunk_id in ids:
        row = rows.get(chunk_id)
        if row is None or not _visible(app, user, authority, row):
            continue
        passage = Passage(
            "", chunk_id, row["uid"], row["text"], row["char_start"], row["chunk_label"], 0
        )
        span = locate(ref.quote, passage)
        if span is None:
            continue
        start, end = span
        return Ref(
            quote=row["text"][start - row["char_start"] : end - row["char_start"]],
            chunk_id=chunk_id,
            doc=row["title"] or row["path"],
            document_id=row["uid"],
            start=start,
            end=end,
            label=parse_label(row["chunk_label"]).lub(parse_label(row["doc_label"])).canonical(),
            grade=row["grade"],
        )
    where = f"passage {ref.chunk_id}" if ref.chunk_id is not None else f"« {ref.doc or '?'} »"
    raise CitationError(
        Msg("« {quote} » introuvable dans {where}", quote=ref.quote[:80], where=where)
    )


def resolve_file(app: App, user: User, file: DecisionFile) -> DecisionFile:
    """A copy of ``file`` whose every citation is verified and filled by code."""
    out = file.model_copy(deep=True)
    for _, element in out.elements():
        element.refs = [resolve(app, user, ref) for ref in element.refs]
    for proposal in out.proposals:
        proposal.refs = [resolve(app, user, ref) for ref in proposal.refs]
    return out


def check(app: App, user: User, file: DecisionFile) -> tuple[int, list[str]]:
    """Verify every citation again, as ``user`` today: (verified, failures)."""
    verified, failures = 0, []
    for name, element in file.elements():
        for ref in element.refs:
            try:
                again = resolve(app, user, Ref(quote=ref.quote, chunk_id=ref.chunk_id))
            except CitationError as exc:
                failures.append(f"{name} : {exc.message(app.settings.lang)}")
                continue
            if (again.start, again.end, again.quote) != (ref.start, ref.end, ref.quote):
                failures.append(f"{name} : citation déplacée dans le passage {ref.chunk_id}")
                continue
            verified += 1
    return verified, failures


def label_of(file: DecisionFile) -> Label:
    """The least upper bound of the file's own marking, of everything it cites and of
    everything a model was shown for it."""
    label = parse_label(file.floor_label)
    for ref in file.refs():
        label = label.lub(parse_label(ref.label))
    for proposal in file.proposals:
        for ref in proposal.refs:
            label = label.lub(parse_label(ref.label))
    for run in file.model_runs:
        if run.context_label:
            label = label.lub(parse_label(run.context_label))
    return label


def search(app: App, user: User, text: str, limit: int = 8) -> list[dict[str, Any]]:
    """Passages that may bear on ``text`` (a hypothesis, an assumption), as ``user`` sees
    them (the search is the audited one): deterministic help to cite evidence."""
    if app.require_user().name != user.name:
        raise CitationError(Msg("recherche pour un autre utilisateur"))
    outcome = app.search(text, limit)
    return [
        {
            "chunk_id": hit.chunk_id,
            "document": hit.row["title"] or hit.row["path"],
            "document_id": hit.row["uid"],
            "label": hit.row["chunk_label"],
            "grade": hit.row["grade"],
            "text": hit.row["text"],
        }
        for hit in outcome.hits
    ]


def for_element(
    app: App, user: User, file: DecisionFile, about: str, limit: int = 8
) -> list[dict[str, Any]]:
    """Passages for an element of the file (ME1, CP5…: its title, text and description)
    or for a free text."""
    element = file.find(about)
    text = (
        about
        if element is None
        else " ".join(str(getattr(element, f, "")) for f in ("title", "text", "description"))
    )
    return search(app, user, text, limit)
