"""Where the title, text and pictures go on each slide: the plan decides, both renderers draw it.

A picture alone gets the whole body area; pictures next to text share a column
on the right while the text keeps the left part. Boxes are in inches from the
slide's top-left corner.
"""
from __future__ import annotations

import math

from confdeck.errors import Diagnostic
from confdeck.geometry import DEFAULT, Box, Geometry, SlideFrame
from confdeck.model import (
    Block, Image, PageLayout, PlacedGroup, PlacedPicture, PlannedDeck, Table, TextBlock, pictures_of, text_of,
)
from confdeck.plan.heights import Heights
from confdeck.plan.measure import Fonts
from confdeck.plan.titles import OWN_BOX_LINE, TITLE_LINE, smallest_title_pt, title_fit

TEXT_SHARE = 0.58  # of the body width, when pictures sit beside text
PIXELS_PER_INCH = 96   # a size in pixels (`width=300`, `![[pic.png|300]]`) is CSS pixels
CAPTION_IN = 0.45      # the line under a picture that has a caption


def text_width_in(geo: Geometry, with_pictures: bool) -> float:
    """Width of the text column: the body width, or its left part when pictures sit beside."""
    if not with_pictures:
        return geo.body_width_in
    return geo.body_width_in * TEXT_SHARE - geo.picture_gap_in / 2


MIN_PICTURE_SHARE = 1 / 3  # of the body box's width and height: smaller, a photo is a thumbnail


def fit_beside_text(count: int, geo: Geometry) -> bool:
    """Whether `count` pictures stacked beside text each keep a third of the body box's width and height;
    else they go on a page of their own (pagination), where they share the whole body box."""
    body = geo.body_rect
    column = body.width - text_width_in(geo, True) - geo.picture_gap_in
    height = (body.height - geo.picture_gap_in * (count - 1)) / count
    return column >= body.width * MIN_PICTURE_SHARE and height >= body.height * MIN_PICTURE_SHARE


