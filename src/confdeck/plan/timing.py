"""Plan pass: time budgets → planned seconds per section and per slide, and the pacing lines.

The rules, in the order they apply:
* A section with a budget keeps it, even when the budgets add up to more than the talk.
* Sections without a budget share what the talk's duration leaves, in proportion to their
  content weight. With no duration, or nothing left, they get the default pace of one
  minute per content slide, and a warning names each of them.
* Inside a section, the header slide takes a short announcement (10 s, at most a tenth of
  the section); the content slides share the rest by content weight. A slide split into
  continuation pages shares its time over its pages. All in whole seconds that add up
  exactly to the section. A section with no content gives its time to its header.
* Title and agenda slides belong to no section and take no planned time.
* A slide's weight is what is shown on it and what the speaker will say about it: every word
  of its speaker notes counts as a word spoken.
"""
from __future__ import annotations

import re
from itertools import chain

from confdeck.errors import Diagnostic
from confdeck.model import (
    Block, BulletList, CodeBlock, Image, PlannedDeck, PlannedSlide, RawHtml, Run, Table, plain_text,
)
from confdeck.model import LENGTH_MARK
from confdeck.read.budgets import format_at, format_clock, format_minutes

DEFAULT_PACE_SECONDS = 60   # per content slide, for sections nobody gave time
HEADER_SECONDS = 10         # announcing a section
HEADER_SHARE = 0.1          # ... but never more than this share of a short section
MIN_SLIDE_SECONDS = 15      # less than this and the audience cannot read the slide
# More than this on one slide and the audience stops looking at it: three minutes is about 400
# spoken words, the length of a short story read aloud, and talk-coaching advice converges on
# one to two minutes a slide. Longer means the slide hides several points: split it or budget less.
MAX_SLIDE_SECONDS = 180
# A closing section that is only a prompt for the audience: no content is expected in it.
CLOSING_SECTION = re.compile(r"^\s*(questions?|q\s*[&/]\s*a|q\s*and\s*a|qa|ama|discussion|"
                             r"thank(s| you)|questions and answers)\W*$", re.IGNORECASE)

# Content weight in word-equivalents: roughly how long a slide takes to talk through.
SLIDE_WEIGHT = 10           # arriving at a slide and saying what it is about
POINT_WEIGHT = 3            # each bullet or paragraph is one more point to make
IMAGE_WEIGHT = 15           # a picture is talked over about as long as a short bullet list
CODE_LINE_WEIGHT = 2
TABLE_ROW_WEIGHT = 3

TIMED_KINDS = ("content", "image")


def _words(text: str) -> int:
    return len(text.split())


def block_weight(block: Block) -> float:
    """How much talking one block asks for, in word-equivalents: its words and one point to make,
    more for lists (a point per bullet), code and tables (per line and row) and pictures."""
    if isinstance(block, BulletList):
        return sum([_words(plain_text(item.runs)) + POINT_WEIGHT for item in block.items])
    if isinstance(block, CodeBlock):
        return CODE_LINE_WEIGHT * len(block.code.splitlines()) + POINT_WEIGHT
    if isinstance(block, Table):
        rows = [block.header, *block.rows]
        return sum(TABLE_ROW_WEIGHT + sum(_words(plain_text(cell)) for cell in row) for row in rows)
    if isinstance(block, RawHtml):
        return _words(block.html) + POINT_WEIGHT
    if isinstance(block, Image):
        return IMAGE_WEIGHT
    return sum(_words(plain_text(runs)) for runs in block.text_lines()) + POINT_WEIGHT


def content_weight(blocks: list[Block]) -> float:
    return sum(block_weight(block) for block in blocks)


# id(page) → the weight of each of its blocks: worked out once, since sections and pages both add them up.
BlockWeights = dict[int, list[float]]


def _block_weights(slides: list[PlannedSlide]) -> BlockWeights:
    return {id(slide): [block_weight(block) for block in slide.blocks] for slide in slides}


