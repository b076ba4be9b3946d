"""A progress line on stderr for builds that take more than a second: which format, how many slides drawn.

Only on a terminal (a log or a pipe gets nothing), only after the first second (a quick build
prints nothing extra), and rubbed out when the build is done.
"""
from __future__ import annotations

import sys
import time

DELAY_SECONDS = 1.0
EVERY_SECONDS = 0.1  # redraw at most ten times a second


class Progress:
    def __init__(self, total: int, stream=None, clock=time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.total = total
        self.started = clock()
        self.shown_at = 0.0
        self.step = ""
        self.drawn = 0
        self.visible = False
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())

    def format(self, name: str) -> None:
        """A new step begins: drawing one format, or printing with Chromium."""
        self.step, self.drawn = name, 0
        self._show(force=True)

    def slide(self, number: int) -> None:
        self.drawn = number
        self._show()

    def line(self) -> str:
        if self.drawn:
            return f"confdeck: {self.step}: {self.drawn}/{self.total} slides drawn"
        return f"confdeck: {self.step} ({self.total} slides)…"

    def _show(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < DELAY_SECONDS or (not force and now - self.shown_at < EVERY_SECONDS):
            return
        self.shown_at = now
        self.stream.write("\r\x1b[K" + self.line())
        self.stream.flush()
        self.visible = True

    def done(self) -> None:
        if self.visible:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.visible = False


_current: Progress | None = None


def current() -> Progress | None:
    """The progress line of the build under way, if any (the renderers report drawn slides to it)."""
    return _current


class showing:
    """`with showing(Progress(n)) as progress:` makes it the current one for the renderers."""

    def __init__(self, progress: Progress):
        self.progress = progress

    def __enter__(self) -> Progress:
        global _current
        self._previous, _current = _current, self.progress
        return self.progress

    def __exit__(self, *exc) -> None:
        global _current
        self.progress.done()
        _current = self._previous
