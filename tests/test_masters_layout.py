"""Nothing printed over the design: company masters whose layouts leave little room (only a title layout,
blank-only layouts in two masters, a designed title page without placeholders, a corner logo over the body
area; 16:9, 4:3 and 16:10), each built from notes that paginate, with a picture and a table.

The plan decides every slide's boxes from the layout chosen for its kind (PlannedSlide.layout); these tests
check them in the plan, in the .pptx (python-pptx shape boxes) and in LibreOffice's PDF (pdftotext word boxes).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image as PILImage, ImageDraw
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from conftest import libreoffice_to_pdf, need_program, run_confdeck, load_tool
from fitting import normal, pdf_pages, slide_text

from confdeck.build import BuildOptions, render_deck
from confdeck.geometry import Box, shrink_clear_of

make_masters = load_tool("make_masters")

PATTERNS = ["only_title", "only_title_16x10", "blank_two_masters", "designed_title", "designed_title_16x10",
            "corner_logo", "corner_logo_4x3", "one_line_boxes", "badge_bodies"]
# LibreOffice draws every pattern of tools/make_masters.py without a word off the page or over another: the
# layout patterns above, the looks, the master's footer and the packages (.potx, .potm, a repaired one, one
# with a past).
EVERY_PATTERN = list(make_masters.PATTERNS)
TOLERANCE_PT = 1.0

NOTES = """---
section_slides: always
author: Jane Doe
---
# What we brought back from the platform engineering summit

![Team logo](ourlogo.png)

Platform Team, Berlin office

- Opening keynote (~5 mins)
  - The keynote argued that internal platforms succeed when they are treated as products with real users, a roadmap and a budget that survives reorganisations
  - Three companies showed how they measure developer experience with surveys, build times and the time from commit to production, and why the numbers only help when teams trust them
  - Golden paths should be paved roads, not fences: teams may leave them, but they pay for their own maintenance when they do, and that trade-off must be written down
  - Platform teams that publish their service levels get fewer escalations, because users know what to expect and when to ask for help instead of guessing
  - The speaker warned against building a portal first; start with the two or three tasks every team repeats each week and automate those end to end
  - Budget conversations go better with a cost per deployment and a cost per team than with one large infrastructure number nobody can act on
- Measuring the platform (~8 mins)
  - Latency of the build pipeline by repository size
    ![Build times by repository size](diagram.png)
  - The numbers we compared against our own
    | Metric | Summit median | Our team | Note |
    |---|---|---|---|
    | Lead time for changes | 2 days | 6 days | review queue is the bottleneck |
    | Deployment frequency | daily | twice a week | release train on Tuesdays and Thursdays |
    | Change failure rate | 12 % | 9 % | fewer but larger releases |
    | Time to restore | 1 hour | 5 hours | on-call rota is thin at night |
  - What we would change first, in order: shorter review queues, smaller releases, a second on-call engineer at night, and dashboards that every team can read without asking us
- Questions (~2 mins)
  - Where should we start next quarter, and who wants to pilot the paved road for new services with us?
"""


@pytest.fixture(scope="module")
def talks(tmp_path_factory) -> Path:
    """A folder with the notes, their pictures and every pattern's template under templates/."""
    folder = tmp_path_factory.mktemp("masters")
    (folder / "talk.md").write_text(NOTES, encoding="utf-8")
    chart = PILImage.new("RGB", (800, 500), (90, 140, 190))
    ImageDraw.Draw(chart).rectangle([100, 100, 700, 400], fill=(230, 200, 80))
    chart.save(folder / "diagram.png")
    badge = PILImage.new("RGB", (400, 160), (255, 255, 255))
    ImageDraw.Draw(badge).ellipse([10, 10, 150, 150], fill=(20, 120, 60))
    badge.save(folder / "ourlogo.png")
    for name in EVERY_PATTERN:
        make_masters.PATTERNS[name](folder / "templates" / name)
    return folder


def plan_with(talks: Path, name: str, monkeypatch):
    monkeypatch.chdir(talks)
    return render_deck(talks / "talk.md", BuildOptions(formats=(), template=name)).planned


def inches(shape) -> Box:
    return Box(Emu(shape.left).inches, Emu(shape.top).inches, Emu(shape.width).inches, Emu(shape.height).inches)


def design_pictures(slide) -> list[Box]:
    """The pictures the slide's layout and master draw (logos, photos): keep-out areas for our text. A picture
    mostly see-through (a strip of small arrows behind the titles) is artwork text is set on, not one."""
    layout = slide.slide_layout
    holders = [layout, layout.slide_master] if layout._element.get("showMasterSp", "1") != "0" else [layout]
    return [inches(shape) for holder in holders for shape in holder.shapes
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE and not shape.is_placeholder and not _see_through(shape)]


