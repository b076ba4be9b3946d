"""Transcripts (speech with no outline) → a skeleton Deck of parts of a few minutes each.

Captions arrive one fragment per line with no punctuation; other transcripts
come as long lines of prose. Either way the text is cut into parts of about N
minutes of speech, at a gap (a `[Music]` marker, blank lines) or at a turn
of topic where one is near, and every word lands in some part's notes.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from confdeck.errors import ConfdeckError
from confdeck.model import Deck, Quote, Run, Section, Slide, Span
from confdeck.read.words import content_words

WORDS_PER_MINUTE = 140   # an ordinary speaking rate (130-150)
SECTION_MINUTES = 10     # parts are grouped into sections of about this much speech
MAX_UNIT_WORDS = 40      # longer lines are cut at sentences so a part can end inside them
OPENING_WORDS = 18       # how much of a part's opening the skeleton slide quotes

_MARKER = re.compile(r"^\s*(?:\[[^\[\]]{1,40}\]|\([A-Za-z ]{1,20}\)|♪+[^♪]*♪*)\s*$")
# Subtitle files: `00:01:02,500 --> 00:01:05,000` (SRT) or `01:02.500 --> 01:05.000 align:start` (WebVTT).
_STAMP = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_CUE_TIME = re.compile(rf"^(?P<start>{_STAMP})\s*-->\s*(?P<end>{_STAMP})(?:\s.*)?$")
_VTT_HEADER = re.compile(r"^WEBVTT\b")
PAUSE_SECONDS = 2.0     # silence between subtitle cues that counts as a pause (4 s: a clear one)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Words with which speakers often turn to something new.
_TURN_WORDS = frozenset("so okay ok alright now next hello hi welcome thanks thank".split())

# Outline marks a Markdown reader would turn into sections or bullets.
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
_BULLET = re.compile(r"^\s*[-+*]\s+\S")
_ORDERED = re.compile(r"^\s*(\d{1,9})[.)]\s+\S")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def has_outline_marks(text: str) -> bool:
    """Whether Markdown would find a heading or a list in the text (CommonMark's rules, roughly).

    A list may interrupt a paragraph only with a bullet or `1.`, so a caption line such as
    `13.` inside running speech is not a list.
    """
    previous_blank, previous_text, in_fence = True, False, False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            previous_blank, previous_text = False, False
            continue
        if in_fence:
            continue
        if _ATX_HEADING.match(line) or (previous_text and _SETEXT_UNDERLINE.match(line)
                                        and not _BULLET.match(line)):
            return True
        if _BULLET.match(line):
            return True
        ordered = _ORDERED.match(line)
        if ordered and (previous_blank or ordered.group(1) == "1"):
            return True
        previous_blank = not line.strip()
        previous_text = not previous_blank
    return False


def no_outline_error(text: str, shown: str) -> ConfdeckError:
    lines = len(text.splitlines())
    suggestion = PurePath(shown).with_suffix(".md") if PurePath(shown).suffix != ".md" \
        else PurePath(shown).with_name(PurePath(shown).stem + "-outline.md")
    return ConfdeckError(
        f"no outline found (looks like a transcript: {lines} line{'s' if lines != 1 else ''}, "
        f"no headings or lists); try: confdeck import transcript {shown} -o {suggestion.as_posix()}",
        Span(shown))


# -- cutting ---------------------------------------------------------------------

@dataclass
class Unit:
    """A caption line (or a sentence of a long line): the smallest piece a part is made of."""
    text: str
    line: int
    spoken: int            # words of speech, markers excluded
    gap_before: float = 0  # 0 … 1: how clearly the speech pauses before this unit


@dataclass
class Part:
    units: list[Unit]
    title: str = ""
    seconds: int = 0
    start_seconds: int = 0
    words: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.words = sum(unit.spoken for unit in self.units)

    @property
    def text(self) -> str:
        return " ".join(unit.text for unit in self.units)

    @property
    def line(self) -> int:
        return self.units[0].line


def transcript_units(text: str) -> list[Unit]:
    """The transcript's pieces of speech, each with how clear a pause comes before it.

    Pauses are read from what the file has: `[Music]`-style markers, blank lines, and
    in subtitle files (SRT, WebVTT) the silence between one cue's end and the next
    one's start. Cue numbers, timestamps and the WEBVTT header are timing, not words.
    """
    lines = text.split("\n")
    timed = any(_CUE_TIME.match(line) for line in lines)
    units: list[Unit] = []
    blank_run = 0
    pending_gap = 0.0       # a pause seen in the timing, for the next piece of speech
    last_end: float | None = None
    for index, raw in enumerate(lines):
        number = index + 1
        line = " ".join(raw.split())
        if not line:
            blank_run += 1
            continue
        cue = _CUE_TIME.match(line) if timed else None
        if cue:
            start, end = _seconds(cue["start"]), _seconds(cue["end"])
            if last_end is not None and start - last_end >= PAUSE_SECONDS:
                pending_gap = max(pending_gap, min(1.0, (start - last_end) / (2 * PAUSE_SECONDS)))
            last_end = end
            blank_run = 0
            continue
        if timed and (_VTT_HEADER.match(line) and not units or _is_cue_number(line, lines, index)):
            blank_run = 0
            continue
        gap = 0.0 if timed or not units else min(1.0, 0.5 * blank_run)
        gap = max(gap, pending_gap)
        blank_run, pending_gap = 0, 0.0
        if _MARKER.match(line):
            units.append(Unit(line, number, 0, max(gap, 1.0)))
            continue
        for position, piece in enumerate(_pieces(line)):
            units.append(Unit(piece, number, len(piece.split()), gap if position == 0 else 0.0))
    # The speech after a marker also starts afresh.
    for previous, unit in zip(units, units[1:]):
        if previous.spoken == 0 and unit.spoken:
            unit.gap_before = max(unit.gap_before, 0.9)
    return units


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    return sum(float(part) * 60 ** power for power, part in enumerate(reversed(parts)))


def _is_cue_number(line: str, lines: list[str], index: int) -> bool:
    """A bare number is an SRT cue number only when a cue's timing follows it."""
    if not line.isdigit():
        return False
    following = next((other for other in lines[index + 1:] if other.strip()), "")
    return bool(_CUE_TIME.match(" ".join(following.split())))


def _pieces(line: str) -> list[str]:
    if len(line.split()) <= MAX_UNIT_WORDS:
        return [line]
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(line):
        tokens = sentence.split()
        for start in range(0, len(tokens), MAX_UNIT_WORDS):
            pieces.append(" ".join(tokens[start:start + MAX_UNIT_WORDS]))
    return [piece for piece in pieces if piece]


def topic_turns(units: list[Unit], window: int = 60) -> list[float]:
    """For each unit, 0 … 1: how different the words after its start are from those before.

    A lexical-cohesion measure (TextTiling's idea): content words in a window
    of about `window` spoken words each side, compared by cosine similarity.
    """
    bags = [Counter(content_words(unit.text)) for unit in units]
    turns = [0.0] * len(units)
    for index in range(1, len(units)):
        before, after = Counter(), Counter()
        count, j = 0, index - 1
        while j >= 0 and count < window:
            before.update(bags[j])
            count += units[j].spoken
            j -= 1
        count, j = 0, index
        while j < len(units) and count < window:
            after.update(bags[j])
            count += units[j].spoken
            j += 1
        turns[index] = 1.0 - _cosine(before, after)
        first = units[index].text.split(" ", 1)[0].lower()
        if first in _TURN_WORDS:
            turns[index] = min(1.0, turns[index] + 0.1)
    return turns


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[word] * b[word] for word in a if word in b)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def cut_parts(units: list[Unit], minutes: float) -> list[list[Unit]]:
    """Cut units into parts of about `minutes` of speech, preferring gaps and topic turns.

    Dynamic programming over unit boundaries: a part costs the square of its
    relative distance from the target length, a cut costs less the clearer the
    pause or turn at that point.
    """
    if not units:
        return []
    target = max(1.0, minutes * WORDS_PER_MINUTE)
    total = sum(unit.spoken for unit in units)
    if total <= 1.5 * target:
        return [units]
    turns = topic_turns(units)
    strength = [max(unit.gap_before, 0.8 * turn) for unit, turn in zip(units, turns)]
    prefix = [0]
    for unit in units:
        prefix.append(prefix[-1] + unit.spoken)
    n = len(units)
    best = [math.inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    for end in range(1, n + 1):
        cut_cost = 0.0 if end == n else 0.8 * (1.0 - strength[end])
        start = end - 1
        while start >= 0:
            size = prefix[end] - prefix[start]
            if size > 2 * target and end - start > 1:
                break
            if best[start] < math.inf and (size >= 0.4 * target or start == 0 or end == n):
                cost = best[start] + ((size - target) / target) ** 2 + cut_cost
                if cost < best[end]:
                    best[end], back[end] = cost, start
            start -= 1
    parts: list[list[Unit]] = []
    end = n
    while end > 0:
        start = back[end]
        parts.append(units[start:end])
        end = start
    parts.reverse()
    return parts


# -- the skeleton deck --------------------------------------------------------------

@dataclass
class Skeleton:
    """The deck and the budget of each part slide, keyed by (section index, slide index)."""
    deck: Deck
    slide_budgets: dict[tuple[int, int], int]
    parts: list[Part]                                   # the parts kept in the deck
    left_out: list[Part] = field(default_factory=list)  # parts a --duration or --slides left out


TALK_SLIDE_SECONDS = 120  # --duration alone: a slide for about every two minutes of the talk
TELLING_WORDS = 12        # a part's score: the weight of its this many most particular words


def telling_scores(parts: list[Part]) -> list[float]:
    """How much each part says that the others do not: the summed weight of its most particular
    content words (frequent in the part, rare in the rest). Greetings, music and small talk score low."""
    bags = [Counter(content_words(" ".join(u.text for u in part.units if u.spoken))) for part in parts]
    spread = Counter(word for bag in bags for word in bag)
    scores = []
    for bag in bags:
        weights = sorted((count * math.log(1 + len(bags) / spread[word]) for word, count in bag.items()),
                         reverse=True)
        scores.append(sum(weights[:TELLING_WORDS]))
    return scores


def choose_parts(parts: list[Part], keep: int) -> tuple[list[Part], list[Part]]:
    """The most telling part of each of `keep` equal stretches of the recording, and the parts left out.

    One per stretch, not the best `keep` overall: a talk about a four-hour recording should
    cover all of it, not five parts of the one session that used the rarest words.
    """
    if keep >= len(parts):
        return parts, []
    scores = telling_scores(parts)
    best = set()
    for stretch in range(keep):
        first, last = stretch * len(parts) // keep, (stretch + 1) * len(parts) // keep
        best.add(max(range(first, last), key=lambda i: (scores[i], -i)))
    return [p for i, p in enumerate(parts) if i in best], [p for i, p in enumerate(parts) if i not in best]


def part_titles(parts: list[Part]) -> list[str]:
    """Placeholder titles: each part's most frequent content words, weighted by how particular
    they are to the part (a word every part uses, like the conference's name, says little)."""
    bags = [Counter(content_words(" ".join(u.text for u in part.units if u.spoken))) for part in parts]
    spread = Counter(word for bag in bags for word in bag)
    titles = []
    for number, bag in enumerate(bags, start=1):
        weight = {word: count * math.log(1 + len(bags) / spread[word]) for word, count in bag.items()}
        found = sorted(weight, key=lambda word: -weight[word])[:3]
        titles.append(" · ".join(word[:1].upper() + word[1:] for word in found) if found else f"Part {number}")
    return titles


def speech_seconds(words: int) -> int:
    """Speaking time rounded to half minutes, at least half a minute."""
    return max(30, round(words / WORDS_PER_MINUTE * 2) * 30)


def clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _whole_minutes(seconds: int) -> int:
    return int(seconds / 60 + 0.5)


def _opening(text: str) -> str:
    tokens = [token for token in text.split() if not _MARKER.match(token)]
    opening = " ".join(tokens[:OPENING_WORDS])
    return opening + (" …" if len(tokens) > OPENING_WORDS else "")


def _group_sections(parts: list[Part], units_gap: list[float]) -> list[list[Part]]:
    """About SECTION_MINUTES per section, closing early at a clear pause."""
    groups: list[list[Part]] = [[]]
    limit = SECTION_MINUTES * 60
    for index, part in enumerate(parts):
        groups[-1].append(part)
        used = sum(p.seconds for p in groups[-1])
        if index + 1 < len(parts):
            pause = units_gap[index + 1]
            if used >= 1.3 * limit or (used >= 0.7 * limit and pause >= 0.9):
                groups.append([])
    return [group for group in groups if group]


def read_transcript(text: str, path: str, minutes: float = 2.0, talk_seconds: int | None = None,
                    slides: int | None = None) -> Skeleton:
    """The whole transcript as parts of about `minutes`; with `talk_seconds` or `slides`, only the
    most telling parts, as many as a talk of that length has slides, sharing its time."""
    units = transcript_units(text)
    if not any(unit.spoken for unit in units):
        raise ConfdeckError("nothing to import: the file has no words of speech", Span(path))
    parts: list[Part] = []
    elapsed = 0
    for piece in cut_parts(units, minutes):
        part = Part(piece)
        part.seconds = speech_seconds(part.words)
        part.start_seconds = elapsed
        elapsed += part.seconds
        parts.append(part)
    for part, title in zip(parts, part_titles(parts)):
        part.title = title
    left_out: list[Part] = []
    speech_total = elapsed
    if talk_seconds is not None or slides is not None:
        keep = slides if slides is not None else max(1, round(talk_seconds / TALK_SLIDE_SECONDS))
        parts, left_out = choose_parts(parts, keep)
        shares = _shares(talk_seconds if talk_seconds is not None else sum(p.seconds for p in parts), len(parts))
        elapsed = 0
        for part, share in zip(parts, shares):
            part.seconds, part.start_seconds = share, elapsed
            elapsed += share
    total_words = sum(part.words for part in parts) + sum(part.words for part in left_out)
    stem = PurePath(path).stem.replace("_", " ").replace("-", " ").strip() or "Transcript"
    deck = Deck(title=stem[:1].upper() + stem[1:], source=path, span=Span(path, 1),
                subtitle=f"Skeleton from a transcript: {total_words:,} words, about {clock(speech_total)} of speech")
    deck.title_notes = [f"Made by confdeck import transcript from {path}: each slide is about {minutes:g} "
                        "minutes of the transcript, whose words are in its speaker notes. Rename the "
                        "placeholder titles, write the bullets, delete what you do not need."]
    if left_out:
        deck.title_notes.append(left_out_note(parts, left_out, elapsed))
    budgets: dict[tuple[int, int], int] = {}
    for group in _group_sections(parts, [part.units[0].gap_before for part in parts]):
        start = group[0].start_seconds
        end = start + sum(part.seconds for part in group)
        section = Section(f"Minutes {_whole_minutes(start)}–{_whole_minutes(end)}", end - start,
                          span=Span(path, group[0].line))
        for part in group:
            budgets[(len(deck.sections), len(section.slides))] = part.seconds
            quote = Quote([[Run(_opening(part.text))]], Span(path, part.line))
            section.slides.append(Slide(part.title, [quote], [part.text], Span(path, part.line)))
        deck.sections.append(section)
    return Skeleton(deck, budgets, parts, left_out)


def _shares(total: int, count: int) -> list[int]:
    """Whole seconds, as even as they come, adding up to total."""
    base, extra = divmod(total, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def left_out_note(kept: list[Part], left_out: list[Part], talk: int) -> str:
    """What the shortened skeleton kept and what it left out, by place in the recording and title."""
    def where(part: Part) -> str:
        return f"line {part.line} “{part.title}” ({part.words} words)"
    left_words = sum(part.words for part in left_out)
    return (f"Kept the {len(kept)} most telling of {len(kept) + len(left_out)} parts for a {clock(talk)} talk "
            f"(parts whose words are most particular to them). Left out {len(left_out)} parts, "
            f"{left_words:,} words: " + "; ".join(where(part) for part in left_out) + ".")
