"""`confdeck plan`: the timing plan of a talk as a table or as JSON, without rendering any deck."""
from __future__ import annotations

from confdeck.model import PlannedDeck
from confdeck.plan.speakers import speaker_totals
from confdeck.read.budgets import format_at, format_clock, format_minutes

TITLE_WIDTH = 44
TIMED_KINDS = ("content", "image")


def plan_report(planned: PlannedDeck) -> dict:
    """The plan as plain data: the shape `confdeck plan --json` prints."""
    deck = planned.deck
    sections = []
    starts = [entry.start_seconds for entry in planned.agenda]
    by_section: list[list] = [[] for _ in deck.sections]
    for slide in planned.slides:
        if slide.section_index is not None:
            by_section[slide.section_index].append(slide)
    for index, section in enumerate(deck.sections):
        slides = by_section[index]
        sections.append({
            "title": section.title,
            "budget_seconds": section.budget_seconds,
            "planned_seconds": sum(slide.seconds for slide in slides),
            "start_seconds": starts[index] if index < len(starts) and starts[index] is not None else 0,
            "line": section.span.line if section.span else None,
            "speaker": section.speaker,
            "slides": [{"title": slide.title, "seconds": slide.seconds, "kind": slide.kind} for slide in slides],
        })
    return {
        "title": deck.title,
        "slides": [{"title": slide.title, "kind": slide.kind, "seconds": slide.seconds,
                    "section": slide.section_index + 1 if slide.section_index is not None else None}
                   for slide in planned.slides],
        "duration_seconds": deck.duration_seconds,
        "total_seconds": planned.total_seconds,
        "start": format_at(0, deck.start_of_day) if deck.start_of_day is not None else None,
        "start_of_day_seconds": deck.start_of_day,
        "speakers": [{"name": name, "planned_seconds": seconds, "sections": count}
                     for name, seconds, count in speaker_totals(planned)],
        "sections": sections,
        "warnings": [str(diagnostic) for diagnostic in planned.diagnostics if diagnostic.level != "info"],
        "info": [str(diagnostic) for diagnostic in planned.diagnostics if diagnostic.level == "info"],
    }


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


KIND_NAMES = {"title": "title", "agenda": "agenda", "section": "section headers", "content": "content",
              "image": "picture"}


def _slide_kinds(slides: list[dict]) -> str:
    """`Slides: 18 (1 title, 1 agenda, 6 section headers, 10 content)`: what the total is made of."""
    counts: dict[str, int] = {}
    for slide in slides:
        counts[slide["kind"]] = counts.get(slide["kind"], 0) + 1
    parts = [f"{count} {KIND_NAMES.get(kind, kind)}" for kind, count in counts.items()]
    return f"Slides: {len(slides)} ({', '.join(parts)}); title and agenda take no planned time"


def format_slides(report: dict) -> str:
    """Every slide in deck order with its planned time and when it starts: for rehearsing.

    Start is the clock time into the talk (`+5:00`), or the time of day when the notes say when
    the talk starts (`start: 14:00` → `14:05`).
    """
    start_of_day = report.get("start_of_day_seconds")
    starts, clock = [], 0
    for slide in report["slides"]:
        starts.append(format_at(clock, start_of_day))
        clock += slide["seconds"]
    end = format_at(clock, start_of_day)
    width = max(len("Start"), len(end), *(len(start) for start in starts))
    lines = [report["title"], "", f"   #  {'Start':>{width}}   Time  Section  Slide"]
    for number, (slide, start) in enumerate(zip(report["slides"], starts), start=1):
        section = str(slide["section"]) if slide["section"] is not None else "–"
        kind = "" if slide["kind"] in TIMED_KINDS else f" [{slide['kind']}]"
        lines.append(f"{number:>4}  {start:>{width}}  {format_clock(slide['seconds']):>5}  {section:>7}  "
                     f"{_cut(slide['title'], TITLE_WIDTH * 2)}{kind}")
    lines.append(f"{'':>4}  {end:>{width}}  end")
    return "\n".join(lines)


def format_plan(report: dict) -> str:
    """The plan as a table a speaker can read: one row per section, totals, then the warnings."""
    # Slides counts every slide a section shows: its header, content and continuation pages.
    header = ("#", "Section", "Budget", "Planned", "Slides", "Start", "Per slide")
    rows = []
    for number, section in enumerate(report["sections"], start=1):
        timed = [slide["seconds"] for slide in section["slides"] if slide["kind"] in TIMED_KINDS]
        rows.append((
            str(number),
            _cut(section["title"], TITLE_WIDTH),
            format_minutes(section["budget_seconds"]) if section["budget_seconds"] is not None else "(none)",
            format_clock(section["planned_seconds"]),
            str(len(section["slides"])),
            format_at(section["start_seconds"], report["start_of_day_seconds"])
            if report.get("start_of_day_seconds") is not None else format_clock(section["start_seconds"]),
            format_clock(round(sum(timed) / len(timed))) if timed else "–",
        ))
    budgets = [s["budget_seconds"] for s in report["sections"] if s["budget_seconds"] is not None]
    total_slides = len(report["slides"])
    rows.append(("", "Total", format_minutes(sum(budgets)) if budgets else "(none)",
                 format_clock(report["total_seconds"]), str(total_slides), "", ""))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    left_aligned = {1}

    def line(row) -> str:
        cells = [cell.ljust(widths[i]) if i in left_aligned else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        return "  ".join(cells).rstrip()

    lines = [report["title"], "", line(header), line(["-" * width for width in widths])]
    lines += [line(row) for row in rows[:-1]]
    lines += [line(["-" * width for width in widths]), line(rows[-1]), ""]
    lines.append(_slide_kinds(report["slides"]))
    total, duration = report["total_seconds"], report["duration_seconds"]
    if duration is None:
        lines.append(f"Talk: {format_clock(total)} planned; no duration given (use --duration or `duration:`)")
    elif total > duration:
        lines.append(f"Talk: {format_clock(total)} planned for {format_clock(duration)}: "
                     f"over by {format_minutes(total - duration)}")
    elif total < duration:
        lines.append(f"Talk: {format_clock(total)} planned for {format_clock(duration)}: "
                     f"{format_minutes(duration - total)} unused")
    else:
        lines.append(f"Talk: {format_clock(total)} planned for {format_clock(duration)}")
    if report.get("speakers"):
        lines.append("Speakers: " + ", ".join(
            f"{s['name']} {format_clock(s['planned_seconds'])} ({s['sections']} section{'s' * (s['sections'] != 1)})"
            for s in report["speakers"]))
    if report.get("start"):
        lines.append(f"Starts at {report['start']}")
    if report["warnings"] or report["info"]:
        lines.append("")
        lines += [f"info: {info}" for info in report["info"]]
        lines += [f"warning: {warning}" for warning in report["warnings"]]
    return "\n".join(lines)
