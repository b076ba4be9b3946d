"""The agenda's items link to their sections: a click on an item's time goes to the section's first slide.

Only the first run (the start time) is the link: LibreOffice draws a link as one field that it never
breaks across lines, so a long linked title would jump whole to the next line, one line more than
planned, and push the agenda's last item off the slide.
"""
from __future__ import annotations

from dataclasses import replace

from confdeck.model import BulletList, PlannedDeck


def slide_link(index: int) -> str:
    """A link to the deck's slide at `index` (from 0): reveal.js's own form, which the PowerPoint
    writer turns into a jump to that slide."""
    return f"#/{index}"


def link_agenda(planned: PlannedDeck, options) -> PlannedDeck:
    items = [item for slide in planned.slides if slide.kind == "agenda"
             for block in slide.blocks if isinstance(block, BulletList) for item in block.items]
    if len(items) != len(planned.deck.sections):
        return planned   # an agenda someone else shaped: no item to tie to a section
    first: dict[int, int] = {}
    for index, slide in enumerate(planned.slides):
        if slide.section_index is not None:
            first.setdefault(slide.section_index, index)
    for section_index, item in enumerate(items):
        if section_index in first:
            item.runs = [replace(item.runs[0], href=slide_link(first[section_index])), *item.runs[1:]]
    return planned
