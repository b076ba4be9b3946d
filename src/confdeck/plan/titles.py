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
from confdeck.plan.measure import Fonts, advance_em, count_lines

TITLE_LINE = 1.1          # line height of titles, in em (the CSS and PowerPoint's 90 % of Calibri)
TITLE_INSET_X_IN = 0.1    # PowerPoint's default text insets in the title box
TITLE_ROOM_PT = 2.0       # the box's own top and bottom insets may be used up, not more
MIN_TITLE_SHARE = 0.6     # of the template's title size: smaller would not read as a title
# Added to each character's own width for an over-estimate of a title's width: shaping ASCII text
# only kerns and joins ligatures, and the largest widening of a character pair seen in the fonts
# here is 0.07 em (Carlito); a quarter em is far above any real font's kerning.
KERN_MARGIN_EM = 0.25


@functools.lru_cache(maxsize=4096)
def title_size(title: str, geo: Geometry, fonts: Fonts, bold: bool = True) -> int:
    """The template's title size, or the largest smaller one at which the title fits its box."""
    box = geo.title_rect
    width_pt = (box.width - 2 * TITLE_INSET_X_IN) * 72 * WIDTH_SLACK
    height_pt = box.height * 72 + TITLE_ROOM_PT
    heading = replace(fonts, body=fonts.heading)
    smallest = max(geo.min_body_pt, round(geo.title_pt * MIN_TITLE_SHARE))
    if geo.title_pt >= smallest and geo.title_pt * TITLE_LINE <= height_pt \
            and _surely_one_line(title, geo.title_pt, width_pt, heading, bold):
        return geo.title_pt   # what the loop below would find at its first size
    for size in range(geo.title_pt, smallest - 1, -1):
        if count_lines([Run(title, bold=bold)], size, width_pt, heading) * size * TITLE_LINE <= height_pt:
            return size
    return smallest


def _surely_one_line(title: str, size_pt: float, width_pt: float, heading: Fonts, bold: bool) -> bool:
    """True when an over-estimate of the title's width fits one line: count_lines would say one line too.

    Why: most titles are short, and this needs only the widths of single characters (a few dozen
    for a whole deck) instead of measuring every new word of every title. ASCII only: other
    scripts may be shaped into glyphs wider than their characters.
    """
    if not title.isascii() or not title.isprintable():
        return False
    path, mono = heading.file(Run(title, bold=bold))
    over_em = sum(advance_em(path, char, mono) for char in title) + KERN_MARGIN_EM * len(title)
    return over_em * size_pt * (1 + 1e-6) <= width_pt
