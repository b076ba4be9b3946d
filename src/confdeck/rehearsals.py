"""Rehearsals: the time spent on every slide in a run-through, kept next to the notes and set against the plan.

The talk clock (talk_clock.js) records a rehearsal; `confdeck preview` appends it as one JSON line to
NOTES.rehearsals.jsonl (pwc2020.md → pwc2020.rehearsals.jsonl), and a deck opened from a file downloads
it as JSON. `confdeck plan --rehearsals` compares them with the plan and suggests budgets;
`--write-budgets` puts those budgets into the notes; `build --timings rehearsed` uses the times.
"""
from __future__ import annotations

import difflib
import json
import os
import re
import statistics
import threading
from dataclasses import dataclass, field
from pathlib import Path

from confdeck.errors import ConfdeckError, Diagnostic
from confdeck.model import PlannedDeck, Span
from confdeck.plan.timing import apportion
from confdeck.read.budgets import _AFTER_DASH, _BRACKETED, _OWNER, format_clock, split_owner

FORMAT = "confdeck-rehearsal"
MAX_RECORD_BYTES = 2_000_000   # a 5000-slide rehearsal is about 400 kB of JSON
MAX_SLIDES = 20_000
# A section is flagged when it is off by more than either (as the issue asks): 30 s matters in any
# section, and 10 % of a short one is already a slide's worth of time.
FLAG_SECONDS = 30
FLAG_SHARE = 0.10
SUGGEST_STEP = 30              # suggested budgets are whole half-minutes


def rehearsals_path(notes: Path) -> Path:
    """`notes/pwc2020.md` → `notes/pwc2020.rehearsals.jsonl`, next to the notes."""
    return notes.with_name(notes.stem + ".rehearsals.jsonl")


# -- checking and saving a record ------------------------------------------------------------------

