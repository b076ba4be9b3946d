"""Time budgets written at the end of outline titles, e.g. `Conference overview (~5 mins)`, and talk lengths.

A budget is a duration with a unit, either in brackets at the very end of the title
(`(~5 mins)`, `[3m]`, `(1h 15m)`, `(5')`) or after a dash (`— 4 mins`, `- 4 minutes`).
A number without a unit is never a budget, so `(2020)`, `(v1.2)` or `(!!!!)` stay in the title.
"""
from __future__ import annotations

import re

_NUMBER = r"\d+(?:\.\d+)?"
# Longest spellings first so `minutes` is not read as `m` + `inutes`; `'`/`"` are minutes/seconds marks.
_UNIT = (r"hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s|['′]|[\"″]")
# A unit must not run on into a word: `5 mins` yes, `5 mangoes` no.
_PART = rf"{_NUMBER}\s*(?:{_UNIT})(?![a-z])"
_AMOUNT = rf"{_PART}(?:\s*,?\s*(?:and\s+)?{_PART})*"
_ABOUT = r"(?:~|≈|ca\.?\s|approx\.?\s|about\s|circa\s)?"

_BRACKETED = re.compile(
    rf"\s*(?:\(\s*{_ABOUT}\s*(?P<round>{_AMOUNT})\s*\)|\[\s*{_ABOUT}\s*(?P<square>{_AMOUNT})\s*\])\s*[:.]?\s*$",
    re.IGNORECASE)
# An em/en dash may touch the title (`Intro—4 mins`); a hyphen needs a space before it (`Top-5 mins` is no budget).
_AFTER_DASH = re.compile(
    rf"(?:\s*[—–]|\s+--?)\s*{_ABOUT}\s*(?P<dash>{_AMOUNT})\s*[:.]?\s*$", re.IGNORECASE)
_PART_PARSER = re.compile(rf"({_NUMBER})\s*({_UNIT})(?![a-z])", re.IGNORECASE)

_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1, "'": 60, "′": 60, '"': 1, "″": 1}


def amount_seconds(text: str) -> int:
    """Seconds in an amount such as `1h 15m`, `90s` or `5'` (already known to match the grammar)."""
    return round(sum(float(number) * _UNIT_SECONDS[unit[0].lower()]
                     for number, unit in _PART_PARSER.findall(text)))


def split_budget(title: str) -> tuple[str, int | None]:
    """Return the title without its budget, and the budget in seconds (None if there is none)."""
    for pattern in (_BRACKETED, _AFTER_DASH):
        match = pattern.search(title)
        if not match:
            continue
        rest = title[: match.start()].rstrip()
        # `0 – 60 s` is a range in a title, not a budget; a title must remain.
        if not rest or (pattern is _AFTER_DASH and rest[-1].isdigit()):
            continue
        amount = match["round"] or match["square"] if pattern is _BRACKETED else match["dash"]
        return rest, amount_seconds(amount)
    return title, None


# `(3 min, 12 minutes total)`: the first duration in the bracket is the budget, the rest a remark;
# "N minutes total" says where the talk should stand at the end of the section.
_BUDGET_AND_MORE = re.compile(
    rf"\s*\(\s*{_ABOUT}\s*(?P<amount>{_AMOUNT})\s*[,;]\s*(?P<rest>[^()]*)\)\s*[:.]?\s*$", re.IGNORECASE)
_TOTAL_ONLY = re.compile(rf"\s*\(\s*{_ABOUT}\s*(?P<amount>{_AMOUNT})\s+(?:in\s+)?total\s*\)\s*[:.]?\s*$", re.IGNORECASE)
_TOTAL = re.compile(rf"(?P<total>{_AMOUNT})\s+(?:in\s+)?total\b|total[:\s]+(?P<after>{_AMOUNT})", re.IGNORECASE)


def split_budget_total(title: str) -> tuple[str, int | None, int | None]:
    """Like split_budget, also reading `(3 min, 12 minutes total)`: (title, budget, running total) in seconds."""
    match = _BUDGET_AND_MORE.search(title)
    if match and title[: match.start()].strip():
        total = _TOTAL.search(match["rest"])
        stated = amount_seconds(total["total"] or total["after"]) if total else None
        return title[: match.start()].rstrip(), amount_seconds(match["amount"]), stated
    total_only = _TOTAL_ONLY.search(title)
    if total_only and title[: total_only.start()].strip():
        return title[: total_only.start()].rstrip(), None, amount_seconds(total_only["amount"])
    rest, budget = split_budget(title)
    return rest, budget, None


# `@Alice` at the very end of a title names whose part the section is; the @ needs a space before it
# so an address such as `talks@pycon` stays in the title.
_OWNER = re.compile(r"\s+@(?P<name>[^\W\d][\w.'-]*)\s*$")


def split_owner(title: str) -> tuple[str, int | None, str | None]:
    """`Demo (~5 mins) @Bob` or `Demo @Bob (~5 mins)` → ("Demo", 300, "Bob")."""
    speaker = None
    match = _OWNER.search(title)
    if match and title[: match.start()].strip():
        title, speaker = title[: match.start()], match["name"]
    title, budget = split_budget(title)
    if speaker is None:
        match = _OWNER.search(title)
        if match and title[: match.start()].strip():
            title, speaker = title[: match.start()], match["name"]
    return title, budget, speaker


def format_minutes(seconds: int) -> str:
    """`600` → `10 min`, `90` → `1:30 min`."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if rest == 0 else f"{minutes}:{rest:02d} min"


def format_clock(seconds: int) -> str:
    """`100` → `1:40`, `900` → `15:00`, `4500` → `1:15:00` (time into the talk)."""
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def format_at(offset: int, start_of_day: int | None) -> str:
    """When something happens in the talk: `14:05` with a start time, else `+5:00` (not a time of day)."""
    if start_of_day is None:
        return "+" + format_clock(offset)
    hours, rest = divmod((start_of_day + offset) % 86400, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


_TIME_OF_DAY = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$")


def parse_time_of_day(text: str) -> int | None:
    """`14:00`, `9:30`, `14.00`, `14h00` → seconds after midnight; None if unreadable."""
    match = _TIME_OF_DAY.match(text)
    return int(match[1]) * 3600 + int(match[2]) * 60 if match else None


_DURATION_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d+):(\d{2})\s*$")
_DURATION_AMOUNT = re.compile(rf"\s*{_ABOUT}\s*{_AMOUNT}\s*", re.IGNORECASE)


def parse_duration(text: str) -> int | None:
    """`25 min`, `1h`, `90s`, `1h 15m`, `00:25:00`, `25:00`, `25` (minutes) → seconds; None if unreadable."""
    text = text.strip()
    if re.fullmatch(_NUMBER, text):
        return round(float(text) * 60)
    clock = _DURATION_CLOCK.match(text)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return hours * 3600 + minutes * 60 + seconds
    if _DURATION_AMOUNT.fullmatch(text):
        return amount_seconds(text)
    return None
