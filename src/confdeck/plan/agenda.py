"""Plan pass: the agenda's pages, measured with its final text (after timing has written it).

The agenda is measured like body text, so a wrapping item takes its real height. It takes at
most MAX_PAGES pages: a longer agenda shows consecutive sections grouped, each group one item
with its start time, its first and last section and how many sections it holds.
"""
from __future__ import annotations

from confdeck.geometry import DEFAULT
from confdeck.model import BulletList, ListItem, PlannedDeck, PlannedSlide, Run
from confdeck.plan.measure import Fonts
from confdeck.plan.paginate import split_blocks
from confdeck.read.budgets import format_at

MAX_PAGES = 2
MIN_SECTIONS = 3  # `agenda: auto` shows no agenda for fewer sections: a one-item agenda says nothing


def wants_agenda(setting, sections: int) -> bool:
    """`agenda: on|off|auto` from template.yaml (on/off may come as YAML booleans)."""
    if setting in (True, "on"):
        return sections > 0
    if setting in (False, "off"):
        return False
    return sections >= MIN_SECTIONS


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
        pages = split_blocks(slide.blocks, geo, fonts)
        size = max(2, -(-len(pages) // MAX_PAGES))  # about as many sections per item as pages too many
        while len(pages) > MAX_PAGES and size <= len(planned.deck.sections):
            pages = split_blocks([BulletList(grouped_items(planned, size), slide.span)], geo, fonts)
            size += 1
        for number, blocks in enumerate(pages, start=1):
            title = f"{slide.title} ({number}/{len(pages)})" if len(pages) > 1 else slide.title
            slides.append(PlannedSlide("agenda", title, blocks, slide.notes if number == 1 else [],
                                       slide.span, page=number, pages=len(pages)))
    planned.slides = slides
    return planned
