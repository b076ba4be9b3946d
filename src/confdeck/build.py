"""`confdeck build`: read → plan → render → write, without any command-line parsing."""
from __future__ import annotations

import glob
import json
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from confdeck.errors import ConfdeckError, Warnings
from confdeck.gc_pause import gc_paused
from confdeck.look import resolve_look
from confdeck.model import PlannedDeck, Span
from confdeck.plan import PlanOptions, plan_deck
from confdeck.read import read_notes
from confdeck.templates import load_template

FORMATS = ("pptx", "html")                  # the decks; `--format all`
EXPORT_FORMATS = ("pdf", "handout", "runsheet")  # drawn from the decks (confdeck/export/)


@dataclass
class BuildOptions:
    outdir: Path = Path("output")
    formats: tuple[str, ...] = FORMATS
    template: str | None = None       # --template; wins over the notes' front matter
    duration_seconds: int | None = None
    start_of_day: int | None = None   # --start; wins over the notes' `start:`
    allow_html: bool = False
    auto_advance: bool = False        # PowerPoint "advance after" each slide's planned time
    timings: str = "planned"          # "rehearsed": the rehearsals' median times (NOTES.rehearsals.jsonl)
    pdf_engine: str = "chromium"      # or "libreoffice": the .pptx converted, in the master's exact look
    paper: str | None = None          # handout and run sheet: "a4" or "letter"; None: from the locale


@dataclass
class BuildResult:
    planned: PlannedDeck
    outputs: dict[str, bytes] = field(default_factory=dict)   # format → file content
    diagnostics: Warnings = field(default_factory=Warnings)   # every warning of the build, once each
    inputs: list[Path] = field(default_factory=list)   # files read besides the notes (images, templates)


def plan_notes(notes: Path, options: BuildOptions, shown: str | None = None, warnings: list | None = None):
    """Read and plan the notes exactly as a build would (same template, same pages, same times);
    the warnings met go to `warnings`."""
    warnings = warnings if warnings is not None else Warnings()
    deck = read_notes(notes, shown)
    template = load_template(options.template or deck.template, notes_dir=notes.parent)
    # Colours, fonts, slide size and boxes: from template.yaml and the company's master, for both decks.
    look = resolve_look(template, warnings)
    if options.duration_seconds is not None:
        deck.duration_seconds = options.duration_seconds
    if options.start_of_day is not None:
        deck.start_of_day = options.start_of_day
    planned = plan_deck(deck, PlanOptions(duration_seconds=deck.duration_seconds,
                                          agenda=template.config.get("agenda", "auto"),
                                          section_slides=template.config.get("section_slides", "auto"),
                                          geometry=look.geometry, fonts=look.fonts,
                                          subtitle_box=look.subtitle_box))
    warnings.extend(planned.diagnostics)   # the plan's passes return theirs as data
    if options.timings == "rehearsed":
        from confdeck.rehearsals import apply_rehearsed_timings, load_rehearsals, rehearsals_path
        apply_rehearsed_timings(planned, load_rehearsals([rehearsals_path(notes)]))
    return planned, template, look


def render_deck(notes: Path, options: BuildOptions, shown: str | None = None) -> BuildResult:
    """Everything but writing: the decks as bytes, and the warnings met on the way."""
    # A build only adds objects until it is done (model, plan, XML trees): the cyclic collector would
    # walk them again and again (about 8 % of a 1000-slide build) and find little to free. It runs
    # again, and frees any cycles left over, as soon as the build is over.
    with gc_paused():
        return _render_deck(notes, options, shown)


def _render_deck(notes: Path, options: BuildOptions, shown: str | None) -> BuildResult:
    from confdeck.progress import Progress, showing
    from confdeck.render.images import ImageStore

    exports = [fmt for fmt in options.formats if fmt in EXPORT_FORMATS]
    if exports:
        from confdeck.export.exports import check_clients
        check_clients(exports, options.pdf_engine)  # a missing Chromium stops the build before any work
    with showing(Progress(0)) as progress:
        warnings = Warnings()
        planned, template, look = plan_notes(notes, options, shown, warnings)
        progress.total = len(planned.slides)
        images = ImageStore(notes.parent, look.geometry, warnings)
        result = BuildResult(planned, diagnostics=warnings)
        decks: dict[str, bytes] = {}
        if "pptx" in options.formats or ("pdf" in exports and options.pdf_engine == "libreoffice"):
            from confdeck.render.pptx import render_pptx
            progress.format("pptx")
            decks["pptx"] = render_pptx(planned, template, images, look, warnings,
                                        auto_advance=options.auto_advance)
        if "html" in options.formats or "handout" in exports or (
                "pdf" in exports and options.pdf_engine == "chromium"):
            from confdeck.render.html import render_html
            progress.format("html")
            decks["html"] = render_html(planned, template, images, options.allow_html, look,
                                        warnings).encode("utf-8")
        result.outputs = {fmt: data for fmt, data in decks.items() if fmt in options.formats}
        if exports:
            from confdeck.export.exports import render_exports
            result.outputs.update(render_exports(planned, decks, exports, options, progress))
    result.inputs = images.files_read + [path for folder in template.dirs for path in folder.rglob("*")]
    return result


MAX_STEM = 100  # room for ".<stem>.pptx.XXXXXXXX.tmp" within any file system's 255-byte limit


def output_name(notes: Path) -> str:
    """A safe file stem from the notes' file name: letters, digits, - _ . only, never hidden or empty."""
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in notes.stem).strip("._-")
    return stem[:MAX_STEM].rstrip("._-") or "deck"


