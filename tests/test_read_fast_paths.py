"""The reader's shortcuts (issue 8) give what the long way gives, on inputs that take both ways.

looks_like_listing skips its line-by-line look when no line can be a detail line; check_lines
skips its regexes for lines with no indent or marker; MarkdownReader.runs skips merging for a
lone text. Each is compared here with the long way on inputs that exercise the fallback too.
"""
from __future__ import annotations

import random
import re

import pytest

from conftest import NOTES, ROOT
from confdeck.errors import ConfdeckError
from confdeck.model import Run, Span
from confdeck.read import limits
from confdeck.read.fast_markdown import parse
from confdeck.read.listing import _mostly_talk_records, looks_like_listing
from confdeck.read.markdown import MarkdownReader

FIXTURES = ROOT / "tests" / "fixtures"


def _sample_texts() -> list[str]:
    files = sorted(NOTES.glob("*")) + sorted(FIXTURES.glob("*"))   # notes/ has the users' material as shipped
    return [path.read_text(encoding="utf-8") for path in files if path.is_file()]


# -- looks_like_listing ---------------------------------------------------------

LISTING = """Zero Trust APIs with Python — Jose Haro Peralta

[EuroPython 2024 — South Hall 2A on 2024-07-10] Zero Trust APIs by Jose https://ep.example/z abstract

Watch
"""
NOTES_WITH_A_DATE = """# Sprint notes

- released on [2024-07-10]
- [Room A on 2024-07-11] was the old booking
- more text
- and more
"""


def test_listing_shortcut_agrees_with_the_line_by_line_look():
    texts = _sample_texts() + [LISTING, NOTES_WITH_A_DATE, LISTING + NOTES_WITH_A_DATE * 3, "", "-1]", "x\n-12]"]
    assert [looks_like_listing(text) for text in texts] == [_mostly_talk_records(text) for text in texts]
    assert looks_like_listing(LISTING) is True
    assert looks_like_listing((NOTES / "europython2024.txt").read_text(encoding="utf-8")) is True
    # The date ending passes the shortcut, but the lines are mostly bullets: not a listing, the long way.
    assert looks_like_listing(NOTES_WITH_A_DATE) is False
    assert looks_like_listing((NOTES / "pwc2020.md").read_text(encoding="utf-8")) is False


# -- check_lines -------------------------------------------------------------------

def _check_lines_line_by_line(text: str, path: str, first_line: int = 1) -> None:
    """check_lines as it was before its shortcuts: every line through the regexes."""
    open_items: list[int] = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        if len(line) > limits.MAX_LINE_CHARS:
            raise ConfdeckError(f"line is {len(line):,} characters long (expected at most "
                                f"{limits.MAX_LINE_CHARS:,} characters per line; is this pasted data?)",
                                Span(path, number))
        if not line.strip():
            continue
        indent = limits._columns(limits._INDENT.match(line).group())
        while open_items and open_items[-1] > indent:
            open_items.pop()
        markers, position = 0, 0
        while markers <= limits.MAX_NESTING:
            match = limits._MARKER.match(line, position)
            if not match or match.end() == position:
                break
            markers, position = markers + 1, match.end()
        depth = len(open_items) + markers
        if markers and not line.lstrip().startswith(">"):
            open_items.append(indent + 1)
        if depth > limits.MAX_NESTING:
            raise ConfdeckError(f"lists or quotes nested more than {limits.MAX_NESTING} levels deep "
                                f"(expected at most {limits.MAX_NESTING} levels)", Span(path, number))


def _outcome(check, text: str):
    try:
        check(text, "notes.md", 3)
    except ConfdeckError as error:
        return error.lines()
    return None


LINE_PIECES = ["-", "- ", "* ", "+ ", "> ", ">", "1. ", "2) ", "١. ", "\t", " ", "    ", "x", "text", "#", "\u00a0",
               "\x0c", "\r", "- - ", "> > ", "", "1234567890. ", "a" * 45]


