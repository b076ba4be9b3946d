"""Talk listings (video catalogues) → a catalogue Deck.

A listing is recognised by its shape, not by its name or its event:

    Title — Speaker[, Speaker …]

    [Event — Room on YYYY-MM-DD] Title by Speaker https://… abstract … --- licence

    Watch

The bracketed line carries the event, room, date, link and abstract; the line
before it the title and speakers; `Watch` lines and blank lines separate talks.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from confdeck.errors import ConfdeckError
from confdeck.model import (
    BulletList, Deck, ListItem, Paragraph, Run, Section, Slide, Span,
)
from confdeck.read.abstract import abstract_parts, key_sentences, split_licence
from confdeck.read.inline import inline_runs

TALK_SECONDS = 120  # the placeholder budget per talk: enough to say why it is worth watching

_DASH = r"\s+[—–]\s+"
_BRACKET = re.compile(r"^\[(?P<where>[^\[\]]*?)\s+on\s+(?P<date>\d{4}-\d{1,2}-\d{1,2})\]\s*(?P<rest>.*)$")
# The end of the date that closes every detail line's bracket (_BRACKET): one search of the whole
# text finds whether any line can be one. It starts with a plain character, which the regex engine
# skips to; a pattern starting with \d is tried at every position (40 times slower on 500 kB).
_BRACKET_DATE_END = re.compile(r"-\d{1,2}\]")
_TITLE_LINE = re.compile(rf"^(?P<title>.+\S){_DASH}(?P<speakers>\S.*)$")
_WATCH = re.compile(r"^(?:▶\s*)?watch(?:\s+(?:the\s+)?(?:video|talk|recording|now|on\s+\S+))?\s*:?\s*(?:https?://\S+)?$",
                    re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"]+")
_SPEAKER_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b)\s*(?:and\s+|&\s*)?")

_MONTHS = ("January February March April May June July August September October November "
           "December").split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


@dataclass
class Talk:
    title: str
    speakers: list[str]
    span: Span
    event: str | None = None
    room: str | None = None
    date: dt.date | None = None
    url: str | None = None
    video_url: str | None = None
    abstract: str = ""
    licence: str = ""
    extra: list[str] = field(default_factory=list)  # stray lines kept for the speaker notes

    @property
    def speaker_text(self) -> str:
        return join_names(self.speakers)


@dataclass
class Listing:
    path: str
    heading: str | None
    talks: list[Talk]


def join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def split_speakers(text: str) -> list[str]:
    return [name.strip() for name in _SPEAKER_SEPARATOR.split(text.strip()) if name.strip()]


def long_date(date: dt.date) -> str:
    """`Wednesday 10 July 2024`, the same in every locale."""
    return f"{_WEEKDAYS[date.weekday()]} {date.day} {_MONTHS[date.month - 1]} {date.year}"


def date_range(dates: list[dt.date]) -> str:
    first, last = min(dates), max(dates)
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {_MONTHS[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month - 1]} – {last.day} {_MONTHS[last.month - 1]} {last.year}"
    return f"{first.day} {_MONTHS[first.month - 1]} {first.year} – {last.day} {_MONTHS[last.month - 1]} {last.year}"


# -- recognising -----------------------------------------------------------------

def _kind(line: str) -> str:
    stripped = line.strip()
    if not stripped:
        return "blank"
    if _BRACKET.match(stripped):
        return "bracket"
    if _WATCH.match(stripped):
        return "watch"
    if _TITLE_LINE.match(stripped):
        return "title"
    return "other"


def looks_like_listing(text: str) -> bool:
    """True when the text is mostly talk records: title lines, bracketed detail lines, `Watch`."""
    if not _BRACKET_DATE_END.search(text):
        return False   # no line can be a detail line: Markdown notes skip the line-by-line look
    return _mostly_talk_records(text)


def _mostly_talk_records(text: str) -> bool:
    """looks_like_listing, line by line."""
    kinds = [_kind(line) for line in text.split("\n")]
    if "bracket" not in kinds:
        return False
    start = min(i for i, kind in enumerate(kinds) if kind in ("title", "bracket"))
    body = [kind for kind in kinds[start:] if kind != "blank"]
    recognised = sum(kind != "other" for kind in body)
    return recognised >= 0.6 * len(body)


# -- parsing -----------------------------------------------------------------------

def parse_listing(text: str, path: str) -> Listing:
    lines = text.split("\n")
    kinds = [_kind(line) for line in lines]
    heading_lines: list[str] = []
    talks: list[Talk] = []
    index = 0
    while index < len(lines):
        kind, line = kinds[index], lines[index].strip()
        if kind == "watch":
            # `Watch` may carry the recording's address; it belongs to the talk above.
            video = _URL.search(line)
            if video and talks and not talks[-1].video_url:
                talks[-1].video_url = video.group()
            index += 1
            continue
        if kind == "blank":
            index += 1
            continue
        if kind == "title":
            following = _next_content(kinds, index + 1)
            talk = _talk_from_title_line(line, Span(path, index + 1))
            if following is not None and kinds[following] == "bracket":
                _add_details(talk, lines[following].strip(), Span(path, following + 1))
                index = following + 1
            else:
                index += 1
            talks.append(talk)
            continue
        if kind == "bracket":
            talk = Talk("", [], Span(path, index + 1))
            _add_details(talk, line, Span(path, index + 1))
            talks.append(talk)
            index += 1
            continue
        # Text that is not part of a record: before the first talk it heads the listing,
        # after that it belongs to the talk above (kept in its notes, never dropped).
        if talks:
            talks[-1].extra.append(line)
        else:
            heading_lines.append(line.lstrip("#").strip())
        index += 1
    if not talks:
        raise ConfdeckError("not a talk listing: expected `Title — Speaker` lines followed by "
                            "`[Event — Room on YYYY-MM-DD] Title by Speaker URL abstract` lines", Span(path))
    return Listing(path, " ".join(heading_lines) or None, talks)


def _next_content(kinds: list[str], start: int) -> int | None:
    for index in range(start, len(kinds)):
        if kinds[index] != "blank":
            return index
    return None


def _talk_from_title_line(line: str, span: Span) -> Talk:
    match = _TITLE_LINE.match(line)
    assert match is not None
    return Talk(match["title"].strip(), split_speakers(match["speakers"]), span)


def _add_details(talk: Talk, line: str, span: Span) -> None:
    match = _BRACKET.match(line)
    assert match is not None
    where = re.split(_DASH, match["where"].strip(), maxsplit=1)
    talk.event = where[0].strip() or None
    talk.room = where[1].strip() if len(where) > 1 and where[1].strip() else None
    try:
        talk.date = dt.date.fromisoformat("-".join(part.zfill(2) for part in match["date"].split("-")))
    except ValueError:
        raise ConfdeckError(f"{match['date']} is not a calendar date (expected YYYY-MM-DD)", span) from None
    rest = match["rest"].strip()
    url = _URL.search(rest)
    if url:
        head, tail = rest[:url.start()].strip(), rest[url.end():]
        talk.url = _trim_url(url.group())
    else:
        head, tail = _split_head_without_url(talk, rest)
    if not talk.title:
        title, _, speakers = head.rpartition(" by ")
        talk.title = (title or head).strip() or "Untitled talk"
        talk.speakers = split_speakers(speakers) if title else []
    talk.abstract, talk.licence = split_licence(tail)


def _trim_url(url: str) -> str:
    """Drop sentence punctuation after an address, and a `)` that closes a bracket opened before it."""
    while url and (url[-1] in ".,;:!?" or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _split_head_without_url(talk: Talk, rest: str) -> tuple[str, str]:
    """Without a link, `Title by Speaker` is known only from the title line above."""
    if talk.title:
        lead = f"{talk.title} by "
        if rest.startswith(lead):
            after = rest[len(lead):]
            for name in (talk.speaker_text, ", ".join(talk.speakers), " & ".join(talk.speakers)):
                if name and after.startswith(name):
                    return rest[:len(lead) + len(name)], after[len(name):]
        return "", rest
    return rest, ""


# -- the catalogue deck ----------------------------------------------------------------

@dataclass
class Catalogue:
    """The deck and the budget of each talk slide, keyed by (section index, slide index)."""
    deck: Deck
    slide_budgets: dict[tuple[int, int], int]


def event_name(listing: Listing) -> str:
    events = Counter(talk.event for talk in listing.talks if talk.event)
    if not events:
        return listing.heading or "Talk catalogue"
    names = [name for name, _ in events.most_common()]
    return join_names(names)


def talk_slide(talk: Talk) -> Slide:
    details = [part for part in (talk.room, long_date(talk.date) if talk.date else None) if part]
    byline: list[Run] = []
    if talk.speakers:
        byline.append(Run(talk.speaker_text, bold=True))
    if details:
        byline.append(Run((" · " if byline else "") + " · ".join(details)))
    blocks = [Paragraph(byline, talk.span)] if byline else []
    bullets = key_sentences(talk.abstract, talk.title)
    if bullets:
        blocks.append(BulletList([ListItem(inline_runs(sentence), span=talk.span) for sentence in bullets],
                                 talk.span))
    notes = abstract_parts(talk.abstract) + talk.extra
    # Full addresses are long and wrap badly on a slide; the notes keep them for print-outs.
    links: list[Run] = []
    for label, url in (("Talk page", talk.url), ("Video", talk.video_url)):
        if url:
            if links:
                links.append(Run(" · "))
            links.append(Run(f"{label} on {urlsplit(url).hostname or url}", href=url))
            notes.append(f"{label}: {url}")
    if links:
        blocks.append(Paragraph(links, talk.span))
    return Slide(talk.title, blocks, notes, talk.span)


def rooms_slide(talks: list[Talk], span: Span) -> Slide | None:
    """The day's talks grouped by room, when the listing names rooms."""
    if len(talks) < 2 or not any(talk.room for talk in talks):
        return None
    rooms: dict[str, list[Talk]] = {}
    for talk in talks:
        rooms.setdefault(talk.room or "Room not given", []).append(talk)
    items: list[ListItem] = []
    for room, in_room in rooms.items():
        # Titles only, and a room with one talk on one line: the talk slides name the speakers,
        # and a day's overview should fit one slide for as long as it can.
        if len(in_room) == 1:
            items.append(ListItem([Run(f"{room}: {in_room[0].title}")], 0, span=in_room[0].span))
            continue
        items.append(ListItem([Run(f"{room} ({len(in_room)} talks)")], 0, span=in_room[0].span))
        items.extend(ListItem([Run(talk.title)], 1, span=talk.span) for talk in in_room)
    return Slide("Talks by room", [BulletList(items, span)], span=span)


