"""Where text and pictures go inside a slide's body area, shared by the planner and both renderers.

A picture alone gets the whole body area; pictures next to text share a column
on the right while the text keeps the left part. Boxes are in inches from the
slide's top-left corner.
"""
from __future__ import annotations

import math
from confdeck.geometry import Box, Geometry
from confdeck.model import Block, Image

TEXT_SHARE = 0.58  # of the body width, when pictures sit beside text
PIXELS_PER_INCH = 96   # a size in pixels (`width=300`, `![[pic.png|300]]`) is CSS pixels
CAPTION_IN = 0.45      # the line under a picture that has a caption


def pictures_of(blocks: list[Block]) -> list[Image]:
    return [block for block in blocks if isinstance(block, Image)]


def text_of(blocks: list[Block]) -> list[Block]:
    return [block for block in blocks if not isinstance(block, Image)]


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


def layout(blocks: list[Block], geo: Geometry) -> tuple[Box | None, list[Box]]:
    """(text box or None, one box per picture in order) for one planned page."""
    pictures = pictures_of(blocks)
    body = geo.body_rect
    if not pictures:
        return body, []
    gap = geo.picture_gap_in
    if text_of(blocks):
        text = Box(body.left, body.top, text_width_in(geo, True), body.height)
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


def fit(width: float, height: float, box_width: float, box_height: float) -> tuple[float, float]:
    """Scale (width, height) to fit the box, keeping the aspect ratio."""
    scale = min(box_width / width, box_height / height)
    return width * scale, height * scale
