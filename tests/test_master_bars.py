"""A master as universities and companies make them in PowerPoint (tools/make_masters.py, bars_and_stamp):
bars along the top and bottom edges with the footer and slide number on the bottom bar, titles on a band of
the master's set in by the title style's left margin, a "CONFIDENTIAL" stamp over the band's right end, a
duplicated title layout with no layout type, and PowerPoint's vertical layouts still in the file.

Found on real masters from public repositories: the vertical layout was taken for a designed title page and
the title went missing from the HTML deck; the footer was moved off the bar it is meant to sit on (white on
white); the HTML title ignored the title style's margin; the slide number was drawn in the HTML only."""
from __future__ import annotations

import re

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu

from conftest import libreoffice_to_pdf, load_tool, need_program
from fitting import pdf_pages
from safety_helpers import build

make_masters = load_tool("make_masters")
LONG_TITLE = "What the platform team learned running forty services on one shared cluster"
NOTES = (f"---\ntitle: Shared clusters\nauthor: Ana Lima\n---\n# Shared clusters\n\n![Team logo](logo.png)\n\n"
         f"## {LONG_TITLE} (~3 min)\n\n"
         "- quotas per team\n- one ingress\n\n## Costs (~2 min)\n\n- cheaper by a third\n")
STAMP_LEFT_IN = make_masters.WIDTH - 2.2     # where the pattern draws the stamp
TITLE_MARGIN_IN = 0.25                       # the pattern's title style's left margin
BAR_TOP_IN = make_masters.HEIGHT - 0.4


