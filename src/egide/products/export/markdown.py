"""Markdown rendering of a brief: the marking banner at top and bottom, the header, then
the sections of the layout in order."""

from __future__ import annotations

from egide.i18n import t
from egide.products.export.layout import header, sections, status_line, texts
from egide.products.model import DRAFT_MARK, Brief

__all__ = ["render", "status_line"]


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def render(brief: Brief, lang: str = "fr") -> str:
    banner = f"**{brief.label}**"
    out = [banner, "", f"# {texts(lang)['title']} {brief.id}", ""]
    for name, value in header(brief, lang):
        bold = "**" + name + "**"
        out.append("> " + t("{name} : {value}", lang, name=bold, value=value) + "  ")
    out.append("")
    if brief.status == "draft":
        out += [f"*{t(DRAFT_MARK, lang)}*", ""]
    for notice in brief.notices:
        out += [f"> ⚠ {notice}", ""]
    for section in sections(brief, lang):
        out += [f"## {section.title}", ""]
        if section.themes:
            for theme, items in section.themes:
                if theme:
                    out += [f"**{theme}**", ""]
                out += [f"- {item}" for item in items] + [""]
            if section.note and section.note != texts(lang)["none"]:
                out += [f"*{section.note}*", ""]
        elif section.table:
            out.append("| " + " | ".join(section.heading) + " |")
            out.append("|" + "---|" * len(section.heading))
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in section.table]
            out.append("")
        elif section.items:
            out += [f"- {item}" for item in section.items] + [""]
        else:
            out += [f"*{section.note or texts(lang)['none']}*", ""]
    out += [banner, ""]
    return "\n".join(out)
