"""Measuring text the way LibreOffice, PowerPoint and Chromium lay it out.

Widths come from the real font file (Pillow's FreeType bindings, with shaping
and kerning when libraqm is present); lines are broken greedily at spaces and
hard breaks, and a word wider than the line is broken between characters,
as all three renderers do. Results are in points.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

from confdeck.model import Run
from confdeck.plan.fonts import draws_itself, fallback_file, font_file

REFERENCE_PX = 1000          # fonts are loaded once at this size; widths scale linearly
FALLBACK_EM = {False: 0.55, True: 0.6}  # average advance when no font file exists at all
# Scripts written without spaces (Chinese, Japanese, Korean): a line may break between any two
# characters (UAX #14's ideographic class), so each character is a chunk of its own.
IDEOGRAPHIC = ("\u2E80-\u2FFF\u3000-\u303F\u3040-\u30FF\u3100-\u31FF\u3200-\u4DBF\u4E00-\u9FFF"
               "\uA960-\uA97F\uAC00-\uD7FF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\U00020000-\U0003FFFF")
# Punctuation that never starts a line (kept with the character before) or never ends one (kept with
# the character after): the line-breaking rules both LibreOffice and Chromium apply to CJK text.
NO_LINE_START = "、。，．・：；？！）」』】〕〉》〙〗〟’”｝］〜…‥ヽヾゝゞ々〻,.:;!?)]}%"
NO_LINE_END = "（「『【〔〈《〘〖〝‘“｛［"
_CHUNKS = re.compile(rf"\n|[^\S\n]+|[{re.escape(NO_LINE_END)}]*[{IDEOGRAPHIC}][{re.escape(NO_LINE_START)}]*"
                     rf"|[^\s{IDEOGRAPHIC}]+[{re.escape(NO_LINE_START)}]*")
_IDEOGRAPHIC_CHAR = re.compile(rf"[{IDEOGRAPHIC}]")
# LibreOffice puts about a quarter em between Asian and Latin text ("autospace", on by default and
# not switchable from a .pptx); Chromium does not. Measured on the wider one, so neither overflows.
AUTOSPACE_EM = 0.25


@functools.cache
def _font(path: Path):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), REFERENCE_PX)


@functools.lru_cache(maxsize=200_000)
def advance_em(path: Path | None, text: str, monospace: bool = False) -> float:
    """Width of `text` in em (font size units)."""
    if path is None:
        return len(text) * FALLBACK_EM[monospace]
    try:
        return _font(path).getlength(text) / REFERENCE_PX
    except RuntimeError:
        # Pillow's text shaper (raqm) gives up on some strings (unassigned code points among controls and
        # separators): such text is measured by the estimate used without a font, never a crash.
        return len(text) * FALLBACK_EM[monospace]


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

    @functools.cached_property
    def _style_tables(self) -> dict[tuple[bool, bool], "_StyleTables"]:
        return {}

    def style_tables(self, bold: bool, italic: bool) -> "_StyleTables":
        """The font tables for runs of each style (see _StyleTables), kept on the Fonts: asked per paragraph."""
        tables = self._style_tables.get((bold, italic))
        if tables is None:
            tables = self._style_tables[bold, italic] = _StyleTables(self, bold, italic)
        return tables

    def file(self, run: Run, bold: bool = False, italic: bool = False) -> tuple[Path | None, bool]:
        """(font file, monospace) used to draw a run."""
        if run.code:
            return font_file(self.code, bold or run.bold, italic or run.italic, True), True
        return font_file(self.body, bold or run.bold, italic or run.italic), False

    def table(self, run: Run, bold: bool = False, italic: bool = False) -> "_FontTable":
        """The measuring table of the font that draws a run (and of the fonts it falls back to)."""
        bold, italic = bool(bold or run.bold), bool(italic or run.italic)
        path, mono = self.file(run, bold, italic)
        return _table(path, mono, self.code if run.code else self.body, bold, italic)


@dataclass(frozen=True)
class Position:
    """A place in a list of runs: run index and character offset."""
    run: int
    offset: int


# Chunk kinds of a run's text: an ideographic chunk is a word a line may end or start beside.
_WORD, _SPACE, _BREAK, _IDEO = 0, 1, 2, 3
_TABLE_MAX = 100_000  # entries per font before a table starts afresh (bounds memory in long preview sessions)
# Relative margin of the one-line answer: far above the rounding error of summing even a million
# widths in another order, far below anything that changes a line break (a millionth of a point).
_ONE_LINE_MARGIN = 1e-9
# Added to each character's own width for an over-estimate of a word not measured yet: shaping ASCII
# text only kerns and joins ligatures, and the largest widening of a character pair seen in the fonts
# here is 0.07 em (Carlito); a quarter em is far above any real font's kerning.
KERN_MARGIN_EM = 0.25


class _FontTable:
    """What one font file measures, cached: each word's or space run's width, and each run text's sum and chunks.

    Why: a deck repeats its words and pagination measures the same runs several times (fit,
    split, continued pages); splitting a run into chunks and looking up their widths is most
    of the cost of wrapping it. The tables are pure functions of (font file, text), bounded.
    """

    def __init__(self, path: Path | None, mono: bool, family: str | None = None, bold: bool = False,
                 italic: bool = False):
        self.path, self.mono = path, mono
        self.family, self.bold, self.italic = family, bold, italic
        self.words: dict[str, float] = {}
        self.totals: dict[str, float] = {}
        self.uppers: dict[str, float] = {}
        self.runs: dict[str, tuple[tuple[int, int, int, float], ...]] = {}

    def em(self, chunk: str) -> float:
        width = self.words.get(chunk)
        if width is None:
            if len(self.words) >= _TABLE_MAX:
                self.words.clear()
            # Straight to the measuring function: this table is the cache.
            if chunk.isascii() or self.family is None:
                width = advance_em.__wrapped__(self.path, chunk, self.mono)
            else:
                width = self._mixed_em(chunk)
            self.words[chunk] = width
        return width

    def _mixed_em(self, chunk: str) -> float:
        """A chunk with characters the font may lack: each stretch measured with the font that draws it
        (fontconfig's fallback, e.g. Noto Sans CJK), plus LibreOffice's autospace where scripts change."""
        width, start, drawing = 0.0, 0, self.path
        pieces: list[tuple[Path | None, str]] = []
        for index, char in enumerate(chunk):
            path = self.path
            if not char.isascii() and not draws_itself(self.family, self.bold, self.italic, ord(char)):
                path = fallback_file(self.family, self.bold, self.italic, ord(char)) or self.path
            if path != drawing and index > start:
                pieces.append((drawing, chunk[start:index]))
                start = index
            drawing = path
        pieces.append((drawing, chunk[start:]))
        for path, text in pieces:
            try:
                width += advance_em(path, text, self.mono)
            except OSError:  # a fallback Pillow cannot load at our size (a colour bitmap emoji font)
                width += advance_em(self.path, text, self.mono)
        kinds = [bool(_IDEOGRAPHIC_CHAR.match(char)) for char in chunk if not char.isspace()]
        return width + AUTOSPACE_EM * sum(a != b for a, b in zip(kinds, kinds[1:]))

    def total(self, text: str) -> float:
        """The sum of a run text's chunk widths in em; infinite when it has a hard break (or a negative width)."""
        total = self.totals.get(text)
        if total is None:
            total = 0.0 if "\n" not in text else math.inf
            words = self.words
            for chunk in _CHUNKS.findall(text) if total == 0.0 else ():
                em = words.get(chunk)
                if em is None:
                    em = self.em(chunk)
                if em < 0:
                    total = math.inf
                    break
                total += em
            if not text.isascii():
                total += _autospace_em(text)
            if len(self.totals) >= _TABLE_MAX:
                self.totals.clear()
            self.totals[text] = total
        return total

    def upper_total(self, text: str) -> tuple[float, bool]:
        """At least total(text), and whether it is total(text) itself.

        Words measured before count their width; a word not measured yet counts its characters'
        own widths plus KERN_MARGIN_EM each (only ASCII words: other scripts may be shaped wider),
        so a line that surely fits needs no new measuring. Infinite with a hard break.
        """
        total = self.totals.get(text)
        if total is not None:
            return total, True
        upper = self.uppers.get(text)
        if upper is not None:
            return upper, False
        upper, exact = (0.0, True) if "\n" not in text else (math.inf, False)
        words = self.words
        for chunk in _CHUNKS.findall(text) if upper == 0.0 else ():
            em = words.get(chunk)
            if em is None:
                if chunk.isascii() and chunk.isprintable():
                    em, exact = sum(self.em(char) for char in chunk) + KERN_MARGIN_EM * len(chunk), False
                else:
                    em = self.em(chunk)
            if em < 0:
                upper, exact = math.inf, False
                break
            upper += em
        if not text.isascii():
            upper += _autospace_em(text)
        if exact:
            return self.total(text), True   # every word known: the exact sum (and kept as such)
        if len(self.uppers) >= _TABLE_MAX:
            self.uppers.clear()
        self.uppers[text] = upper
        return upper, False

    def chunks(self, text: str) -> tuple[tuple[int, int, int, float], ...]:
        """(start, end, kind, width in em) of each word, space run and hard break of a run text."""
        found = self.runs.get(text)
        if found is None:
            chunks, start = [], 0
            for chunk in _CHUNKS.findall(text):
                end = start + len(chunk)
                if chunk == "\n":
                    chunks.append((start, end, _BREAK, 0.0))
                else:
                    kind = _SPACE if chunk.isspace() else _IDEO if _IDEOGRAPHIC_CHAR.search(chunk) else _WORD
                    chunks.append((start, end, kind, self.em(chunk)))
                start = end
            if len(self.runs) >= _TABLE_MAX:
                self.runs.clear()
            found = self.runs[text] = tuple(chunks)
        return found


def _autospace_em(text: str) -> float:
    """LibreOffice's autospace between neighbouring chunks of Asian and Latin text (within a chunk: em())."""
    kinds = [bool(_IDEOGRAPHIC_CHAR.search(chunk)) for chunk in _CHUNKS.findall(text) if not chunk.isspace()]
    return AUTOSPACE_EM * sum(a != b for a, b in zip(kinds, kinds[1:]))


@functools.lru_cache(maxsize=256)
def _table(path: Path | None, mono: bool, family: str | None = None, bold: bool = False,
           italic: bool = False) -> _FontTable:
    return _FontTable(path, mono, family, bold, italic)


class _StyleTables(dict):
    """(code, bold, italic) of a run → its font's table, for text drawn bold/italic as a whole or not.

    Why: one lookup per run by a tuple of flags, instead of resolving the font file each time;
    fonts are resolved only for the styles a deck uses.
    """

    def __init__(self, fonts: Fonts, bold: bool, italic: bool):
        super().__init__()
        self.fonts, self.bold, self.italic = fonts, bold, italic

    def __missing__(self, style: tuple[bool, bool, bool]) -> _FontTable:
        code, bold, italic = style
        run = Run("", bold=bold, italic=italic, code=code)
        table = self[style] = self.fonts.table(run, self.bold, self.italic)
        return table


def _atoms(runs: list[Run], fonts: Fonts, size_pt: float, bold: bool,
           italic: bool) -> list[tuple[int, int, int, int, float]]:
    """(run index, start, end, kind, width in points) of every chunk, in order."""
    tables = fonts.style_tables(bold, italic)
    atoms = []
    for index, run in enumerate(runs):
        for start, end, kind, em in tables[run.code, run.bold, run.italic].chunks(run.text):
            atoms.append((index, start, end, kind, em * size_pt))
    return atoms


def _fits_one_line(runs: list[Run], size_pt: float, width_pt: float, fonts: Fonts, bold: bool, italic: bool) -> bool:
    """True when the whole text surely stays on one line: a shortcut past the greedy wrap.

    Every width the wrap compares with the line is a partial sum of the (non-negative)
    chunk widths, so at most their total; the margin covers rounding in the other order.
    A hard break makes the total infinite: no shortcut.
    """
    tables = fonts.style_tables(bold, italic)
    # An over-estimate first (words not measured yet count their characters plus a margin): when
    # even that fits, so does the exact sum, and no new word is measured.
    # Where runs meet, Asian and Latin text may too: room for LibreOffice's autospace at each.
    upper = AUTOSPACE_EM * (len(runs) - 1) if len(runs) > 1 and not all(r.text.isascii() for r in runs) else 0.0
    boundaries, exact = upper, True
    for run in runs:
        table = tables[run.code, run.bold, run.italic]
        em = table.totals.get(run.text)
        if em is None:
            em, known = table.upper_total(run.text)
            exact = exact and known
        upper += em
    if upper * size_pt * (1 + _ONE_LINE_MARGIN) <= width_pt:
        return True
    if exact:
        return False
    total = boundaries
    for run in runs:
        total += tables[run.code, run.bold, run.italic].total(run.text)
    return total * size_pt * (1 + _ONE_LINE_MARGIN) <= width_pt


def _char_widths(run: Run, start: int, end: int, fonts: Fonts, size_pt: float, bold: bool, italic: bool):
    table = fonts.style_tables(bold, italic)[run.code, run.bold, run.italic]
    return [table.em(char) * size_pt for char in run.text[start:end]]


def _line_starts(runs: list[Run], size_pt: float, width_pt: float, fonts: Fonts,
                 bold: bool, italic: bool) -> list[tuple[int, int]]:
    """(run index, offset) where each line starts: the greedy wrap on plain tuples."""
    atoms = _atoms(runs, fonts, size_pt, bold, italic)
    starts = [(0, 0)]
    x = 0.0            # width of the current line so far
    space = 0.0        # width of the spaces after the last word, drawn only if another word follows
    line_kind = _WORD  # kind of the last word on the line
    autospace = AUTOSPACE_EM * size_pt
    i = 0
    count = len(atoms)
    while i < count:
        run, start, end, kind, atom_width = atoms[i]
        if kind == _BREAK:
            starts.append((run, end))
            x = space = 0.0
            i += 1
            continue
        if kind == _SPACE:
            if x > 0:
                space += atom_width
            i += 1
            continue
        # A word may span several runs (e.g. **bold**text): no break between them. A line may break
        # before and after each ideographic chunk.
        j = i + 1
        width = atom_width
        if kind == _WORD:
            while j < count and atoms[j][3] == _WORD:
                width += atoms[j][4]
                j += 1
        # LibreOffice's autospace where Asian and Latin text meet on a line.
        extra = autospace if x > 0 and (kind == _IDEO) != (line_kind == _IDEO) else 0.0
        line_kind = atoms[j - 1][3]
        if x > 0 and x + space + extra + width > width_pt:
            starts.append((run, start))
            x = space = extra = 0.0
        if x == 0 and width > width_pt:
            # Too wide for any line (a long URL): broken between characters.
            for piece_run, piece_start, piece_end, _, _ in atoms[i:j]:
                widths = _char_widths(runs[piece_run], piece_start, piece_end, fonts, size_pt, bold, italic)
                for k, char_width in enumerate(widths):
                    if x > 0 and x + char_width > width_pt:
                        starts.append((piece_run, piece_start + k))
                        x = 0.0
                    x += char_width
        else:
            x += space + extra + width
        space = 0.0
        i = j
    return starts


def wrap(runs: list[Run], size_pt: float, width_pt: float, fonts: Fonts,
         bold: bool = False, italic: bool = False) -> list[Position]:
    """Where each line starts when the runs are wrapped at width_pt (always at least one line)."""
    if _fits_one_line(runs, size_pt, width_pt, fonts, bold, italic):
        return [Position(0, 0)]
    return [Position(run, offset) for run, offset in _line_starts(runs, size_pt, width_pt, fonts, bold, italic)]


def count_lines(runs: list[Run], size_pt: float, width_pt: float, fonts: Fonts,
                bold: bool = False, italic: bool = False) -> int:
    if _fits_one_line(runs, size_pt, width_pt, fonts, bold, italic):
        return 1
    # Pagination asks for the same block's height several times (fit, split, render): measure once.
    key = (tuple((run.text, run.bold, run.italic, run.code) for run in runs), size_pt, width_pt, fonts, bold, italic)
    count = _LINE_COUNTS.get(key)
    if count is None:
        if len(_LINE_COUNTS) >= _LINE_COUNTS_MAX:
            _LINE_COUNTS.clear()
        count = _LINE_COUNTS[key] = len(_line_starts(runs, size_pt, width_pt, fonts, bold, italic))
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


def split_runs_at(runs: list[Run], cuts: list[Position]) -> list[list[Run]]:
    """The runs cut at several positions (in order) in one pass: what split_runs gives cut by cut.

    Cutting a long paragraph into many pages one cut at a time copies the rest each time
    (quadratic); this touches every run once.
    """
    from dataclasses import replace

    pieces: list[list[Run]] = []
    start = Position(0, 0)
    for end in [*cuts, Position(len(runs), 0)]:
        piece: list[Run] = []
        for index in range(start.run, min(end.run, len(runs) - 1) + 1):
            text = runs[index].text
            first = start.offset if index == start.run else 0
            last = end.offset if index == end.run else len(text)
            if index == start.run or index == end.run:
                if last > first:
                    piece.append(replace(runs[index], text=text[first:last]))
            elif text:
                piece.append(runs[index])
        if pieces and piece:
            piece[0] = replace(piece[0], text=piece[0].text.lstrip())
        piece = [run for run in piece if run.text]
        if piece and end.run < len(runs):
            piece[-1] = replace(piece[-1], text=piece[-1].text.rstrip())
        pieces.append([run for run in piece if run.text])
        start = end
    return pieces


def text_width(text: str, size_pt: float, family: str, bold: bool = False, monospace: bool = False) -> float:
    """Width in points of one line of text in a font family (characters it lacks in their fallback font)."""
    path = font_file(family, bold, False, monospace)
    if text.isascii():
        return advance_em(path, text, monospace) * size_pt
    table = _table(path, monospace, family, bool(bold), False)
    return (sum(table.em(chunk) for chunk in _CHUNKS.findall(text) if chunk != "\n")
            + _autospace_em(text)) * size_pt


def chunks_of(text: str) -> list[str]:
    """The pieces a line may break between: words, and each character of Chinese or Japanese text."""
    return [chunk for chunk in _CHUNKS.findall(text) if not chunk.isspace()]
