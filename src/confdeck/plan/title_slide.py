"""Plan pass: the title slide's subtitle and byline measured in the box they are drawn in.

A long subtitle (seven lines of a lead-in) would run off the bottom of the title slide: it
shrinks step by step down to MIN_SUBTITLE_PT, and what still does not fit goes on an
"Introduction" slide right after the title slide, with a warning. Both renderers draw the
subtitle at the size decided here.
"""
from __future__ import annotations

from confdeck.errors import Diagnostic
from confdeck.geometry import DEFAULT
from confdeck.model import Paragraph, PlannedDeck, PlannedSlide, Run
from confdeck.plan.heights import WIDTH_SLACK
from confdeck.plan.measure import Fonts, count_lines

SUBTITLE_PT = 22          # the title slide's subtitle and byline, on a 7.5 in tall slide
MIN_SUBTITLE_PT = 16      # smaller reads as small print: the rest goes on an introduction slide
LINE_EM = 1.25            # single spacing in Carlito-like fonts (1.22 em), with room to spare
CJK_LINE_EM = 1.45        # single spacing when a line falls back to Noto CJK (its ascent and descent)
BOTTOM_MARGIN_IN = 0.35   # kept free under the last line, on a 7.5 in tall slide
INTRO_TITLE = "Introduction"


def _line_em(text: str) -> float:
    return CJK_LINE_EM if any(ord(char) >= 0x2E80 for char in text) else LINE_EM


def subtitle_height_pt(lines: list[str], size_pt: float, width_in: float, fonts: Fonts) -> float:
    """Height of unbulleted lines, each wrapped at the box width, at single spacing."""
    return sum(count_lines([Run(line)], size_pt, width_in * 72 * WIDTH_SLACK, fonts) * size_pt * _line_em(line)
               for line in lines)


def fit_title_slide(planned: PlannedDeck, options) -> PlannedDeck:
    box = getattr(options, "subtitle_box", None)
    slides = planned.slides
    if box is None or not slides or slides[0].kind != "title" or not slides[0].subtitle:
        return planned
    geo = getattr(options, "geometry", None) or DEFAULT
    fonts = Fonts.from_config(getattr(options, "fonts", None))
    scale = geo.height_in / DEFAULT.height_in
    room_pt = (geo.height_in - box.top - BOTTOM_MARGIN_IN * scale) * 72
    deck, title = planned.deck, slides[0]
    byline = [" · ".join(part for part in (deck.author, deck.date) if part)] if deck.author or deck.date else []
    lines = title.subtitle.split("\n")
    for size in range(SUBTITLE_PT, MIN_SUBTITLE_PT - 1, -1):
        if subtitle_height_pt(lines + byline, round(size * scale), box.width, fonts) <= room_pt:
            title.subtitle_pt = size if size != SUBTITLE_PT else None
            return planned
    # Even the smallest size is too tall: keep the lines that fit (the byline always), the rest follow.
    smallest = round(MIN_SUBTITLE_PT * scale)
    kept = 0
    while kept < len(lines) and subtitle_height_pt(lines[:kept + 1] + byline, smallest, box.width, fonts) <= room_pt:
        kept += 1
    kept = max(kept, 1)
    title.subtitle, title.subtitle_pt = "\n".join(lines[:kept]), MIN_SUBTITLE_PT
    moved = [Paragraph([Run(line)], title.span) for line in lines[kept:] if line.strip()]
    slides.insert(1, PlannedSlide("content", INTRO_TITLE, moved, span=title.span))
    planned.diagnostics.append(Diagnostic(
        f"the subtitle is too long for the title slide: {len(lines) - kept} of its {len(lines)} lines "
        f'are on an "{INTRO_TITLE}" slide after it', title.span))
    return planned
