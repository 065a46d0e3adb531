"""Server-side rendering: every page is one content template rendered first — recording
each marking it shows — then set in the layout, whose top and bottom banners carry the
least upper bound of those markings."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from egide.errors import EgideError
from egide.i18n import N_, t
from egide.security.labels import Label, parse_label
from egide.security.principals import Role
from egide.web import static
from egide.web.banner import Marks
from egide.web.session import LANG_COOKIE, Viewer

#: (text key, path, role needed to see the link or None): the main navigation.
NavEntry = tuple[str, str, Role | None]
_NAV: list[NavEntry] = []


def add_nav(entries: list[NavEntry]) -> None:
    _NAV.clear()
    _NAV.extend(entries)


@cache
def env() -> Environment:
    environment = Environment(
        loader=PackageLoader("egide.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["level"] = level_class
    environment.filters["highlight"] = highlight
    environment.filters["as_written"] = as_written
    environment.globals["asset"] = static.url
    environment.globals["roles"] = Role
    environment.globals["integrity"] = lambda name: static.assets()[name].integrity
    environment.globals["statuses"] = STATUSES
    environment.globals["words"] = WORDS
    return environment


def level_class(marking: str) -> str:
    """The CSS class of a marking's level: ``np``, ``dr``, ``s``, ``ts``."""
    return parse_label(marking).level.name.lower()


#: Markings that only name a level: nothing to add beside the canonical label.
_BARE_LEVELS = {"NP", "NON PROTÉGÉ", "NON PROTEGE", "DR", "DIFFUSION RESTREINTE", "S", "SECRET",
                "TS", "TRÈS SECRET", "TRES SECRET"}


def as_written(marking: str | None, canonical: str) -> bool:
    """Whether the originator's marking says something the canonical label does not show
    as written (``NATO SECRET`` beside ``SECRET – OTAN – REL OTAN``; not ``DR``)."""
    if not marking:
        return False
    text = " ".join(marking.split()).upper()
    return text != canonical.upper() and text not in _BARE_LEVELS


def highlight(text: str, spans: Sequence[Any]) -> Markup:
    """``text`` with each span (``(start, end)``, or a mapping with ``start``, ``end`` and
    optionally ``kind``/``title``) marked; everything escaped."""
    out: list[str] = []
    at = 0
    for span in sorted(spans, key=_start):
        start, end = _start(span), _end(span)
        if start < at or end <= start or end > len(text):
            continue
        out.append(str(escape(text[at:start])))
        if isinstance(span, Mapping) and span.get("kind"):
            kind = str(span["kind"])
            tip = str(span.get("title", kind))
            out.append(
                f'<mark class="ent ent-{escape(kind)}" title="{escape(tip)}">'
                f"{escape(text[start:end])}</mark>"
            )
        else:
            out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


def _start(span: Any) -> int:
    return int(span["start"] if isinstance(span, Mapping) else span[0])


def _end(span: Any) -> int:
    return int(span["end"] if isinstance(span, Mapping) else span[1])


def described(error: EgideError, lang: str) -> str:
    """An error as the command line prints it: ``[E-CODE] what happened — how to fix``."""
    return f"[{error.code}] {error.message(lang)} — {error.hint(lang)}"


# A product's states, as a page names them (French msgids, translated by ``t``).
STATUSES = {"draft": N_("projet"), "validated": N_("validée"), "rejected": N_("rejetée")}
# Codes a page shows as words: the enemy courses of action's designations, the criteria's
# directions.
WORDS = {
    "probable": N_("le plus probable"),
    "dangereux": N_("le plus dangereux"),
    "max": N_("plus haut, mieux"),
    "min": N_("plus bas, mieux"),
}


def translator(lang: str) -> Callable[..., str]:
    def translate(msgid: str, **params: Any) -> str:
        return t(msgid, lang, **params)

    return translate


def fragment(
    template: str, context: Mapping[str, Any], lang: str, marks: Marks | None = None
) -> tuple[str, Marks]:
    """A template rendered alone, with the markings it showed."""
    marks = marks or Marks()
    body = env().get_template(template).render(
        **context, t=translator(lang), lang=lang, mark=marks.mark, watermark=marks.watermark
    )
    return body, marks


def _switch(request: Request, other: str) -> str:
    """The current page in the other language."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return request.url.path + "?" + urlencode([*params, ("lang", other)])


def page(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    title: str,
    viewer: Viewer | None = None,
    lang: str = "fr",
    status: int = 200,
    extra_marks: list[Label | str] | None = None,
    scripts: tuple[str, ...] = (),
) -> HTMLResponse:
    """The full page: content, banners, navigation for ``viewer``'s roles, watermark if
    the content showed a draft."""
    lang = viewer.lang if viewer is not None else lang
    marks = Marks(viewer.app.parse_marking) if viewer is not None else Marks()
    for extra in extra_marks or []:
        marks.mark(extra)
    body, marks = fragment(template, {**context, "viewer": viewer}, lang, marks)
    banner = marks.banner()
    nav = []
    if viewer is not None:
        nav = [
            (key, path, request.url.path.startswith(path))
            for key, path, role in _NAV
            if role is None or viewer.user.has(role)
        ]
    html = env().get_template("layout.html").render(
        body=Markup(body),
        banner=banner.canonical(),
        level=banner.level.name.lower(),
        draft=marks.draft,
        title=title,
        viewer=viewer,
        nav=nav,
        scripts=scripts,
        switch=_switch(request, "en" if lang == "fr" else "fr"),
        t=translator(lang),
        lang=lang,
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, secure=True, httponly=True, samesite="strict")
    return response