def layout(blocks: list[Block], geo: Geometry, body: Box | None = None) -> tuple[Box | None, list[Box]]:
    """(text box or None, one box per picture in order) for one planned page in `body` (the geometry's body
    box unless a slide's layout gives another)."""
    pictures = pictures_of(blocks)
    body = body or geo.body_rect
    if not pictures:
        return body, []
    gap = geo.picture_gap_in
    if text_of(blocks):
        text = Box(body.left, body.top, body.width * TEXT_SHARE - gap / 2, body.height)
        column_left = text.left + text.width + gap
        column = Box(column_left, body.top, body.left + body.width - column_left, body.height)
        boxes = _stack(column, len(pictures), gap)
        return text, [_sized(box, picture, geo) for box, picture in zip(boxes, pictures)]
    columns = len(pictures) if len(pictures) <= 3 else math.ceil(math.sqrt(len(pictures)))
    rows = math.ceil(len(pictures) / columns)
    width = (body.width - gap * (columns - 1)) / columns
    height = (body.height - gap * (rows - 1)) / rows
    boxes = [Box(body.left + (i % columns) * (width + gap), body.top + (i // columns) * (height + gap),
                 width, height) for i in range(len(pictures))]
    return None, [_sized(box, picture, geo) for box, picture in zip(boxes, pictures)]


def _length_in(value: str | None, whole_in: float) -> float | None:
    """`50%` of the whole, `300`/`300px` pixels, `2in`/`5cm`; None when unreadable."""
    if not value:
        return None
    value = value.strip().lower()
    try:
        if value.endswith("%"):
            return whole_in * float(value[:-1]) / 100
        for unit, per_inch in (("px", PIXELS_PER_INCH), ("in", 1), ("cm", 2.54), ("mm", 25.4), ("pt", 72)):
            if value.endswith(unit):
                return float(value[: -len(unit)]) / per_inch
        return float(value) / PIXELS_PER_INCH
    except ValueError:
        return None


def _sized(box: Box, image: Image, geo: Geometry) -> Box:
    """The box made as small as the picture's width/height ask (never larger), centred in its place."""
    width = _length_in(image.width, geo.body_rect.width)
    height = _length_in(image.height, geo.body_rect.height)
    if width is None and height is None:
        return box
    new_width = min(box.width, width) if width else box.width
    new_height = min(box.height, height) if height else box.height
    return Box(box.left + (box.width - new_width) / 2, box.top, new_width, new_height)


def caption_split(box: Box, image: Image) -> tuple[Box, Box | None]:
    """(the picture's box, the caption's box under it) when the picture has a caption."""
    if not image.caption or box.height <= 2 * CAPTION_IN:
        return box, None
    picture = Box(box.left, box.top, box.width, box.height - CAPTION_IN)
    return picture, Box(box.left, box.top + picture.height, box.width, CAPTION_IN)


def _stack(column: Box, count: int, gap: float) -> list[Box]:
    height = (column.height - gap * (count - 1)) / count
    return [Box(column.left, column.top + i * (height + gap), column.width, height) for i in range(count)]


# -- the last plan pass: every slide's boxes ------------------------------------------------

TITLE_PT = {"title": 44, "section": 40}   # of the 7.5 in tall design; content titles take the geometry's
LOGO_BOX_IN = (4.0, 1.7)                  # the notes' logo on the title slide, at most (7.5 in tall design)
LOGO_SHRINK = (1.0, 0.8, 0.65, 0.5, 0.4)  # smaller logo boxes tried when the full one finds no free place
CLEARANCE_IN = 0.08                       # kept between the logo and what it must not cover
BACKDROP_SHARE = 0.2                      # a decoration covering this share of the slide is a backdrop (a photo)


def frame_kind(slide) -> str:
    """The master layout kind a slide is drawn on."""
    if slide.kind == "image":
        return "picture" if slide.title else "blank"
    return {"agenda": "content"}.get(slide.kind, slide.kind)


def default_frame(kind: str, geo: Geometry) -> SlideFrame:
    """A kind's frame from the geometry alone (no master, no look): the content boxes for every kind."""
    scale = geo.height_in / 7.5
    size = round(TITLE_PT[kind] * scale) if kind in TITLE_PT else geo.title_pt
    return SlideFrame(geo.title_rect, geo.body_rect, size, subtitle=geo.body_rect if kind == "title" else None)


def group_blocks(blocks: list[Block]) -> list[list[Block]]:
    """Neighbouring text blocks share a text frame; code blocks and tables stand alone."""
    groups: list[list[Block]] = []
    for block in blocks:
        if isinstance(block, TextBlock) and groups and isinstance(groups[-1][0], TextBlock):
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def place_body(blocks: list[Block], body: Box, heights: Heights) -> tuple[Box | None, list[PlacedGroup],
                                                                           list[PlacedPicture]]:
    """The text column with its groups stacked at their measured heights, and the pictures' boxes."""
    text, boxes = layout(blocks, heights.geo, body)
    groups: list[PlacedGroup] = []
    if text is not None:
        y = text.top
        for index, group in enumerate(group_blocks(text_of(blocks))):
            if index:
                y += heights.gap_before(group[0]) / 72
            height = heights.stack_height(group, text.width) / 72
            placed = PlacedGroup(group, Box(text.left, y, text.width, height))
            if isinstance(group[0], Table):
                table = group[0]
                placed.column_widths = heights.column_widths(table, text.width)
                placed.row_heights = [heights.row_height(row, placed.column_widths, header=(r == 0))
                                      for r, row in enumerate([table.header, *table.rows])]
            groups.append(placed)
            y += height
    pictures = []
    for image, box in zip(pictures_of(blocks), boxes):
        picture, caption = caption_split(box, image)
        pictures.append(PlacedPicture(image, picture, caption))
    return text, groups, pictures


def logo_place(frame: SlideFrame, geo: Geometry, with_subtitle: bool) -> Box:
    """The notes' logo on the title slide: the biggest box, top centre first, clear of the title, the subtitle
    and the master's own logo and decorations. Failing that, clear of the texts and the small decorations
    (a logo may sit on a large photo band, not on the company's own logo); failing that, the place that covers
    the least of them."""
    scale = geo.height_in / 7.5
    pad = 0.4 * scale
    texts = [frame.title] + ([frame.subtitle] if with_subtitle and frame.subtitle else [])
    small = [box for box in frame.keep_out if box.area < BACKDROP_SHARE * geo.width_in * geo.height_in]
    candidates = []
    for share in LOGO_SHRINK:
        width, height = LOGO_BOX_IN[0] * scale * share, LOGO_BOX_IN[1] * scale * share
        for top in (pad, geo.height_in - pad - height):
            for left in ((geo.width_in - width) / 2, pad, geo.width_in - pad - width):
                candidates.append(Box(left, top, width, height))
    for obstacles in ([*texts, *frame.keep_out], [*texts, *small]):
        grown = [Box(b.left - CLEARANCE_IN, b.top - CLEARANCE_IN, b.width + 2 * CLEARANCE_IN,
                     b.height + 2 * CLEARANCE_IN) for b in obstacles]
        for box in candidates:
            if not any(box.overlaps(obstacle) for obstacle in grown):
                return box
    return min(candidates, key=lambda box: sum(_overlap(box, other) for other in [*texts, *small]))


def _overlap(one: Box, other: Box) -> float:
    width = min(one.right, other.right) - max(one.left, other.left)
    height = min(one.bottom, other.bottom) - max(one.top, other.top)
    return width * height if width > 0 and height > 0 else 0.0


def place_slides(planned: PlannedDeck, options) -> PlannedDeck:
    geo = getattr(options, "geometry", None) or DEFAULT
    fonts = Fonts.from_config(getattr(options, "fonts", None))
    frames = getattr(options, "frames", None) or {}
    bold = getattr(options, "heading_bold", True)
    heights = Heights(geo, fonts)
    deck = planned.deck
    warned: set[str] = set()
    for slide in planned.slides:
        kind = frame_kind(slide)
        frame = frames.get(kind) or default_frame(kind, geo)
        title = (slide.title or " ").upper() if frame.title_caps else slide.title or " "   # capitals are wider
        size, fits = title_fit(title, frame.title, frame.title_pt,
                               smallest_title_pt(frame.title_pt, geo.min_body_pt), fonts,
                               bold if frame.title_bold is None else frame.title_bold,
                               frame.title_line_em or (OWN_BOX_LINE if frame.own_title_box else TITLE_LINE),
                               keep_insets=frame.title_line_em is not None,
                               indent_in=frame.title_indent_in, sides_in=frame.title_insets)
        if not fits and slide.title not in warned:
            warned.add(slide.title)
            planned.diagnostics.append(Diagnostic(
                f"title does not fit its box even at {size} pt; it may run out of the box: shorten it",
                slide.span))
        placed = PageLayout(frame.title, size, frame.body, subtitle=frame.subtitle, title_moved=frame.title_moved)
        if slide.kind == "title":
            with_subtitle = bool(slide.subtitle or deck.author or deck.date)
            placed.logo = logo_place(frame, geo, with_subtitle) if deck.logo is not None else None
        elif slide.kind != "section":
            placed.text, placed.groups, placed.pictures = place_body(slide.blocks, frame.body, heights)
        slide.layout = placed
    return planned
