"""A new kind of block is one model class, one measure entry and one method per renderer.

The test adds a kind confdeck does not have (a definition: a term and what it means) in exactly
those places and builds a deck with it: both decks draw it, pagination measures it, timing, link
labels and the run sheet handle its words without knowing it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from markupsafe import Markup
from pptx import Presentation

import confdeck.build
from confdeck.build import BuildOptions, render_deck, write_outputs
from confdeck.export.runsheet import first_line
from confdeck.model import Paragraph, Run, Span, SubHeading, TextBlock
from confdeck.plan.heights import MEASURES, Measure
from confdeck.plan.timing import POINT_WEIGHT, block_weight
from confdeck.render.html import HtmlRenderer
from confdeck.render.pptx import PptxRenderer

LONG_LINK = "https://example.org/" + "very-long-path-segment/" * 6 + "glossary.html"


# 1. The model class.
@dataclass
class Definition(TextBlock):
    term: list[Run]
    meaning: list[Run]
    span: Span | None = None

    def text_lines(self) -> list[list[Run]]:
        return [self.term, self.meaning]

    def with_text_lines(self, lines):
        return replace(self, term=lines[0], meaning=lines[1])


# 2. The measure entry: the term as a sub-heading, the meaning as a paragraph under it.
def definition_height(heights, block: Definition, width_in: float) -> float:
    return (heights.sub_heading_height(SubHeading(block.term), width_in) + heights.geo.paragraph_gap_pt
            + heights.paragraph_height(Paragraph(block.meaning), width_in))


# 3. One method per renderer.
def render_definition_pptx(self, block: Definition, writer) -> None:
    self.render_sub_heading(SubHeading(block.term), writer)
    self.render_paragraph(Paragraph(block.meaning), writer)


def render_definition_html(self, block: Definition, ctx) -> Markup:
    return Markup('<dl class="definition"><dt>{}</dt><dd>{}</dd></dl>').format(
        self.runs(block.term), self.runs(block.meaning))


TERMS = [f"Term {number:02d}" for number in range(14)]


def definitions() -> list[Definition]:
    out = []
    for number, term in enumerate(TERMS):
        meaning = [Run(f"What {term.lower()} means, said in a sentence long enough to wrap onto a second line "
                       "of the slide so that pagination has to measure it.")]
        if number == 0:
            meaning.append(Run(" See "))
            meaning.append(Run(LONG_LINK, href=LONG_LINK))
        out.append(Definition([Run(term)], meaning, Span("talk.md", 7)))
    return out


def test_a_new_block_kind_needs_a_class_a_measure_and_a_method_per_renderer(tmp_path, monkeypatch):
    monkeypatch.setitem(MEASURES, Definition, Measure(definition_height, block_gap=True))
    monkeypatch.setattr(PptxRenderer, "render_definition", render_definition_pptx, raising=False)
    monkeypatch.setattr(HtmlRenderer, "render_definition", render_definition_html, raising=False)

    real_read = confdeck.build.read_notes

    def read_with_definitions(path, shown=None):
        deck = real_read(path, shown)
        glossary = next(slide for section in deck.sections for slide in section.slides
                        if slide.title == "Glossary")
        glossary.blocks = definitions()
        return deck

    monkeypatch.setattr(confdeck.build, "read_notes", read_with_definitions)
    notes = tmp_path / "talk.md"
    notes.write_text("# Words we use\n\n## Vocabulary (~6 mins)\n\n### Glossary\n\nplaceholder\n\n"
                     "### After\n\nOne short line.\n", encoding="utf-8")
    result = render_deck(notes, BuildOptions(), "talk.md")
    write_outputs(result, notes, tmp_path / "out")

    # Pagination measured the definitions: fourteen wrapped terms do not fit one slide.
    pages = [slide for slide in result.planned.slides if slide.title.startswith("Glossary")]
    assert len(pages) >= 2, [slide.title for slide in result.planned.slides]
    planned_terms = [block.term[0].text for page in pages for block in page.blocks]
    assert planned_terms == TERMS

    # Both decks draw every term and meaning, in order.
    prs = Presentation(str(tmp_path / "out" / "talk.pptx"))
    pptx_text = "\n".join(shape.text_frame.text for slide in prs.slides for shape in slide.shapes
                          if shape.has_text_frame)
    assert [pptx_text.index(term) for term in TERMS] == sorted(pptx_text.index(term) for term in TERMS)
    assert pptx_text.count("said in a sentence long enough") == len(TERMS)
    page = (tmp_path / "out" / "talk.html").read_text(encoding="utf-8")
    html_terms = re.findall(r'<dl class="definition"><dt>(.*?)</dt>', page)
    assert html_terms == TERMS

    # The plan's word-based passes took the new kind without an entry of their own.
    first = pages[0].blocks[0]
    label = next(run for run in first.meaning if run.href == LONG_LINK)
    assert label.text != LONG_LINK and len(label.text) < len(LONG_LINK)   # a long bare link got a short label
    words = len(" ".join(run.text for line in first.text_lines() for run in line).split())
    assert block_weight(first) == words + POINT_WEIGHT
    assert first_line(pages[0]) == "Term 00"
    seconds = {slide.title: slide.seconds for slide in result.planned.slides}
    assert seconds[pages[0].title] > seconds["After"]   # a page of definitions is given more time


def test_a_block_kind_without_a_measure_entry_is_named_not_guessed():
    from confdeck.plan.heights import Heights

    try:
        Heights.__new__(Heights).block_height(definitions()[0], 6.0)
    except TypeError as error:
        assert "Definition" in str(error) and "MEASURES" in str(error)
    else:
        raise AssertionError("a block kind with no measure entry was measured anyway")
