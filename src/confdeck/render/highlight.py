"""Syntax highlighting with Pygments, as coloured pieces both renderers can draw.

PowerPoint has no highlighter and the HTML deck must work without JavaScript,
so both get the same pre-computed colours: one list of pieces per code line.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

DEFAULT_STYLE = "default"


@dataclass(frozen=True)
class Piece:
    text: str
    color: str | None = None   # "#RRGGBB"
    bold: bool = False
    italic: bool = False


@functools.cache
def _lexer(language: str | None):
    from pygments.lexers import TextLexer, get_lexer_by_name, get_lexer_for_filename
    from pygments.util import ClassNotFound

    options = {"stripnl": False, "ensurenl": False, "tabsize": 4}
    if not language:
        return TextLexer(**options)
    name = language.strip().lower()
    try:
        return get_lexer_by_name(name, **options)
    except ClassNotFound:
        pass
    # People often name a fence after the file extension (```yml, ```tsx); not every Pygments
    # release lists those as aliases, but every one knows its languages' file patterns.
    if name.replace("+", "").replace("-", "").isalnum():
        try:
            return get_lexer_for_filename(f"code.{name}", **options)
        except ClassNotFound:
            pass
    return TextLexer(**options)


@functools.cache
def _style(name: str):
    from pygments.styles import get_style_by_name
    from pygments.util import ClassNotFound

    try:
        return get_style_by_name(name)
    except ClassNotFound:
        return get_style_by_name(DEFAULT_STYLE)


def _spec(pygments_style, token_type) -> dict:
    """The style of a token type, or of its nearest listed parent (a new Pygments may add types)."""
    while not pygments_style.styles_token(token_type) and token_type.parent is not None:
        token_type = token_type.parent
    return pygments_style.style_for_token(token_type)


def highlight_lines(code: str, language: str | None, style: str = DEFAULT_STYLE, span=None,
                    problems: list | None = None) -> list[list[Piece]]:
    """The code split into lines of coloured pieces (tabs expanded, no trailing newline added).

    Highlighting is decoration: if Pygments fails on this block, it is drawn as plain code and a
    warning pointing at `span` goes to `problems` (the build never stops for it).
    """
    code = code.expandtabs(4)
    try:
        return _highlighted(code, _lexer(language), _style(style))
    except Exception as exc:  # a lexer or style bug in Pygments, not a user mistake
        if problems is not None:
            from confdeck.errors import Diagnostic

            problems.append(Diagnostic(f"cannot highlight this {language} code block ({type(exc).__name__}: "
                                       f"{exc}); drawn as plain code", span))
        return [[Piece(line)] if line else [] for line in code.split("\n")]


def _highlighted(code: str, lexer, pygments_style) -> list[list[Piece]]:
    lines: list[list[Piece]] = [[]]
    # Session lexers (console, pycon …) only give out whole lines: without a final newline the
    # last line would be lost, so one is added here and cut off below.
    for token_type, value in lexer.get_tokens(code + "\n"):
        spec = _spec(pygments_style, token_type)
        color = f"#{spec['color'].upper()}" if spec.get("color") else None
        for index, part in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if part.isspace():
                lines[-1].append(Piece(part))  # some styles colour spaces; nothing to see
            elif part:
                lines[-1].append(Piece(part, color, bool(spec.get("bold")), bool(spec.get("italic"))))
    expected = code.count("\n") + 1
    lines = (lines + [[]] * expected)[:expected]
    if ["".join(piece.text for piece in line) for line in lines] != code.split("\n"):
        raise ValueError("the lexer changed the text")  # never show code other than the notes'
    return lines


def style_background(style: str = DEFAULT_STYLE) -> str:
    """The style's background colour ("#RRGGBB"): dark styles need their dark box."""
    colour = (_style(style).background_color or "#F5F5F5").lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return f"#{colour.upper()}"


def style_text_color(style: str = DEFAULT_STYLE) -> str:
    """Colour of code the style leaves uncoloured: its own, else dark on light boxes and light on dark ones."""
    from pygments.token import Text

    own = _spec(_style(style), Text).get("color")
    if own:
        return f"#{own.upper()}"
    background = style_background(style).lstrip("#")
    red, green, blue = (int(background[i:i + 2], 16) for i in (0, 2, 4))
    return "#222222" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#F8F8F2"


def is_known_language(language: str | None) -> bool:
    from pygments.lexers import TextLexer

    return bool(language) and not isinstance(_lexer(language), TextLexer)
