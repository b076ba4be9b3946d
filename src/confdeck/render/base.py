"""The traversal both renderers share: dispatch on slide kind and block type."""
from __future__ import annotations

import re
from typing import Any

from confdeck.errors import SlideDrawingError
from confdeck.model import PlannedDeck, PlannedSlide, Span
from confdeck.progress import current as current_progress


def snake_name(obj: Any) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(obj).__name__).lower()


class Renderer:
    """Subclasses define render_<kind>_slide(slide, ctx) and render_<block_type>(block, ctx)."""

    def render_slides(self, planned: PlannedDeck, ctx: Any = None) -> list:
        progress = current_progress()
        if progress is not None and not progress.enabled:
            progress = None
        drawn = []
        for number, slide in enumerate(planned.slides, start=1):
            try:
                drawn.append(self.render_slide(slide, number, ctx))
            except Exception as exc:
                # Still a bug, but the user learns which slide of which notes file meets it.
                span = slide.span or Span(planned.deck.source)
                raise SlideDrawingError(span, exc) from exc
            if progress is not None:
                progress.slide(number)  # the progress line on a terminal: slides drawn so far
        return drawn

    def render_slide(self, slide: PlannedSlide, number: int, ctx: Any) -> Any:
        return getattr(self, f"render_{slide.kind}_slide")(slide, number, ctx)

    def render_block(self, block: Any, ctx: Any) -> Any:
        return getattr(self, f"render_{snake_name(block)}")(block, ctx)
