"""Speaker notes never reach the audience: `Note:` lines and HTML comments, wherever they are typed.

A note under a bullet can be its own paragraph, a continuation line indented like the bullet's
text, a lazy continuation line (less indented, still part of the bullet's paragraph in
Markdown), or indented too far; in every case it belongs in the speaker notes of both decks.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from confdeck.build import BuildOptions, render_deck, write_outputs

# Modest so CI stays quick; run more locally: CONFDECK_HYPOTHESIS_EXAMPLES=500 python -m pytest tests/test_notes_private.py
EXAMPLES = int(os.environ.get("CONFDECK_HYPOTHESIS_EXAMPLES", "12"))
MARKDOWN_PARSERS = ["pulldown-cmark", "marko"]   # the reader's parser and marko's own: both keep notes private


def build_decks(folder: Path, source: str) -> tuple[Path, Path]:
    notes = folder / "talk.md"
    notes.write_text(source, encoding="utf-8")
    write_outputs(render_deck(notes, BuildOptions(), "talk.md"), notes, folder / "out")
    return folder / "out" / "talk.pptx", folder / "out" / "talk.html"


def pptx_text(deck: Path) -> tuple[list[str], list[str]]:
    """Re-open with python-pptx: every slide's shape text, and every slide's notes."""
    shown, notes = [], []
    for slide in Presentation(str(deck)).slides:
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        shown.append("\n".join(texts))
        notes.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
    return shown, notes


def pptx_text_of(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def html_text(deck: Path) -> tuple[str, str]:
    """The text of the HTML deck's slides without their <aside class="notes">, and the notes' text."""
    page = deck.read_text(encoding="utf-8")
    slides = page[page.index('<div class="slides">'):]
    slides = re.sub(r"<script\b.*?</script>", "", slides, flags=re.S)
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', slides, flags=re.S)
    shown = re.sub(r'<aside class="notes">.*?</aside>', "", slides, flags=re.S)

    def text(markup: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return text(shown), text("\n".join(notes))


def use_parser(monkeypatch, parser: str) -> None:
    """Read with marko's own parse (the oracle of tests/test_fast_markdown.py) instead of pulldown-cmark's."""
    if parser == "marko":
        from confdeck.read import markdown as markdown_reader
        from test_fast_markdown import parse_with_marko

        monkeypatch.setattr(markdown_reader, "parse_document", parse_with_marko)


LEAK_EXAMPLE = """# Budget talk

## Money (~5 min)

### Where it goes

- Item one
  - sub
  Note: keep this short, the budget story is for the Q&A
- Item two
"""


@pytest.mark.parametrize("parser", MARKDOWN_PARSERS)
def test_a_note_typed_under_a_sub_bullet_goes_to_that_slides_notes(tmp_path, monkeypatch, parser):
    use_parser(monkeypatch, parser)
    pptx, page = build_decks(tmp_path, LEAK_EXAMPLE)
    slides = Presentation(str(pptx)).slides
    slide = next(s for s in slides if s.shapes.title is not None and s.shapes.title.text_frame.text == "Where it goes")
    body = [shape for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title]
    assert [(p.text, p.level) for shape in body for p in shape.text_frame.paragraphs] == [
        ("Item one", 0), ("sub", 1), ("Item two", 0)]
    assert "keep this short, the budget story is for the Q&A" in slide.notes_slide.notes_text_frame.text
    shown, notes = pptx_text(pptx)
    assert not any("keep this short" in text for text in shown)
    shown_html, notes_html = html_text(page)
    assert "keep this short" not in shown_html and "Item two" in shown_html
    assert "keep this short, the budget story is for the Q&A" in notes_html


LIST_OUTLINE = """# Budget talk

- Money (~5 min)
  - Item one
    - sub
    Note: the sub-bullet's note, a continuation line
  - Item two

    Note: its own paragraph under the bullet
  - Item three <!-- an inline comment -->
    <!-- a comment under the bullet -->
- Questions (~2 min)
  - Ask away
