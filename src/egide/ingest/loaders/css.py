"""What a reader's browser would not show of an HTML page: elements hidden by their
inline style, a class or a stylesheet — ``display:none``, ``visibility:hidden``, zero
opacity, a tiny font, text coloured like its background (white on a white page).

Stylesheets come from the page's own ``<style>`` elements (nothing is ever fetched) and
are matched with the page's elements by ``cssselect2``; inline styles override them, as in
a browser. Inherited properties (colour, font size, visibility) and the background an
element is drawn on are followed from the root down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from egide.errors import DependencyError

MAX_RULES = 5000
TINY_PX = 2.0  # a font of 2 px or less is unreadable
NEAR = 0.08  # colour channels within 8 % of the background's: invisible
_WHITE = (1.0, 1.0, 1.0)
_UNITS_PX = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 3.78, "cm": 37.8, "in": 96.0, "q": 0.945}
_RELATIVE = {"em", "rem", "%", "ex", "ch"}
_SKIP = {"html", "head", "title", "meta", "link", "style", "script", "noscript", "template"}


@dataclass(frozen=True)
class Hidden:
    element: Any
    kind: str  # hidden_element, tiny_text, invisible_colour


@dataclass(frozen=True)
class _State:
    color: tuple[float, float, float, float] | None
    background: tuple[float, float, float]
    tiny: bool
    invisible: bool  # visibility: hidden, inherited


def _modules() -> tuple[Any, Any, Any]:
    try:
        import cssselect2
        import tinycss2
        import tinycss2.color3
    except ImportError as exc:  # pragma: no cover - declared dependencies
        raise DependencyError(
            "tinycss2/cssselect2", install="pip install tinycss2 cssselect2"
        ) from exc
    return tinycss2, tinycss2.color3, cssselect2


def _declarations(tinycss2: Any, content: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True):
        if item.type == "declaration":
            out[item.lower_name] = tinycss2.serialize(item.value).strip().lower()
    return out


def _rules(tinycss2: Any, css: str, budget: list[int]) -> list[tuple[Any, dict[str, str]]]:
    """(selector prelude, declarations) of a stylesheet, ``@media`` blocks included
    (print-only ones aside)."""
    out: list[tuple[Any, dict[str, str]]] = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if budget[0] <= 0:
            break
        if rule.type == "qualified-rule":
            budget[0] -= 1
            out.append((rule.prelude, _declarations(tinycss2, rule.content)))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
            media = tinycss2.serialize(rule.prelude).lower()
            if "print" in media and "screen" not in media and "all" not in media:
                continue
            out += _rules(tinycss2, tinycss2.serialize(rule.content), budget)
    return out


def _matcher(tree: Any) -> Any:
    tinycss2, _, cssselect2 = _modules()
    matcher = cssselect2.Matcher()
    budget = [MAX_RULES]
    for style in tree.iter("style"):
        for prelude, declarations in _rules(tinycss2, style.text_content() or "", budget):
            if not declarations:
                continue
            try:
                selectors = cssselect2.compile_selector_list(prelude)
            except Exception:
                continue
            for selector in selectors:
                if selector.pseudo_element is None:
                    matcher.add_selector(selector, declarations)
    return matcher


def _size_px(value: str) -> float | None:
    """A font size in pixels, ``-1`` for a relative one, ``None`` if unknown."""
    value = value.replace("!important", "").strip()
    for unit in sorted((*_UNITS_PX, *_RELATIVE), key=len, reverse=True):
        if value.endswith(unit):
            try:
                number = float(value[: -len(unit)])
            except ValueError:
                return None
            if unit in _RELATIVE:
                scale = number / 100 if unit == "%" else number
                return 0.0 if scale <= 0.15 else -1.0
            return number * _UNITS_PX[unit]
    try:
        return float(value)  # a bare number (quirks mode: pixels)
    except ValueError:
        return None


def _colour(color3: Any, value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    for word in value.replace("!important", "").split():
        found = color3.parse_color(word)
        if found is not None and not isinstance(found, str):
            return (found.red, found.green, found.blue, found.alpha)
    return None


def _near(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return max(abs(x - y) for x, y in zip(a[:3], b[:3], strict=True)) <= NEAR


def _opacity(value: str | None) -> float:
    try:
        return float((value or "1").replace("!important", "").strip().rstrip("%"))
    except ValueError:
        return 1.0


def hidden(tree: Any) -> list[Hidden]:
    """The outermost elements of ``tree`` a reader would not see, each with why."""
    tinycss2, color3, cssselect2 = _modules()
    matcher = _matcher(tree)
    found: list[Hidden] = []
    states: dict[int, _State] = {}
    dropped: set[int] = set()
    root = cssselect2.ElementWrapper.from_html_root(tree)
    for wrapper in root.iter_subtree():
        el = wrapper.etree_element
        parent = wrapper.parent.etree_element if wrapper.parent is not None else None
        if parent is not None and id(parent) in dropped:
            dropped.add(id(el))
            continue
        inherited = states.get(id(parent), _State(None, _WHITE, False, False))
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            states[id(el)] = inherited
            continue
        style: dict[str, str] = {}
        for _, _, _, declarations in sorted(matcher.match(wrapper) or [], key=lambda m: m[:2]):
            style.update(declarations)
        if el.get("style"):
            style.update(_declarations(tinycss2, el.get("style")))
        state, kind = _apply(color3, style, inherited)
        states[id(el)] = state
        if kind is not None and (el.text_content() or "").strip():
            found.append(Hidden(el, kind))
            dropped.add(id(el))
    return found


def _apply(color3: Any, style: dict[str, str], inherited: _State) -> tuple[_State, str | None]:
    """The element's own state from its declarations, and why it is hidden (if it is)."""
    background = inherited.background
    own_background = _colour(color3, style.get("background-color") or style.get("background"))
    if own_background is not None and own_background[3] > 0.5:
        background = own_background[:3]
    color = _colour(color3, style.get("color")) or inherited.color
    tiny = inherited.tiny
    if "font-size" in style:
        size = _size_px(style["font-size"])
        if size is not None and size >= 0:
            tiny = size <= TINY_PX
    visibility = style.get("visibility", "")
    invisible = inherited.invisible
    if visibility:
        invisible = visibility.startswith(("hidden", "collapse"))
    state = _State(color, background, tiny, invisible)
    if style.get("display", "").startswith("none") or invisible:
        return state, "hidden_element"
    if _opacity(style.get("opacity")) <= 0.05:
        return state, "hidden_element"
    if tiny and "font-size" in style:
        return state, "tiny_text"
    introduced = "color" in style or own_background is not None
    if color is not None and introduced and (color[3] <= 0.05 or _near(color, background)):
        return state, "invisible_colour"
    return state, None
