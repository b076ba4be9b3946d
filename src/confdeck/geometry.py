"""Slide geometry shared by the planner and both renderers (inches and points).

The HTML deck is 1280×720 px for a 13.333×7.5 in slide, i.e. 96 px per inch,
so a point is 4/3 px in both outputs and one pagination fits both.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Geometry:
    width_in: float = 13.333
    height_in: float = 7.5
    margin_in: float = 0.6
    title_top_in: float = 0.35
    title_height_in: float = 1.1
    body_top_in: float = 1.6
    body_bottom_in: float = 0.55  # space kept free at the bottom (footer, slide number)
    title_pt: int = 36
    body_pt: tuple[int, ...] = (24, 22, 20, 18)  # by bullet level
    code_pt: int = 16
    line_spacing: float = 1.2
    paragraph_gap_pt: int = 6

    @property
    def body_width_in(self) -> float:
        return self.width_in - 2 * self.margin_in

    @property
    def body_height_in(self) -> float:
        return self.height_in - self.body_top_in - self.body_bottom_in

    def body_size(self, level: int) -> int:
        return self.body_pt[min(level, len(self.body_pt) - 1)]


DEFAULT = Geometry()
PX_PER_IN = 96
