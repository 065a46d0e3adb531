"""The command line's own words in the interface's language: the help of every command and
option (French in the code, translated when shown), the help's headings, and usage errors
(an unknown option, a missing argument, a bad value) as ``[E-USAGE]`` errors.

The framework writes these in English with no catalogue of its own; they are recognised
here and told from Égide's catalogue. The command tree is built afresh for every run, so
translating its help in place concerns that run alone.
"""

from __future__ import annotations

import re
from typing import Any

from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from egide.errors import UsageError
from egide.i18n import N_, Joined, Msg, gettext_, t

_HEADINGS = {"Commands": N_("Commandes"), "Options": N_("Options"), "Arguments": N_("Arguments")}
_HELP_OPTION = "Show this message and exit."
_METAVARS = {
    "<str>": N_("<texte>"),
    "<path>": N_("<chemin>"),
    "<int>": N_("<entier>"),
    "<int range>": N_("<entier>"),
    "<float>": N_("<nombre>"),
    "<float range>": N_("<nombre>"),
    "<bool>": N_("<booléen>"),
    "<list[str]>": N_("<texte>…"),
    "<list[path]>": N_("<chemin>…"),
    "COMMAND [ARGS]...": N_("COMMANDE [ARGUMENTS]..."),
}
_EXTRAS = re.compile(r"\[(required|default: [^\]]*|env var: [^\]]*)\]")


class Formatter(HelpFormatter):
    """Click's help formatter, speaking ``lang``."""

    def __init__(self, lang: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang

    def _words(self, text: str) -> str:
        for english, msgid in _METAVARS.items():
            if english in text:
                text = text.replace(english, t(msgid, self.lang))
        return text

    def _extras(self, text: str) -> str:
        def one(match: re.Match[str]) -> str:
            body = match.group(1)
            if body == "required":
                return "[" + t("obligatoire", self.lang) + "]"
            name, _, value = body.partition(": ")
            what = N_("défaut : {value}") if name == "default" else N_("variable : {value}")
            return "[" + t(what, self.lang, value=value) + "]"

        return _EXTRAS.sub(one, text)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = t("Utilisation :", self.lang) + " "
        super().write_usage(prog, self._words(args), head if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        msgid = _HEADINGS.get(heading)
        name = t(msgid, self.lang) if msgid else heading
        line = t("{heading} :", self.lang, heading=name)
        self.write(" " * self.current_indent + line + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        out = []
        for term, text in rows:
            if text == _HELP_OPTION:
                text = t("Afficher cette aide et quitter.", self.lang)
            out.append((self._words(term), self._extras(text)))
        super().write_dl(out, col_max, col_spacing)


class LocalContext(Context):
    """A context whose help speaks the language of the run (``obj.lang`` of the root)."""

    def make_formatter(self) -> HelpFormatter:
        lang = str(getattr(self.find_root().obj, "lang", "fr"))
        return Formatter(lang, width=self.terminal_width, max_width=self.max_content_width)


def localize(command: Any, lang: str) -> None:
    """Translate the help of ``command`` and of everything under it, in place, and give
    every command the translating context."""
    command.context_class = LocalContext
    for name in ("help", "short_help"):
        text = getattr(command, name, None)
        if text:
            setattr(command, name, gettext_(_clean(text), lang))
    for param in command.params:
        if getattr(param, "help", None):
            param.help = gettext_(param.help, lang)
    for sub in getattr(command, "commands", {}).values():
        localize(sub, lang)


def _clean(text: str) -> str:
    import inspect

    return inspect.cleandoc(text)


def _names(param: Any) -> str:
    opts = getattr(param, "opts", None) or [getattr(param, "name", None) or "?"]
    return " / ".join(str(o) for o in opts)


def _quoted(items: Any) -> str:
    return ", ".join(sorted(str(i) for i in items))


# The framework's messages that carry no structured detail, recognised by their wording.
_WORDED = [
    (r"No such command '(?P<name>.*?)'\.(?: Did you mean (?P<near>.*)\?)?", None),
    (r"Missing command\.", N_("commande manquante")),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", N_("argument(s) en trop : {args}")),
    (
        r"Option '(?P<name>.*)' does not take a value\.",
        N_("l'option {name} ne prend pas de valeur"),
    ),
    (r"Option '(?P<name>.*)' requires an argument\.", N_("l'option {name} attend une valeur")),
    (
        r"Option '(?P<name>.*)' requires (?P<n>\d+) arguments\.",
        N_("l'option {name} attend {n} valeurs"),
    ),
    (
        r"Argument '(?P<name>.*)' takes (?P<n>\d+) values\.",
        N_("l'argument {name} attend {n} valeurs"),
    ),
    (
        r"'?(?P<value>.*?)'? is not one of (?P<choices>.*)\.",
        N_("« {value} » n'est pas parmi {choices}"),
    ),
    (
        r"(?:Value )?'?(?P<value>.*?)'? is not a valid (?P<type>[\w ]+)\.",
        N_("« {value} » : valeur invalide ({type})"),
    ),
    (
        r"(?P<value>.*?) is not in the range (?P<range>.*)\.",
        N_("{value} n'est pas dans l'intervalle {range}"),
    ),
]
# the value types the framework names in those messages
_TYPES = {
    "int": N_("entier"),
    "integer": N_("entier"),
    "int range": N_("entier"),
    "integer range": N_("entier"),
    "float": N_("nombre"),
    "float range": N_("nombre"),
    "bool": N_("booléen"),
    "boolean": N_("booléen"),
}


def _worded(message: str) -> Msg:
    for pattern, msgid in _WORDED:
        match = re.fullmatch(pattern, message)
        if match is None:
            continue
        if msgid is None:  # an unknown command, perhaps with suggestions
            found = Msg("commande inconnue : {name}", name=match.group("name"))
            if match.group("near"):
                near = Msg("vouliez-vous dire {names} ?", names=match.group("near"))
                return Joined([found, near], " — ")
            return found
        fields: dict[str, Any] = match.groupdict()
        kind = _TYPES.get(fields.get("type") or "")
        if kind is not None:
            fields["type"] = Msg(kind)
        return Msg(msgid, **fields)
    # one of our own texts (typer.BadParameter("…") in a command), else as written
    return Msg(message.replace("{", "{{").replace("}", "}}"))


def usage_error(exc: click_errors.UsageError) -> UsageError:
    """The framework's usage error as Égide's ``[E-USAGE]`` error, in any language."""
    command = exc.ctx.command_path if exc.ctx is not None else "egide"
    detail: Msg
    if isinstance(exc, click_errors.NoSuchOption):
        detail = Msg("option inconnue : {name}", name=exc.option_name)
        if exc.possibilities:
            near = Msg("vouliez-vous dire {names} ?", names=_quoted(exc.possibilities))
            detail = Joined([detail, near], " — ")
    elif isinstance(exc, click_errors.MissingParameter):
        name = _names(exc.param) if exc.param is not None else str(exc.param_hint or "?")
        kind = exc.param_type or getattr(exc.param, "param_type_name", "")
        detail = (
            Msg("option obligatoire absente : {name}", name=name)
            if kind == "option"
            else Msg("argument obligatoire absent : {name}", name=name)
        )
    elif isinstance(exc, click_errors.BadParameter):
        name = _names(exc.param) if exc.param is not None else str(exc.param_hint or "?")
        detail = Msg("valeur invalide pour {name} : {what}", name=name, what=_worded(exc.message))
    else:
        detail = _worded(exc.message)
    return UsageError(detail, command=command)