def _see_through(picture) -> bool:
    import io

    from PIL import ImageStat

    with PILImage.open(io.BytesIO(picture.image.blob)) as image:
        return ImageStat.Stat(image.convert("RGBA").getchannel("A")).mean[0] < 0.5 * 255


def design_words(slide) -> set[str]:
    """The words the slide's layout and master print themselves (a stamp, a fixed footer line)."""
    layout = slide.slide_layout
    holders = [layout, layout.slide_master] if layout._element.get("showMasterSp", "1") != "0" else [layout]
    return {word for holder in holders for shape in holder.shapes
            if shape.has_text_frame and not shape.is_placeholder for word in shape.text_frame.text.split()}


def test_a_body_box_is_cut_back_clear_of_a_corner_logo_keeping_the_larger_part():
    body = Box(0.6, 1.6, 12.1, 5.6)
    logo = Box(11.0, 6.25, 1.9, 0.74)
    cut = shrink_clear_of(body, [logo])
    assert not cut.overlaps(logo)
    # Left of the logo keeps 10.4 × 5.6 in, above it 12.1 × 4.65 in: the larger part wins.
    assert cut.right == pytest.approx(11.0) and cut.height == pytest.approx(5.6)
    assert shrink_clear_of(body, [Box(0, 0, 13.333, 7.5)]) == body   # a background is not a keep-out


@pytest.mark.parametrize("name", PATTERNS)
def test_the_plan_places_every_slide_clear_of_its_title_and_the_design(name, talks, monkeypatch):
    planned = plan_with(talks, name, monkeypatch)
    from confdeck.look import resolve_look
    from confdeck.templates import load_template

    look = resolve_look(load_template(name))
    for slide in planned.slides:
        placed = slide.layout
        assert placed is not None, slide.title
        for box in [g.box for g in placed.groups] + [p.box for p in placed.pictures]:
            assert not box.overlaps(placed.title), (slide.title, box, placed.title)
            assert box.bottom <= placed.body.bottom + 0.01 and box.inside(placed.body), (slide.title, box)
        kind = {"agenda": "content", "image": "picture"}.get(slide.kind, slide.kind)
        frame = look.frames[kind]
        if slide.kind in ("content", "agenda"):
            assert not any(placed.body.overlaps(area) for area in frame.keep_out), (slide.title, frame.keep_out)
        if slide.kind == "title" and placed.logo is not None:
            assert not placed.logo.overlaps(placed.title) and not placed.logo.overlaps(frame.subtitle)
    # The HTML deck's slide number stays clear of the master's corner logo too.
    assert not any(look.number_box.overlaps(area) for area in look.frames["content"].decorations)


def test_a_missing_picture_layout_falls_back_to_a_top_title_layout_never_a_centred_section_header(tmp_path):
    from confdeck.powerpoint.master import prepare_master

    prs = make_masters.new_presentation()
    layouts = list(prs.slide_layouts)
    # No content, title-only or picture layout; a top title over vertical text (python-pptx's layout 9).
    make_masters.keep_only(prs.slide_master, [(layouts[make_masters.SECTION], "Section Header"),
                                              (layouts[make_masters.TITLE], "Title Slide"),
                                              (layouts[9], "Title and Vertical Text")])
    prs.save(tmp_path / "master.pptx")
    _, chooser = prepare_master(tmp_path / "master.pptx", "master.pptx")
    for kind in ("content", "picture", "title_only"):
        assert chooser.layout_for(kind).name == "Title and Vertical Text", kind
    # With no layout whose title sits at the top, the body goes under the title (moved up when it is mid-slide).
    only = tmp_path / "only"
    make_masters.PATTERNS["only_title"](only)
    _, chooser = prepare_master(only / "master.pptx", "master.pptx")
    assert chooser.layout_for("picture").name == "Title Slide"


def test_one_line_title_and_body_boxes_get_the_room_the_design_leaves_them(talks, monkeypatch):
    """Google Slides' boxes are one line tall (their text shrinks or the box grows): a title box of 0.3 in
    would shrink every title below its smallest size, a body of 0.3 in put one bullet on each slide."""
    planned = plan_with(talks, "one_line_boxes", monkeypatch)
    assert not [d for d in planned.diagnostics if "does not fit" in str(d) or "taller than a slide" in str(d)]
    contents = [slide for slide in planned.slides if slide.kind == "content"]
    assert contents and all(len(slide.blocks) >= 1 for slide in contents)
    for slide in contents:
        title, body = slide.layout.title, slide.layout.body
        assert title.top == pytest.approx(0.35) and title.height > 0.9 and title.bottom < body.top
        assert body.top == pytest.approx(1.5) and body.height > 0.6 * 7.5
    # Both decks set the title in the grown box: the .pptx writes it on the slide.
    out = talks / "out-one-line"
    result = run_confdeck("build", "talk.md", "-o", str(out), "--template", "one_line_boxes", "--format", "pptx",
                          cwd=talks)
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(out / "talk.pptx"))
    index = planned.slides.index(contents[0])
    assert inches(deck.slides[index].shapes.title).height == pytest.approx(contents[0].layout.title.height, abs=0.01)


