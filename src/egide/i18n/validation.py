"""Validation errors (pydantic: settings, request bodies, command-line values) told in the
interface's language: ``where : what``, from each error's type and context. Pydantic's
own sentence (English) is kept only for a type this table does not know, in English."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from egide.i18n import N_, Msg, t

_TYPES = {
    "missing": N_("valeur obligatoire absente"),
    "extra_forbidden": N_("réglage inconnu"),
    "int_parsing": N_("nombre entier attendu"),
    "int_type": N_("nombre entier attendu"),
    "int_from_float": N_("nombre entier attendu (sans décimales)"),
    "float_parsing": N_("nombre attendu"),
    "float_type": N_("nombre attendu"),
    "finite_number": N_("nombre fini attendu"),
    "bool_parsing": N_("oui ou non attendu (true, false)"),
    "bool_type": N_("oui ou non attendu (true, false)"),
    "string_type": N_("texte attendu"),
    "string_too_short": N_("texte trop court (au moins {min_length} caractère(s))"),
    "string_too_long": N_("texte trop long (au plus {max_length} caractère(s))"),
    "string_pattern_mismatch": N_("forme invalide (attendu : {pattern})"),
    "greater_than": N_("doit être supérieur à {gt}"),
    "greater_than_equal": N_("doit être supérieur ou égal à {ge}"),
    "less_than": N_("doit être inférieur à {lt}"),
    "less_than_equal": N_("doit être inférieur ou égal à {le}"),
    "multiple_of": N_("doit être un multiple de {multiple_of}"),
    "literal_error": N_("valeur attendue parmi {expected}"),
    "enum": N_("valeur attendue parmi {expected}"),
    "list_type": N_("liste attendue"),
    "tuple_type": N_("liste attendue"),
    "set_type": N_("liste attendue"),
    "dict_type": N_("table attendue"),
    "model_type": N_("objet attendu"),
    "model_attributes_type": N_("objet attendu"),
    "too_short": N_("trop peu d'éléments (au moins {min_length})"),
    "too_long": N_("trop d'éléments (au plus {max_length})"),
    "url_parsing": N_("adresse invalide ({error})"),
    "url_scheme": N_("adresse invalide : schéma attendu {expected_schemes}"),
    "url_type": N_("adresse attendue"),
    "date_parsing": N_("date attendue (AAAA-MM-JJ)"),
    "date_from_datetime_parsing": N_("date attendue (AAAA-MM-JJ)"),
    "date_type": N_("date attendue (AAAA-MM-JJ)"),
    "datetime_parsing": N_("date et heure attendues (AAAA-MM-JJTHH:MM)"),
    "datetime_from_date_parsing": N_("date et heure attendues (AAAA-MM-JJTHH:MM)"),
    "datetime_type": N_("date et heure attendues (AAAA-MM-JJTHH:MM)"),
    "path_type": N_("chemin attendu"),
    "json_invalid": N_("JSON invalide ({error})"),
    "json_type": N_("JSON attendu"),
    "uuid_parsing": N_("identifiant UUID attendu"),
    "none_required": N_("aucune valeur attendue"),
    "value_error": N_("valeur refusée : {error}"),
    "assertion_error": N_("valeur refusée : {error}"),
}
_UNKNOWN = N_("valeur refusée ({type})")


def _shown(key: str, value: Any) -> Any:
    if isinstance(value, BaseException):
        return str(value)
    if key == "expected" and isinstance(value, str):  # "'a', 'b' or 'c'": no English word
        return value.replace(" or ", ", ")
    return value


def message(error: dict[str, Any] | Any, lang: str) -> str:
    """One pydantic error (a dict of ``errors()``) as a clause in ``lang``."""
    kind = str(error.get("type", ""))
    template = _TYPES.get(kind)
    if template is None:
        return str(error.get("msg", kind)) if lang == "en" else t(_UNKNOWN, lang, type=kind)
    context = {k: _shown(k, v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return t(template, lang, **context)
    except (KeyError, IndexError, ValueError):
        return t(_UNKNOWN, lang, type=kind)


def where(error: dict[str, Any] | Any) -> str:
    return ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path"))


class Invalid(Msg):
    """Validation errors, rendered in the language of whoever reads them."""

    __slots__ = ("errors",)

    def __init__(self, errors: Sequence[Any]) -> None:
        super().__init__("")
        self.errors = list(errors)

    def render(self, lang: str) -> str:
        parts = []
        for error in self.errors:
            what = message(error, lang)
            place = where(error)
            parts.append(t("{where} : {what}", lang, where=place, what=what) if place else what)
        return "; ".join(parts)