def _whole(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 10 ** 7:
        raise ValueError(f"{what}: expected a number of seconds")
    return round(value)


def _text(value, what: str) -> str:
    if not isinstance(value, str) or len(value) > 2000:
        raise ValueError(f"{what}: expected text")
    return value


def check_record(data) -> dict:
    """A rehearsal as the talk clock sends it, reduced to the fields we know; ValueError if it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != 1:
        raise ValueError(f"not a rehearsal (expected format {FORMAT!r}, version 1)")
    slides, sections = data.get("slides"), data.get("sections")
    if not isinstance(slides, list) or not isinstance(sections, list) or len(slides) > MAX_SLIDES \
            or len(sections) > MAX_SLIDES:
        raise ValueError("slides and sections: expected lists")
    record = {
        "format": FORMAT, "version": 1,
        "notes": _text(data.get("notes", ""), "notes"),
        "title": _text(data.get("title", ""), "title"),
        "started": _text(data.get("started", ""), "started"),
        "saved": _text(data.get("saved", ""), "saved"),
        "total_seconds": _whole(data.get("total_seconds"), "total_seconds"),
        "sections": [], "slides": [],
    }
    for number, section in enumerate(sections):
        if not isinstance(section, dict):
            raise ValueError(f"sections[{number}]: expected an object")
        record["sections"].append({"title": _text(section.get("title"), f"sections[{number}].title"),
                                   "seconds": _whole(section.get("seconds"), f"sections[{number}].seconds")})
    for number, slide in enumerate(slides):
        if not isinstance(slide, dict):
            raise ValueError(f"slides[{number}]: expected an object")
        index = slide.get("section")
        if index is not None and (isinstance(index, bool) or not isinstance(index, int)
                                  or not 0 <= index < len(sections)):
            raise ValueError(f"slides[{number}].section: expected a section number or null")
        record["slides"].append({"title": _text(slide.get("title"), f"slides[{number}].title"), "section": index,
                                 "seconds": _whole(slide.get("seconds"), f"slides[{number}].seconds")})
    return record


_append_lock = threading.Lock()


def append_rehearsal(path: Path, record: dict) -> None:
    """Add one line to the rehearsals file with a single O_APPEND write: a reader never sees half a line."""
    line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    with _append_lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(f"short write to {path}")
            os.fsync(fd)
        finally:
            os.close(fd)


def load_rehearsals(paths: list[Path]) -> list[dict]:
    """Every rehearsal in the files given (JSON lines, or one downloaded JSON document), oldest first."""
    records: list[dict] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfdeckError("no rehearsals yet (record one in the speaker view of `confdeck preview`, "
                                "or pass the JSON file a deck downloaded)", Span(str(path))) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfdeckError(f"cannot read rehearsals: {exc}", Span(str(path))) from None
        stripped = text.strip()
        chunks = [(1, stripped)] if stripped.startswith("{") and "\n{" not in stripped else \
            [(number, line) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
        for line_number, chunk in chunks:
            try:
                records.append(check_record(json.loads(chunk)))
            except (ValueError, RecursionError) as exc:
                raise ConfdeckError(f"not a rehearsal: {exc}", Span(str(path), line_number)) from None
    if not records:
        raise ConfdeckError("no rehearsals in the file", Span(str(paths[0]) if paths else "rehearsals"))
    return records


# -- comparing with the plan -----------------------------------------------------------------------

def _key(title: str) -> str:
    return " ".join(title.lower().split())


def _section_times(planned: PlannedDeck, record: dict) -> list[int | None]:
    """Seconds the rehearsal spent in each section of today's plan (by title; None if it had no such section)."""
    by_title = {}
    for section in record["sections"]:
        by_title.setdefault(_key(section["title"]), section["seconds"])
    return [by_title.get(_key(section.title)) for section in planned.deck.sections]


def _slide_times(planned: PlannedDeck, record: dict) -> list[int | None]:
    """Seconds per slide of today's plan, matched by section title, slide title and occurrence."""
    titles = [section["title"] for section in record["sections"]]
    seen: dict[tuple, int] = {}
    times: dict[tuple, int] = {}
    for slide in record["slides"]:
        section = _key(titles[slide["section"]]) if slide["section"] is not None else None
        key = (section, _key(slide["title"]))
        seen[key] = seen.get(key, 0) + 1
        times[(*key, seen[key])] = slide["seconds"]
    result, counts = [], {}
    for slide in planned.slides:
        section = _key(planned.deck.sections[slide.section_index].title) if slide.section_index is not None else None
        key = (section, _key(slide.title))
        counts[key] = counts.get(key, 0) + 1
        result.append(times.get((*key, counts[key])))
    return result


def _median(values: list[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return round(statistics.median(known)) if known else None


@dataclass
class RehearsalComparison:
    runs: int
    last_total: int
    median_total: int
    sections: list[dict] = field(default_factory=list)   # title, planned, last, median, flag
    slides: list[dict] = field(default_factory=list)     # section index, title, planned, last, median
    suggested: list[int] = field(default_factory=list)   # a budget per section, adding up to `target`
    target: int = 0


def flag(planned: int, rehearsed: int | None) -> str | None:
    """`over`/`under` when a section is off by more than 30 s or by more than 10 % of its plan."""
    if rehearsed is None:
        return None
    diff = rehearsed - planned
    if abs(diff) > FLAG_SECONDS or abs(diff) > FLAG_SHARE * planned:
        return "over" if diff > 0 else "under"
    return None


def compare(planned: PlannedDeck, records: list[dict]) -> RehearsalComparison:
    deck = planned.deck
    planned_sections = [0] * len(deck.sections)
    for slide in planned.slides:
        if slide.section_index is not None:
            planned_sections[slide.section_index] += slide.seconds
    runs = [_section_times(planned, record) for record in records]
    slide_runs = [_slide_times(planned, record) for record in records]
    comparison = RehearsalComparison(len(records), records[-1]["total_seconds"],
                                     round(statistics.median(r["total_seconds"] for r in records)))
    for index, section in enumerate(deck.sections):
        last, median = runs[-1][index], _median([run[index] for run in runs])
        comparison.sections.append({"title": section.title, "planned_seconds": planned_sections[index],
                                    "last_seconds": last, "median_seconds": median,
                                    "flag": flag(planned_sections[index], median)})
    for number, slide in enumerate(planned.slides):
        comparison.slides.append({"section": slide.section_index, "title": slide.title, "kind": slide.kind,
                                  "planned_seconds": slide.seconds, "last_seconds": slide_runs[-1][number],
                                  "median_seconds": _median([run[number] for run in slide_runs])})
    comparison.target = deck.duration_seconds or planned.total_seconds
    comparison.suggested = suggest_budgets(
        [s["median_seconds"] if s["median_seconds"] else s["planned_seconds"] for s in comparison.sections],
        comparison.target)
    return comparison


def suggest_budgets(rehearsed: list[int], target: int) -> list[int]:
    """Budgets in the proportions the rehearsals took, in whole half-minutes, adding up to the talk."""
    if target % SUGGEST_STEP == 0:
        return [units * SUGGEST_STEP for units in apportion(target // SUGGEST_STEP, [float(s) for s in rehearsed])]
    return apportion(target, [float(s) for s in rehearsed])


def budget_text(seconds: int) -> str:
    """`300` → `5 mins`, `330` → `5.5 mins`, `60` → `1 min`, `95` → `95s`."""
    if seconds % 30:
        return f"{seconds}s"
    minutes = seconds / 60
    shown = f"{minutes:g}"
    return f"{shown} min" if minutes == 1 else f"{shown} mins"


def _off(planned: int, rehearsed: int | None) -> str:
    if rehearsed is None:
        return "–"
    diff = rehearsed - planned
    return "0:00" if diff == 0 else ("+" if diff > 0 else "-") + format_clock(abs(diff))


def format_comparison(comparison: RehearsalComparison, source: str, title: str) -> str:
    time = lambda seconds: "–" if seconds is None else format_clock(seconds)  # noqa: E731
    runs = f"{comparison.runs} rehearsal{'s' * (comparison.runs != 1)}"
    lines = [f"{title}: {runs} in {source}", ""]
    header = ("#", "Section", "Planned", "Last", "Median", "Off", "")
    rows = []
    for number, section in enumerate(comparison.sections, start=1):
        rows.append((str(number), section["title"][:44], time(section["planned_seconds"]), time(section["last_seconds"]),
                     time(section["median_seconds"]), _off(section["planned_seconds"], section["median_seconds"]),
                     {"over": "over", "under": "under", None: ""}[section["flag"]]))
    planned_total = sum(s["planned_seconds"] for s in comparison.sections)
    rows.append(("", "Total", time(planned_total), time(comparison.last_total), time(comparison.median_total),
                 _off(planned_total, comparison.median_total), ""))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row) -> str:
        return "  ".join(cell.ljust(widths[i]) if i in (1, 6) else cell.rjust(widths[i])
                         for i, cell in enumerate(row)).rstrip()

    rule = line(["-" * width for width in widths])
    lines += [line(header), rule, *[line(row) for row in rows[:-1]], rule, line(rows[-1]), ""]
    lines.append("Slides (planned / last / median):")
    for slide in comparison.slides:
        if slide["section"] is None and not slide["last_seconds"]:
            continue  # title and agenda, passed straight by
        where = f"{slide['section'] + 1}" if slide["section"] is not None else "-"
        name = slide["title"][:40] + (" (header)" if slide["kind"] == "section" else "")
        lines.append(f"  {where:>2}  {name:<48}  {time(slide['planned_seconds']):>6}  "
                     f"{time(slide['last_seconds']):>6}  {time(slide['median_seconds']):>6}")
    flagged = [(s["title"], s["flag"]) for s in comparison.sections if s["flag"]]
    lines.append("")
    if flagged:
        lines += [f"warning: section “{name}” ran {way} its plan by more than {int(FLAG_SHARE * 100)} % or "
                  f"{FLAG_SECONDS} s" for name, way in flagged]
    else:
        lines.append(f"Every section within {int(FLAG_SHARE * 100)} % or {FLAG_SECONDS} s of its plan.")
    lines.append("")
    lines.append(f"Suggested budgets (adding up to {format_clock(comparison.target)}):")
    for section, seconds in zip(comparison.sections, comparison.suggested):
        lines.append(f"  {section['title']} (~{budget_text(seconds)})")
    return "\n".join(lines)


# -- writing budgets into the notes ----------------------------------------------------------------

_LINE_PREFIX = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)?)")


def _rewrite_line(line: str, seconds: int, old_budget: int | None) -> str | None:
    """The line with only its budget changed (or a budget added before any `@Owner`); None if it is not the title."""
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    text = body[len(_LINE_PREFIX.match(body).group(1)):]
    if split_owner(text)[1] != old_budget:
        return None
    owner = _OWNER.search(body)
    head, tail = (body[:owner.start()], body[owner.start():]) if owner else (body, "")
    new_amount = budget_text(seconds)
    for pattern, groups in ((_BRACKETED, ("round", "square")), (_AFTER_DASH, ("dash",))):
        match = pattern.search(head)
        if match is None:
            continue
        group = next(name for name in groups if match.group(name))
        start, end = match.span(group)
        return head[:start] + new_amount + head[end:] + tail + ending
    return head + f" (~{new_amount})" + tail + ending


def budget_changes(notes: Path, planned: PlannedDeck, budgets: list[int]) -> tuple[bytes, bytes, list[Diagnostic]]:
    """(old bytes, new bytes, warnings): the notes with each section's budget replaced, nothing else touched."""
    old = notes.read_bytes()
    lines = old.decode("utf-8").splitlines(keepends=True)
    problems = []
    for section, seconds in zip(planned.deck.sections, budgets):
        line = section.span.line if section.span else None
        if line is None or not 0 < line <= len(lines):
            problems.append(Diagnostic(f"section “{section.title}”: its title line was not found; budget left alone",
                                       section.span))
            continue
        changed = _rewrite_line(lines[line - 1], seconds, section.budget_seconds)
        if changed is None:
            problems.append(Diagnostic(f"section “{section.title}”: its budget is not on line {line}; "
                                       f"budget left alone", section.span))
            continue
        lines[line - 1] = changed
    return old, "".join(lines).encode("utf-8"), problems


def show_change(old: bytes, new: bytes, name: str) -> str:
    return "".join(difflib.unified_diff(old.decode("utf-8").splitlines(keepends=True),
                                        new.decode("utf-8").splitlines(keepends=True), name, name + " (new budgets)"))


def write_budgets(notes: Path, new: bytes) -> Path:
    """Keep the old notes as NOTES.bak next to them, then replace the notes atomically."""
    from confdeck.build import write_all_atomically

    backup = notes.with_name(notes.name + ".bak")
    # Dicts keep their order: the backup is in place before the notes are replaced.
    write_all_atomically({backup: notes.read_bytes(), notes: new})
    return backup


# -- rehearsed times in the decks ------------------------------------------------------------------

def apply_rehearsed_timings(planned: PlannedDeck, records: list[dict]) -> None:
    """Each slide's median rehearsed time goes into `rehearsed_seconds` and its pacing line."""
    comparison = compare(planned, records)
    for slide, times in zip(planned.slides, comparison.slides):
        rehearsed = times["median_seconds"]
        if rehearsed is None or slide.section_index is None:
            continue
        slide.rehearsed_seconds = rehearsed
        if slide.pacing:
            slide.pacing += f" · rehearsed {format_clock(rehearsed)} of {format_clock(slide.seconds)}"
