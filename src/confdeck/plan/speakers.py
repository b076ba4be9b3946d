"""Plan passes for talks given by several people: whose part each section is, and the hand-offs.

A section's owner comes from `@Name` at the end of its title (read with the budget) or from a
`speaker: Name` line inside the section, which is taken off the slide. `speakers:` in the front
matter lists the people; an owner not on that list gets a warning (a typo would split a part).
"""
from __future__ import annotations

import re

from confdeck.errors import Diagnostic
from confdeck.model import BulletList, Paragraph, PlannedDeck, Section, plain_text
from confdeck.read.budgets import format_at

_SPEAKER_LINE = re.compile(r"^\s*speaker\s*:\s*@?(?P<name>\S.*?)\s*$", re.IGNORECASE)


def _take_speaker_line(section: Section) -> str | None:
    """Find a `speaker: Name` paragraph or top-level list item in the section and remove it from the slide."""
    for slide in section.slides:
        for index, block in enumerate(slide.blocks):
            if isinstance(block, Paragraph):
                match = _SPEAKER_LINE.match(plain_text(block.runs))
                if match:
                    del slide.blocks[index]
                    return match["name"]
            elif isinstance(block, BulletList):
                for position, item in enumerate(block.items):
                    match = _SPEAKER_LINE.match(plain_text(item.runs)) if item.level == 0 else None
                    if match:
                        del block.items[position]
                        if not block.items:
                            del slide.blocks[index]
                        return match["name"]
    return None


def plan_speakers(planned: PlannedDeck, options) -> PlannedDeck:
    """Settle each section's owner before the slides are made, so no `speaker:` line reaches a slide."""
    deck = planned.deck
    for section in deck.sections:
        named = _take_speaker_line(section)
        if section.speaker is None and named:
            section.speaker = named
    if deck.speakers:
        known = {name.lower(): name for name in deck.speakers}
        for section in deck.sections:
            if section.speaker is None:
                continue
            if section.speaker.lower() in known:
                section.speaker = known[section.speaker.lower()]  # one spelling per person
            else:
                planned.diagnostics.append(Diagnostic(
                    f"section “{section.title}” is given by {section.speaker}, who is not in `speakers:` "
                    f"({', '.join(deck.speakers)})", section.span))
    return planned


def speaker_totals(planned: PlannedDeck) -> list[tuple[str, int, int]]:
    """(speaker, planned seconds, sections) in the order of `speakers:`, then of first appearance."""
    deck = planned.deck
    seconds: dict[str, int] = {name: 0 for name in deck.speakers}
    sections: dict[str, int] = {name: 0 for name in deck.speakers}
    for slide in planned.slides:
        if slide.section_index is not None:
            owner = deck.sections[slide.section_index].speaker
            if owner:
                seconds[owner] = seconds.get(owner, 0) + slide.seconds
    for section in deck.sections:
        if section.speaker:
            sections[section.speaker] = sections.get(section.speaker, 0) + 1
    return [(name, seconds.get(name, 0), sections.get(name, 0)) for name in sections]


def plan_handoffs(planned: PlannedDeck, options) -> PlannedDeck:
    """The last slide of a speaker's part gets `Next: Bob — Demo at 12:00` first in its notes."""
    deck = planned.deck
    starts = [entry.start_seconds or 0 for entry in planned.agenda]
    last_slide = {}
    for slide in planned.slides:
        if slide.section_index is not None:
            last_slide[slide.section_index] = slide
    for index, section in enumerate(deck.sections[:-1]):
        following = deck.sections[index + 1]
        if not following.speaker or following.speaker == section.speaker or index not in last_slide:
            continue
        start = starts[index + 1] if index + 1 < len(starts) else 0
        last_slide[index].notes.insert(
            0, f"Next: {following.speaker} — {following.title} at {format_at(start, deck.start_of_day)}")
    return planned

