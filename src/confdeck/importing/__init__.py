"""`confdeck import`: plain-text conference material → an editable Markdown outline.

The outline is written to the one path the user gave and nowhere else; an
existing file is kept unless the user says --force.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from confdeck.errors import ConfdeckError
from confdeck.importing.markdown_out import deck_markdown
from confdeck.model import Span
from confdeck.read import load_text


@dataclass
class ImportResult:
    output: Path
    slides: int
    sections: int
    summary: str


def import_listing(source: Path, output: Path, force: bool = False, shown: str | None = None) -> ImportResult:
    from confdeck.read.listing import catalogue, looks_like_listing, parse_listing

    shown = shown or str(source)
    text = load_text(source, shown)
    _check_output(source, output, force)
    if not looks_like_listing(text):
        raise ConfdeckError("not a talk listing: expected `Title — Speaker` lines followed by "
                            "`[Event — Room on YYYY-MM-DD] Title by Speaker URL abstract` lines", Span(shown))
    listing = parse_listing(text, shown)
    result = catalogue(listing)
    write_new_file(output, deck_markdown(result.deck, result.slide_budgets), force)
    talks = len(listing.talks)
    return ImportResult(output, sum(len(s.slides) for s in result.deck.sections), len(result.deck.sections),
                        f"{talks} talk{'s' if talks != 1 else ''} in {len(result.deck.sections)} "
                        f"section{'s' if len(result.deck.sections) != 1 else ''}")


def import_transcript(source: Path, output: Path, minutes: float = 2.0, force: bool = False,
                      shown: str | None = None, talk_seconds: int | None = None,
                      slides: int | None = None) -> ImportResult:
    from confdeck.read.transcript import read_transcript

    shown = shown or str(source)
    if not minutes > 0:
        raise ConfdeckError(f"--minutes must be more than 0, got {minutes:g}")
    text = load_text(source, shown)
    _check_output(source, output, force)
    skeleton = read_transcript(text, shown, minutes, talk_seconds, slides)
    write_new_file(output, deck_markdown(skeleton.deck, skeleton.slide_budgets), force)
    words = sum(part.words for part in skeleton.parts)
    if skeleton.left_out:
        from confdeck.read.transcript import clock

        talk = sum(part.seconds for part in skeleton.parts)
        left = sum(part.words for part in skeleton.left_out)
        summary = (f"the {len(skeleton.parts)} most telling of {len(skeleton.parts) + len(skeleton.left_out)} parts "
                   f"for a {clock(talk)} talk, {words:,} words; left out {len(skeleton.left_out)} parts "
                   f"({left:,} words), listed in the title slide's notes")
    else:
        summary = f"{len(skeleton.parts)} parts of about {minutes:g} min from {words:,} words"
    return ImportResult(output, len(skeleton.parts), len(skeleton.deck.sections), summary)


def _check_output(source: Path, output: Path, force: bool) -> None:
    """Refuse early, before any work: the source itself, a folder, a missing folder, an existing file."""
    shown = str(output)
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        raise ConfdeckError("the output is the file being imported; choose another name", Span(shown))
    if output.is_dir():
        raise ConfdeckError("is a folder; give the path of the outline file to write", Span(shown))
    parent = output.parent
    if not parent.is_dir():
        raise ConfdeckError(f"folder {parent} does not exist", Span(shown))
    if (output.exists() or output.is_symlink()) and not force:
        raise ConfdeckError("already exists; not overwriting it (use --force to replace it)", Span(shown))


def write_new_file(path: Path, text: str, force: bool) -> None:
    """Write next to the target, then put it in place: no half-written outline, no clobbering.

    Without --force the final step is a hard link, which fails if the name was taken meanwhile.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temp, 0o644 & ~_umask())
        if force:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)
            except FileExistsError:
                raise ConfdeckError("already exists; not overwriting it (use --force to replace it)",
                                    Span(str(path))) from None
            except OSError:
                # File systems without hard links: exclusive create instead.
                with open(path, "x", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
    finally:
        Path(temp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
