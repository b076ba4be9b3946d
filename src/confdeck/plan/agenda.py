"""Plan pass: the agenda's pages, measured with its final text (after timing has written it).

The agenda is measured like body text, so a wrapping item takes its real height. It takes at
most MAX_PAGES pages: a longer agenda shows consecutive sections grouped, each group one item
with its start time, its first and last section and how many sections it holds.

Both decks draw the agenda as rows (agenda_row): the start time in a column of its own on the left,
the section's name, and its length in a column on the right; a row is as tall as its name, which
wraps between the two columns (agenda_columns), and is measured so.
"""
from __future__ import annotations

from dataclasses import replace

from confdeck.geometry import DEFAULT, Geometry
from confdeck.model import BulletList, ListItem, PlannedDeck, PlannedSlide, Run, agenda_row
from confdeck.plan.heights import Heights
from confdeck.plan.measure import Fonts, text_width
from confdeck.plan.paginate import split_blocks
from confdeck.read.budgets import format_at

MAX_PAGES = 2
MIN_SECTIONS = 3  # `agenda: auto` shows no agenda for fewer sections: a one-item agenda says nothing
TIME_GAP_IN = 0.3     # between the time column and the names, on a 7.5 in tall slide


def wants_agenda(setting, sections: int) -> bool:
    """`agenda: on|off|auto` from template.yaml (on/off may come as YAML booleans)."""
    if setting in (True, "on"):
        return sections > 0
    if setting in (False, "off"):
        return False
    return sections >= MIN_SECTIONS


def agenda_columns(items: list[ListItem], geo: Geometry, fonts: Fonts) -> tuple[float, float]:
    """Widths (inches) of the agenda's time column (its widest start time, bold, and a gap) and of its
    length column on the right (the widest length and a gap). (0, 0) when the items are not timed rows:
    an agenda someone else shaped is drawn as a plain list."""
    if not items or any(len(item.runs) < 2 or not item.runs[0].bold or item.level for item in items):
        return 0.0, 0.0
    size, gap = geo.body_size(0), TIME_GAP_IN * geo.height_in / DEFAULT.height_in
    widest = max(text_width(item.runs[0].text, size, fonts.body, bold=True) for item in items)
    lengths = [length for length in (agenda_row(item)[2] for item in items) if length]
    longest = max((text_width(length, size, fonts.body) for length in lengths), default=0.0)
    return round(widest / 72 + gap, 3), round(longest / 72 + gap, 3) if lengths else 0.0


def _measured(blocks: list, geo: Geometry, fonts: Fonts) -> tuple[list[list], tuple[float, float]]:
    """The pages of agenda rows and their columns: each row as tall as its name, which wraps between
    the time column and the length column."""
    items = [item for block in blocks if isinstance(block, BulletList) for item in block.items]
    columns = agenda_columns(items, geo, fonts)
    if not columns[0]:
        return split_blocks(blocks, geo, fonts), columns
    names = [ListItem(agenda_row(item)[1] or [Run(" ")], span=item.span) for item in items]
    pages = split_blocks([BulletList(names, blocks[0].span)], replace(geo, bullet_indent_in=sum(columns)), fonts)
    out, start = [], 0
    for page in pages:   # the same rows, page for page (an agenda row is never split)
        count = sum(len(block.items) for block in page if isinstance(block, BulletList))
        out.append([BulletList(items[start:start + count], blocks[0].span)])
        start += count
    return out, columns


def grouped_items(planned: PlannedDeck, size: int) -> list[ListItem]:
    """Consecutive sections, `size` at a time, one item each: `+0:05  Intro … Demo (4 sections)`."""
    deck, items = planned.deck, []
    for first in range(0, len(deck.sections), size):
        sections = deck.sections[first:first + size]
        start = planned.agenda[first].start_seconds or 0 if first < len(planned.agenda) else 0
        names = sections[0].title if len(sections) == 1 else f"{sections[0].title} … {sections[-1].title}"
        count = f" ({len(sections)} sections)" if len(sections) > 1 else ""
        items.append(ListItem([Run(format_at(start, deck.start_of_day), bold=True), Run(f"  {names}{count}")],
                              span=sections[0].span))
    return items


def fit_agenda(planned: PlannedDeck, options) -> PlannedDeck:
    geo = getattr(options, "geometry", None) or DEFAULT
    fonts = Fonts.from_config(getattr(options, "fonts", None))
    slides: list[PlannedSlide] = []
    for slide in planned.slides:
        if slide.kind != "agenda" or not slide.blocks:
            slides.append(slide)
            continue
        pages, columns = _measured(slide.blocks, geo, fonts)
        size = max(2, -(-len(pages) // MAX_PAGES))  # about as many sections per item as pages too many
        while len(pages) > MAX_PAGES and size <= len(planned.deck.sections):
            pages, columns = _measured([BulletList(grouped_items(planned, size), slide.span)], geo, fonts)
            size += 1
        for number, blocks in enumerate(pages, start=1):
            title = f"{slide.title} ({number}/{len(pages)})" if len(pages) > 1 else slide.title
            slides.append(PlannedSlide("agenda", title, blocks, slide.notes if number == 1 else [],
                                       slide.span, page=number, pages=len(pages), agenda_columns=columns,
                                       agenda_lines=_name_lines(blocks, columns, geo, fonts)))
    planned.slides = slides
    return planned


def _name_lines(blocks: list, columns: tuple[float, float], geo: Geometry, fonts: Fonts) -> tuple[int, ...]:
    """How many lines each row's name takes between the time and length columns: the .pptx sets each
    length on its row's first line (the renderers measure nothing)."""
    if not columns[0]:
        return ()
    heights, size = Heights(geo, fonts), geo.body_size(0)
    width = geo.body_rect.width - columns[0] - columns[1]
    return tuple(heights.lines(agenda_row(item)[1], size, width)
                 for block in blocks if isinstance(block, BulletList) for item in block.items)
