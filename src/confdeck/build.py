"""`confdeck build`: read → plan → render → write, without any command-line parsing."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from confdeck.errors import ConfdeckError, Diagnostic
from confdeck.look import resolve_look
from confdeck.model import PlannedDeck
from confdeck.plan import PlanOptions, plan_deck
from confdeck.read import read_notes
from confdeck.templates import load_template

FORMATS = ("pptx", "html")


@dataclass
class BuildOptions:
    outdir: Path = Path("output")
    formats: tuple[str, ...] = FORMATS
    template: str | None = None       # --template; wins over the notes' front matter
    duration_seconds: int | None = None
    allow_html: bool = False
    auto_advance: bool = False        # PowerPoint "advance after" each slide's planned time


@dataclass
class BuildResult:
    planned: PlannedDeck
    outputs: dict[str, bytes] = field(default_factory=dict)   # format → file content
    diagnostics: list[Diagnostic] = field(default_factory=list)


def plan_notes(notes: Path, options: BuildOptions, shown: str | None = None):
    """Read and plan the notes exactly as a build would (same template, same pages, same times)."""
    deck = read_notes(notes, shown)
    template = load_template(options.template or deck.template)
    # Colours, fonts, slide size and boxes: from template.yaml and the company's master, for both decks.
    look = resolve_look(template)
    if options.duration_seconds is not None:
        deck.duration_seconds = options.duration_seconds
    planned = plan_deck(deck, PlanOptions(duration_seconds=deck.duration_seconds,
                                          agenda=template.config.get("agenda", True),
                                          geometry=look.geometry, fonts=look.fonts))
    return planned, template, look


def render_deck(notes: Path, options: BuildOptions, shown: str | None = None) -> BuildResult:
    """Everything but writing: the decks as bytes, and the warnings met on the way."""
    from confdeck.render.images import ImageStore

    planned, template, look = plan_notes(notes, options, shown)
    images = ImageStore(notes.parent, look.geometry)
    result = BuildResult(planned)
    layout_diagnostics: list[Diagnostic] = []
    if "pptx" in options.formats:
        from confdeck.render.pptx import render_pptx
        result.outputs["pptx"] = render_pptx(planned, template, images, look, layout_diagnostics,
                                             auto_advance=options.auto_advance)
    if "html" in options.formats:
        from confdeck.render.html import render_html
        result.outputs["html"] = render_html(planned, template, images, options.allow_html, look).encode("utf-8")
    result.diagnostics = (list(look.diagnostics) + layout_diagnostics + list(planned.diagnostics)
                          + _unique(images.diagnostics))
    return result


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: dict[str, Diagnostic] = {}
    for diagnostic in diagnostics:
        seen.setdefault(str(diagnostic), diagnostic)
    return list(seen.values())


def output_name(notes: Path) -> str:
    """A safe file stem from the notes' file name."""
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in notes.stem).strip("._")
    return stem or "deck"


def write_atomically(path: Path, data: bytes) -> None:
    """Write next to the target, then rename: a reader never sees half a deck."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_outputs(result: BuildResult, notes: Path, outdir: Path) -> list[Path]:
    if outdir.exists() and not outdir.is_dir():
        raise ConfdeckError("output folder is a file", None)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt, data in result.outputs.items():
        target = outdir / f"{output_name(notes)}.{fmt}"
        write_atomically(target, data)
        written.append(target)
    return written
