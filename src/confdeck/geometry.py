"""Slide geometry shared by the planner and both renderers (inches and points).

The HTML deck is 96 px per inch (1280×720 px for a 13.333×7.5 in slide), so a
point is 4/3 px in both outputs and one pagination fits both. A template's
slide size (16:9, 4:3, or its master's) and its master's title and body boxes
change the geometry; the planner and both renderers take it from the template.
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches."""
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def overlaps(self, other: "Box") -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)

    def inside(self, other: "Box", slack: float = 0.01) -> bool:
        return (self.left >= other.left - slack and self.top >= other.top - slack
                and self.right <= other.right + slack and self.bottom <= other.bottom + slack)

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)


QUOTE_INDENT_IN = 0.5      # a quote's lines sit this far in
CALLOUT_INDENT_IN = 0.25   # a callout's body sits this far in from its coloured title line
TITLE_INSET_X_IN = 0.1     # PowerPoint's default text insets at the sides of a title box


@dataclass(frozen=True)
class SlideFrame:
    """What one kind of slide's layout leaves for us: where its title goes, the free body area (clear of
    the title, footers and the master's decorations) and those keep-out areas. The plan places every
    slide inside its kind's frame; both renderers draw the boxes the plan decided."""
    title: Box
    body: Box
    title_pt: int                       # the kind's title size before a long title shrinks
    subtitle: Box | None = None         # title slides: the subtitle's box
    keep_out: tuple[Box, ...] = ()      # the master's logos, pictures, shapes and footers near the body
    layout: str = ""                    # the master layout's name ("" without a master)
    title_moved: bool = False           # the layout's own title box was unusable (mid-slide): ours is at the top
    own_title_box: bool = False         # no title placeholder: the title goes in a text box of ours
    decorations: tuple[Box, ...] = ()   # the master's logo-sized drawings among them (not its footers)
    title_line_em: float | None = None  # the layout's title line height (its line spacing); None: the plan's own
    title_indent_in: float = 0.0        # the layout's title paragraphs start this far in from the box's inset
    title_caps: bool = False            # the layout sets its titles in capitals (measured so)
    title_bold: bool | None = None      # the layout's title weight (None: the deck's heading weight)
    title_insets: tuple[float, float] = (TITLE_INSET_X_IN, TITLE_INSET_X_IN)  # the title text's distance from
                                        # the box's left and right edges: the layout's insets, widened clear of a
                                        # logo or stamp of the master's over an end of the box


@dataclass(frozen=True)
class Geometry:
    width_in: float = 13.333
    height_in: float = 7.5
    margin_in: float = 0.6
    title_top_in: float = 0.3
    title_height_in: float = 1.2   # two lines of a 40 pt title
    body_top_in: float = 1.6
    body_bottom_in: float = 0.55  # space kept free at the bottom (footer, slide number)
    title_pt: int = 40
    body_pt: tuple[int, ...] = (28, 24, 20, 18)  # by bullet level: 28 pt reads from the back of a room
    code_pt: int = 18            # 80 columns of code fit the body width on one line
    line_spacing: float = 1.2
    paragraph_gap_pt: int = 8
    title_box: Box | None = None  # a master's own title and body boxes, when it has them
    body_box: Box | None = None
    min_body_pt: int = 18          # text is never set smaller than this; overflow goes to a new slide
    bullet_indent_in: float = 0.35  # per list level: the bullet hangs in this space
    number_indent_in: float = 0.55  # per numbered list level: room for "10." and up
    block_gap_pt: int = 10          # before a sub-heading, code block or table
    code_pad_pt: int = 6            # inside a code block's shaded box
    table_pt: int = 20
    cell_pad_x_pt: int = 5
    cell_pad_y_pt: int = 3
    picture_gap_in: float = 0.3     # between pictures, and between text and a picture beside it

    @property
    def title_rect(self) -> Box:
        return self.title_box or Box(self.margin_in, self.title_top_in, self.width_in - 2 * self.margin_in,
                                     self.title_height_in)

    @property
    def body_rect(self) -> Box:
        return self.body_box or Box(self.margin_in, self.body_top_in, self.width_in - 2 * self.margin_in,
                                    self.height_in - self.body_top_in - self.body_bottom_in)

    @property
    def body_width_in(self) -> float:
        return self.body_rect.width

    @property
    def body_height_in(self) -> float:
        return self.body_rect.height

    def body_size(self, level: int) -> int:
        return max(self.min_body_pt, self.body_pt[min(level, len(self.body_pt) - 1)])

    def line_pt(self, size_pt: float) -> float:
        """Height of one line of text; both renderers set exactly this line spacing."""
        return size_pt * self.line_spacing

    def scaled_to(self, width_in: float, height_in: float, title_box: Box | None = None,
                  body_box: Box | None = None) -> "Geometry":
        """The same design on another slide size: type scales with the slide's height."""
        scale = height_in / DEFAULT.height_in
        return replace(
            self, width_in=width_in, height_in=height_in,
            title_pt=max(12, round(self.title_pt * scale)),
            body_pt=tuple(max(9, round(size * scale)) for size in self.body_pt),
            code_pt=max(8, round(self.code_pt * scale)),
            min_body_pt=max(8, round(self.min_body_pt * scale)), table_pt=max(8, round(self.table_pt * scale)),
            margin_in=self.margin_in * scale, title_top_in=self.title_top_in * scale,
            title_height_in=self.title_height_in * scale, body_top_in=self.body_top_in * scale,
            body_bottom_in=self.body_bottom_in * scale, title_box=title_box, body_box=body_box)


