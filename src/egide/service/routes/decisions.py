"""Decision files (``egide decision``): read, build element by element, analyse, export,
hand the indicators to ``egide watch``, sign the staff's proposal, record the décision du
chef. Thin over ``egide.decide``, whose functions decide access, roles, labels and audit;
a file the principal may not read is reported as not found, whatever the route."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from egide.decide import analysis, assist, decision, edits, files, render, watch
from egide.decide.fiche import build
from egide.decide.model import DecisionFile
from egide.security.principals import User
from egide.service.deps import Acting, Ident, Lang

router = APIRouter(tags=["decisions"])

Method = Literal["wsum", "topsis", "promethee"]
Rating = Literal["CC", "C", "N", "I", "II", "NA"]
Version = Annotated[int | None, Query(ge=1, le=1_000_000)]
MethodQuery = Annotated[Method | None, Query()]
#: An identifier inside a body (an element, an MA, a criterion…): the file knows it or not.
Key = Annotated[str, Field(min_length=1, max_length=64)]
Text = Annotated[str, Field(max_length=4000)]
#: An element's fields, as ``egide.decide.model`` defines them (checked there).
Fields = Annotated[dict[str, Any], Field(default_factory=dict, max_length=64)]


def _user(app: Acting) -> User:
    return app.require_user()


def _file(file: DecisionFile) -> dict[str, Any]:
    return file.to_json()


# --- files -------------------------------------------------------------------------------


class NewFile(BaseModel):
    title: str = Field(..., min_length=1, max_length=500)
    label: str = Field(..., min_length=1, max_length=200)


class ImportFile(BaseModel):
    yaml: str = Field(..., min_length=1, max_length=2_000_000)
    name: str = Field("dossier.yaml", min_length=1, max_length=255)
    uid: Key | None = None
    label: str | None = Field(None, max_length=200)


@router.get("/decisions")
def list_files(app: Acting) -> Any:
    return {"files": files.listing(app, _user(app))}


@router.post("/decisions")
def create(body: NewFile, app: Acting) -> Any:
    return _file(files.create(app, _user(app), body.title, body.label))


@router.post("/decisions/import")
def import_file(body: ImportFile, app: Acting) -> Any:
    user = _user(app)
    return _file(files.import_yaml(app, user, body.yaml, body.name, body.uid, body.label))


@router.get("/decisions/{uid}")
def show(app: Acting, uid: Ident, version: Version = None) -> Any:
    return _file(files.read(app, _user(app), uid, version))


@router.get("/decisions/{uid}/fiche")
def fiche(
    app: Acting, lang: Lang, uid: Ident, version: Version = None, method: MethodQuery = None
) -> Any:
    """The fiche d'aide à la décision as data (not an export: see ``/export``)."""
    return build(app, _user(app), uid, version, method, lang).to_json()


@router.get("/decisions/{uid}/history")
def history(app: Acting, lang: Lang, uid: Ident) -> Any:
    return {"file": uid, "versions": files.history(app, _user(app), uid, lang)}


