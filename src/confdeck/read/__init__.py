"""Readers: input files → Deck. They never import python-pptx or Jinja2."""
from __future__ import annotations

from pathlib import Path

from confdeck.errors import ConfdeckError
from confdeck.model import Deck, Span
from confdeck.read.encoding import decode_notes
from confdeck.read.limits import check_size


def load_text(path: Path, shown: str) -> str:
    """Read a notes file as UTF-8 text, or explain why it is not one."""
    try:
        if not path.exists():
            raise ConfdeckError("no such file", Span(shown))
        if path.is_dir():
            raise ConfdeckError("is a folder, not a notes file", Span(shown))
        if not path.is_file():
            raise ConfdeckError("is not a regular file (expected a notes file, not a device or pipe)", Span(shown))
        check_size(path.stat().st_size, shown)
        data = path.read_bytes()
    except OSError as exc:
        raise ConfdeckError(f"cannot read the notes: {exc.strerror or exc}", Span(shown)) from None
    return decode_notes(data, shown)


def read_notes(path: Path, shown: str | None = None) -> Deck:
    """Read any supported notes file into a Deck, choosing the reader by content, not by name."""
    deck = _read_notes(path, shown or str(path))
    try:
        deck.saved_at = path.stat().st_mtime
    except OSError:
        pass
    return deck


def _read_notes(path: Path, shown: str) -> Deck:
    text = load_text(path, shown)
    from confdeck.read.listing import looks_like_listing
    if looks_like_listing(text):
        from confdeck.read.listing import read_listing
        return read_listing(text, shown)
    from confdeck.read.frontmatter import split_front_matter
    from confdeck.read.transcript import has_outline_marks, no_outline_error
    body = split_front_matter(text, shown)[1]
    if body.strip() and not has_outline_marks(body):
        # Speech with no headings or lists would make one giant slide; say what to do instead.
        raise no_outline_error(text, shown)
    from confdeck.read.markdown import read_markdown
    return read_markdown(text, shown)
