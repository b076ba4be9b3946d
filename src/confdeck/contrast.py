"""WCAG 2 contrast between two colours ("#RRGGBB"): 4.5:1 for body text, 3:1 for large text (titles)."""
from __future__ import annotations

LARGE_TEXT = 3.0
BODY_TEXT = 4.5


def luminance(color: str) -> float:
    """WCAG relative luminance of "#RRGGBB"."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: str, b: str) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