def test_a_badge_is_no_body_and_pictures_go_on_the_masters_own_content_layout(talks):
    """Keynote's layouts each hold a small badge placeholder: a title-only page with a badge is no page for
    bullets, nor a page of small labelled boxes; with no picture or title-only layout, those slides take the
    content layout, not whichever page leaves the most room under its title."""
    from confdeck.powerpoint.master import prepare_master

    _, chooser = prepare_master(talks / "templates" / "badge_bodies" / "master.pptx", "master.pptx")
    assert {kind: chooser.layout_for(kind).name for kind in ("content", "picture", "title_only")} == \
        {"content": "Body", "picture": "Body", "title_only": "Body"}


def test_a_long_word_in_a_narrow_title_box_gets_a_smaller_size_rather_than_a_break(tmp_path):
    """A section title box 5.5 in wide in bold capitals (python-pptx's section layout, narrowed as on a course
    master beside its artwork): at the layout's size "ACTION/INSPIRATIONAL" would break inside the word; the
    plan measures capitals and bold as the layout sets them and takes a smaller size that keeps it whole."""
    pdftotext = need_program("pdftotext", "poppler-utils")
    prs = make_masters.new_presentation()
    section = list(prs.slide_layouts)[make_masters.SECTION]
    make_masters.set_box(make_masters.ph_of(section, "title"), (0.6, 0.5, 5.5, 5.0))
    make_masters.save(prs, tmp_path / "templates" / "narrow", "a narrow section title box")
    (tmp_path / "talk.md").write_text("---\nsection_slides: always\n---\n# Talk\n\n"
                                      "## Cautionary Tales/Call to action/Inspirational talks (~2 min)\n\n- one\n",
                                      encoding="utf-8")
    result = run_confdeck("build", "talk.md", "-o", "out", "--template", "narrow", "--format", "pptx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pages = pdf_pages(libreoffice_to_pdf(tmp_path / "out" / "talk.pptx", tmp_path), pdftotext)
    section_page = next(page for page in pages if any(word.text == "CAUTIONARY" for word in page.words))
    assert "ACTION/INSPIRATIONAL" in [word.text for word in section_page.words], section_page.words


def test_a_master_with_only_a_title_slide_gets_its_title_moved_to_the_top_for_content(talks, monkeypatch):
    planned = plan_with(talks, "only_title", monkeypatch)
    content = next(slide for slide in planned.slides if slide.kind == "content")
    assert content.layout.title_moved and content.layout.title.bottom < 2.0
    assert content.layout.body.top > content.layout.title.bottom


def test_a_designed_title_page_without_placeholders_is_the_title_slide_with_the_sample_title_box(talks, monkeypatch):
    monkeypatch.chdir(talks)
    result = run_confdeck("build", "talk.md", "-o", "out-designed", "--template", "designed_title", cwd=talks)
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(talks / "out-designed" / "talk.pptx"))
    first = deck.slides[0]
    assert first.slide_layout.name == "Design 1"
    title = next(shape for shape in first.shapes if shape.has_text_frame and "platform engineering" in
                 shape.text_frame.text)
    assert inches(title).left == pytest.approx(0.7, abs=0.01) and inches(title).top == pytest.approx(3.85, abs=0.01)
    logo = next(shape for shape in first.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE)
    texts = [inches(shape) for shape in first.shapes if shape.has_text_frame and shape.text_frame.text.strip()]
    assert not any(inches(logo).overlaps(box) for box in texts)
    company_logo = [box for box in design_pictures(first) if box.area < 3]
    assert company_logo and not any(inches(logo).overlaps(box) for box in company_logo)
    # Content slides keep the master's own content layout, not the designed page.
    assert deck.slides[3].slide_layout.name == "Title, Content"


@pytest.mark.parametrize("name", PATTERNS)
def test_pptx_text_shapes_stay_clear_of_the_title_and_the_masters_pictures(name, talks, monkeypatch):
    out = talks / f"out-{name}"
    result = run_confdeck("build", "talk.md", "-o", str(out), "--template", name, "--format", "pptx", cwd=talks)
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(out / "talk.pptx"))
    width, height = Emu(deck.slide_width).inches, Emu(deck.slide_height).inches
    for number, slide in enumerate(deck.slides, start=1):
        title = slide.shapes.title
        keep_out = design_pictures(slide)
        for shape in slide.shapes:
            box = inches(shape)
            assert box.inside(Box(0, 0, width, height)), (number, shape.name, box)
            if title is None or shape.shape_id == title.shape_id or "Picture" in shape.name:
                continue
            if shape.has_text_frame and shape.text_frame.text.strip() or shape.has_table:
                assert not box.overlaps(inches(title)), (number, shape.name, box, inches(title))
                assert not any(box.overlaps(area) for area in keep_out), (number, shape.name, box)


