"""Heights of blocks on a slide, in points, from measured line breaks.

The renderers draw with exactly these numbers: fixed line spacing of
geometry.line_pt(size), a gap before each paragraph (none at the top of a
text box), bullets hanging in geometry.bullet_indent_in per level (numbers in
number_indent_in), code and
tables padded by the geometry's paddings.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from confdeck.geometry import Geometry
from confdeck.model import (
    Block, BulletList, Callout, CodeBlock, Image, ListItem, Paragraph, Quote, RawHtml, Run, SubHeading, Table,
    plain_text,
)
from confdeck.plan.measure import Fonts, chunks_of, count_lines, text_width

QUOTE_INDENT_IN = 0.5
CALLOUT_INDENT_IN = 0.25   # a callout's body sits this far in from its coloured title line
WIDTH_SLACK = 0.99  # LibreOffice lays lines out up to 0.3 % wider than Chromium and Pillow: wrap a little early


def raw_html_runs(block: RawHtml) -> list[Run]:
    from confdeck.html_text import html_to_text

    return [Run(html_to_text(block.html))]


def callout_title_runs(block: Callout) -> list[Run]:
    """A callout's first line as both renderers draw it: its type's icon, then its title."""
    from confdeck.callouts import callout_icon

    return [Run(callout_icon(block.kind) + " "), *block.title]


@dataclass(frozen=True)
class Measure:
    """How one kind of block is measured: its height, and whether a block gap (not a paragraph gap) opens it."""
    height: Callable[["Heights", Block, float], float]
    block_gap: bool = False


def measure_of(block: Block) -> Measure:
    try:
        return MEASURES[type(block)]
    except KeyError:
        raise TypeError(f"no measure for {type(block).__name__} blocks in plan/heights.py MEASURES") from None


class Heights:
    def __init__(self, geo: Geometry, fonts: Fonts | None = None):
        self.geo = geo
        self.fonts = fonts or Fonts()

    # -- lines -----------------------------------------------------------------

    def lines(self, runs: list[Run], size: float, width_in: float, bold: bool = False, italic: bool = False) -> int:
        return count_lines(runs, size, width_in * 72 * WIDTH_SLACK, self.fonts, bold, italic)

    def text_height(self, runs: list[Run], size: float, width_in: float, bold: bool = False,
                    italic: bool = False) -> float:
        return self.lines(runs, size, width_in, bold, italic) * self.geo.line_pt(size)

    def hang(self, item: ListItem) -> float:
        return self.geo.number_indent_in if item.ordered else self.geo.bullet_indent_in

    def list_indents(self, items: list[ListItem]) -> list[tuple[float, float]]:
        """(text left, hanging indent) in inches per item, nested the way the HTML nests lists.

        Each level's indent is set by the item that opened the level (a numbered list needs more
        room than bullets), and levels skipped at the top of a continued piece are opened by the
        first item, as the HTML renderer does.
        """
        opened: list[float] = []  # hang of each open level
        out = []
        for item in items:
            del opened[item.level + 1:]
            while len(opened) < item.level + 1:
                opened.append(self.hang(item))
            out.append((sum(opened), opened[-1]))
        return out

    def item_width(self, item: ListItem, width_in: float, left_in: float | None = None) -> float:
        return width_in - (self.list_indents([item])[0][0] if left_in is None else left_in)

    def item_height(self, item: ListItem, width_in: float, left_in: float | None = None) -> float:
        return self.text_height(item.runs, self.geo.body_size(item.level), self.item_width(item, width_in, left_in))

    def list_height(self, items: list[ListItem], width_in: float) -> float:
        """Height of a bullet list: each item's item_height, and the gaps between them.

        Pagination's hottest code (every bullet of a deck), so item_height's steps are written
        out here: the same arithmetic in the same order, without four calls per bullet.
        """
        geo, fonts = self.geo, self.fonts
        heights = []
        for item, (left, _) in zip(items, self.list_indents(items)):
            size = geo.body_size(item.level)
            heights.append(count_lines(item.runs, size, (width_in - left) * 72 * WIDTH_SLACK, fonts)
                           * geo.line_pt(size))
        return sum(heights) + geo.paragraph_gap_pt * (len(heights) - 1)

    # -- blocks ----------------------------------------------------------------

    def gap_before(self, block: Block) -> float:
        return self.geo.block_gap_pt if measure_of(block).block_gap else self.geo.paragraph_gap_pt

    def block_height(self, block: Block, width_in: float) -> float:
        """Height without the gap above the block."""
        return measure_of(block).height(self, block, width_in)

    # -- one measure per kind of block (see MEASURES) ----------------------------

    def paragraph_height(self, block: Paragraph, width_in: float) -> float:
        return self.text_height(block.runs, self.geo.body_size(0), width_in)

    def sub_heading_height(self, block: SubHeading, width_in: float) -> float:
        return self.text_height(block.runs, self.geo.body_size(0), width_in, bold=True)

    def bullet_list_height(self, block: BulletList, width_in: float) -> float:
        return self.list_height(block.items, width_in)

    def quote_height(self, block: Quote, width_in: float) -> float:
        size = self.geo.body_size(0)
        heights = [self.text_height(p, size, width_in - QUOTE_INDENT_IN, italic=True) for p in block.paragraphs]
        return sum(heights) + self.geo.paragraph_gap_pt * (len(heights) - 1)

    def callout_height(self, block: Callout, width_in: float) -> float:
        """The title line (icon and title, bold), then the body's lines indented under it."""
        size = self.geo.body_size(0)
        title = self.text_height(callout_title_runs(block), size, width_in, bold=True)
        heights = [self.text_height(p, size, width_in - CALLOUT_INDENT_IN) for p in block.paragraphs]
        return title + sum(heights) + self.geo.paragraph_gap_pt * len(heights)

    def raw_html_height(self, block: RawHtml, width_in: float) -> float:
        return self.text_height(raw_html_runs(block), self.geo.body_size(0), width_in)

    def code_block_height(self, block: CodeBlock, width_in: float) -> float:
        geo = self.geo
        return self.code_lines(block.code, width_in) * geo.line_pt(geo.code_pt) + 2 * geo.code_pad_pt

    def table_height(self, block: Table, width_in: float) -> float:
        widths = self.column_widths(block, width_in)
        return sum(self.row_height(row, widths, header=(i == 0)) for i, row in enumerate([block.header, *block.rows]))

    def image_height(self, block: Image, width_in: float) -> float:
        return 0.0  # pictures are placed beside or below the text by placement.layout, not stacked

    def stack_height(self, blocks: list[Block], width_in: float) -> float:
        """Height of blocks stacked from the top of a box (no gap above the first)."""
        total = 0.0
        for index, block in enumerate(blocks):
            total += (self.gap_before(block) if index else 0.0) + self.block_height(block, width_in)
        return total

    # -- code ------------------------------------------------------------------

    def code_text_width(self, width_in: float) -> float:
        return width_in - 2 * self.geo.code_pad_pt / 72

    def code_line_lines(self, line: str, width_in: float) -> int:
        return self.lines([Run(line or " ", code=True)], self.geo.code_pt, self.code_text_width(width_in))

    def code_lines(self, code: str, width_in: float) -> int:
        return sum(self.code_line_lines(line, width_in) for line in code.split("\n"))

    # -- tables ----------------------------------------------------------------

    def _cell_width(self, runs: list[Run], bold: bool) -> tuple[float, float]:
        """(whole text on one line, longest word) in points."""
        geo, fonts = self.geo, self.fonts
        full = sum(text_width(r.text, geo.table_pt, fonts.code if r.code else fonts.body, bold or r.bold, r.code)
                   for r in runs)
        # The longest piece a line cannot break inside: a word, or one character of Chinese or Japanese.
        longest = max((text_width(word, geo.table_pt, fonts.body, bold) for word in chunks_of(plain_text(runs))),
                      default=0.0)
        return full, longest

    def column_widths(self, table: Table, width_in: float) -> list[float]:
        """Column widths in inches: by content, each at least its longest word where possible."""
        if table.column_shares:
            return [share * width_in for share in table.column_shares]
        rows = [table.header, *table.rows]
        count = max(len(row) for row in rows) if rows else 1
        pad = 2 * self.geo.cell_pad_x_pt + 2
        natural = [pad + 1.0] * count
        minimum = [pad + 1.0] * count
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                full, longest = self._cell_width(cell, bold=(r == 0))
                # Divided by the wrapping slack so a cell that fits on one line is measured as one line.
                natural[c] = max(natural[c], full / WIDTH_SLACK + pad)
                minimum[c] = max(minimum[c], min(longest, 150.0) / WIDTH_SLACK + pad)
        total = width_in * 72
        if sum(natural) <= total:
            scale = total / sum(natural)
            return [w * scale / 72 for w in natural]
        widths = [0.0] * count
        open_columns = list(range(count))
        remaining = total
        # Columns narrower than a fair share keep their natural width; the rest share what is left.
        while open_columns:
            share = remaining / len(open_columns)
            small = [c for c in open_columns if natural[c] <= share]
            if not small:
                weight = sum(natural[c] for c in open_columns)
                for c in open_columns:
                    widths[c] = remaining * natural[c] / weight
                break
            for c in small:
                widths[c] = natural[c]
                remaining -= natural[c]
                open_columns.remove(c)
        # Give narrow columns their longest word back, taken from the widest ones.
        for c in range(count):
            if widths[c] < minimum[c]:
                need = minimum[c] - widths[c]
                donor = max(range(count), key=lambda d: widths[d] - minimum[d])
                spare = widths[donor] - minimum[donor]
                if spare > 0:
                    moved = min(need, spare)
                    widths[c] += moved
                    widths[donor] -= moved
        return [w / 72 for w in widths]

    def row_height(self, row: list[list[Run]], widths: list[float], header: bool = False) -> float:
        geo = self.geo
        lines = max((self.lines(cell, geo.table_pt, widths[c] - 2 * geo.cell_pad_x_pt / 72, bold=header)
                     for c, cell in enumerate(row) if c < len(widths)), default=1)
        return lines * geo.line_pt(geo.table_pt) + 2 * geo.cell_pad_y_pt


# The one measure entry of each kind of block (model.py says what else a new kind needs).
MEASURES: dict[type, Measure] = {
    Paragraph: Measure(Heights.paragraph_height),
    SubHeading: Measure(Heights.sub_heading_height, block_gap=True),
    BulletList: Measure(Heights.bullet_list_height),
    Quote: Measure(Heights.quote_height),
    Callout: Measure(Heights.callout_height, block_gap=True),
    RawHtml: Measure(Heights.raw_html_height),
    CodeBlock: Measure(Heights.code_block_height, block_gap=True),
    Table: Measure(Heights.table_height, block_gap=True),
    Image: Measure(Heights.image_height),
}
