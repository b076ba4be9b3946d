"""Plan pass: running totals the notes state (`(3 min, 12 minutes total)`) checked against the plan."""
from __future__ import annotations

from confdeck.errors import Diagnostic
from confdeck.model import PlannedDeck
from confdeck.read.budgets import format_clock

TOLERANCE_SECONDS = 30   # rounding in the notes ("about 12 minutes") is not a disagreement


def check_stated_totals(planned: PlannedDeck, options) -> PlannedDeck:
    """Warn where a section's stated running total is not where the plan ends it."""
    ends: dict[int, int] = {}
    clock = 0
    for slide in planned.slides:
        clock += slide.seconds
        if slide.section_index is not None:
            ends[slide.section_index] = clock
    for index, section in enumerate(planned.deck.sections):
        stated = section.stated_end_seconds
        if stated is None or index not in ends:
            continue
        if abs(ends[index] - stated) > TOLERANCE_SECONDS:
            planned.diagnostics.append(Diagnostic(
                f"section “{section.title}” says {format_clock(stated)} total, but the plan ends it at "
                f"{format_clock(ends[index])}", section.span))
    return planned