def notes_weight(slide: PlannedSlide) -> float:
    """The words of the speaker notes: what the presenter will say besides the slide."""
    return sum(len(line.split()) for line in slide.notes)


def _group_weight(group: list[PlannedSlide], weights: BlockWeights) -> float:
    """A source slide's weight: arriving at it, every block of its pages, and its speaker notes."""
    # Continuation pages repeat their slide's notes: count them once.
    return SLIDE_WEIGHT + sum(chain.from_iterable(weights[id(page)] for page in group)) + notes_weight(group[0])


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split whole seconds in proportion to weights so they add up exactly (largest remainder)."""
    if not weights:
        return []
    if sum(weights) <= 0:
        weights = [1.0] * len(weights)
    scale = sum(weights)
    exact = [total * weight / scale for weight in weights]
    shares = [int(value) for value in exact]
    # Hand the seconds lost to rounding down to the largest remainders, earliest first on ties.
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _source_slides(slides: list[PlannedSlide]) -> list[list[PlannedSlide]]:
    """Group continuation pages with the page they continue."""
    groups: list[list[PlannedSlide]] = []
    for slide in slides:
        if slide.page > 1 and groups:
            groups[-1].append(slide)
        else:
            groups.append([slide])
    return groups


def _quoted(title: str) -> str:
    # On one line: a title may hold a line break (<br>), and a warning is one `file:line: …` line.
    return f"“{' '.join(title.split())}”"


MAX_NAMED = 5   # a message names at most this many sections, then "… and N more"


def named_list(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_NAMED])
    return shown if len(names) <= MAX_NAMED else f"{shown} … and {len(names) - MAX_NAMED} more"


def _default_pace_warning(sections, seconds: list[int], duration: int | None, all_sections) -> Diagnostic:
    """One warning naming every section that got the default pace."""
    why = "no duration" if duration is None else f"no time left in the {format_minutes(duration)} talk"
    pace = f"planned at the default pace of {format_minutes(DEFAULT_PACE_SECONDS)} per slide"
    named = named_list([f"{_quoted(section.title)} ({format_minutes(s)})" for section, s in zip(sections, seconds)])
    if len(sections) == 1:
        message = f"section {named} has no budget and there is {why}: {pace}; give it a budget such as (~5 mins)"
    else:
        message = (f"{len(sections)} sections have no budget and there is {why}: {pace}: {named}; "
                   f"give them budgets such as (~5 mins)")
    # Notes without any budget are normal (the plan paces them): that is information, not a warning.
    level = "info" if all(section.budget_seconds is None for section in all_sections) else "warning"
    return Diagnostic(message, sections[0].span, level)


def _section_seconds(planned: PlannedDeck, duration: int | None, groups: list[list[list[PlannedSlide]]],
                     block_weights: BlockWeights) -> tuple[list[int], list[Diagnostic]]:
    """Planned seconds of each section, and the talk-level warnings."""
    sections = planned.deck.sections
    seconds = [section.budget_seconds or 0 for section in sections]
    unbudgeted = [i for i, section in enumerate(sections) if section.budget_seconds is None]
    budgeted_total = sum(section.budget_seconds for section in sections if section.budget_seconds is not None)
    warnings: list[Diagnostic] = []
    left = duration - budgeted_total if duration is not None else None

    if unbudgeted and left is not None and left > 0:
        weights = [sum(_group_weight(group, block_weights) for group in groups[i]) for i in unbudgeted]
        for i, share in zip(unbudgeted, apportion(left, weights)):
            seconds[i] = share
            slides = sum(len(group) for group in groups[i])
            if slides and share > left / 2 and share / slides > MAX_SLIDE_SECONDS:
                warnings.append(Diagnostic(
                    f"section {_quoted(sections[i].title)} has no budget and takes {format_minutes(share)} "
                    f"of the {format_minutes(left)} the budgets leave ({format_clock(share // slides)} per slide); "
                    f"give it a budget such as (~5 mins), or budget the other sections to fill the talk",
                    sections[i].span))
    elif unbudgeted:
        for i in unbudgeted:
            # Every slide shown counts: a talk summary spread over 4 pages is 4 slides of talking.
            seconds[i] = DEFAULT_PACE_SECONDS * sum(len(group) for group in groups[i])
        warnings.append(_default_pace_warning([sections[i] for i in unbudgeted],
                                              [seconds[i] for i in unbudgeted], duration, sections))
    elif left is not None and left > 0:
        warnings.insert(0, Diagnostic(
            f"budgets add up to {format_minutes(budgeted_total)}, leaving {format_minutes(left)} "
            f"of the {format_minutes(duration)} talk unused", planned.deck.span))

    total = sum(seconds)
    if duration is not None and total > duration:
        what = f"budgets add up to {format_minutes(total)}" if not unbudgeted else \
            f"the plan takes {format_minutes(total)} (budgets {format_minutes(budgeted_total)})"
        warnings.insert(0, Diagnostic(
            f"talk is over by {format_minutes(total - duration)}: {what} "
            f"but the talk is {format_minutes(duration)}", planned.deck.span))
    return seconds, warnings


def _split_section(seconds: int, header: PlannedSlide | None, groups: list[list[PlannedSlide]],
                   block_weights: BlockWeights) -> None:
    """Give each slide of one section its whole seconds, adding up exactly to the section."""
    if not groups:
        if header is not None:
            header.seconds = seconds
        return
    header_seconds = min(HEADER_SECONDS, int(seconds * HEADER_SHARE)) if header is not None else 0
    if header is not None:
        header.seconds = header_seconds
    group_weights = [_group_weight(group, block_weights) for group in groups]
    for group, group_seconds in zip(groups, apportion(seconds - header_seconds, group_weights)):
        page_weights = [sum(block_weights[id(page)]) for page in group]
        for page, page_seconds in zip(group, apportion(group_seconds, page_weights)):
            page.seconds = page_seconds


def _pacing_lines(planned: PlannedDeck, seconds: list[int], duration: int | None) -> list[int]:
    """Write each slide's pacing line; return each section's start time."""
    sections = planned.deck.sections
    starts: list[int | None] = [None] * len(sections)
    clock = 0
    for slide in planned.slides:
        index = slide.section_index
        if index is None:
            if slide.kind == "title":
                parts = ["Talk"]
                if duration is not None:
                    parts.append(f"{format_clock(duration)} duration")
                parts += [f"{format_clock(planned.total_seconds)} planned", f"{len(sections)} sections"]
                slide.pacing = " · ".join(parts)
            continue
        if starts[index] is None:
            starts[index] = clock
        clock += slide.seconds
        kind = "budget" if sections[index].budget_seconds is not None else "planned"
        owner = f" · {sections[index].speaker}" if sections[index].speaker else ""
        slide.pacing = (f"Section {index + 1}/{len(sections)}{owner} · {format_clock(seconds[index])} {kind} · "
                        f"this slide {format_clock(slide.seconds)} · ends at {format_at(clock, planned.deck.start_of_day)}")
    # A section without any slide starts where the one before it ended.
    totals = [0] * len(sections)
    for slide in planned.slides:
        if slide.section_index is not None:
            totals[slide.section_index] += slide.seconds
    result, previous_end = [], 0
    for index, start in enumerate(starts):
        start = previous_end if start is None else start
        result.append(start)
        previous_end = start + totals[index]
    return result


def planned_length(seconds: int, budgeted: bool) -> str:
    """`5 min` for a budget the speaker wrote, `~2 min` for time the plan worked out."""
    return format_minutes(seconds) if budgeted else f"~{format_minutes(seconds)}"


def agenda_runs(at: str, title: str, length: str | None, speaker: str | None = None) -> list[Run]:
    """`+0:00  Conference overview — 5 min · Alice`: when each section starts, how long it takes, who gives it."""
    # The length a run of its own (LENGTH_MARK first): the agenda slide sets it in a column on the right.
    runs = [Run(at, bold=True), Run(f"  {title}")]
    if length:
        runs.append(Run(f"{LENGTH_MARK}{length}"))
    if speaker:
        runs.append(Run(f" · {speaker}"))
    return runs


def _update_agenda(planned: PlannedDeck, seconds: list[int], starts: list[int]) -> None:
    items = [item for slide in planned.slides if slide.kind == "agenda"
             for block in slide.blocks if isinstance(block, BulletList) for item in block.items]
    for entry, start in zip(planned.agenda, starts):
        entry.start_seconds = start
    if len(items) != len(planned.deck.sections):
        return  # an agenda someone else shaped: leave its text alone
    deck = planned.deck
    for item, section, start, section_seconds in zip(items, deck.sections, starts, seconds):
        # An empty section (no time at all) shows no length rather than "~0 min".
        length = planned_length(section_seconds, section.budget_seconds is not None) \
            if deck.show_budgets != "none" and (section_seconds or section.budget_seconds) else None
        item.runs = agenda_runs(format_at(start, deck.start_of_day), section.title, length, section.speaker)


def plan_timing(planned: PlannedDeck, options) -> PlannedDeck:
    deck = planned.deck
    duration = options.duration_seconds if options.duration_seconds is not None else deck.duration_seconds
    headers: dict[int, PlannedSlide] = {}
    timed: dict[int, list[PlannedSlide]] = {i: [] for i in range(len(deck.sections))}
    for slide in planned.slides:
        slide.seconds = 0
        if slide.section_index is None:
            continue
        if slide.kind == "section":
            headers.setdefault(slide.section_index, slide)
        elif slide.kind in TIMED_KINDS:
            timed[slide.section_index].append(slide)
    groups = [_source_slides(timed[i]) for i in range(len(deck.sections))]

    block_weights = _block_weights([page for index in timed for page in timed[index]])
    seconds, warnings = _section_seconds(planned, duration, groups, block_weights)
    for index, section in enumerate(deck.sections):
        header = headers.get(index)
        _split_section(seconds[index], header, groups[index], block_weights)
        if header is not None and deck.show_budgets == "sections" and section.budget_seconds is None \
                and seconds[index]:
            header.subtitle = " · ".join(filter(None, [planned_length(seconds[index], False), section.speaker]))
        closing = index == len(deck.sections) - 1 and CLOSING_SECTION.match(section.title)
        if not groups[index] and header is not None and not closing:
            warnings.append(Diagnostic(f"section {_quoted(section.title)} has no content: "
                                       f"only its header slide is shown", section.span))
    absorbing = {d.span for d in warnings if "has no budget and takes" in d.message}
    for slide in planned.slides:
        if slide.kind not in TIMED_KINDS or slide.section_index is None:
            continue
        if slide.seconds < MIN_SLIDE_SECONDS:
            warnings.append(Diagnostic(f"slide {_quoted(slide.title)} gets only {slide.seconds} s "
                                       f"(less than {MIN_SLIDE_SECONDS} s)", slide.span))
        elif slide.seconds > MAX_SLIDE_SECONDS and deck.sections[slide.section_index].span not in absorbing:
            warnings.append(Diagnostic(f"slide {_quoted(slide.title)} gets {format_clock(slide.seconds)} "
                                       f"(more than {format_minutes(MAX_SLIDE_SECONDS)} on one slide: "
                                       f"split it, or give its section less time)", slide.span))

    planned.total_seconds = sum(slide.seconds for slide in planned.slides)
    starts = _pacing_lines(planned, seconds, duration)
    _update_agenda(planned, seconds, starts)
    planned.diagnostics.extend(warnings)
    return planned