def list_indents(geo: Geometry, items: list) -> list[tuple[float, float]]:
    """(text left, hanging indent) in inches per list item, nested the way the HTML nests lists.

    Each level's indent is set by the item that opened the level (a numbered list needs more
    room than bullets), and levels skipped at the top of a continued piece are opened by the
    first item, as the HTML renderer does.
    """
    opened: list[float] = []  # hang of each open level
    out = []
    for item in items:
        del opened[item.level + 1:]
        while len(opened) < item.level + 1:
            opened.append(geo.number_indent_in if item.ordered else geo.bullet_indent_in)
        out.append((sum(opened), opened[-1]))
    return out


def fit(width: float, height: float, box_width: float, box_height: float) -> tuple[float, float]:
    """Scale (width, height) to fit the box, keeping the aspect ratio."""
    scale = min(box_width / width, box_height / height)
    return width * scale, height * scale


def shrink_clear_of(body: Box, obstacles: list[Box] | tuple[Box, ...], min_share: float = 0.35) -> Box:
    """The body box cut back, one obstacle at a time, so none of them lies inside it: each cut takes the
    side (top, bottom, left or right of the obstacle) that keeps the most area. An obstacle that would
    leave less than `min_share` of the box is ignored (a background picture, not a logo)."""
    for obstacle in sorted(obstacles, key=lambda box: box.area):
        if not body.overlaps(obstacle):
            continue
        cuts = [Box(body.left, body.top, body.width, obstacle.top - body.top),                 # above it
                Box(body.left, obstacle.bottom, body.width, body.bottom - obstacle.bottom),    # below it
                Box(body.left, body.top, obstacle.left - body.left, body.height),              # left of it
                Box(obstacle.right, body.top, body.right - obstacle.right, body.height)]       # right of it
        best = max(cuts, key=lambda box: box.area if box.width > 0 and box.height > 0 else -1)
        if best.width <= 0 or best.height <= 0 or best.area < min_share * body.area:
            continue
        body = best
    return body


def beside(box: Box, obstacles, gap: float, min_width: float) -> Box:
    """A footer-line box (slide number, date) kept clear of what it runs under: its part left of the first
    obstacle it overlaps when that keeps min_width, else the same box moved above it."""
    hit = next((obstacle for obstacle in obstacles if box.overlaps(obstacle)), None)
    if hit is None:
        return box
    left_of = Box(box.left, box.top, hit.left - gap - box.left, box.height)
    return left_of if left_of.width >= min_width else Box(box.left, hit.top - gap - box.height, box.width, box.height)


def fit_title_pt(text: str, box: Box, size: float, line_spacing: float = 1.2, char_em: float = 0.55) -> int:
    """The biggest type size up to `size` at which a title fits its box (estimated like pagination)."""
    import math

    size = int(size)
    while size > 12:
        per_line = max(4, int(box.width * 72 / (size * char_em)))
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        if lines * size * line_spacing <= box.height * 72 * 0.95:
            break
        size -= 1
    return size


DEFAULT = Geometry()
PX_PER_IN = 96
SLIDE_SIZES = {"16:9": (13.333, 7.5), "4:3": (10.0, 7.5)}
