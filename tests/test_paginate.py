"""Measuring text with real font metrics and splitting slides that do not fit."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import need_font
from confdeck.geometry import DEFAULT
from confdeck.model import (
    BulletList, CodeBlock, Deck, Image, ListItem, Paragraph, PlannedDeck, PlannedSlide, Run, SubHeading, Table,
    plain_text,
)
from confdeck.plan import PlanOptions
from confdeck.plan.fonts import font_file
from confdeck.plan.heights import WIDTH_SLACK, Heights
from confdeck.plan.links import short_label
from confdeck.plan.measure import Fonts, Position, count_lines, split_runs, text_width, wrap
from confdeck.plan.paginate import CONTINUED, HEIGHT_SLACK_PT, paginate, split_blocks
from confdeck.plan.placement import text_width_in

FONTS = Fonts()
LIMIT = DEFAULT.body_height_in * 72 - HEIGHT_SLACK_PT


def bullets(*texts: str, level: int = 0) -> list[ListItem]:
    return [ListItem([Run(text)], level) for text in texts]


def one_line_capacity(size: float, gap: float) -> int:
    """How many one-line paragraphs of a size fit on a page."""
    return int((LIMIT + gap) // (DEFAULT.line_pt(size) + gap))


def test_template_fonts_resolve_to_their_metric_compatible_files():
    need_font("Carlito", "fonts-crosextra-carlito")
    assert font_file("Calibri").name.lower().startswith("carlito-regular")
    assert font_file("Calibri", bold=True).name.lower().startswith("carlito-bold")
    assert "mono" in font_file("Courier New", monospace=True).name.lower()
    # A font nobody has still measures with a real file.
    assert font_file("No Such Font 123") is not None


def test_widths_come_from_the_font_not_a_character_count():
    narrow, wide = text_width("iiiiiiiiii", 24, "Calibri"), text_width("WWWWWWWWWW", 24, "Calibri")
    assert wide > 3 * narrow
    # Widths scale with the size.
    assert text_width("Hello", 48, "Calibri") == pytest.approx(2 * text_width("Hello", 24, "Calibri"))


def test_wrapping_breaks_at_the_first_word_that_does_not_fit():
    width = text_width("alpha beta", 24, "Calibri") + 1
    runs = [Run("alpha beta gamma")]
    assert wrap(runs, 24, width, FONTS) == [Position(0, 0), Position(0, 11)]
    assert count_lines(runs, 24, width * 3, FONTS) == 1
    # A hard line break always starts a new line.
    assert count_lines([Run("alpha\nbeta")], 24, 1000, FONTS) == 2


def test_a_word_spanning_runs_is_not_broken_between_them():
    runs = [Run("one two "), Run("bold", bold=True), Run("word three")]
    width = text_width("one two boldword", 24, "Calibri") - 2
    starts = wrap(runs, 24, width, FONTS)
    assert starts[1] == Position(1, 0)  # "boldword" moved to the next line whole


def test_an_address_wider_than_the_line_is_broken_between_characters():
    url = "https://example.com/" + "a" * 200
    starts = wrap([Run(url, href=url)], 24, 300, FONTS)
    assert len(starts) >= 3
    assert all(start.offset > 0 for start in starts[1:])
    head, tail = split_runs([Run(url, href=url)], starts[1])
    assert head[0].text + tail[0].text == url and tail[0].href == url


def test_a_bullet_list_of_known_size_splits_where_expected():
    # As many one-line bullets as their line height and gap allow (9 at 28 pt with 8 pt gaps), the rest after.
    per_page = one_line_capacity(DEFAULT.body_size(0), DEFAULT.paragraph_gap_pt)
    assert 6 <= per_page <= 12
    items = bullets(*(f"bullet {n}" for n in range(1, 31)))
    pages = split_blocks([BulletList(items)])
    expected = [per_page] * (30 // per_page) + ([30 % per_page] if 30 % per_page else [])
    assert [len(page[0].items) for page in pages] == expected
    assert [plain_text(item.runs) for page in pages for item in page[0].items] == [f"bullet {n}" for n in range(1, 31)]


def test_a_bullet_keeps_its_sub_bullets_on_the_next_page():
    # 9 bullets fill most of a page; the 10th has three sub-bullets that would not fit below them.
    items = bullets(*(f"point {n}" for n in range(1, 10)))
    items += [ListItem([Run("parent")], 0)] + bullets("child a", "child b", "child c", level=1)
    pages = split_blocks([BulletList(items)])
    assert len(pages) == 2
    assert [plain_text(i.runs) for i in pages[1][0].items] == ["parent", "child a", "child b", "child c"]


def test_a_bullet_block_taller_than_a_slide_splits_between_its_sub_bullets():
    items = [ListItem([Run("parent")], 0)] + bullets(*(f"child {n}" for n in range(1, 26)), level=1)
    pages = split_blocks([BulletList(items)])
    assert len(pages) == 3
    texts = [[plain_text(i.runs) for i in page[0].items] for page in pages]
    assert texts[0][:2] == ["parent", "child 1"]
    # Each continuation page repeats the bullet its sub-bullets belong to.
    assert [page[0] for page in texts[1:]] == ["parent (continued)", "parent (continued)"]
    assert all(page[0].items[0].runs[-1] == Run(" (continued)", italic=True) for page in pages[1:])
    assert [t for page in texts for t in page if not t.endswith("(continued)")] == ["parent"] + [
        f"child {n}" for n in range(1, 26)]
    heights = Heights(DEFAULT)
    for page in pages:
        assert heights.stack_height(page, DEFAULT.body_width_in) <= LIMIT


def test_a_paragraph_taller_than_a_slide_continues_between_lines():
    text = " ".join(f"word{n}" for n in range(1, 700))
    pages = split_blocks([Paragraph([Run(text)])])
    assert len(pages) >= 2
    assert " ".join(plain_text(page[0].runs) for page in pages) == text
    heights = Heights(DEFAULT)
    for page in pages:
        assert heights.stack_height(page, DEFAULT.body_width_in) <= LIMIT


def test_a_sub_heading_never_ends_a_page():
    # One bullet less than a page holds: the sub-heading would fit as the page's last line.
    points = one_line_capacity(DEFAULT.body_size(0), DEFAULT.paragraph_gap_pt) - 1
    items = bullets(*(f"point {n}" for n in range(1, points + 1)))
    pages = split_blocks([BulletList(items), SubHeading([Run("Next part")]), BulletList(bullets("a", "b"))])
    assert isinstance(pages[1][0], SubHeading)


def test_long_code_splits_between_lines_and_keeps_every_line():
    code = "\n".join(f"print({n})" for n in range(60))
    pages = split_blocks([CodeBlock(code, "python")])
    per_page = int((LIMIT - 2 * DEFAULT.code_pad_pt) // DEFAULT.line_pt(DEFAULT.code_pt))
    assert per_page == 17
    assert [page[0].code.count("\n") + 1 for page in pages] == [17, 17, 17, 9]
    assert "\n".join(page[0].code for page in pages) == code
    assert all(page[0].language == "python" for page in pages)


def test_a_long_table_continues_with_its_header_and_column_widths():
    header = [[Run("Talk")], [Run("Speaker")]]
    rows = [[[Run(f"Talk {n} about something")], [Run(f"Speaker {n}")]] for n in range(40)]
    pages = split_blocks([Table(header, rows)])
    assert len(pages) >= 3
    assert all(page[0].header == header for page in pages)
    assert [row for page in pages for row in page[0].rows] == rows
    shares = {tuple(page[0].column_shares) for page in pages}
    assert len(shares) == 1 and sum(next(iter(shares))) == pytest.approx(1)


def test_column_widths_follow_the_content():
    table = Table([[Run("#")], [Run("Description")]],
                  [[[Run("1")], [Run("a long description of the first thing said in the talk")]]])
    narrow, wide = Heights(DEFAULT).column_widths(table, DEFAULT.body_width_in)
    assert narrow < 1.0 < wide
    assert narrow + wide == pytest.approx(DEFAULT.body_width_in)


def test_text_beside_a_picture_is_measured_in_its_narrower_column():
    words = " ".join(["measured"] * 30)
    blocks = [BulletList(bullets(*([words] * 6))), Image("chart.png", "Chart")]
    pages = split_blocks(blocks)
    assert isinstance(pages[0][-1], Image) and all(not isinstance(b, Image) for p in pages[1:] for b in p)
    heights = Heights(DEFAULT)
    column = text_width_in(DEFAULT, True)
    assert column < DEFAULT.body_width_in * 0.6
    assert heights.stack_height([b for b in pages[0] if not isinstance(b, Image)], column) <= LIMIT


def test_sizes_never_go_below_the_minimum_body_size():
    sizes = [DEFAULT.body_size(level) for level in range(8)]
    assert sizes[:len(DEFAULT.body_pt)] == list(DEFAULT.body_pt) and sizes == sorted(sizes, reverse=True)
    assert min(sizes) == DEFAULT.min_body_pt == 18 and sizes[-1] == 18


def test_paginate_titles_pages_and_notes():
    deck = Deck("Talk", "notes.md")
    slide = PlannedSlide("content", "Frameworks", [BulletList(bullets(*(f"b{n}" for n in range(25))))],
                         notes=["say this first"])
    planned = paginate(PlannedDeck(deck, [slide]), PlanOptions())
    assert [s.title for s in planned.slides] == ["Frameworks (1/3)", "Frameworks (2/3)", "Frameworks (3/3)"]
    assert [(s.page, s.pages) for s in planned.slides] == [(1, 3), (2, 3), (3, 3)]
    assert [s.notes for s in planned.slides] == [["say this first"], [], []]


def test_long_bare_links_get_a_short_label_and_keep_the_address():
    url = "https://example.com/projects/confdeck/documentation/reference/pagination/continuation-slides.html"
    assert short_label(url) == "example.com/projects/…/continuation-slides.html"
    assert short_label("https://fastapi.tiangolo.com/") == "fastapi.tiangolo.com"
    deck = Deck("Talk", "notes.md")
    slide = PlannedSlide("content", "Links", [BulletList([ListItem([Run("see "), Run(url, href=url)])])])
    planned = paginate(PlannedDeck(deck, [slide]), PlanOptions())
    run = planned.slides[0].blocks[0].items[0].runs[1]
    assert (run.text, run.href) == ("example.com/projects/…/continuation-slides.html", url)
    # A link short enough for one line keeps its address as its text.
    short = "https://github.com/Stranger6667/talks/tree/master/articles"
    slide = PlannedSlide("content", "Links", [BulletList([ListItem([Run(short, href=short)])])])
    assert paginate(PlannedDeck(deck, [slide]), PlanOptions()).slides[0].blocks[0].items[0].runs[0].text == short


def test_pyconweb_2019_framework_talk_is_planned_over_several_slides():
    from confdeck.plan import plan_deck
    from confdeck.read import read_notes

    notes = Path(__file__).resolve().parents[1] / "notes" / "pyconweb2019.md"
    planned = plan_deck(read_notes(notes))
    talk = [s for s in planned.slides if s.title.startswith("Hello to the World in 8 Web Frameworks")]
    assert len(talk) >= 3
    assert {s.pages for s in talk} == {len(talk)}
    # Every bullet of the talk is on exactly one of its pages, in order.
    source = next(s for section in planned.deck.sections for s in section.slides
                  if s.title.startswith("Hello to the World"))
    expected = [plain_text(i.runs) for b in source.blocks for i in b.items]
    assert [plain_text(i.runs) for s in talk for b in s.blocks for i in b.items] == expected
    heights = Heights(DEFAULT)
    for page in talk:
        assert heights.stack_height(page.blocks, DEFAULT.body_width_in) <= LIMIT
    assert WIDTH_SLACK < 1


def test_long_titles_shrink_to_fit_their_box_in_both_decks(tmp_path):
    from pptx import Presentation

    from confdeck.build import BuildOptions, render_deck, write_outputs
    from confdeck.plan.titles import title_size

    assert title_size("Agenda", DEFAULT, FONTS) == DEFAULT.title_pt
    long_title = "Matrix: Building a decentralized messaging platform using Python and Twisted, " \
                 "Richard van der Hoff, with a subtitle that goes on and on (1/2)"
    size = title_size(long_title, DEFAULT, FONTS)
    assert DEFAULT.min_body_pt <= size < DEFAULT.title_pt
    notes = tmp_path / "talk.md"
    notes.write_text(f"# Talk\n\n## Part\n\n### {long_title}\n\n* one point\n", encoding="utf-8")
    write_outputs(render_deck(notes, BuildOptions(), "talk.md"), notes, tmp_path / "out")
    slide = next(s for s in Presentation(str(tmp_path / "out" / "talk.pptx")).slides
                 if s.shapes.title.text_frame.text == long_title)
    assert {run.font.size.pt for p in slide.shapes.title.text_frame.paragraphs for run in p.runs} == {size}
    html = (tmp_path / "out" / "talk.html").read_text(encoding="utf-8")
    assert f'<h2 style="font-size:{size}pt">{long_title}</h2>' in html


@pytest.mark.parametrize("name", ["pwc2020", "pyconweb2019", "pyconweb2024", "stress"])
def test_pagination_keeps_every_word_of_every_slide_in_order(name, tmp_path):
    from fitting import make_stress_notes, slide_text

    from confdeck.plan import plan_deck
    from confdeck.plan.links import shorten_link_labels
    from confdeck.read import read_notes

    notes = make_stress_notes(tmp_path) if name == "stress" else Path(__file__).resolve().parents[1] / "notes" / f"{name}.md"
    planned = plan_deck(read_notes(notes))
    sources = [(index, slide) for index, section in enumerate(planned.deck.sections) for slide in section.slides]
    pages = [s for s in planned.slides if s.kind in ("content", "image")]
    for index, source in sources:
        group = [pages.pop(0)]
        while group[-1].page < group[-1].pages:
            group.append(pages.pop(0))
        assert {s.section_index for s in group} == {index}
        expected = PlannedSlide("content", "", shorten_link_labels(source.blocks, DEFAULT, FONTS))
        # Bullets repeated as "(continued)" above their sub-bullets on a new page are left out.
        blocks = [replace(b, items=[i for i in b.items if i.runs[-1].text != CONTINUED]) if isinstance(b, BulletList)
                  else b for page in group for b in page.blocks]
        # A continued table repeats its header: count it once.
        blocks = [replace(b, header=[]) if isinstance(b, Table) and i and isinstance(blocks[i - 1], Table)
                  and b.header == blocks[i - 1].header else b for i, b in enumerate(blocks)]
        words = slide_text(PlannedSlide("content", "", blocks), None).split()
        assert words == slide_text(expected, None).split(), source.title
    assert pages == []


def test_fonts_are_found_in_the_font_folders_without_fontconfig(monkeypatch):
    from confdeck.plan import fonts

    need_font("Carlito", "fonts-crosextra-carlito")
    monkeypatch.setattr(fonts, "_fc_match", lambda family, bold, italic: None)
    fonts.font_file.cache_clear()
    try:
        assert fonts.font_file("Calibri").name == "Carlito-Regular.ttf"
        assert fonts.font_file("Calibri", bold=True).name == "Carlito-Bold.ttf"
        assert fonts.font_file("Courier New", monospace=True).name.startswith("LiberationMono")
        assert fonts.font_file("Unknown Corporate Sans").name == "DejaVuSans.ttf"
    finally:
        fonts.font_file.cache_clear()
