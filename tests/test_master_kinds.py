"""Each slide kind takes its own layout's look in both decks, readable on every background (issue 16).

The masters are made by tools/make_masters.py into a temporary folder: dark photo title and section
layouts with white titles, a grey title band, a red master with the theme's default link blue,
decorations (a picture-filled shield, a fixed footer text box, a city caption), and a layout whose
sample paragraphs are centred and red while its master style is left and navy.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import run_confdeck, load_tool

FRONT = """---
title: What we learned at PyCon Lisboa
author: Ana Sousa
date: 2026-05-14
section_slides: always
show_budgets: sections
---

# What we learned at PyCon Lisboa
"""

NOTES_TEXT = FRONT + """
## Keynotes (~5 mins)

### Typing goes mainstream

- Typing is now mainstream in large codebases
- See [the talk page](https://example.org/keynote) for slides
- Packaging finally feels boring, in a good way

### The venue

![Hall of the venue](venue.png)

## Tooling (~4 mins)

### Faster linters

- Faster linters changed our CI budget
- Pre-commit hooks run in under a second

| Tool | Time |
|------|------|
| ruff | 0.4 s |
"""

# The same talk as a list outline: its lone picture becomes a picture slide (the picture layout).
LIST_NOTES_TEXT = FRONT + """
- Keynotes (~5 mins)
  - Typing is now mainstream in large codebases
  - See [the talk page](https://example.org/keynote) for slides

![The venue hall](venue.png)

- Tooling (~4 mins)
  - Faster linters changed our CI budget
"""


# The patterns of tools/make_masters.py about each kind's look and readability,
LOOK_PATTERNS = ("dark_photo", "title_band", "bars_and_stamp", "theme_background", "photo_panels", "artwork",
                 "red_background", "decorations", "sample_centred")
# those about where things go (missing layouts, designed pages, logos, the master's footer), and packages
# (tests/test_damaged_masters.py, tests/test_master_history.py).
LAYOUT_PATTERNS = ("only_title", "only_title_16x10", "blank_two_masters", "one_line_boxes", "badge_bodies",
                   "designed_title",
                   "designed_title_16x10",
                   "corner_logo", "corner_logo_4x3", "footer_in_master")
PACKAGE_PATTERNS = ("potx", "potm", "layout_types_missing", "old_history")


def make_masters_tool():
    return load_tool("make_masters")


@pytest.fixture(scope="session")
def masters(tmp_path_factory) -> Path:
    """A project folder with every pattern as templates/<name>/ and the talk's notes and picture."""
    from PIL import Image, ImageDraw

    root = tmp_path_factory.mktemp("masters")
    assert make_masters_tool().main([str(root / "templates"), *LOOK_PATTERNS, *LAYOUT_PATTERNS,
                                     *PACKAGE_PATTERNS]) == 0
    (root / "talk.md").write_text(NOTES_TEXT, encoding="utf-8")
    (root / "outline.md").write_text(LIST_NOTES_TEXT, encoding="utf-8")
    picture = Image.new("RGB", (800, 500), (200, 220, 235))
    ImageDraw.Draw(picture).rectangle([100, 200, 700, 450], fill=(120, 90, 60))
    picture.save(root / "venue.png")
    return root


def build(masters: Path, name: str, out: Path, *extra: str, notes: str = "talk.md"):
    result = run_confdeck("build", notes, "--template", name, "-o", str(out), *extra, cwd=masters)
    assert result.returncode == 0, result.stderr
    return result


def kinds_of(masters: Path, name: str):
    from confdeck.look import resolve_look
    from confdeck.templates import load_template

    warnings: list = []
    look = resolve_look(load_template(name, masters), warnings)
    return look, [w.message for w in warnings]


def css_rule(page: str, selector_start: str) -> str:
    match = re.search(re.escape(selector_start.rstrip(" {")) + r"\s*\{([^}]*)\}", page)
    assert match, selector_start
    return match.group(1)


def test_the_tool_writes_every_pattern_as_a_template_folder(masters):
    assert set(LOOK_PATTERNS + LAYOUT_PATTERNS + PACKAGE_PATTERNS) == set(make_masters_tool().PATTERNS)
    for name in LOOK_PATTERNS + LAYOUT_PATTERNS + PACKAGE_PATTERNS:
        folder = masters / "templates" / name
        assert (folder / "master.pptx").is_file() and "slide_size: master" in (folder / "template.yaml").read_text()
        if name not in PACKAGE_PATTERNS:   # those are a template file, a damaged one …: confdeck opens them
            Presentation(str(folder / "master.pptx"))


def test_title_and_section_slides_take_their_own_layouts_colour_alignment_and_box(masters, tmp_path):
    look, warnings = kinds_of(masters, "dark_photo")
    title, section, content = look.kinds["title"], look.kinds["section"], look.kinds["content"]
    assert (title.title.color, title.title.align) == ("#FFFFFF", "l")
    assert (section.title.color, section.title.align) == ("#FFFFFF", "r")
    assert (content.title.color, content.title.align) == ("#404040", "ctr")
    assert title.decor.background and section.decor.background and title.decor.background != section.decor.background
    assert round(section.title_box.top, 2) == 2.6 and round(title.title_box.left, 2) == 0.9
    assert not [w for w in warnings if "title" in w]   # white on the dark photos reads well
    build(masters, "dark_photo", tmp_path)
    page = (tmp_path / "talk.html").read_text()
    rule = css_rule(page, ".reveal section.cd-kind-section > h1, .reveal section.cd-kind-section > h2 {")
    assert "color: #FFFFFF" in rule and "text-align: right" in rule and "top: 2.6000in" in rule
    rule = css_rule(page, ".reveal section.cd-kind-title > h1, .reveal section.cd-kind-title > h2 {")
    assert "color: #FFFFFF" in rule and "text-align: left" in rule
    sections = re.findall(r'<section class="([^"]*)"', page)
    assert sections[0] == "title-slide cd-kind-title" and "section-slide cd-kind-section" in sections


def test_a_section_layout_without_a_body_still_shows_the_duration_in_both_decks(masters, tmp_path):
    build(masters, "dark_photo", tmp_path)
    slides = list(Presentation(str(tmp_path / "talk.pptx")).slides)
    keynotes = next(s for s in slides if s.shapes.title is not None and s.shapes.title.text == "Keynotes")
    texts = [shape.text_frame.text for shape in keynotes.shapes if shape.has_text_frame]
    assert "5 min" in texts
    duration = next(shape for shape in keynotes.shapes if shape.has_text_frame and shape.text_frame.text == "5 min")
    title = keynotes.shapes.title
    assert duration.top >= title.top + title.height   # under the title, not over it
    page = (tmp_path / "talk.html").read_text()
    html_box = re.search(r'<div class="cd-under" style="position:absolute;left:([\d.]+)in;top:([\d.]+)in;'
                         r'[^"]*"><p class="budget">5 min</p>', page)
    assert html_box and abs(float(html_box[2]) - duration.top / 914400) < 0.01


def test_titles_take_the_masters_line_spacing_in_the_html_and_the_plans_fit(masters, tmp_path):
    """The title band's master sets its titles at 90 % line spacing (as PowerPoint's own templates do);
    python-pptx's dark photo master sets none (100 %). A title line is 1.2 em at 100 %."""
    band, _ = kinds_of(masters, "title_band")
    photo, _ = kinds_of(masters, "dark_photo")
    assert band.kinds["content"].title.line == 0.9 and photo.kinds["content"].title.line == 1.0
    assert band.frames["content"].title_line_em == pytest.approx(1.08)
    assert photo.frames["content"].title_line_em == pytest.approx(1.2)
    build(masters, "title_band", tmp_path)
    page = (tmp_path / "talk.html").read_text()
    assert "line-height: 1.08;" in css_rule(page, ".reveal section.cd-kind-content > h1, .reveal section.cd-kind-content > h2")


def test_a_filled_title_band_keeps_its_fill_and_white_title_in_html(masters, tmp_path):
    look, warnings = kinds_of(masters, "title_band")
    for kind in ("content", "section", "title"):
        assert look.kinds[kind].title_fill == "#5F6B73" and look.kinds[kind].title.color == "#FFFFFF"
    assert look.kinds["content"].title_outline == ("#3B444B", 1.5)
    # Tables: a white header on a white page would vanish; the band's colour is used instead.
    assert look.table_colors() == ("#5F6B73", "#FFFFFF")
    build(masters, "title_band", tmp_path)
    page = (tmp_path / "talk.html").read_text()
    for kind in ("content", "section", "title"):
        rule = css_rule(page, f".reveal section.cd-kind-{kind} > h1, .reveal section.cd-kind-{kind} > h2 {{")
        assert "background: #5F6B73" in rule and "color: #FFFFFF" in rule
    assert "--cd-table-head: #5F6B73;" in page


def test_sample_paragraphs_are_not_inherited_the_master_style_is(masters, tmp_path):
    look, _ = kinds_of(masters, "sample_centred")
    content = look.kinds["content"]
    assert (content.title.color, content.title.align) == ("#1B2A49", "l")
    assert content.body.color == "#2B2B2B"
    assert (look.colors["heading"], look.title_align) == ("#1B2A49", "l")
    section = look.kinds["section"]
    assert section.decor.gradient == (90.0, ((0.0, "#0B1F3A"), (1.0, "#0E6B73")))
    assert (section.title.color, section.accent) == ("#FFFFFF", "#CFE8EA")   # the layout's own body style
    build(masters, "sample_centred", tmp_path)
    page = (tmp_path / "talk.html").read_text()
    assert ".cd-decor-bg-section { background: linear-gradient(180.0deg, #0B1F3A 0.0%, #0E6B73 100.0%); }" in page
    rule = css_rule(page, ".reveal section.cd-kind-content > h1, .reveal section.cd-kind-content > h2 {")
    assert "text-align: left" in rule and "color: #1B2A49" in rule


def test_a_picture_slide_puts_its_picture_in_the_layouts_frame_in_both_decks(masters, tmp_path):
    look, _ = kinds_of(masters, "dark_photo")
    frame = look.kinds["picture"].picture_area(True)
    assert frame is not None and not frame.overlaps(look.kinds["picture"].title_box)
    build(masters, "dark_photo", tmp_path, notes="outline.md")
    slide = next(s for s in Presentation(str(tmp_path / "outline.pptx")).slides
                 if s.shapes.title is not None and s.shapes.title.text == "The venue hall")
    picture = next(shape for shape in slide.shapes if shape.name.startswith("Picture"))
    assert frame.left <= picture.left / 914400 and picture.top / 914400 + 1e-3 >= frame.top
    page = (tmp_path / "outline.html").read_text()
    boxes = re.findall(r'<div class="picture-box" style="left:([\d.]+)in;top:([\d.]+)in;width:([\d.]+)in', page)
    assert [(float(a), float(b), float(c)) for a, b, c in boxes] == [
        (round(frame.left, 4), round(frame.top, 4), round(frame.width, 4))]


def test_decorations_reach_the_html_pictures_shapes_and_text_boxes(masters, tmp_path):
    look, _ = kinds_of(masters, "decorations")
    content_items = look.kinds["content"].decor.items
    shield = next(item for item in content_items if item.shape == "flowChartOffpageConnector")
    assert shield.image is not None and shield.image[0] == "image/png"
    footer = next(item for item in content_items if item.text is not None)
    assert footer.text.text == "ACME Group · internal use only" and footer.text.color == "#555555"
    title_texts = [item.text.text for item in look.kinds["title"].decor.items if item.text is not None]
    assert "Lisboa · Porto · Kraków" in title_texts
    build(masters, "decorations", tmp_path)
    page = (tmp_path / "talk.html").read_text()
    sections = re.findall(r"<section[^>]*>(.*?)</section>", page, re.S)
    assert "Lisboa · Porto · Kraków" in sections[0]
    assert all("ACME Group · internal use only" in s for s in sections)
    assert "clip-path: polygon(0 0, 100% 0, 100% 80%, 50% 100%, 0 80%)" in page   # the shield's outline


def test_grouped_logos_line_rules_and_theme_styled_shapes_are_drawn_where_powerpoint_draws_them(masters, tmp_path):
    """The content layout's partner logo is a group (an ellipse and a bar in the group's own coordinates,
    stretched over 1.2 × 0.4 in at the bottom right), its footer rule a straight connector 1.5 pt wide, and its
    badge a shape coloured only by the theme's style (fillRef accent1, the theme's #4F81BD)."""
    look, _ = kinds_of(masters, "decorations")
    decor = look.kinds["content"].decor
    assert decor.undrawn == []
    right, bottom = 13.333 - 2.9, 7.5 - 0.62           # the group's place on the slide
    found = {(item.shape, item.fill, tuple(round(v, 2) for v in (item.box.left, item.box.top, item.box.width,
                                                                  item.box.height))) for item in decor.items}
    assert ("ellipse", "#00857C", (round(right, 2), round(bottom, 2), 0.36, 0.4)) in found
    assert ("rect", "#00857C", (round(right + 0.38 * 1.2, 2), round(bottom + 0.3 * 0.4, 2), 0.74, 0.16)) in found
    assert ("rect", "#0B2E59", (0.6, round(6.8 - 1.5 / 72 / 2, 2), 8.0, round(1.5 / 72, 2))) in found
    assert ("rect", "#4F81BD", (round(13.333 - 1.35, 2), 1.5, 0.9, 0.12)) in found
    build(masters, "decorations", tmp_path)
    page = (tmp_path / "talk.html").read_text()
    for color, left in (("#00857C", right), ("#0B2E59", 0.6), ("#4F81BD", 13.333 - 1.35)):
        assert re.search(rf"left: {left:.2f}\d*in;[^}}]*background: {color}", page), (color, left)
    # The body stops above the logo and the rule (keep-outs), on the .pptx's content slides as in the HTML.
    body = look.frames["content"].body
    assert body.bottom <= 6.8


def test_gradient_turned_and_cropped_decorations_are_drawn_as_the_master_draws_them(masters, tmp_path):
    """The section layout's band fades from navy to red, its square is turned 45°, and its crest picture is
    cropped to its top half (a:srcRect b=50 %): the HTML gets the gradient, the turn and the cropped picture."""
    import io

    from PIL import Image

    look, _ = kinds_of(masters, "decorations")
    items = look.kinds["section"].decor.items
    band = next(item for item in items if item.gradient is not None)
    assert band.gradient == (0.0, ((0.0, "#0B2E59"), (1.0, "#C8102E"))) and band.box.width > 13
    square = next(item for item in items if item.rotation)
    assert (square.rotation, square.fill) == (45.0, "#C8102E")
    crests = [Image.open(io.BytesIO(item.image[1])) for item in items if item.shape == "picture"]
    assert [crest.size for crest in crests] == [(200, 120)]              # 200 × 240 cut to its top half
    assert crests[0].convert("RGB").getpixel((100, 10)) == (212, 175, 55)  # the gold band stays on top
    build(masters, "decorations", tmp_path)
    page = (tmp_path / "talk.html").read_text()
    assert "background: linear-gradient(90.0deg, #0B2E59 0.0%, #C8102E 100.0%)" in page
    assert re.search(r"left: 11\.73\d*in;[^}]*background: #C8102E;[^}]*transform: rotate\(45deg\)", page)


def test_unreadable_links_and_accents_on_a_red_master_use_theme_colours_in_both_decks(masters, tmp_path):
    look, warnings = kinds_of(masters, "red_background")
    assert look.colors["link"] == "#FFFFFF"                 # the text colour (links stay underlined)
    assert look.kinds["section"].accent == "#FFC000"        # the theme's first accent readable on red
    assert [w for w in warnings if w.startswith("links on content slides: #0563C1 on #B3121B")]
    assert len(warnings) == len(set(warnings))
    result = build(masters, "red_background", tmp_path)
    assert result.stderr.count("links on content slides") == 1
    assert "warning: templates/red_background/master.pptx: links on content slides" in result.stderr
    prs = Presentation(str(tmp_path / "talk.pptx"))
    link_runs = [run for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
                 for p in shape.text_frame.paragraphs for run in p.runs if run.hyperlink.address]
    assert link_runs and all(str(run.font.color.rgb) == "FFFFFF" for run in link_runs)
    durations = [run for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
                 for p in shape.text_frame.paragraphs for run in p.runs if run.text == "5 min"]
    assert durations and str(durations[0].font.color.rgb) == "FFC000"
    page = (tmp_path / "talk.html").read_text()
    assert "--cd-link: #FFFFFF;" in page
    assert "color: #FFC000" in css_rule(page, ".reveal section.cd-kind-section > .cd-under p.budget {")


def test_colours_template_yaml_sets_win_and_are_only_reported(masters, tmp_path):
    from confdeck.look import contrast_problems
    from confdeck.templates import load_template

    project = tmp_path / "project"
    shutil.copytree(masters / "templates" / "red_background", project / "templates" / "red_background")
    yaml = project / "templates" / "red_background" / "template.yaml"
    yaml.write_text(yaml.read_text() + 'colors:\n  link: "#0563C1"\n', encoding="utf-8")
    problems = contrast_problems(load_template("red_background", project))
    links = [p for p in problems if p.part == "links"]
    assert links and links[0].replacement is None and "kept" in links[0].message
    look, _ = kinds_of(project, "red_background")
    assert look.colors["link"] == "#0563C1"


def test_contrast_ratios_are_wcags():
    from confdeck.contrast import ratio

    assert round(ratio("#FFFFFF", "#000000"), 1) == 21.0
    assert round(ratio("#777777", "#FFFFFF"), 2) == 4.48
    assert ratio("#0563C1", "#B3121B") < 1.5
