"""User-facing problems: errors that stop a command and warnings that do not."""
from __future__ import annotations

from dataclasses import dataclass

from confdeck.model import Span

EXIT_OK = 0
EXIT_CHECK_FAILED = 1  # e.g. --strict with warnings
EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 3  # a bug in confdeck (with --debug: a traceback)


@dataclass(frozen=True)
class Diagnostic:
    """A warning or error as data; the CLI decides how to print it."""
    message: str
    span: Span | None = None
    level: str = "warning"

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        return f"{where}{self.message}"


class ConfdeckError(Exception):
    """A user mistake: printed as `error: file:line: message`, exit status 2."""

    def __init__(self, message: str, span: Span | None = None, problems: list[Diagnostic] | None = None):
        super().__init__(message)
        self.message = message
        self.span = span
        # Several problems found at once (e.g. every bad key of a config file).
        self.problems = problems or [Diagnostic(message, span, "error")]

    def lines(self) -> list[str]:
        return [f"error: {problem}" for problem in self.problems]


class SlideDrawingError(Exception):
    """A bug met while drawing one slide (not a user mistake): it keeps the slide's place in the notes."""

    def __init__(self, span: Span, cause: BaseException):
        super().__init__(f"{span}: internal error while drawing this slide: {type(cause).__name__}: {cause}")
        self.span = span
        self.cause = cause


def internal_error_text(exc: BaseException) -> str:
    """How a bug is named to the user: the slide it happened on when known, else the exception."""
    if isinstance(exc, SlideDrawingError):
        return str(exc)
    return f"internal error: {type(exc).__name__}: {exc}"


class Warnings(list):
    """The one channel a build's warnings travel through: every stage adds what it meets, in the order
    met; a warning said twice in the same words (both decks meet the same images) is kept once."""

    def __init__(self, diagnostics=()):
        super().__init__()
        self._said: set[str] = set()
        self.extend(diagnostics)

    def append(self, diagnostic: Diagnostic) -> None:
        text = str(diagnostic)
        if text not in self._said:
            self._said.add(text)
            super().append(diagnostic)

    def extend(self, diagnostics) -> None:
        for diagnostic in diagnostics:
            self.append(diagnostic)
