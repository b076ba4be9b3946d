"""Time budgets written at the end of outline titles, e.g. `Conference overview (~5 mins)`."""
from __future__ import annotations

import re

# `(~5 mins)`, `(5 min)`, `(~10 minutes)`, `(90s)`: a number and a time unit in brackets at the end.
_BUDGET_AT_END = re.compile(
    r"\s*\(\s*~?\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>minutes?|mins?|m|seconds?|secs?|s|hours?|h)\s*\)\s*$",
    re.IGNORECASE,
)

_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}


def split_budget(title: str) -> tuple[str, int | None]:
    """Return the title without its budget, and the budget in seconds (None if there is none)."""
    match = _BUDGET_AT_END.search(title)
    if not match:
        return title, None
    seconds = round(float(match["number"]) * _UNIT_SECONDS[match["unit"][0].lower()])
    return title[: match.start()].rstrip(), seconds


def format_minutes(seconds: int) -> str:
    """`600` → `10 min`, `90` → `1:30 min`."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if rest == 0 else f"{minutes}:{rest:02d} min"


_DURATION_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d+):(\d{2})\s*$")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b", re.IGNORECASE)


def parse_duration(text: str) -> int | None:
    """`25 min`, `1h`, `90s`, `1h 15m`, `00:25:00`, `25` (minutes) → seconds; None if unreadable."""
    text = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return round(float(text) * 60)
    clock = _DURATION_CLOCK.match(text)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return hours * 3600 + minutes * 60 + seconds
    parts = list(_DURATION_PART.finditer(text))
    if not parts or _DURATION_PART.sub("", text).strip():
        return None
    return round(sum(float(p[1]) * _UNIT_SECONDS[p[2][0].lower()] for p in parts))
