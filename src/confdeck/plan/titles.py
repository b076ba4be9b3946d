"""Title sizes: a long title (a talk's name plus "(2/3)") shrinks until it fits its box.

Titles may get smaller than the template's size, body text never does; both
renderers ask here, so a title has the same size in both decks.
"""
from __future__ import annotations

import functools
from dataclasses import replace

from confdeck.geometry import Geometry
from confdeck.model import Run
from confdeck.plan.heights import WIDTH_SLACK
from confdeck.plan.measure import Fonts, count_lines

TITLE_LINE = 1.1          # line height of titles, in em (the CSS and PowerPoint's 90 % of Calibri)
TITLE_INSET_X_IN = 0.1    # PowerPoint's default text insets in the title box
TITLE_ROOM_PT = 2.0       # the box's own top and bottom insets may be used up, not more
MIN_TITLE_SHARE = 0.6     # of the template's title size: smaller would not read as a title


@functools.lru_cache(maxsize=4096)
def title_size(title: str, geo: Geometry, fonts: Fonts, bold: bool = True) -> int:
    """The template's title size, or the largest smaller one at which the title fits its box."""
    box = geo.title_rect
    width_pt = (box.width - 2 * TITLE_INSET_X_IN) * 72 * WIDTH_SLACK
    height_pt = box.height * 72 + TITLE_ROOM_PT
    heading = replace(fonts, body=fonts.heading)
    smallest = max(geo.min_body_pt, round(geo.title_pt * MIN_TITLE_SHARE))
    for size in range(geo.title_pt, smallest - 1, -1):
        if count_lines([Run(title, bold=bold)], size, width_pt, heading) * size * TITLE_LINE <= height_pt:
            return size
    return smallest

