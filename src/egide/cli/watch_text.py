"""What ``egide watch`` prints for a person: window summaries and alerts as sentences in the
interface's language, times as date-time groups (the JSON lines keep the raw values)."""

from __future__ import annotations

from typing import Any

from egide.i18n import N_, t
from egide.products.dtg import dtg_of


def counts(values: dict[str, int], lang: str) -> str:
    """``{"URGENT": 2, "ROUTINE": 5}`` → ``5 ROUTINE, 2 URGENT`` (``néant`` when empty).
    Priorities (FLASH, IMMEDIAT…) are precedence codes, the same in every language."""
    if not values:
        return t("néant", lang)
    return ", ".join(
        f"{n} {k}" for k, n in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def summary(line: dict[str, Any], lang: str) -> str:
    w = line["window"]
    return t(
        "── Point de situation du {start} au {end} ({label}) : {messages} message(s), "
        "{alerts} alerte(s) ; priorités : {priorities} ; zones : {areas}",
        lang,
        start=dtg_of(w["start"]),
        end=dtg_of(w["end"]),
        label=line["label"],
        messages=line["messages"],
        alerts=line["alerts"],
        priorities=counts(line["by_priority"], lang),
        areas=counts(line["by_area"], lang),
    )


def _joined(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} ({_joined(v)})" for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    return str(value)


def _class(value: dict[str, float], lang: str) -> str:
    return ", ".join(
        t("{name} (score {score:.2f})", lang, name=k, score=float(v)) for k, v in value.items()
    )


# Why a message matched, part by part, as the reader is told.
_PARTS = {
    "terms": N_("termes {value}"),
    "watchlists": N_("listes de surveillance {value}"),
    "areas": N_("zones {value}"),
    "regex": N_("expression « {value} »"),
    "entities": N_("entités {value}"),
    "channel": N_("canal {value}"),
    "label_min": N_("marquage au moins {value}"),
}


def reason(why: dict[str, Any], lang: str) -> str:
    """One entry of an alert's ``why`` as a clause: the rule or requirement, then what
    matched."""
    if "rule" in why:
        head = t("règle {rule}", lang, rule=why["rule"])
    elif "requirement" in why:
        head = t(
            "besoin {id} (similarité {similarity:.2f})",
            lang,
            id=why["requirement"],
            similarity=float(why.get("similarity", 0.0)),
        )
    else:
        head = t("liste de surveillance", lang)
    parts = [t(text, lang, value=_joined(why[key])) for key, text in _PARTS.items() if key in why]
    if "class" in why:
        parts.append(t("classe {value}", lang, value=_class(why["class"], lang)))
    if not parts:
        return head
    return t("{head} : {parts}", lang, head=head, parts=", ".join(parts))