@router.get("/decisions/{uid}/export")
def export(
    app: Acting,
    lang: Lang,
    uid: Ident,
    format: Literal["yaml", "md", "pdf", "json"] = "md",
    version: Version = None,
    method: MethodQuery = None,
) -> Response:
    """The whole file (YAML) or the fiche (Markdown, PDF, JSON); audited."""
    user = _user(app)
    if format == "yaml":
        data = files.export_yaml(app, user, uid, version).encode("utf-8")
        name = f"{uid}.yaml"
    else:
        data = render.produce(app, user, uid, [format], version, method, lang)[1][format]
        name = f"{uid}-fiche.{format}"
    return Response(
        data,
        media_type=render.MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# --- elements ----------------------------------------------------------------------------


class NewElement(BaseModel):
    kind: str = Field(..., min_length=1, max_length=40)
    fields: Fields


class Changes(BaseModel):
    fields: Fields


class Cell(BaseModel):
    item: Key
    me: Key
    rating: Rating | None


class Value(BaseModel):
    ma: Key
    criterion: Key
    value: float = Field(..., allow_inf_nan=False)


class Screening(BaseModel):
    ma: Key
    criterion: Key
    ok: bool
    why: Text


class Confrontation(BaseModel):
    ma: Key
    me: Key
    fields: Fields


class MethodChoice(BaseModel):
    method: Method


class WeightsBody(BaseModel):
    weights: dict[Key, Annotated[float, Field(allow_inf_nan=False)]] = Field(..., max_length=200)


@router.post("/decisions/{uid}/elements")
def add(body: NewElement, app: Acting, uid: Ident) -> Any:
    """Add an element; the answer names it (``element``) beside the new version."""
    file, ident = edits.add(app, _user(app), uid, body.kind, body.fields)
    return {"element": ident, "file": _file(file)}


@router.post("/decisions/{uid}/elements/{element}")
def change(body: Changes, app: Acting, uid: Ident, element: Ident) -> Any:
    return _file(edits.change(app, _user(app), uid, element, body.fields))


@router.delete("/decisions/{uid}/elements/{element}")
def remove(app: Acting, uid: Ident, element: Ident) -> Any:
    return _file(edits.remove(app, _user(app), uid, element))


@router.post("/decisions/{uid}/ratings")
def rate(body: Cell, app: Acting, uid: Ident) -> Any:
    return _file(edits.rate(app, _user(app), uid, body.item, body.me, body.rating))


@router.post("/decisions/{uid}/values")
def value(body: Value, app: Acting, uid: Ident) -> Any:
    return _file(edits.value(app, _user(app), uid, body.ma, body.criterion, body.value))


@router.post("/decisions/{uid}/screening")
def screen(body: Screening, app: Acting, uid: Ident) -> Any:
    user = _user(app)
    return _file(edits.screen(app, user, uid, body.ma, body.criterion, body.ok, body.why))


@router.post("/decisions/{uid}/confrontation")
def confront(body: Confrontation, app: Acting, uid: Ident) -> Any:
    return _file(edits.confront(app, _user(app), uid, body.ma, body.me, body.fields))


@router.post("/decisions/{uid}/mission")
def mission(body: Changes, app: Acting, uid: Ident) -> Any:
    return _file(edits.mission(app, _user(app), uid, body.fields))


@router.post("/decisions/{uid}/effet")
def effet(body: Changes, app: Acting, uid: Ident) -> Any:
    """The staff proposes the effet majeur (any change calls for the commander again)."""
    return _file(edits.effet(app, _user(app), uid, body.fields))


@router.post("/decisions/{uid}/effet/validate")
def validate_effet(app: Acting, uid: Ident) -> Any:
    """The commander (``decideur``) validates the effet majeur."""
    return _file(decision.validate_effet(app, _user(app), uid))


@router.post("/decisions/{uid}/method")
def method(body: MethodChoice, app: Acting, uid: Ident) -> Any:
    return _file(edits.method(app, _user(app), uid, body.method))


@router.post("/decisions/{uid}/weights")
def weights(body: WeightsBody, app: Acting, uid: Ident) -> Any:
    """The commander or the chief of staff only."""
    return _file(decision.set_weights(app, _user(app), uid, body.weights))


# --- analysis ----------------------------------------------------------------------------


@router.get("/decisions/{uid}/ach")
def ach(app: Acting, lang: Lang, uid: Ident) -> Any:
    return analysis.ach_of(app, _user(app), uid, lang)


@router.get("/decisions/{uid}/comparison")
def comparison(app: Acting, lang: Lang, uid: Ident, method: MethodQuery = None) -> Any:
    return analysis.comparison_of(app, _user(app), uid, method, lang)


@router.get("/decisions/{uid}/sensitivity")
def sensitivity(app: Acting, lang: Lang, uid: Ident, method: MethodQuery = None) -> Any:
    return analysis.sensitivity_of(app, _user(app), uid, method, lang)


@router.get("/decisions/{uid}/evidence")
def evidence(
    app: Acting,
    uid: Ident,
    about: Annotated[str, Query(min_length=1, max_length=2000)],
    limit: Annotated[int, Query(ge=1, le=50)] = 8,
) -> Any:
    """Passages that may bear on an element (ME1, CP5…) or a text."""
    return analysis.evidence_of(app, _user(app), uid, about, limit)


@router.get("/decisions/{uid}/watch")
def to_watch(app: Acting, lang: Lang, uid: Ident) -> Any:
    """Indicators and requirements as the two files ``egide watch`` reads; audited."""
    rules_text, needs_text, summary = watch.export(app, _user(app), uid, lang)
    return {"rules_yaml": rules_text, "requirements_yaml": needs_text, "summary": summary}


@router.get("/decisions/{uid}/assumptions")
def assumptions(
    app: Acting,
    lang: Lang,
    uid: Ident,
    since: Annotated[str | None, Query(max_length=40)] = None,
) -> Any:
    alerts = watch.assumption_alerts(app, _user(app), uid, since, lang=lang)
    return {"file": uid, "alerts": alerts}


@router.get("/decisions/{uid}/check")
def check(app: Acting, uid: Ident) -> Any:
    return decision.check(app, _user(app), uid)


# --- the staff's proposal, the commander's decision ---------------------------------------


class Recommendation(BaseModel):
    ma: Key
    reason: Text
    method: Method | None = None


class Choice(BaseModel):
    choice: Key
    reason: Text
    deviation: Text = ""
    other: Text | None = None


@router.post("/decisions/{uid}/recommend")
def recommend(body: Recommendation, app: Acting, uid: Ident) -> Any:
    """The staff signs its « Proposition d'état-major »."""
    return _file(decision.recommend(app, _user(app), uid, body.ma, body.reason, body.method))


@router.post("/decisions/{uid}/decide")
def decide(body: Choice, app: Acting, uid: Ident) -> Any:
    """The décision du chef: a ``decideur`` only; audited with its hashes."""
    user = _user(app)
    recorded = decision.record(app, user, uid, body.choice, body.reason, body.deviation, body.other)
    return _file(recorded)


# --- with a model ------------------------------------------------------------------------


@router.post("/decisions/{uid}/draft")
def draft(app: Acting, uid: Ident) -> Any:
    """The model's proposals, outside the file until a person of the staff accepts them."""
    return _file(assist.draft(app, _user(app), uid))


@router.get("/decisions/{uid}/proposals")
def proposals(app: Acting, uid: Ident) -> Any:
    return {"file": uid, "proposals": assist.pending(app, _user(app), uid)}


@router.post("/decisions/{uid}/proposals/{pid}/accept")
def accept(app: Acting, uid: Ident, pid: Ident) -> Any:
    return _file(assist.decide(app, _user(app), uid, pid, True))


@router.post("/decisions/{uid}/proposals/{pid}/reject")
def reject(app: Acting, uid: Ident, pid: Ident) -> Any:
    return _file(assist.decide(app, _user(app), uid, pid, False))