"""


@pytest.mark.parametrize("parser", MARKDOWN_PARSERS)
def test_notes_in_a_list_outline_stay_off_the_slides(tmp_path, monkeypatch, parser):
    use_parser(monkeypatch, parser)
    pptx, page = build_decks(tmp_path, LIST_OUTLINE)
    slide = next(s for s in Presentation(str(pptx)).slides  # the section's bullets, after its divider slide
                 if s.shapes.title.text_frame.text == "Money" and s.has_notes_slide and "Item one" in pptx_text_of(s))
    body = [shape for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title]
    assert [p.text for shape in body for p in shape.text_frame.paragraphs] == [
        "Item one", "sub", "Item two", "Item three"]
    notes = slide.notes_slide.notes_text_frame.text
    for private in ("the sub-bullet's note, a continuation line", "its own paragraph under the bullet",
                    "an inline comment", "a comment under the bullet"):
        assert private in notes
        assert private not in html_text(page)[0]
        assert private in html_text(page)[1]


# -- property: generated outlines with notes anywhere ---------------------------------------------

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
NOTE_PREFIXES = ["Note: ", "note: ", "Notes: ", "NOTE:", "**Note:** ", "*Note:* "]


@st.composite
def private_line(draw, number: int, content_column: int) -> list[str]:
    """A note or comment with a unique word, at a position relative to a bullet whose text starts at
    `content_column`: indented like its text, lazily less, too far, after a blank line or not."""
    secret = f"hush{number}x"
    kind = draw(st.sampled_from(["note", "comment", "inline comment", "two-line note"]))
    indent = " " * draw(st.sampled_from(sorted({0, 1, max(content_column - 1, 0), content_column,
                                                content_column + 2, content_column + 4})))
    blank = [""] if draw(st.booleans()) else []
    if kind == "note":
        return blank + [f"{indent}{draw(st.sampled_from(NOTE_PREFIXES))}{secret} {draw(st.sampled_from(WORDS))}"]
    if kind == "two-line note":
        return blank + [f"{indent}{draw(st.sampled_from(NOTE_PREFIXES))}{secret}", f"{indent}more{secret}"]
    if kind == "comment":
        return blank + [f"{indent}<!-- {secret} -->"]
    return ["<inline>" + f" <!-- {secret} -->"]   # appended to the bullet line above


@st.composite
def outline(draw) -> tuple[str, list[str], list[str]]:
    """Notes in a list outline or heading notes; returns (source, secrets, bullets that must be shown)."""
    style = draw(st.sampled_from(["list", "headings"]))
    lines, secrets, shown = ["# Deck", ""], [], []
    for section in range(draw(st.integers(1, 2))):
        base = 2 if style == "list" else 0   # bullets of a list outline sit under their section's item
        if style == "list":
            lines += [f"- Section {section}"]
        else:
            lines += [f"## Section {section}", "", f"### Slide {section}", ""]
        first = f"visible{section}first"
        lines.append(" " * base + f"- {first}")
        shown.append(first)
        for item in range(draw(st.integers(1, 4))):
            level = draw(st.integers(0, 2))
            lines.append(" " * (base + 2 * level) + f"- {draw(st.sampled_from(WORDS))}{section}x{item}")
            if draw(st.booleans()):
                extra = draw(private_line(len(secrets), base + 2 * level + 2))
                secrets.append(f"hush{len(secrets)}x")
                if extra[0].startswith("<inline>"):
                    lines[-1] += extra[0].removeprefix("<inline>")
                else:
                    lines += extra
        lines.append("")
    return "\n".join(lines) + "\n", secrets, shown


@pytest.mark.parametrize("parser", MARKDOWN_PARSERS)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(case=outline())
def test_notes_and_comments_anywhere_never_reach_a_slide_and_always_reach_the_notes(case, parser, monkeypatch):
    source, secrets, shown = case
    use_parser(monkeypatch, parser)
    folder = Path(tempfile.mkdtemp(prefix="confdeck-notes-"))
    try:
        pptx, page = build_decks(folder, source)
        slide_texts, slide_notes = pptx_text(pptx)
        shown_html, notes_html = html_text(page)
    finally:
        shutil.rmtree(folder)
    all_shown, all_notes = "\n".join(slide_texts), "\n".join(slide_notes)
    for secret in secrets:
        assert secret not in all_shown, source
        assert secret not in shown_html, source
        assert secret in all_notes, source
        assert secret in notes_html, source
    for bullet in shown:   # the bullets before any note stay on the slides
        assert bullet in all_shown and bullet in shown_html, source


def test_the_readme_example_of_notes_under_bullets_does_what_it_says(tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = re.search(r"\n(      # Budget review\n(?:      .*\n|\n)+)", readme).group(1)
    source = "\n".join(line[6:] for line in example.splitlines()) + "\n"
    pptx, page = build_decks(tmp_path, source)
    slide = next(s for s in Presentation(str(pptx)).slides
                 if s.shapes.title.text_frame.text == "Where the money went" and "Travel" in pptx_text_of(s))
    body = [shape for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title]
    assert [p.text for shape in body for p in shape.text_frame.paragraphs] == ["Travel", "Two conferences", "Licences"]
    notes = slide.notes_slide.notes_text_frame.text.splitlines()
    assert notes[1:] == ["keep this short, the budget story is for the Q&A", "the renewal date is not public yet",
                         "mention the discount only if asked"]
    shown_html, notes_html = html_text(page)
    assert "keep this short" not in shown_html and "renewal" not in shown_html and "discount" not in shown_html
    assert "mention the discount only if asked" in notes_html


QUOTED_NOTES = {
    "lazy under a quote": "> A line from the keynote\nNote: hush0x keep it short",
    "inside a quote": "> A line from the keynote\n> Note: hush0x keep it short",
    "lazy under a callout's first lines": "> [!tip] Shown title\n> shown body\nNote: hush0x keep it short",
    "inside a callout": "> [!warning]\n> shown body\n>\n> Note: hush0x keep it short",
    "comment in a callout": "> [!note] Shown title\n> shown body <!-- hush0x -->",
    "lazy under a one-line callout": "> [!info] Shown title\nNote: hush0x keep it short",
}


@pytest.mark.parametrize("parser", MARKDOWN_PARSERS)
@pytest.mark.parametrize("case", sorted(QUOTED_NOTES))
def test_a_note_typed_in_or_under_a_quote_or_callout_stays_private(case, parser, tmp_path, monkeypatch):
    use_parser(monkeypatch, parser)
    pptx, page = build_decks(tmp_path, f"# Deck\n\n## Part\n\n### Slide\n\n{QUOTED_NOTES[case]}\n\n- after\n")
    slide_texts, slide_notes = pptx_text(pptx)
    shown_html, notes_html = html_text(page)
    shown = "\n".join(slide_texts)
    assert "hush0x" not in shown and "hush0x" not in shown_html
    assert "hush0x" in "\n".join(slide_notes) and "hush0x" in notes_html
    assert "after" in shown and "after" in shown_html
    for word in ("Shown title", "shown body", "A line from the keynote"):
        if word in QUOTED_NOTES[case]:
            assert word in shown and word in shown_html
