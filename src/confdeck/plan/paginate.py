"""Plan pass: split content that does not fit the body box into continuation slides.

Heights are estimated from character counts at the template's sizes; both
renderers draw the pages this pass decides, so the two decks match.
"""
from __future__ import annotations

import math
from dataclasses import replace

from confdeck.geometry import DEFAULT, Geometry
from confdeck.model import (
    Block, BulletList, CodeBlock, Image, ListItem, Paragraph, PlannedDeck, PlannedSlide, Quote,
    RawHtml, SubHeading, Table, plain_text,
)

CHAR_WIDTH_EM = 0.5     # average glyph width of a proportional sans font, in em
CODE_CHAR_WIDTH_EM = 0.6
INDENT_IN = 0.4         # per bullet level
TABLE_PT = 16
IMAGE_MIN_IN = 2.5      # an image next to text keeps at least this height


def text_lines(text: str, size_pt: float, width_in: float, char_em: float = CHAR_WIDTH_EM) -> int:
    chars_per_line = max(8, int(width_in * 72 / (size_pt * char_em)))
    return sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))


def item_height(item: ListItem, geo: Geometry) -> float:
    size = geo.body_size(item.level)
    width = geo.body_width_in - INDENT_IN * (item.level + 1)
    return text_lines(plain_text(item.runs), size, width) * size * geo.line_spacing + geo.paragraph_gap_pt


def block_height(block: Block, geo: Geometry) -> float:
    """Estimated height in points."""
    size = geo.body_size(0)
    if isinstance(block, BulletList):
        return sum(item_height(item, geo) for item in block.items)
    if isinstance(block, (Paragraph, SubHeading)):
        return text_lines(plain_text(block.runs), size, geo.body_width_in) * size * geo.line_spacing + geo.paragraph_gap_pt
    if isinstance(block, Quote):
        return sum(text_lines(plain_text(p), size, geo.body_width_in - 0.5) * size * geo.line_spacing
                   for p in block.paragraphs) + geo.paragraph_gap_pt
    if isinstance(block, CodeBlock):
        return text_lines(block.code, geo.code_pt, geo.body_width_in - 0.3, CODE_CHAR_WIDTH_EM) \
            * geo.code_pt * geo.line_spacing + 2 * geo.paragraph_gap_pt + 14
    if isinstance(block, Table):
        return sum(table_row_height(row, block, geo) for row in [block.header, *block.rows]) + geo.paragraph_gap_pt
    if isinstance(block, RawHtml):
        return text_lines(block.html, size, geo.body_width_in) * size * geo.line_spacing
    if isinstance(block, Image):
        return IMAGE_MIN_IN * 72
    return size * geo.line_spacing


def table_row_height(row, table: Table, geo: Geometry) -> float:
    columns = max(1, len(table.header) or (len(table.rows[0]) if table.rows else 1))
    width = geo.body_width_in / columns - 0.2
    lines = max((text_lines(plain_text(cell), TABLE_PT, width) for cell in row), default=1)
    return lines * TABLE_PT * geo.line_spacing + 10


def _units(block: Block, geo: Geometry, limit: float) -> list[Block]:
    """Split a block into pieces that may go on different pages, biggest pieces first."""
    if isinstance(block, BulletList):
        groups: list[list[ListItem]] = []
        for item in block.items:
            if item.level == 0 or not groups:
                groups.append([item])
            else:
                groups[-1].append(item)
        pieces = []
        for group in groups:
            piece = BulletList(group, block.span)
            if block_height(piece, geo) > limit and len(group) > 1:
                # A bullet taller than a page: split between its sub-bullets.
                pieces.extend(BulletList([item], block.span) for item in group)
            else:
                pieces.append(piece)
        return pieces
    if isinstance(block, CodeBlock) and block_height(block, geo) > limit:
        lines = block.code.split("\n")
        per_page = max(1, int((limit - 30) / (geo.code_pt * geo.line_spacing)))
        return [replace(block, code="\n".join(lines[i:i + per_page])) for i in range(0, len(lines), per_page)]
    if isinstance(block, Table) and block_height(block, geo) > limit:
        pieces, rows, used = [], [], table_row_height(block.header, block, geo)
        for row in block.rows:
            height = table_row_height(row, block, geo)
            if rows and used + height > limit:
                pieces.append(replace(block, rows=rows))
                rows, used = [], table_row_height(block.header, block, geo)
            rows.append(row)
            used += height
        pieces.append(replace(block, rows=rows))
        return pieces
    return [block]


def _merge_lists(blocks: list[Block]) -> list[Block]:
    """Join neighbouring pieces of the same list back into one list on a page."""
    merged: list[Block] = []
    for block in blocks:
        if merged and isinstance(block, BulletList) and isinstance(merged[-1], BulletList) \
                and merged[-1].span == block.span:
            merged[-1] = BulletList(merged[-1].items + block.items, block.span)
        else:
            merged.append(block)
    return merged


def split_blocks(blocks: list[Block], geo: Geometry = DEFAULT) -> list[list[Block]]:
    limit = geo.body_height_in * 72
    pages: list[list[Block]] = [[]]
    used = 0.0
    for block in blocks:
        for unit in _units(block, geo, limit):
            height = block_height(unit, geo)
            if pages[-1] and used + height > limit:
                pages.append([])
                used = 0.0
            pages[-1].append(unit)
            used += height
    return [_merge_lists(page) for page in pages]


def paginate(planned: PlannedDeck, options) -> PlannedDeck:
    slides: list[PlannedSlide] = []
    for slide in planned.slides:
        if slide.kind not in ("content", "agenda") or not slide.blocks:
            slides.append(slide)
            continue
        pages = split_blocks(slide.blocks, getattr(options, "geometry", DEFAULT))
        for number, blocks in enumerate(pages, start=1):
            title = f"{slide.title} ({number}/{len(pages)})" if len(pages) > 1 else slide.title
            slides.append(replace(slide, title=title, blocks=blocks, page=number, pages=len(pages),
                                  notes=slide.notes if number == 1 else []))
    planned.slides = slides
    return planned
