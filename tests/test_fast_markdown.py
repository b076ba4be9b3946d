"""The pulldown-cmark front end (read/fast_markdown.py) gives the reader what marko's parser gives it.

Every sample, seed, reader-spec case and edge-case fixture is read twice, once
with CONFDECK_MARKDOWN=marko, and the two deck models must be equal, down to
the line numbers the warnings point at.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import NOTES, ROOT
from confdeck.errors import ConfdeckError
from confdeck.read.fast_markdown import MARKO_ENV
from confdeck.read.markdown import read_markdown

FIXTURES = ROOT / "tests" / "fixtures"
SPEC = ROOT / "tests" / "spec" / "reader.yaml"
SHARED_SEEDS = ROOT.parents[1] / "shared" / "seeds"


def _inputs() -> list[tuple[str, str]]:
    files = sorted(NOTES.glob("*.md")) + sorted(FIXTURES.glob("markdown_*.md"))
    files += sorted(SHARED_SEEDS.glob("*.txt")) if SHARED_SEEDS.is_dir() else []
    cases = [(path.name, path.read_text(encoding="utf-8")) for path in files]
    cases += [(case["name"], case["markdown"]) for case in yaml.safe_load(SPEC.read_text(encoding="utf-8"))]
    return cases


def _read(text: str, monkeypatch, parser: str):
    monkeypatch.setenv(MARKO_ENV, parser)
    try:
        return read_markdown(text, "notes.md")
    except ConfdeckError as error:   # not an outline (the transcript and listing seeds): the same message
        return error.lines()


@pytest.mark.parametrize("name,text", _inputs(), ids=[name for name, _ in _inputs()])
def test_same_deck_as_marko(name, text, monkeypatch):
    assert _read(text, monkeypatch, "fast") == _read(text, monkeypatch, "marko")


def test_edge_cases_read_as_expected(monkeypatch):
    deck = _read((FIXTURES / "markdown_edge_cases.md").read_text(encoding="utf-8"), monkeypatch, "fast")
    first = deck.sections[0].slides[0]
    assert first.title == "Slide one with code"
    items = first.blocks[0].items
    assert [(item.checked, item.runs[0].text) for item in items[:2]] == [(False, "☐ "), (True, "☑ ")]
    nested = items[2]
    assert (nested.level, nested.runs[-1].href) == (1, "https://nested.example.org/a_(b)")
    assert [run.href for run in items[3].runs if run.href] == ["https://auto.example.org", "mailto:me@auto.org"]
    assert first.notes[0] == "speaker notes with bold and a link second notes paragraph"
    assert "inline comment note" in first.notes


def test_entities_become_characters(monkeypatch):
    # pulldown-cmark decodes entities as CommonMark says; marko's tree kept `&amp;` for the renderers to show.
    deck = _read("# T\n\n- A\n  - fish &amp; chips &copy; 2020\n", monkeypatch, "fast")
    assert deck.sections[0].slides[0].blocks[0].items[0].runs[0].text == "fish & chips © 2020"


def test_non_ascii_text_keeps_line_numbers(monkeypatch):
    text = "# Café ☕\n\n## Über (~2 mins)\n\n### Ünïcödé\n\n- ü\n- 🎉 party\n"
    fast, marko = _read(text, monkeypatch, "fast"), _read(text, monkeypatch, "marko")
    assert fast == marko
    assert [item.span.line for item in fast.sections[0].slides[0].blocks[0].items] == [7, 8]
