"""Readers: input files → Deck. They never import python-pptx or Jinja2."""
from __future__ import annotations

from pathlib import Path

from confdeck.errors import ConfdeckError
from confdeck.model import Deck, Span


def load_text(path: Path, shown: str) -> str:
    """Read a notes file as UTF-8 text, or explain why it is not one."""
    if not path.exists():
        raise ConfdeckError("no such file", Span(shown))
    if path.is_dir():
        raise ConfdeckError("is a folder, not a notes file", Span(shown))
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise ConfdeckError("not a text file (binary data)", Span(shown))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfdeckError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                            "save the notes as UTF-8", Span(shown, line)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_notes(path: Path, shown: str | None = None) -> Deck:
    """Read any supported notes file into a Deck, choosing the reader by content, not by name."""
    shown = shown or str(path)
    text = load_text(path, shown)
    from confdeck.read.listing import looks_like_listing
    if looks_like_listing(text):
        from confdeck.read.listing import read_listing
        return read_listing(text, shown)
    from confdeck.read.frontmatter import split_front_matter
    from confdeck.read.transcript import has_outline_marks, no_outline_error
    if text.strip() and not has_outline_marks(split_front_matter(text, shown)[1]):
        # Speech with no headings or lists would make one giant slide; say what to do instead.
        raise no_outline_error(text, shown)
    from confdeck.read.markdown import read_markdown
    return read_markdown(text, shown)
