"""Title sizes: a long title (a talk's name plus "(2/3)") shrinks until it fits its box.

Titles may get smaller than the template's size, body text never does. The plan decides each
slide's title size (plan/placement.py); both renderers draw it, so a title has the same size in both decks.
"""
from __future__ import annotations

import functools
from dataclasses import replace

from confdeck.geometry import TITLE_INSET_X_IN, Box, Geometry
from confdeck.model import Run
from confdeck.plan.heights import WIDTH_SLACK
from confdeck.plan.measure import Fonts, count_lines

TITLE_LINE = 1.1          # line height of titles, in em (the CSS and PowerPoint's 90 % of Calibri)
OWN_BOX_LINE = 1.25       # in a text box of ours (a layout without a title placeholder): single spacing
TITLE_ROOM_PT = 2.0       # the box's own top and bottom insets may be used up, not more
TITLE_INSETS_Y_PT = 7.2   # the top and bottom insets together (0.05 in each)
MIN_TITLE_SHARE = 0.6     # of the template's title size: smaller would not read as a title


@functools.lru_cache(maxsize=4096)
def title_fit(title: str, box: Box, size_pt: int, smallest_pt: int, fonts: Fonts,
              bold: bool = True, line: float = TITLE_LINE, keep_insets: bool = False,
              indent_in: float = 0.0, sides_in: tuple[float, float] = (TITLE_INSET_X_IN, TITLE_INSET_X_IN)
              ) -> tuple[int, bool]:
    """(size, fits): the kind's title size, or the largest smaller one, down to `smallest_pt`, at which
    the title fits its box; fits is False when not even the smallest does. keep_insets: the lines stay
    inside the box's insets (a master's title placeholder: LibreOffice sets lines that overflow a bottom-
    anchored box from its top, PowerPoint and browsers from its bottom, so they must not overflow).
    indent_in: the title style's left margin (a:marL), which the lines lose too; sides_in: the box's side insets."""
    width_pt = (box.width - sum(sides_in) - indent_in) * 72 * WIDTH_SLACK
    height_pt = box.height * 72 + TITLE_ROOM_PT - (TITLE_INSETS_Y_PT if keep_insets else 0.0)
    heading = replace(fonts, body=fonts.heading)
    words = set(title.split())   # ("action/Inspirational" is one word: neither client breaks after its slash)

    def fits(size: int, whole_words: bool) -> bool:
        if whole_words and any(count_lines([Run(word, bold=bold)], size, width_pt, heading) > 1 for word in words):
            return False   # a word broken across lines ("Inspiratio / nal") reads worse than a smaller title
        lines = sum(count_lines([Run(part, bold=bold)], size, width_pt, heading) for part in title.split("\n"))
        return lines * size * line <= height_pt

    size = next((size for size in range(size_pt, smallest_pt - 1, -1) if fits(size, True)), None)
    if size is not None:
        return size, True
    # A word too long for the box at any size: the smallest size breaks it least.
    return smallest_pt, fits(smallest_pt, False)


def smallest_title_pt(size_pt: int, min_body_pt: int) -> int:
    return min(size_pt, max(min_body_pt, round(size_pt * MIN_TITLE_SHARE)))


def title_size(title: str, geo: Geometry, fonts: Fonts, bold: bool = True) -> int:
    """A content slide's title size in the geometry's own title box."""
    return title_fit(title, geo.title_rect, geo.title_pt, smallest_title_pt(geo.title_pt, geo.min_body_pt),
                     fonts, bold)[0]
