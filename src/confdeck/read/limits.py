"""Input limits: refuse notes that would make the Markdown parser recurse too deep or crawl.

marko parses nested lists and quotes recursively and some inputs (thousands of
nested brackets, a multi-megabyte line) take it minutes. Notes written by people
stay far below these limits, so a clear message beats a crash or a hang.
"""
from __future__ import annotations

import re
import threading
from typing import Callable, TypeVar

from confdeck.errors import ConfdeckError
from confdeck.model import Span

MAX_NOTES_BYTES = 20_000_000
MAX_LINE_CHARS = 100_000
MAX_NESTING = 100           # PowerPoint shows 9 list levels; 100 leaves room for anything real
PARSE_SECONDS = 60          # a backstop against parser blow-ups nobody has found yet
# PowerPoint tables get slow to build (and unreadable) long before these sizes.
MAX_TABLE_COLUMNS = 40
MAX_TABLE_CELLS = 2_000

# One container marker at the start of a line: a quote `>` or a list bullet/number.
_MARKER = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")
_INDENT = re.compile(r"[ \t]*")
_MARKER_STARTS = frozenset(">-+*")   # first characters of a marker, with the digits (a set: "" is not in it)


def check_size(size: int, path: str) -> None:
    if size > MAX_NOTES_BYTES:
        raise ConfdeckError(f"the notes are {size / 1e6:.1f} MB (expected at most "
                            f"{MAX_NOTES_BYTES / 1e6:.0f} MB of notes; is this really a notes file?)", Span(path))


def _columns(whitespace: str) -> int:
    column = 0
    for char in whitespace:
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return column


def check_lines(text: str, path: str, first_line: int = 1) -> None:
    """Refuse over-long lines and nesting deeper than MAX_NESTING, naming the line."""
    lines = text.split("\n")
    too_long = None
    if max(map(len, lines)) > MAX_LINE_CHARS:   # one pass in C; the common answer is no
        too_long = next(index for index, line in enumerate(lines) if len(line) > MAX_LINE_CHARS)
        length, lines = len(lines[too_long]), lines[:too_long]   # nesting before it is still reported first
    _check_nesting(lines, path, first_line)
    if too_long is not None:
        raise ConfdeckError(f"line is {length:,} characters long (expected at most "
                            f"{MAX_LINE_CHARS:,} characters per line; is this pasted data?)",
                            Span(path, first_line + too_long))


def _check_nesting(lines: list[str], path: str, first_line: int) -> None:
    open_items: list[int] = []   # content columns of list items that may still be open
    for number, line in enumerate(lines, start=first_line):
        first = line[:1]
        if first == " " or first == "\t":
            if not line.strip():
                continue
            indent = _columns(_INDENT.match(line).group())
            quote = line.lstrip().startswith(">")
        elif first in _MARKER_STARTS or first.isdigit():
            indent, quote = 0, first == ">"
        else:
            # No indent and no marker (most text and heading lines): it closes every open item and
            # opens none, found without the regexes below. Blank lines change nothing.
            if line.strip():
                open_items.clear()
            continue
        while open_items and open_items[-1] > indent:
            open_items.pop()
        # Markers on this very line (`> > -`, `- - -`) nest too; only the prefix is looked at.
        markers, position = 0, 0
        while markers <= MAX_NESTING:
            match = _MARKER.match(line, position)
            if not match or match.end() == position:
                break
            markers, position = markers + 1, match.end()
            following = line[position:position + 1]
            if not (following in _MARKER_STARTS or following in (" ", "\t") or following.isdigit()):
                break   # `- text`: no second marker can start here (saves a regex call per bullet)
        depth = len(open_items) + markers
        if markers and not quote:
            open_items.append(indent + 1)  # counted among this line's markers already
        if depth > MAX_NESTING:
            raise ConfdeckError(f"lists or quotes nested more than {MAX_NESTING} levels deep "
                                f"(expected at most {MAX_NESTING} levels)", Span(path, number))


def check_table_size(rows: int, columns: int, span: Span) -> None:
    if columns > MAX_TABLE_COLUMNS:
        raise ConfdeckError(f"table has {columns:,} columns (expected at most {MAX_TABLE_COLUMNS}; "
                            "split it into several tables)", span)
    if rows * columns > MAX_TABLE_CELLS:
        raise ConfdeckError(f"table has {rows:,} rows of {columns} cells (expected at most {MAX_TABLE_CELLS:,} "
                            "cells; split it into several tables)", span)


class ParseTimeout(Exception):
    pass


Result = TypeVar("Result")


def within_time_limit(work: Callable[[], Result], seconds: float) -> Result:
    """work()'s result, or ParseTimeout when it has not finished after `seconds`.

    The work runs in a daemon thread and the caller waits for it: no signal handler (which library
    code must not install, and which only the main thread could use), so the limit holds in the
    preview's rebuild thread too. Work that overruns is left to end on its own; its result is dropped.
    """
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:   # handed to the caller as it is
            outcome["error"] = error
    worker = threading.Thread(target=run, name="confdeck-read", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise ParseTimeout()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
