"""Measuring text the way LibreOffice, PowerPoint and Chromium lay it out.

Widths come from the real font file (Pillow's FreeType bindings, with shaping
and kerning when libraqm is present); lines are broken greedily at spaces and
hard breaks, and a word wider than the line is broken between characters,
as all three renderers do. Results are in points.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from confdeck.model import Run
from confdeck.plan.fonts import font_file

REFERENCE_PX = 1000          # fonts are loaded once at this size; widths scale linearly
FALLBACK_EM = {False: 0.55, True: 0.6}  # average advance when no font file exists at all
_CHUNKS = re.compile(r"\n|[^\S\n]+|\S+")


@functools.cache
def _font(path: Path):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), REFERENCE_PX)


@functools.lru_cache(maxsize=200_000)
def advance_em(path: Path | None, text: str, monospace: bool = False) -> float:
    """Width of `text` in em (font size units)."""
    if path is None:
        return len(text) * FALLBACK_EM[monospace]
    return _font(path).getlength(text) / REFERENCE_PX


@dataclass(frozen=True)
class Fonts:
    """The template's font families (the names written into the decks)."""
    body: str = "Calibri"
    heading: str = "Calibri"
    code: str = "Courier New"

    @classmethod
    def from_config(cls, config: dict | None) -> "Fonts":
        config = config or {}
        default = cls()
        return cls(str(config.get("body") or default.body), str(config.get("heading") or default.heading),
                   str(config.get("code") or default.code))

    def file(self, run: Run, bold: bool = False, italic: bool = False) -> tuple[Path | None, bool]:
        """(font file, monospace) used to draw a run."""
        if run.code:
            return font_file(self.code, bold or run.bold, italic or run.italic, True), True
        return font_file(self.body, bold or run.bold, italic or run.italic), False


@dataclass(frozen=True)
class Position:
    """A place in a list of runs: run index and character offset."""
    run: int
    offset: int


@dataclass
class _Atom:
    run: int
    start: int
    text: str
    kind: str       # "word", "space" or "break"
    width: float    # points


def _atoms(runs: list[Run], fonts: Fonts, size_pt: float, bold: bool, italic: bool) -> list[_Atom]:
    atoms = []
    for index, run in enumerate(runs):
        path, mono = fonts.file(run, bold, italic)
        for match in _CHUNKS.finditer(run.text):
            text = match.group()
            kind = "break" if text == "\n" else "space" if text.isspace() else "word"
            width = 0.0 if kind == "break" else advance_em(path, text, mono) * size_pt
            atoms.append(_Atom(index, match.start(), text, kind, width))
    return atoms


def _char_widths(atom: _Atom, runs: list[Run], fonts: Fonts, size_pt: float, bold: bool, italic: bool):
    path, mono = fonts.file(runs[atom.run], bold, italic)
    return [advance_em(path, char, mono) * size_pt for char in atom.text]


def wrap(runs: list[Run], size_pt: float, width_pt: float, fonts: Fonts,
         bold: bool = False, italic: bool = False) -> list[Position]:
    """Where each line starts when the runs are wrapped at width_pt (always at least one line)."""
    atoms = _atoms(runs, fonts, size_pt, bold, italic)
    starts = [Position(0, 0)]
    x = 0.0            # width of the current line so far
    space = 0.0        # width of the spaces after the last word, drawn only if another word follows
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        if atom.kind == "break":
            starts.append(_after(atom))
            x = space = 0.0
            i += 1
            continue
        if atom.kind == "space":
            if x > 0:
                space += atom.width
            i += 1
            continue
        # A word may span several runs (e.g. **bold**text): no break between them.
        j = i
        while j < len(atoms) and atoms[j].kind == "word":
            j += 1
        word = atoms[i:j]
        width = sum(a.width for a in word)
        if x > 0 and x + space + width > width_pt:
            starts.append(Position(word[0].run, word[0].start))
            x = space = 0.0
        if x == 0 and width > width_pt:
            # Too wide for any line (a long URL): broken between characters.
            for piece in word:
                for k, char_width in enumerate(_char_widths(piece, runs, fonts, size_pt, bold, italic)):
                    if x > 0 and x + char_width > width_pt:
                        starts.append(Position(piece.run, piece.start + k))
                        x = 0.0
                    x += char_width
        else:
            x += space + width
        space = 0.0
        i = j
    return starts


def _after(atom: _Atom) -> Position:
    return Position(atom.run, atom.start + len(atom.text))


def count_lines(runs: list[Run], size_pt: float, width_pt: float, fonts: Fonts,
                bold: bool = False, italic: bool = False) -> int:
    # Pagination asks for the same block's height several times (fit, split, render): measure once.
    key = (tuple((run.text, run.bold, run.italic, run.code) for run in runs), size_pt, width_pt, fonts, bold, italic)
    count = _LINE_COUNTS.get(key)
    if count is None:
        if len(_LINE_COUNTS) >= _LINE_COUNTS_MAX:
            _LINE_COUNTS.clear()
        count = _LINE_COUNTS[key] = len(wrap(runs, size_pt, width_pt, fonts, bold, italic))
    return count


_LINE_COUNTS: dict[tuple, int] = {}
_LINE_COUNTS_MAX = 200_000


def split_runs(runs: list[Run], at: Position) -> tuple[list[Run], list[Run]]:
    """The runs before and after a position (the second part loses leading spaces)."""
    from dataclasses import replace

    head = [*runs[:at.run], replace(runs[at.run], text=runs[at.run].text[:at.offset])] if at.run < len(runs) else runs
    tail = [replace(runs[at.run], text=runs[at.run].text[at.offset:]), *runs[at.run + 1:]] if at.run < len(runs) else []
    head = [run for run in head if run.text]
    tail = [run for run in tail if run.text]
    if tail:
        tail[0] = replace(tail[0], text=tail[0].text.lstrip())
    if head:
        head[-1] = replace(head[-1], text=head[-1].text.rstrip())
    return head, [run for run in tail if run.text]


def text_width(text: str, size_pt: float, family: str, bold: bool = False, monospace: bool = False) -> float:
    """Width in points of one line of text in a font family."""
    return advance_em(font_file(family, bold, False, monospace), text, monospace) * size_pt