def _new_file_mode(target: Path) -> int:
    """Keep an existing deck's read/write bits; a new one gets the usual 0666 minus the umask.

    Never setuid, setgid, sticky or executable, and nothing taken from what an output
    symlink points at: os.replace puts a new file in the link's place anyway.
    """
    try:
        if not target.is_symlink():
            existing = target.lstat()
            if stat.S_ISREG(existing.st_mode):
                return existing.st_mode & 0o666
    except OSError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _stage(target: Path, data: bytes) -> tuple[Path, int]:
    """Write data to a temporary file next to the target; returns its path and an open, locked descriptor.

    The lock (held until the file is renamed) tells a later build that the file belongs to a
    build still running; one whose lock is free was left by a build that was killed.
    """
    while True:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
        _lock(fd, blocking=True)
        if os.fstat(fd).st_nlink:
            break
        os.close(fd)  # another build took it for a leftover between mkstemp and the lock: try again
    try:
        with os.fdopen(os.dup(fd), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _new_file_mode(target))
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        os.close(fd)
        raise
    return Path(temp), fd


TEMP_SUFFIX = ".tmp"


def _lock(fd: int, blocking: bool) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: no leftover cleaning, writing works the same
        return blocking
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        return True
    except OSError:
        return False


def remove_leftovers(target: Path) -> None:
    """Remove `.NAME.pptx.*.tmp` files a killed build of this deck left next to it (never a running build's)."""
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*{TEMP_SUFFIX}"):
        try:
            fd = os.open(leftover, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if _lock(fd, blocking=False) and os.path.samestat(os.fstat(fd), os.lstat(leftover)):
                leftover.unlink()
        except OSError:
            pass
        finally:
            os.close(fd)


def write_all_atomically(files: dict[Path, bytes]) -> None:
    """Stage every file first and rename only when all are complete: a failure changes none of them."""
    staged: dict[Path, tuple[Path, int]] = {}
    try:
        for target in files:
            remove_leftovers(target)
        for target, data in files.items():
            staged[target] = _stage(target, data)
        for target, (temp, _) in staged.items():
            os.replace(temp, target)
    finally:
        for temp, fd in staged.values():
            temp.unlink(missing_ok=True)
            os.close(fd)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_not_inputs(targets: list[Path], inputs: list[Path]) -> None:
    """confdeck never writes over what it reads: the notes, their images, the templates."""
    for target in targets:
        for source in inputs:
            if _same_file(target, source):
                raise ConfdeckError("would overwrite a file this build reads (expected an output folder "
                                    "apart from the notes, images and templates)", Span(str(target)))


def check_distinct_outputs(notes: list[Path], outdir: Path, shown: list[str]) -> None:
    """Two notes files whose decks would get one name in one folder (a/talk.md, b/talk.md) are an error."""
    by_name: dict[str, int] = {}
    for index, path in enumerate(notes):
        name = output_name(path)
        first = by_name.setdefault(name, index)
        if first != index and not _same_file(notes[first], path):
            raise ConfdeckError(f"{shown[first]} and {shown[index]} would both be written as "
                                f"{outdir / name}.pptx/.html; build them into different folders (-o) or rename one")


# Which notes file each deck name in an output folder was built from: a later build of another
# notes file with the same name (a/talk.md, then b/talk.md) would silently replace its decks.
OWNERS_FILE = ".confdeck-notes.json"


def _owners(outdir: Path) -> dict[str, str]:
    try:
        owners = json.loads((outdir / OWNERS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in owners.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(owners, dict) else {}


def check_owner(notes: Path, outdir: Path, shown: str | None = None) -> None:
    """Refuse to replace decks another notes file that still exists was built into with this name."""
    name = output_name(notes)
    owner = _owners(outdir).get(name)
    if owner is None or _same_file(Path(owner), notes) or not Path(owner).is_file():
        return  # ours, never recorded, or its notes are gone (moved or renamed): the name is free
    try:
        owner_shown = os.path.relpath(owner)
    except ValueError:  # another drive (Windows)
        owner_shown = owner
    raise ConfdeckError(f"{outdir / name}.pptx/.html hold the decks of {owner_shown}, another notes file with "
                        "the same name; build into a different folder (-o) or rename one of them",
                        Span(shown or str(notes)))


def _record_owner(notes: Path, outdir: Path) -> None:
    owners = _owners(outdir)
    owners[output_name(notes)] = str(notes.resolve())
    try:
        write_all_atomically({outdir / OWNERS_FILE: json.dumps(owners, indent=1, sort_keys=True).encode()})
    except OSError:
        pass  # only a safeguard: the decks are written


def write_outputs(result: BuildResult, notes: Path, outdir: Path, shown: str | None = None) -> list[Path]:
    """Write every output, all or nothing; a failure leaves earlier decks as they were."""
    if outdir.exists() and not outdir.is_dir():
        raise ConfdeckError("the output folder is a file (expected a folder for the decks)", Span(str(outdir)))
    targets = {outdir / f"{output_name(notes)}.{fmt}": data for fmt, data in result.outputs.items()}
    check_not_inputs(list(targets), [notes, *result.inputs])
    check_owner(notes, outdir, shown)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        write_all_atomically(targets)
    except OSError as exc:
        where = exc.filename if isinstance(exc.filename, str) else str(outdir)
        raise ConfdeckError(f"cannot write the decks: {exc.strerror or exc} (nothing was changed)",
                            Span(where)) from None
    _record_owner(notes, outdir)
    return list(targets)
