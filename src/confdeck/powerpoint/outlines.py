"""Outlines of shapes the HTML deck draws as paths: a master's freeforms (a:custGeom, as LibreOffice writes
every drawn triangle, stripe or honeycomb and PowerPoint every freeform) and a few preset shapes whose outline
is not a box (a speech bubble).

An outline is plain data: its subpaths, each ((command, points) …, filled), with points as fractions of the
shape's box (0–1 across and down), so the HTML scales it to the box it draws. Commands are SVG's M, L, C, Q, A
and Z; an A carries (radius x, radius y, large arc, sweep, x, y).
"""
from __future__ import annotations

import math

from pptx.oxml.ns import qn

Outline = tuple[tuple[tuple[tuple[str, tuple[float, ...]], ...], bool], ...]


def custom_outline(cust_geom, width_emu: int, height_emu: int) -> Outline | None:
    """The subpaths of an a:custGeom; None when a coordinate is a guide's name rather than a number (a formula
    this reader does not evaluate) or nothing is drawn."""
    path_list = cust_geom.find(qn("a:pathLst"))
    if path_list is None:
        return None
    subpaths = []
    for path in path_list.findall(qn("a:path")):
        try:
            width = int(path.get("w", "0") or 0) or width_emu
            height = int(path.get("h", "0") or 0) or height_emu
            commands = _commands(path, width or 1, height or 1)
        except (TypeError, ValueError):
            return None
        if commands:
            subpaths.append((tuple(commands), path.get("fill", "norm") != "none"))
    return tuple(subpaths) or None


def _point(pt, width: int, height: int) -> tuple[float, float]:
    return int(pt.get("x")) / width, int(pt.get("y")) / height


def _commands(path, width: int, height: int) -> list:
    commands: list = []
    current = (0.0, 0.0)
    for step in path:
        tag = step.tag.split("}")[1]
        points = [_point(pt, width, height) for pt in step.findall(qn("a:pt"))]
        if tag == "moveTo" and points:
            commands.append(("M", points[0]))
        elif tag == "lnTo" and points:
            commands.append(("L", points[0]))
        elif tag == "cubicBezTo" and len(points) == 3:
            commands.append(("C", points[0] + points[1] + points[2]))
        elif tag == "quadBezTo" and len(points) == 2:
            commands.append(("Q", points[0] + points[1]))
        elif tag == "arcTo":
            arc = _arc(current, int(step.get("wR")) / width, int(step.get("hR")) / height,
                       int(step.get("stAng")) / 60000, int(step.get("swAng")) / 60000)
            if arc is None:
                continue
            commands.append(("A", arc))
            points = [arc[4:]]
        elif tag == "close":
            commands.append(("Z", ()))
            continue
        else:
            continue
        current = points[-1][-2:] if points else current
    return commands


def _on_ellipse(rx: float, ry: float, degrees: float) -> tuple[float, float]:
    """The point of an ellipse (centred on 0, 0) that lies in this direction (DrawingML's angles are the
    direction seen from the centre, clockwise from the x axis, as y runs down)."""
    angle = math.radians(degrees)
    cos, sin = math.cos(angle), math.sin(angle)
    radius = rx * ry / math.hypot(ry * cos, rx * sin) if rx and ry else 0.0
    return radius * cos, radius * sin


def _arc(current: tuple[float, float], rx: float, ry: float, start: float, sweep: float):
    """An arcTo as SVG's arc: the current point lies on the ellipse at `start`, the arc turns by `sweep`."""
    if not rx or not ry or not sweep:
        return None
    sx, sy = _on_ellipse(rx, ry, start)
    ex, ey = _on_ellipse(rx, ry, start + sweep)
    centre = (current[0] - sx, current[1] - sy)
    return (rx, ry, float(abs(sweep) > 180), float(sweep > 0), centre[0] + ex, centre[1] + ey)


def preset_outline(preset: str, adjust: dict[str, int]) -> Outline | None:
    """The outline of a preset shape drawn as a path here (a speech bubble's tail), from its adjust values
    (a:avLst, in 100000ths); None for a preset this module does not know."""
    if preset == "wedgeRectCallout":
        return (_speech_bubble(adjust.get("adj1", -20833) / 100000, adjust.get("adj2", 62500) / 100000), True),
    return FIXED_OUTLINES.get(preset)


def _fixed(*commands) -> Outline:
    return ((tuple(commands), True),)


# Presets without adjust values, as the DrawingML preset definitions draw them on a 21600-unit square.
_D = 21600
FIXED_OUTLINES = {
    # A page with a wavy lower edge (LibreOffice's Blue Curve band, flipped).
    "flowChartDocument": _fixed(("M", (0.0, 0.0)), ("L", (1.0, 0.0)), ("L", (1.0, 17322 / _D)),
                                ("C", (10800 / _D, 17322 / _D, 10800 / _D, 23922 / _D, 0.0, 20172 / _D)), ("Z", ())),
    "rtTriangle": _fixed(("M", (0.0, 0.0)), ("L", (0.0, 1.0)), ("L", (1.0, 1.0)), ("Z", ())),
}


def _speech_bubble(dx: float, dy: float) -> tuple:
    """A rectangle whose tail runs from one side to the point (0.5 + dx, 0.5 + dy) of the box (offsets as
    fractions of its width and height): from the side the point lies beyond, its base between 2/12 and 5/12
    of that side, or 7/12 and 10/12 when the point lies on the far half (as PowerPoint's rectangular callout)."""
    tip = (0.5 + dx, 0.5 + dy)
    vertical = abs(dy) > abs(dx)   # beyond the top or bottom side
    near, far = (7 / 12, 10 / 12) if (dx if vertical else dy) > 0 else (2 / 12, 5 / 12)
    corners = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    if vertical and dy > 0:        # bottom side, drawn right to left
        side = 2
        base = [(far, 1.0), tip, (near, 1.0)]
    elif vertical:                 # top side, left to right
        side = 0
        base = [(near, 0.0), tip, (far, 0.0)]
    elif dx > 0:                   # right side, top to bottom
        side = 1
        base = [(1.0, near), tip, (1.0, far)]
    else:                          # left side, bottom to top
        side = 3
        base = [(0.0, far), tip, (0.0, near)]
    points = []
    for index, corner in enumerate(corners):
        points.append(corner)
        if index == side:
            points.extend(base)
    return (("M", points[0]), *(("L", point) for point in points[1:]), ("Z", ()))

