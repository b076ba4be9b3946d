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


def pictures_of(blocks: list[Block]) -> list[Image]:
    return [block for block in blocks if isinstance(block, Image)]


def text_of(blocks: list[Block]) -> list[Block]:
    return [block for block in blocks if not isinstance(block, Image)]


def text_width_in(geo: Geometry, with_pictures: bool) -> float:
    """Width of the text column: the body width, or its left part when pictures sit beside."""
    if not with_pictures:
        return geo.body_width_in
    return geo.body_width_in * TEXT_SHARE - geo.picture_gap_in / 2


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
        return text, _stack(column, len(pictures), gap)
    columns = len(pictures) if len(pictures) <= 3 else math.ceil(math.sqrt(len(pictures)))
    rows = math.ceil(len(pictures) / columns)
    width = (body.width - gap * (columns - 1)) / columns
    height = (body.height - gap * (rows - 1)) / rows
    return None, [Box(body.left + (i % columns) * (width + gap), body.top + (i // columns) * (height + gap),
                      width, height) for i in range(len(pictures))]


def _stack(column: Box, count: int, gap: float) -> list[Box]:
    height = (column.height - gap * (count - 1)) / count
    return [Box(column.left, column.top + i * (height + gap), column.width, height) for i in range(count)]


def fit(width: float, height: float, box_width: float, box_height: float) -> tuple[float, float]:
    """Scale (width, height) to fit the box, keeping the aspect ratio."""
    scale = min(box_width / width, box_height / height)
    return width * scale, height * scale
