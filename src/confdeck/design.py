"""A company master's design for each kind of slide, as plain data both renderers draw from.

The PowerPoint adapter (powerpoint/master.py) reads it the way PowerPoint inherits: a layout's
placeholder, then the master's placeholder of that type, then the master's text styles; never a
layout's sample paragraphs. The HTML deck draws it; the .pptx gets it from the master itself and
writes only what confdeck changed (a colour made readable, a box the layout lacks).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from confdeck.geometry import Box


# Single line spacing of the sans fonts masters use, in em (Calibri and Carlito 1.22, Arial 1.15).
SINGLE_LINE_EM = 1.2

# Preset shapes the HTML deck draws (as a box, rounded box, ellipse or polygon); others are reported.
DRAWN_SHAPES = ("rect", "roundRect", "ellipse", "triangle", "diamond", "hexagon", "pentagon", "homePlate",
                "flowChartOffpageConnector", "flowChartProcess", "snip1Rect", "parallelogram")


@dataclass(frozen=True)
class TextStyle:
    """How a placeholder sets its text: colour (#RRGGBB), alignment (l/ctr/r), anchoring (t/ctr/b)."""
    color: str | None = None
    align: str = "l"
    anchor: str = "t"
    bold: bool | None = None
    size_pt: float | None = None
    caps: bool = False              # cap="all": shown in capitals
    line: float = 1.0               # line spacing (a:lnSpc as a percentage): PowerPoint's own titles set 0.9
    indent_in: float = 0.0          # the paragraphs' left margin (a:marL), inches: a title set in from its band
    insets: tuple[float, float, float, float] = (0.1, 0.05, 0.1, 0.05)   # the box's text insets (left, top,
                                                                        # right, bottom), inches
    bullets: tuple[str | None, ...] = ()   # the bullets' colours (a:buClr) at levels 1 and 2; None: the text's

    @property
    def line_em(self) -> float:
        """The height of one line in em, as PowerPoint and LibreOffice set it (both decks and the plan use it)."""
        return SINGLE_LINE_EM * self.line


SLIDE_NUMBER_FIELD = "\ue000"   # in DecorText.text: the slide's number (a slidenum field), put in per slide


@dataclass(frozen=True)
class DecorText:
    """The text of a master's text box (a fixed footer line, a city caption, a slide number field)."""
    text: str
    color: str
    size_pt: float
    align: str = "l"
    anchor: str = "t"
    bold: bool = False


@dataclass(frozen=True)
class DecorItem:
    """One decoration of a layout or its master, in drawing order.

    shape is the preset geometry (rect, roundRect, ellipse, flowChartOffpageConnector …), "picture" for a
    picture element, "text" for a text box; fill a "#RRGGBB" colour or None; gradient (angle°, stops) as
    Decor.gradient; image (mime, bytes) for a picture or a picture-filled shape, already cropped as the master
    crops it; outline (colour, width in points) or None; rotation in degrees clockwise about the box's centre
    and flips, as DrawingML turns a shape (its box is the unturned one); path the outline of a freeform or of a
    preset drawn as a path (powerpoint/outlines.py), in fractions of the box; opacity the fill's (a:alpha: a
    white bubble at 20 % over a dark background).
    """
    box: Box
    shape: str
    fill: str | None = None
    image: tuple[str, bytes] | None = None
    text: DecorText | None = None
    outline: tuple[str, float] | None = None
    gradient: tuple | None = None
    rotation: float = 0.0
    flip: tuple[bool, bool] = (False, False)     # (horizontal, vertical)
    path: tuple | None = None
    opacity: float = 1.0


@dataclass
class Decor:
    """A layout's background and decorations (from its master and itself)."""
    background: tuple[str, bytes] | None = None            # (mime type, image bytes) stretched over the slide
    items: list[DecorItem] = field(default_factory=list)
    background_color: str | None = None                    # a solid background of its own
    gradient: tuple | None = None   # (angle°, ((position 0–1, colour) …)[, (x, y) of a path gradient's centre])
    undrawn: list[str] = field(default_factory=list)       # decorations the HTML deck cannot draw: "name#id"

    @property
    def empty(self) -> bool:
        return self.background is None and not self.items and self.background_color is None \
            and self.gradient is None


@dataclass
class KindLook:
    """What one kind of slide (title, section, content, picture …) takes from its layout."""
    layout_name: str
    title_box: Box | None
    title: TextStyle
    body_box: Box | None            # the subtitle (title slide) or body placeholder; None when the layout has none
    body: TextStyle
    title_fill: str | None = None   # the title placeholder's own fill
    title_outline: tuple[str, float] | None = None
    decor: Decor = field(default_factory=Decor)
    title_color_changed: bool = False   # made readable by confdeck: the .pptx must write it on the title
    body_color_changed: bool = False    # the same for the text under the title (subtitle, duration)
    accent: str | None = None           # the duration's / byline's colour, readable here
    picture_box: Box | None = None      # the layout's picture placeholder (picture slides)
    title_rotation: float = 0.0         # degrees clockwise: a title placeholder set at a slant
    body_rotation: float = 0.0          # the same for the subtitle or body placeholder
    body_fill: str | None = None        # the subtitle or body placeholder's own fill (a pale panel over a photo)

    def picture_area(self, has_title: bool) -> Box | None:
        """Where a picture slide's picture goes on this layout: its picture placeholder, unless that
        would cover the title (then the body area, as for any other slide)."""
        if self.picture_box is None or (has_title and self.title_box is not None
                                        and self.picture_box.overlaps(self.title_box)):
            return None
        return self.picture_box


def own_box_align(look: KindLook | None) -> str | None:
    """The alignment of text under a title in a box of our own (the layout has no subtitle or body placeholder):
    the title's, so a centred title keeps its byline or duration under it; None on our own templates."""
    return look.title.align if look is not None else None


def designed_page_title_box(kind: str, slide_width: float, slide_height: float) -> Box:
    """Where the title goes on a layout without a title placeholder (a designed page, a blank layout) when no
    sample slide shows it: a title or section title in the middle band, any other at the top."""
    scale = slide_height / 7.5
    margin = 0.6 * scale
    if kind in ("title", "section"):
        return Box(margin, 0.3 * slide_height, slide_width - 2 * margin, 0.25 * slide_height)
    return Box(margin, 0.35 * scale, slide_width - 2 * margin, 1.1 * scale)


def duration_box(title: Box, slide_width: float, slide_height: float) -> Box:
    """Where a section slide whose layout has no body shows its duration: under the title, else above it."""
    scale = slide_height / 7.5
    height = 0.8 * scale
    top = title.bottom + 0.1 * scale
    if top + height > slide_height - 0.3 * scale:
        top = max(0.0, title.top - height - 0.1 * scale)
    return Box(title.left, top, min(title.width, slide_width - title.left), height)


def under_title_box(kind: str, look: KindLook, body_rect: Box, slide_width: float, slide_height: float) -> Box:
    """Where the text under a title slide's or section slide's title goes, in both decks: the layout's
    subtitle or body placeholder, else a box of our own (the duration under the section title)."""
    if look.body_box is not None:
        return look.body_box
    if kind == "section" and look.title_box is not None:
        return duration_box(look.title_box, slide_width, slide_height)
    return Box(body_rect.left, body_rect.top, body_rect.width, 1.5 * slide_height / 7.5)


def reach(outline: tuple) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) the outline reaches, as fractions of its box: beyond 0–1 where a speech
    bubble's tail or a freeform runs out of its box (curves counted by their end and control points)."""
    xs, ys = [0.0, 1.0], [0.0, 1.0]
    for commands, _ in outline:
        for letter, values in commands:
            points = values[4:] if letter == "A" else values
            xs.extend(points[0::2])
            ys.extend(points[1::2])
    return min(xs), min(ys), max(xs), max(ys)


def refitted(outline: tuple, left: float, top: float, right: float, bottom: float) -> tuple:
    """The outline in the fractions of a larger box, the area (left, top)–(right, bottom) of its own box."""
    width, height = (right - left) or 1.0, (bottom - top) or 1.0

    def moved(letter: str, values: tuple[float, ...]) -> tuple[float, ...]:
        if letter == "A":
            rx, ry, large, sweep, x, y = values
            return rx / width, ry / height, large, sweep, (x - left) / width, (y - top) / height
        return tuple((value - left) / width if i % 2 == 0 else (value - top) / height
                     for i, value in enumerate(values))
    return tuple((tuple((letter, moved(letter, values)) for letter, values in commands), filled)
                 for commands, filled in outline)
