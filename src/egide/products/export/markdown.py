"""Markdown rendering of a brief: banner at top and bottom, status, origin, sections of
PRODUCTS.md §2 in order, numbered sources."""

from __future__ import annotations

from egide.products.model import DRAFT_MARK, ESTIMATIVE, ORIGIN, Brief, Citation

_TITLES = {
    "fr": (
        "Fiche de synthèse",
        "Objet",
        "Points clés",
        "Faits rapportés",
        "Évaluation (appréciation machine, à confirmer)",
        "Lacunes et contradictions",
        "Entités",
        "Chronologie",
        "Sources",
        "Contenu suspect",
        "Statut",
        "Moteur",
        "Demandeur",
        "Groupe date-heure",
        "Validé par",
        "Rejeté par",
        "Sous-thème",
        "Affirmations retirées faute de citation vérifiable",
    ),
    "en": (
        "Intelligence brief",
        "Subject",
        "Key points",
        "Reported facts",
        "Assessment (machine judgement, to be confirmed)",
        "Gaps and contradictions",
        "Entities",
        "Timeline",
        "Sources",
        "Suspicious content",
        "Status",
        "Engine",
        "Requester",
        "Date-time group",
        "Validated by",
        "Rejected by",
        "Sub-topic",
        "Claims removed for lack of a verifiable citation",
    ),
}


def _cites(citations: list[Citation]) -> str:
    return "".join(f"[{s}]" for s in dict.fromkeys(c.source for c in citations))


def status_line(brief: Brief, lang: str) -> str:
    t = _TITLES[lang]
    if brief.validation is None:
        return DRAFT_MARK
    who = t[14] if brief.validation.status == "validated" else t[15]
    return f"{who} {brief.validation.by}, {brief.validation.at}"


def render(brief: Brief, lang: str = "fr") -> str:
    t = _TITLES["en" if lang == "en" else "fr"]
    banner = f"**{brief.label}**"
    out = [banner, "", f"# {t[0]} {brief.id}", ""]
    out += [
        f"> **{t[10]}** : {status_line(brief, lang)}  ",
        f"> {ORIGIN}  ",
        f"> **{t[11]}** : {brief.engine} · **{t[12]}** : {brief.requester} · "
        f"**{t[13]}** : {brief.dtg}",
        "",
    ]
    if brief.status == "draft":
        out += [f"*{DRAFT_MARK}*", ""]
    for notice in brief.notices:
        out += [f"> ⚠ {notice}", ""]
    out += [f"## 1. {t[1]}", "", brief.question, "", f"## 2. {t[2]}", ""]
    for point in brief.key_points:
        prefix = f"*{point.likelihood}* — " if point.likelihood else ""
        out.append(f"- {prefix}{point.text} " + "".join(f"[{s}]" for s in point.sources))
    out += ["", f"## 3. {t[3]}", ""]
    topic = None
    for claim in brief.claims:
        if claim.topic and claim.topic != topic:
            topic = claim.topic
            out += [f"**{t[16]} : {topic}**", ""]
        out.append(f"- {claim.text} {_cites(claim.citations)}")
        for c in claim.citations:
            out.append(f"  > « {c.quote} » — {c.source}, car. {c.start}–{c.end}")
    if brief.dropped_claims:
        out += ["", f"*{t[17]} : {brief.dropped_claims}*"]
    if brief.assessment:
        out += ["", f"## 4. {t[4]}", ""]
        for point in brief.assessment:
            out.append(
                f"- *{point.likelihood}* ({ESTIMATIVE.get(point.likelihood or '', '')})"
                f" — {point.text} " + "".join(f"[{s}]" for s in point.sources)
            )
    out += ["", f"## 5. {t[5]}", ""]
    out += [f"- {g.text} {_cites(g.citations)}" for g in brief.gaps] or ["- —"]
    out += [
        "",
        f"## 6. {t[6]}",
        "",
        "| type | nom | mentions | sources | position |",
        "|---|---|---|---|---|",
    ]
    for e in brief.entities:
        where = f"{e.lat:.4f}, {e.lon:.4f} ({e.mgrs})" if e.lat is not None else ""
        out.append(f"| {e.kind} | {e.name} | {e.mentions} | {', '.join(e.sources)} | {where} |")
    out += ["", f"## 7. {t[7]}", ""]
    out += [f"- **{ev.date}** — {ev.text} {_cites(ev.citations)}" for ev in brief.timeline]
    out += [
        "",
        f"## 8. {t[8]}",
        "",
        "| | titre | origine | date | marquage | cote | document |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in brief.sources:
        out.append(
            f"| {s.id} | {s.title} | {s.origin or ''} | {s.date or ''} | {s.label} | "
            f"{s.grade} | {s.document_id} |"
        )
    if brief.suspicious:
        out += ["", f"### {t[9]}", ""]
        out += [f"- [{s.source}] {s.kind} : {s.excerpt}" for s in brief.suspicious]
    out += ["", banner, ""]
    return "\n".join(out)
