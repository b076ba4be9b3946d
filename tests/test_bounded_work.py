"""Work stays proportional to the notes: long paragraphs, tables and code are measured once and cut once;
decks with more table cells or links than a talk can show are refused with a clear message.

Growth is judged by counting the work (text chunks measured, table rows measured) at two sizes, not by
timing; benchmarks/untrusted_input.py gives the seconds and megabytes.
"""
from __future__ import annotations

import random
from pathlib import Path

from confdeck.build import BuildOptions, plan_notes
from confdeck.model import CodeBlock, Paragraph, Table, plain_text
from confdeck.plan import bounds
from confdeck.plan import measure
from confdeck.plan.heights import Heights
from safety_helpers import build

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"]


def long_paragraph(count: int, seed: int = 7) -> list[str]:
    chosen = random.Random(seed)
    return [f"{chosen.choice(WORDS)}{i}" for i in range(count)]


def paragraph_notes(words: list[str]) -> str:
    lines = [" ".join(words[i:i + 15]) for i in range(0, len(words), 15)]  # one paragraph, soft-wrapped
    return "# Long\n\n## One paragraph (~5 min)\n\n" + "\n".join(lines) + "\n"


def table_notes(tables: int, rows: int) -> str:
    parts = ["# Tables\n"]
    for number in range(tables):
        parts.append(f"\n## Table {number} (~1 min)\n\n| key | name | value | note |\n|---|---|---|---|\n")
        parts += [f"| r{row} | {WORDS[row % len(WORDS)]} | {row * 7} | {WORDS[(row * 5) % len(WORDS)]} x |\n"
                  for row in range(rows)]
    return "".join(parts)


def plan_file(folder: Path, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    planned, _, _ = plan_notes(path, BuildOptions())
    return planned


def count_measured_chunks(monkeypatch) -> list[int]:
    """Every text chunk the wrapping measures, counted."""
    counter = [0]
    original = measure._atoms

    def counting(*args, **kwargs):
        atoms = original(*args, **kwargs)
        counter[0] += len(atoms)
        return atoms
    monkeypatch.setattr(measure, "_atoms", counting)
    measure._LINE_COUNTS.clear()
    return counter


def test_a_long_paragraph_is_measured_in_linear_work(tmp_path, monkeypatch):
    counter = count_measured_chunks(monkeypatch)
    work = {}
    for count in (25_000, 50_000):
        words = long_paragraph(count)
        counter[0] = 0
        planned = plan_file(tmp_path, f"p{count}.md", paragraph_notes(words))
        work[count] = counter[0]
        pages = [slide for slide in planned.slides if slide.kind == "content"]
        # Every word once, in order, across the continuation pages.
        text = " ".join(plain_text(block.runs) for slide in pages for block in slide.blocks
                        if isinstance(block, Paragraph))
        assert text.split() == words
        assert len(pages) > 100 and pages[-1].title.endswith(f"({len(pages)}/{len(pages)})")
    # Twice the words: about twice the work (quadratic work would be four times).
    assert work[50_000] < 2.5 * work[25_000], work


def test_a_long_table_and_code_are_cut_in_linear_work(tmp_path, monkeypatch):
    calls = [0]
    original = Heights.row_height

    def counting(self, *args, **kwargs):
        calls[0] += 1
        return original(self, *args, **kwargs)
    monkeypatch.setattr(Heights, "row_height", counting)
    work = {}
    for rows in (200, 400):  # at the 2,000-cell cap at 400 rows of 4 cells plus the header
        calls[0] = 0
        planned = plan_file(tmp_path, f"t{rows}.md", table_notes(1, rows))
        work[rows] = calls[0]
        pieces = [block for slide in planned.slides for block in slide.blocks if isinstance(block, Table)]
        assert [plain_text(row[0]) for piece in pieces for row in piece.rows] == [f"r{i}" for i in range(rows)]
        assert all(plain_text(piece.header[0]) == "key" for piece in pieces) and len(pieces) > 10
    assert work[400] < 2.5 * work[200], work
    counter = count_measured_chunks(monkeypatch)
    for lines in (1_000, 2_000):
        counter[0] = 0
        code = "\n".join(f"print({i})  # line {i}" for i in range(lines))
        planned = plan_file(tmp_path, f"c{lines}.md", f"# Code\n\n## Listing (~1 min)\n\n```python\n{code}\n```\n")
        pieces = [block for slide in planned.slides for block in slide.blocks if isinstance(block, CodeBlock)]
        assert "\n".join(piece.code for piece in pieces) == code
        work[lines] = len(pieces)
    assert work[2_000] < 2.5 * work[1_000]


def test_a_50000_word_paragraph_builds_both_decks(tmp_path, capsys, monkeypatch):
    words = long_paragraph(50_000)
    result = build(tmp_path, paragraph_notes(words), capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    from pptx import Presentation
    pages = [slide for slide in Presentation(str(result.pptx)).slides
             if slide.shapes.title is not None and slide.shapes.title.text.startswith("One paragraph (")]
    body = " ".join(shape.text_frame.text for slide in pages for shape in slide.placeholders
                    if shape.placeholder_format.idx == 1)
    assert body.split() == words
    html = result.html.read_text(encoding="utf-8")
    assert html.count("<h2>One paragraph (") == len(pages) > 100


def test_twenty_tables_at_the_cell_cap_are_refused_with_the_deck_limit(tmp_path, capsys, monkeypatch):
    result = build(tmp_path, table_notes(20, 499), capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2, result.err
    # The sixth table (line 2525) is the one that goes over: five fit the bound.
    assert result.error_lines() == [
        f"error: notes.md:2525: the deck's tables have more than {bounds.MAX_DECK_TABLE_CELLS:,} cells in all "
        "(expected fewer; put the data in a handout or split the talk)"]
    assert not result.pptx.exists()
    result = build(tmp_path, table_notes(5, 499), capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    from pptx import Presentation
    keys = [row.cells[0].text for slide in Presentation(str(result.pptx)).slides for shape in slide.shapes
            if shape.has_table for row in list(shape.table.rows)[1:]]
    assert keys == [f"r{row}" for _ in range(5) for row in range(499)]  # every row once, in order


def test_more_links_than_the_deck_limit_are_refused(tmp_path, capsys, monkeypatch):
    count = bounds.MAX_DECK_LINKS + 1
    lines = [" ".join(f"[l{i}](https://example.org/{i})" for i in range(start, min(count, start + 10)))
             for start in range(0, count, 10)]
    result = build(tmp_path, "# Links\n\n## Many (~1 min)\n\n" + "\n".join(lines) + "\n",
                   capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2, result.err
    assert result.error_lines() == [f"error: notes.md:5: the deck has more than {bounds.MAX_DECK_LINKS:,} links "
                                    "(expected fewer; link to one page that lists them)"]