@pytest.fixture
def bars(tmp_path, capsys, monkeypatch):
    from PIL import Image

    make_masters.make_bars_and_stamp(tmp_path / "templates" / "bars")
    Image.new("RGB", (900, 380), (0, 94, 140)).save(tmp_path / "logo.png")   # bigger than any logo box
    result = build(tmp_path, NOTES, "--template", "bars", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    assert " gives " not in result.err, result.err   # every colour of this master reads well
    return result


def slide_titled(prs, text: str):
    return next(slide for slide in prs.slides if slide.shapes.title is not None
                and slide.shapes.title.text_frame.text.startswith(text))


def test_a_duplicated_title_layout_is_the_title_page_not_a_vertical_layout(bars):
    prs = Presentation(str(bars.pptx))
    first = prs.slides[0]
    assert first.slide_layout.name == "Title Slide"
    assert first.shapes.title.text_frame.text == "Shared clusters"
    html = bars.html.read_text(encoding="utf-8")
    opening = html.split("<section", 2)[1]
    assert "Shared clusters" in opening and "Ana Lima" in opening
    assert "Vertical" not in " ".join(slide.slide_layout.name for slide in prs.slides)


def test_the_footer_and_number_stay_on_the_masters_bar_in_both_decks(bars):
    prs = Presentation(str(bars.pptx))
    html = bars.html.read_text(encoding="utf-8")
    slides = list(prs.slides)[1:]
    for number, slide in enumerate(slides, start=2):
        shapes = {shape.placeholder_format.type: shape for shape in slide.placeholders}
        footer, page_number = shapes[PP_PLACEHOLDER.FOOTER], shapes[PP_PLACEHOLDER.SLIDE_NUMBER]
        assert footer.text_frame.text == make_masters.BAR_FOOTER and page_number.text_frame.text == str(number)
        for shape in (footer, page_number):   # inherited from the master: on the bar, not moved above it
            assert Emu(shape.top).inches == pytest.approx(BAR_TOP_IN, abs=0.01), shape.name
    assert re.findall(r'<div class="cd-footer">([^<]*)</div>', html) == [make_masters.BAR_FOOTER] * len(slides)
    for name in ("footer", "number"):
        top = int(re.search(rf"--cd-{name}-top: (-?\d+)px", html).group(1))
        assert top == round(BAR_TOP_IN * 96), name


def test_titles_start_at_the_title_styles_margin_and_keep_clear_of_the_stamp(bars, tmp_path):
    prs = Presentation(str(bars.pptx))
    title = slide_titled(prs, LONG_TITLE).shapes.title
    body_pr = title.text_frame._txBody.bodyPr
    # The box (on the band) stays as the layout has it; only the text keeps off the stamp's end.
    assert title.left == 0 and Emu(int(body_pr.get("rIns"))).inches >= make_masters.WIDTH - STAMP_LEFT_IN

    pdftotext = need_program("pdftotext", "poppler-utils")
    page = next(page for page in pdf_pages(libreoffice_to_pdf(bars.pptx, tmp_path), pdftotext)
                if any(word.text == "platform" for word in page.words))
    words = [word for word in page.words if word.y1 < 1.3 * 72 and word.y0 > 0.4 * 72]   # on the band
    title_words = [word for word in words if word.text != "CONFIDENTIAL"]
    assert " ".join(word.text for word in title_words).startswith("What the platform")
    assert title_words[0].x0 == pytest.approx((0.1 + TITLE_MARGIN_IN) * 72, abs=4)
    assert max(word.x1 for word in title_words) < STAMP_LEFT_IN * 72


def test_the_html_title_is_set_in_as_the_pptx_and_stops_before_the_stamp(bars, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(bars.html.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    page.evaluate("Reveal.configure({ margin: 0, controls: false, progress: false })")
    index = page.evaluate(f"""() => Reveal.getSlides().findIndex(s => s.querySelector('h2')
        && s.querySelector('h2').textContent.startsWith({LONG_TITLE[:20]!r}))""")
    page.evaluate(f"Reveal.slide({index})")
    page.wait_for_timeout(100)
    boxes = page.evaluate("""() => {
        const slide = Reveal.getCurrentSlide(), h2 = slide.querySelector('h2');
        const range = document.createRange(); range.selectNodeContents(h2);
        const lines = [...range.getClientRects()];
        const stamp = [...slide.querySelectorAll('div')].filter(d => d.textContent.trim() === 'CONFIDENTIAL').pop();
        const frame = slide.getBoundingClientRect();
        return {scale: frame.width / (Reveal.getConfig().width), left: Math.min(...lines.map(r => r.left)) - frame.left,
                right: Math.max(...lines.map(r => r.right)) - frame.left,
                stamp: stamp.getBoundingClientRect().left - frame.left};
    }""")
    page.close()
    inch = 96 * boxes["scale"]
    assert boxes["left"] == pytest.approx((0.1 + TITLE_MARGIN_IN) * inch, abs=3)
    assert boxes["right"] < boxes["stamp"] == pytest.approx(STAMP_LEFT_IN * inch, abs=2)


def test_a_rounded_panel_keeps_round_corners_however_wide(bars):
    html = bars.html.read_text(encoding="utf-8")
    # 2.4 in tall: DrawingML's default corner is a sixth of the shorter side, the same on every corner.
    assert re.search(r"border-radius: 0\.4in;", html)
    assert "border-radius: 16%" not in html


def test_the_notes_logo_is_drawn_in_the_same_box_in_both_decks(bars, browser):
    prs = Presentation(str(bars.pptx))
    picture = next(shape for shape in prs.slides[0].shapes if shape.shape_type == 13)   # a picture
    expected = [Emu(value).inches for value in (picture.left, picture.top, picture.width, picture.height)]
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(bars.html.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    page.evaluate("Reveal.configure({ margin: 0, controls: false, progress: false }); Reveal.slide(0)")
    page.wait_for_timeout(100)
    drawn = page.evaluate("""() => {
        const slide = Reveal.getCurrentSlide(), frame = slide.getBoundingClientRect();
        const inch = 96 * frame.width / Reveal.getConfig().width;
        const image = slide.querySelector('img.logo').getBoundingClientRect();
        return [image.left - frame.left, image.top - frame.top, image.width, image.height].map(v => v / inch);
    }""")
    page.close()
    assert drawn == pytest.approx(expected, abs=0.05)


def test_text_boxes_and_tables_of_ours_are_set_in_the_masters_body_font(tmp_path, capsys, monkeypatch):
    """The body style names the company's font, the theme's minor font is another: a placeholder inherits
    the style, a text box or table of ours would get the theme's font, not the one the plan measured."""
    make_masters.make_bars_and_stamp(tmp_path / "templates" / "bars")
    notes = ("---\ntitle: Fonts\n---\n# Fonts\n\n## Plan (~2 min)\n\n- one\n\n## Risks (~2 min)\n\n- two\n\n"
             "## Numbers (~3 min)\n\nBefore the table.\n\n| team | cost |\n|---|---|\n| web | 3 |\n\n"
             "After the table, a paragraph.\n")
    result = build(tmp_path, notes, "--template", "bars", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    prs = Presentation(str(result.pptx))
    fonts_of = lambda frame: {run.font.name for p in frame.paragraphs for run in p.runs if run.text.strip()}
    agenda = next(shape for shape in prs.slides[1].shapes if shape.name == "Agenda lengths")
    assert fonts_of(agenda.text_frame) == {make_masters.BARS_BODY_FONT}
    numbers = slide_titled(prs, "Numbers")
    table = next(shape for shape in numbers.shapes if shape.has_table).table
    assert {name for row in table.rows for cell in row.cells for name in fonts_of(cell.text_frame)} == \
        {make_masters.BARS_BODY_FONT}
    texts = {shape.text_frame.text: shape for shape in numbers.shapes if shape.has_text_frame}
    # The body placeholder inherits the style; the text box of ours after the table names the font.
    before, after = texts["Before the table."], texts["After the table, a paragraph."]
    assert before.is_placeholder and fonts_of(before.text_frame) == {None}
    assert not after.is_placeholder and fonts_of(after.text_frame) == {make_masters.BARS_BODY_FONT}


def test_bullets_take_the_masters_bullet_colour_in_both_decks(bars, browser):
    prs = Presentation(str(bars.pptx))
    body = next(shape for shape in slide_titled(prs, "Costs").placeholders if shape.placeholder_format.idx == 1)
    # The .pptx leaves the bullets' colour to the master's body style, which PowerPoint applies.
    assert b"buClr" not in etree.tostring(body._element) and body.text_frame.text == "cheaper by a third"
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(bars.html.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    colours = page.evaluate("""() => [...document.querySelectorAll('section .body li')].map(
        li => [li.textContent.trim(), getComputedStyle(li, '::marker').color])""")
    page.close()
    purple = "rgb({}, {}, {})".format(*(int(make_masters.BARS_BULLET[i:i + 2], 16) for i in (1, 3, 5)))
    assert ["cheaper by a third", purple] in colours
