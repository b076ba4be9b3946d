"""Plan pass: refuse decks whose tables or links would take minutes to draw, before any work is spent.

The 20 MB notes limit bounds the text, not the work: each table cell and each link
becomes its own objects in both decks (python-pptx builds a table at roughly a
millisecond a cell). Per-table limits live in read/limits.py; these bound the whole deck.
"""
from __future__ import annotations

from confdeck.errors import ConfdeckError
from confdeck.model import PlannedDeck, Table

MAX_DECK_TABLE_CELLS = 10_000   # five tables at the per-table cap; a talk shows far fewer
MAX_DECK_LINKS = 5_000          # a reading list of a few hundred links is already long for slides



def check_deck_bounds(planned: PlannedDeck, options) -> PlannedDeck:
    cells = links = 0
    for slide in planned.slides:
        for block in slide.blocks:
            if isinstance(block, Table):
                cells += (1 + len(block.rows)) * max(1, len(block.header))
                if cells > MAX_DECK_TABLE_CELLS:
                    raise ConfdeckError(f"the deck's tables have more than {MAX_DECK_TABLE_CELLS:,} cells in all "
                                        "(expected fewer; put the data in a handout or split the talk)",
                                        block.span or slide.span)
            for runs in block.text_lines():
                links += sum(1 for run in runs if run.href)
            if links > MAX_DECK_LINKS:
                raise ConfdeckError(f"the deck has more than {MAX_DECK_LINKS:,} links (expected fewer; "
                                    "link to one page that lists them)", getattr(block, "span", None) or slide.span)
    return planned