@pytest.mark.parametrize("name", EVERY_PATTERN)
def test_libreoffice_draws_no_word_off_the_page_over_another_or_over_the_design(name, talks, monkeypatch, tmp_path):
    pdftotext = need_program("pdftotext", "poppler-utils")
    out = talks / f"pdf-{name}"
    result = run_confdeck("build", "talk.md", "-o", str(out), "--template", name, "--format", "pptx", cwd=talks)
    assert result.returncode == 0, result.stderr
    planned = plan_with(talks, name, monkeypatch)
    deck = Presentation(str(out / "talk.pptx"))
    pages = pdf_pages(libreoffice_to_pdf(out / "talk.pptx", tmp_path), pdftotext)
    assert len(pages) == len(planned.slides)
    for number, (slide, page, pptx_slide) in enumerate(zip(planned.slides, pages, deck.slides), start=1):
        # Lower case: a master may set its section titles in capitals.
        drawn = normal("".join(word.text for word in page.words)).lower()
        missing = [word for word in slide_text(slide, planned.deck).split() if normal(word).lower() not in drawn]
        assert not missing, f"{name} slide {number}: words not drawn: {missing}"
        keep_out = [Box(b.left * 72, b.top * 72, b.width * 72, b.height * 72) for b in design_pictures(pptx_slide)]
        title_words = set(normal(slide.title).lower())
        own_words = design_words(pptx_slide)   # the design's, where it prints them (over the title band too)
        title_box = slide.layout.title
        title_pt = Box(title_box.left * 72, title_box.top * 72, title_box.width * 72, title_box.height * 72)
        for i, word in enumerate(page.words):
            box = Box(word.x0, word.y0, word.x1 - word.x0, word.y1 - word.y0)
            assert -TOLERANCE_PT <= word.x0 and word.x1 <= page.width + TOLERANCE_PT, (name, number, word)
            assert -TOLERANCE_PT <= word.y0 and word.y1 <= page.height + TOLERANCE_PT, (name, number, word)
            assert not any(_overlap(box, area) > 2.0 for area in keep_out), (name, number, word)
            if slide.kind in ("content", "agenda") and not set(normal(word.text).lower()) <= title_words \
                    and word.text not in own_words:
                assert _overlap(box, title_pt) < 2.0, (name, number, word, title_box)
            for other in page.words[i + 1:]:
                other_box = Box(other.x0, other.y0, other.x1 - other.x0, other.y1 - other.y0)
                shared = _overlap(box, other_box)
                assert shared < 0.3 * min(box.area, other_box.area), (name, number, word, other)


def _overlap(one: Box, other: Box) -> float:
    width = min(one.right, other.right) - max(one.left, other.left)
    height = min(one.bottom, other.bottom) - max(one.top, other.top)
    return width * height if width > 0 and height > 0 else 0.0


def test_a_two_line_title_shrinks_to_fit_a_low_title_box_and_one_that_cannot_fit_is_warned_about():
    from confdeck.geometry import DEFAULT, SlideFrame
    from confdeck.model import Deck, PlannedDeck, PlannedSlide
    from confdeck.plan import PlanOptions
    from confdeck.plan.placement import place_slides
    from confdeck.plan.titles import TITLE_LINE

    title_box = Box(0.6, 0.3, 12.1, 0.8)   # a 0.8 in title band, as some LibreOffice masters have
    frame = SlideFrame(title_box, Box(0.6, 1.3, 12.1, 5.6), DEFAULT.title_pt)
    long_title = "What the platform engineering summit taught us about paved roads, budgets and trust"
    endless = " ".join(["Observability"] * 40)
    planned = PlannedDeck(Deck("Talk", "talk.md"), [PlannedSlide("content", long_title),
                                                    PlannedSlide("content", endless)])
    place_slides(planned, PlanOptions(frames={"content": frame}))
    fitted = planned.slides[0].layout
    assert fitted.title_pt < DEFAULT.title_pt
    # Two lines at that size and line height stay inside the box (nothing runs off the top).
    assert 2 * fitted.title_pt * TITLE_LINE <= title_box.height * 72 + 2
    assert [d.message for d in planned.diagnostics] == [
        f"title does not fit its box even at {planned.slides[1].layout.title_pt} pt; it may run out of the box: "
        "shorten it"]