def catalogue(listing: Listing) -> Catalogue:
    """One section per day (talks in listing order), a rooms overview, a slide per talk."""
    path = listing.path
    days: dict[dt.date | None, list[Talk]] = {}
    for talk in listing.talks:
        days.setdefault(talk.date, []).append(talk)
    ordered = sorted(days, key=lambda day: (day is None, day or dt.date.min))
    dates = [talk.date for talk in listing.talks if talk.date]
    count = len(listing.talks)
    summary = f"{count} talk" + ("s" if count != 1 else "") + (f", {date_range(dates)}" if dates else "")
    deck = Deck(title=event_name(listing), source=path, span=listing.talks[0].span,
                subtitle=f"{listing.heading or 'Talk catalogue'} — {summary}")
    licences = list(dict.fromkeys(talk.licence for talk in listing.talks if talk.licence))
    if licences:
        # Kept once, off the slides: the abstracts in the notes are reused under these terms.
        deck.title_notes = [f"Talk abstracts from the listing: {licence}" for licence in licences]
    budgets: dict[tuple[int, int], int] = {}
    for day in ordered:
        talks = days[day]
        section = Section(long_date(day) if day else "Date not given", TALK_SECONDS * len(talks),
                          span=talks[0].span)
        overview = rooms_slide(talks, talks[0].span)
        if overview:
            section.slides.append(overview)
        for talk in talks:
            budgets[(len(deck.sections), len(section.slides))] = TALK_SECONDS
            section.slides.append(talk_slide(talk))
        deck.sections.append(section)
    return Catalogue(deck, budgets)


def read_listing(text: str, path: str) -> Deck:
    return catalogue(parse_listing(text, path)).deck
