"""`--format runsheet`: the presenter's page, in Markdown and as a PDF.

For each section: when it starts (a clock time when the notes give `start:` or the build
`--start`, and always the offset into the talk), its budget, its speaker when known, then its slides, each with its
start, its first line and its notes in short. A 25-minute talk fits on one or two pages.
"""
from __future__ import annotations

import html
import re

from confdeck.export.chromium import Printer, PrintJob
from confdeck.export.handout import PAPER_MM
from confdeck.model import CodeBlock, Image, PlannedDeck, PlannedSlide, RawHtml, Table, plain_text
from confdeck.read.budgets import format_at, format_clock, format_minutes

FIRST_LINE_CHARS = 70
NOTE_CHARS = 110
MARGIN_MM = 14.0
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_TAG = re.compile(r"<[^>]*>")


def _md(text: str) -> str:
    """Text as Markdown that shows exactly that text (markup characters escaped, one line)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _when(offset: int, start_of_day: int | None) -> str:
    """`14:05 (+5:00)` when the talk has a start time (`start:`, `--start`), else `+5:00`."""
    if start_of_day is None:
        return format_at(offset, None)
    return f"{format_at(offset, start_of_day)} ({format_at(offset, None)})"


def first_line(slide: PlannedSlide) -> str:
    """What the slide opens with, as one short line of text."""
    for block in slide.blocks:
        if isinstance(block, CodeBlock):
            text = next((line for line in block.code.splitlines() if line.strip()), "")
        elif isinstance(block, Table):
            text = " | ".join(plain_text(cell) for cell in block.header)
        elif isinstance(block, Image):
            text = f"picture: {block.alt or block.src}"
        elif isinstance(block, RawHtml):
            text = html.unescape(_TAG.sub(" ", block.html))
        else:
            text = next((plain_text(runs) for runs in block.text_lines() if plain_text(runs).strip()), "")
        if text.strip():
            return _cut(text, FIRST_LINE_CHARS)
    return ""


def short_notes(slide: PlannedSlide) -> str:
    """The first sentence of each note, cut to a line (the pacing line is not part of the notes)."""
    firsts = [_SENTENCE_END.split(" ".join(note.split()), maxsplit=1)[0] for note in slide.notes if note.strip()]
    return _cut(" · ".join(firsts), NOTE_CHARS) if firsts else ""


def runsheet_markdown(planned: PlannedDeck) -> str:
    deck = planned.deck
    clock = deck.start_of_day
    by_section: dict[int, list[PlannedSlide]] = {}
    for slide in planned.slides:
        if slide.section_index is not None:
            by_section.setdefault(slide.section_index, []).append(slide)
    talk = format_clock(planned.total_seconds) + " planned"
    if deck.duration_seconds:
        talk += f" of {format_clock(deck.duration_seconds)}"
    speakers = deck.speakers or ([deck.author] if deck.author else [])
    who = f"Speaker{'s' if len(speakers) > 1 else ''}: {', '.join(speakers)}" if speakers else None
    facts = [part for part in (who, deck.date and str(deck.date), talk,
                               f"starts {_when(0, clock).split(' ')[0]}" if clock is not None else None) if part]
    lines = [f"# Run sheet: {_md(deck.title)}", "", _md(" · ".join(facts)), ""]
    offset = 0
    for index, section in enumerate(deck.sections):
        slides = by_section.get(index, [])
        if index < len(planned.agenda) and planned.agenda[index].start_seconds is not None:
            offset = planned.agenda[index].start_seconds  # the plan's own start, as on the agenda slide
        planned_seconds = sum(slide.seconds for slide in slides)
        budget = format_minutes(section.budget_seconds) if section.budget_seconds is not None else "no budget"
        heading = f"## {_when(offset, clock)} · {_md(section.title)} · {budget}"
        if planned_seconds != section.budget_seconds:
            heading += f" (planned {format_clock(planned_seconds)})"
        lines.append(heading)
        if section.speaker:
            lines += ["", f"Speaker: {_md(section.speaker)}"]
        lines.append("")
        slide_start = offset
        for slide in slides:
            if slide.kind != "section":
                entry = f"- +{format_clock(slide_start)} **{_md(slide.title)}**"
                opening = first_line(slide)
                if opening:
                    entry += f" — {_md(opening)}"
                notes = short_notes(slide)
                if notes:
                    entry += f"  \n  _Notes: {_md(notes)}_"
                lines.append(entry)
            slide_start += slide.seconds
        lines.append("")
        offset += planned_seconds
    lines.append(f"End: {_when(offset, clock)}")
    return "\n".join(lines) + "\n"


RUNSHEET_CSS = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; line-height: 1.3;
  color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h1 + p { margin: 0 0 3mm; color: #444; }
h2 { font-size: 11pt; margin: 3.5mm 0 1mm; padding-top: 1.5mm; border-top: 0.3mm solid #999; break-after: avoid; }
p { margin: 0 0 1mm; }
ul { margin: 0; padding-left: 5mm; }
li { margin: 0 0 1mm; break-inside: avoid; }
em { color: #444; }
"""


def runsheet_page(markdown: str, title: str, paper: str) -> bytes:
    import marko

    width, height = PAPER_MM[paper]
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n"
            f"<style>@page {{ size: {width}mm {height}mm; margin: {MARGIN_MM}mm; }}{RUNSHEET_CSS}</style>\n"
            f"</head>\n<body>\n{marko.convert(markdown)}</body>\n</html>\n").encode("utf-8")


def runsheet_pdf(printer: Printer, markdown: str, planned: PlannedDeck, paper: str) -> bytes:
    return printer.print_pdf(PrintJob(runsheet_page(markdown, f"Run sheet: {planned.deck.title}", paper)))