def test_check_lines_shortcuts_agree_with_the_line_by_line_check(monkeypatch):
    # Limits lowered so that both errors come up often among short random texts.
    monkeypatch.setattr(limits, "MAX_NESTING", 6)
    monkeypatch.setattr(limits, "MAX_LINE_CHARS", 40)
    rng = random.Random(8)
    outcomes = []
    for _ in range(4000):
        text = "\n".join("".join(rng.choice(LINE_PIECES) for _ in range(rng.randint(0, 6)))
                         for _ in range(rng.randint(1, 12)))
        expected = _outcome(_check_lines_line_by_line, text)
        assert _outcome(limits.check_lines, text) == expected, repr(text)
        outcomes.append("fine" if expected is None else "too deep" if "nested more than 6" in expected[0]
                        else "too long" if "characters long (expected at most 40" in expected[0] else expected[0])
    assert set(outcomes) == {"fine", "too deep", "too long"}   # every way through, each many times


def test_check_lines_names_the_first_problem(monkeypatch):
    monkeypatch.setattr(limits, "MAX_NESTING", 2)
    monkeypatch.setattr(limits, "MAX_LINE_CHARS", 10)
    nested_then_long = "- a\n  - b\n    - c\n" + "x" * 11 + "\n"
    assert _outcome(limits.check_lines, nested_then_long) == [
        "error: notes.md:5: lists or quotes nested more than 2 levels deep (expected at most 2 levels)"]
    long_then_nested = "x" * 11 + "\n- a\n  - b\n    - c\n"
    assert _outcome(limits.check_lines, long_then_nested) == [
        "error: notes.md:3: line is 11 characters long (expected at most 10 characters per line; "
        "is this pasted data?)"]
    for text in _sample_texts():
        assert _outcome(limits.check_lines, text) == _outcome(_check_lines_line_by_line, text)


# -- runs ------------------------------------------------------------------------------

def _inline_containers(element):
    children = getattr(element, "children", None)
    if not isinstance(children, list):
        return
    if any(type(child).__module__.startswith("marko.inline") for child in children):
        yield element
    for child in children:
        yield from _inline_containers(child)


RUNS_SAMPLES = [
    "# T\n\n## Intro\n\n- one\n- two\n\nNote: say it\n",
    "# T\n\n-   spaced   \n- \\*escaped\\*\n- &amp; entity\n- `code`\n- **bold**\n- a  \n  b\n",
    "# T\n\n## Heading with ~ tilde\n\n| a | b |\n|---|---|\n|   | x |\n\n> quote\n",
    "# T\n\n- trailing&#32;\n- &#32;leading\n- &#32;\n- &#9;tab&#160;\n",   # spaces the parser leaves in
]


@pytest.mark.parametrize("text", RUNS_SAMPLES)
def test_lone_text_shortcut_gives_the_merged_runs(text):
    reader = MarkdownReader(text, "notes.md")
    for container in _inline_containers(parse(reader.body)):
        assert reader.runs(container) == reader._merged_runs(container.children)


def test_the_runs_samples_take_both_ways():
    containers = [c for text in RUNS_SAMPLES for c in _inline_containers(parse(text))]
    lone = [c for c in containers if len(c.children) == 1 and type(c.children[0]).__name__ == "RawText"]
    assert 0 < len(lone) < len(containers)


def test_lone_text_is_trimmed_and_an_empty_one_dropped():
    reader = MarkdownReader("", "notes.md")
    document = parse("#   Intro&#32;\n\n|   | b |\n|---|---|\n")
    heading, table = document.children
    assert [child.children for child in heading.children] == ["Intro "]   # one text, space kept by the parser
    assert reader.runs(heading) == [Run("Intro")]
    assert reader.runs(table.children[0].children[0]) == []
    assert reader.runs(table.children[0].children[1]) == [Run("b")]
    item = parse("- &#32;\n").children[0].children[0].children[0]
    assert [child.children for child in item.children] == [" "] and reader.runs(item) == []


def test_the_samples_read_the_same_both_ways():
    for text in _sample_texts():
        if re.search(r"^#|^\s*[-*]", text, re.MULTILINE) is None:
            continue
        reader = MarkdownReader(text, "notes.md")
        for container in _inline_containers(parse(reader.body)):
            assert reader.runs(container) == reader._merged_runs(container.children)
