"""Decision files as pages: the files the viewer may read, one file (mission, effet majeur,
conclusions, the ACH matrix, MA, indicators, history, the staff's proposal, the décision
du chef), the comparison table with a slider per criterion weight that re-ranks the MA
as it moves, and the commander's decision form — all through ``egide.decide``, which
decides access, roles, labels and audit, as for the API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import Field

from egide.decide import analysis, decision, files
from egide.decide.model import DecisionFile
from egide.errors import DecisionError, EgideError
from egide.i18n import N_, Msg, t
from egide.security.principals import Role
from egide.service.deps import Ident
from egide.web.render import described, fragment, page
from egide.web.session import Look, Post, Viewer

router = APIRouter()
#: A slider's position, 0 to ``SCALE`` (the weights are normalised when compared).
Weight = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Key = Annotated[str, Field(min_length=1, max_length=64)]
Text = Annotated[str, Form(max_length=4000)]
#: The sliders' scale: a criterion holding all the weight is at 100.
SCALE = 100


@router.get("/decisions")
def listing(request: Request, viewer: Look) -> Response:
    return page(
        request,
        "decisions.html",
        {"files": files.listing(viewer.app, viewer.user)},
        title=t("Dossiers de décision", viewer.lang),
        viewer=viewer,
    )


@router.get("/decisions/{uid}")
def file_page(request: Request, viewer: Look, uid: Ident) -> Response:
    file = files.read(viewer.app, viewer.user, uid)
    context: dict[str, Any] = {
        "file": file,
        "ach": analysis.ach_report(file, viewer.lang) if file.me and file.evidence else None,
        "history": files.history(viewer.app, viewer.user, uid, viewer.lang),
    }
    return page(request, "decision.html", context, title=file.title, viewer=viewer)


@router.get("/decisions/{uid}/comparison")
def comparison_page(request: Request, viewer: Look, uid: Ident) -> Response:
    return _comparison(request, viewer, uid, None)


def _comparison(request: Request, viewer: Viewer, uid: str, error: str | None) -> Response:
    file = files.fetch(viewer.app, viewer.user, uid)
    try:
        report: dict[str, Any] | None = analysis.comparison_of(
            viewer.app, viewer.user, uid, lang=viewer.lang
        )
    except DecisionError as exc:  # no weights yet, or values missing: say so, keep sliders
        report, error = None, error or described(exc, viewer.lang)
    saved = file.weights.values if file.weights is not None else {}
    total = sum(saved.values()) or 1.0
    sliders = [
        (c, round(SCALE * saved.get(c.id, 1.0 / len(file.criteria)) / total))
        for c in file.criteria
    ]
    context = {
        "file": file,
        "report": report,
        "trial": {**report, "saved_ranking": report["ranking"], "reversal": False}
        if report is not None
        else None,
        "titles": _titles(file),
        "oob": False,
        "rank_error": None,
        "sliders": sliders,
        "weighs": _weighs(viewer),
        "error": error,
    }
    return page(
        request,
        "decision_comparison.html",
        context,
        title=f"{t('Tableau de comparaison', viewer.lang)} — {file.title}",
        viewer=viewer,
        status=422 if error and report is not None else 200,
    )


@router.get("/decisions/{uid}/rank")
def rank(
    viewer: Look,
    uid: Ident,
    c: Annotated[list[Key], Query(max_length=200)],
    w: Annotated[list[Weight], Query(max_length=200)],
) -> Response:
    """The table re-ranked with the sliders' weights (not saved): an htmx fragment."""
    try:
        trial = analysis.trial_of(viewer.app, viewer.user, uid, _pairs(c, w), lang=viewer.lang)
    except DecisionError as exc:
        body, _ = fragment("decision_rank.html", {"rank_error": described(exc, viewer.lang)},
                           viewer.lang)
        return Response(body, media_type="text/html")  # shown in place, as the answer
    context = {"trial": trial, "titles": trial["titles"], "rank_error": None, "oob": True}
    body, _ = fragment("decision_rank.html", context, viewer.lang)
    return Response(body, media_type="text/html")


@router.post("/decisions/{uid}/weights")
def save_weights(
    request: Request,
    viewer: Post,
    uid: Ident,
    c: Annotated[list[Key], Form(max_length=200)],
    w: Annotated[list[Weight], Form(max_length=200)],
) -> Response:
    """« Enregistrer les poids »: the commander or the chief of staff only
    (``decision.set_weights`` refuses anyone else)."""
    total = sum(w)
    shares = [round(x / total, 4) for x in w] if total > 0 else w  # slider positions → shares
    try:
        decision.set_weights(viewer.app, viewer.user, uid, _pairs(c, shares))
    except EgideError as exc:
        if not _weighs(viewer):
            raise
        response = _comparison(request, viewer, uid, described(exc, viewer.lang))
        response.status_code = exc.http_status
        return response
    return RedirectResponse(f"/decisions/{uid}/comparison", status_code=303)


@router.get("/decisions/{uid}/decide")
def decide_page(request: Request, viewer: Look, uid: Ident) -> Response:
    return _decide(request, viewer, uid, None, {})


def _decide(
    request: Request, viewer: Viewer, uid: str, error: str | None, given: dict[str, str]
) -> Response:
    file = files.fetch(viewer.app, viewer.user, uid)
    files.require(viewer.app, viewer.user, (Role.DECIDEUR,), N_("inscrire la décision du chef"))
    try:
        report: dict[str, Any] | None = analysis.comparison_of(
            viewer.app, viewer.user, uid, lang=viewer.lang
        )
    except DecisionError:
        report = None
    context = {
        "file": file,
        "report": report,
        "titles": _titles(file),
        "error": error,
        "given": given,
    }
    return page(
        request,
        "decision_form.html",
        context,
        title=f"{t('Décider', viewer.lang)} — {file.title}",
        viewer=viewer,
        status=422 if error else 200,
    )


@router.post("/decisions/{uid}/decide")
def decide(
    request: Request,
    viewer: Post,
    uid: Ident,
    choice: Annotated[str, Form(min_length=1, max_length=64)],
    reason: Text = "",
    deviation: Text = "",
    other: Text = "",
) -> Response:
    """The décision du chef, recorded by ``decision.record`` (a ``decideur`` only)."""
    try:
        decision.record(viewer.app, viewer.user, uid, choice, reason, deviation, other or None)
    except EgideError as exc:
        if not viewer.has(Role.DECIDEUR):
            raise
        given = {"choice": choice, "reason": reason, "deviation": deviation, "other": other}
        response = _decide(request, viewer, uid, described(exc, viewer.lang), given)
        response.status_code = exc.http_status
        return response
    return RedirectResponse(f"/decisions/{uid}#decision", status_code=303)


def _weighs(viewer: Viewer) -> bool:
    return any(viewer.has(role) for role in files.WEIGHERS)


def _titles(file: DecisionFile) -> dict[str, str]:
    return {m.id: m.title for m in file.ma}


def _pairs(criteria: list[str], weights: list[float]) -> dict[str, float]:
    if len(criteria) != len(weights) or len(set(criteria)) != len(criteria):
        raise DecisionError(
            Msg("un poids par critère, une fois chacun")
        )
    return dict(zip(criteria, weights, strict=True))
