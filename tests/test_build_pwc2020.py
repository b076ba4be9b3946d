"""The headline case: `confdeck build notes/pwc2020.md`, checked in both decks."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import NOTES, agenda_rows, deck_words, pptx_slides, run_confdeck

SECTIONS = [
    ("Conference overview", "5 min"),
    ("Tools/libraries/techniques from talks", "10 min"),
    ("General web stuff", "3 min"),
    ("Magic", "1 min"),
    ("Cautionary Tales/Call to action/Inspirational talks", None),
    ("Sharing experiences as a theme", "5 min"),
]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pwc") / "out"
    result = run_confdeck("build", str(NOTES / "pwc2020.md"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    out.joinpath("stderr.txt").write_text(result.stderr)
    out.joinpath("stdout.txt").write_text(result.stdout)
    return out


@pytest.fixture(scope="module")
def slides(out):
    return pptx_slides(out / "pwc2020.pptx")


def test_command_reports_each_file_with_its_slide_count(out, slides):
    lines = (out / "stdout.txt").read_text().splitlines()
    assert lines == [f"wrote {out / 'pwc2020.pptx'} ({len(slides)} slides)",
                     f"wrote {out / 'pwc2020.html'} ({len(slides)} slides)"]


def test_missing_image_is_a_warning_with_its_line(out):
    stderr = (out / "stderr.txt").read_text()
    assert "warning: notes/pwc2020.md:35: image not found: ../day2/../day3/zen-of-python-teams/next_1_1.png" in stderr \
        or f"warning: {NOTES / 'pwc2020.md'}:35: image not found: ../day2/../day3/zen-of-python-teams/next_1_1.png" in stderr
    assert "pwcsnake2020" not in stderr  # the sample logo exists


def test_title_slide_has_title_subtitle_and_logo(slides):
    first = slides[0]
    assert first["title"] == "Python Web Conference 2020"
    assert ("Notes & stuff for tech team pres on the conference to Bambora", 0) in first["paragraphs"]
    assert len(first["pictures"]) == 1


def test_agenda_lists_six_sections_with_start_times_and_budgets(slides):
    agenda = slides[1]
    assert agenda["title"] == "Agenda"
    rows = agenda_rows(agenda["slide"])
    assert len(rows) == 6
    starts = ["+0:00", "+5:00", "+15:00", "+18:00", "+19:00", "+21:00"]  # offsets: no `start:`
    # Each row: the start, the section, its budget (no budget: the time the plan gives it, an estimate).
    assert rows == [(start, title, budget or "~2 min") for (title, budget), start in zip(SECTIONS, starts)]


def _without_page(title: str) -> str:
    return re.sub(r" \(\d+/\d+\)$", "", title)


def test_every_item_titles_slides_in_order_without_budget_text(slides):
    # A section of one slide has no header of its own (section_slides: auto): its slide carries the title.
    titles = [_without_page(slide["title"]) for slide in slides]
    positions = [titles.index(title) for title, _ in SECTIONS]
    assert positions == sorted(positions)
    assert not any("~" in title or "mins)" in title for title in titles)
    # Only "Cautionary Tales", which has a content slide and an image slide, keeps a header.
    assert titles.count("Cautionary Tales/Call to action/Inspirational talks") == 2
    assert titles.count("Magic") == 1


def test_image_slide_sits_between_cautionary_tales_and_sharing(slides):
    titles = [slide["title"] for slide in slides]
    image = titles.index("For Your Next 1:1")
    assert titles.index("Cautionary Tales/Call to action/Inspirational talks") < image
    assert image < titles.index("Sharing experiences as a theme (1/2)")
    placeholder = [shape for shape in slides[image]["shapes"] if shape.name == "Missing image"]
    assert placeholder and "next_1_1.png" in placeholder[0].text_frame.text


def test_bullets_keep_their_nesting_levels(slides):
    tools = next(s for s in slides if ("Sqlalchemy", 0) in s["paragraphs"])
    assert tools["title"] == "Tools/libraries/techniques from talks"
    levels = dict(tools["paragraphs"])
    assert levels["Sqlalchemy"] == 0
    assert levels["With Django? https://www.stavros.io/posts/fastapi-with-django/"] == 1


def test_links_are_clickable(slides):
    links = {link for slide in slides for link in slide["links"]}
    for url in ["https://fastapi.tiangolo.com/", "https://www.stavros.io/posts/fastapi-with-django/",
                "https://skulpt.org/", "https://brython.info/", "https://github.com/iodide-project/pyodide",
                "http://json-schema.org/", "https://opentelemetry.io/"]:
        assert url in links


def test_every_word_of_the_notes_is_in_the_deck(slides):
    text = " ".join(
        slide["title"] + " " + " ".join(t for t, _ in slide["paragraphs"]) + " " + slide["notes"] + " "
        + " ".join(shape.text_frame.text for shape in slide["shapes"] if shape.has_text_frame)
        + " ".join(picture._element.nvPicPr.cNvPr.get("descr", "") for picture in slide["pictures"])
        for slide in slides)
    notes = (NOTES / "pwc2020.md").read_text(encoding="utf-8")
    notes = re.sub(r"\(\.\./[^)]*\)|\(~\d+ mins\)", "", notes)  # image paths and budgets are not words to show
    missing = deck_words(notes) - deck_words(text)
    assert not missing


class _Slides(HTMLParser):
    """Collect reveal.js <section>s: their text, links, images and notes."""

    def __init__(self):
        super().__init__()
        self.sections, self.depth, self.in_notes = [], 0, False
        self.scripts_src, self.links_css = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts_src.append(attrs["src"])
        if tag == "link":
            self.links_css.append(attrs.get("href"))
        if tag == "section":
            self.sections.append({"text": "", "notes": "", "links": [], "imgs": [], "attrs": attrs})
        elif self.sections:
            if tag == "aside" and "notes" in attrs.get("class", ""):
                self.in_notes = True
            if tag == "a":
                self.sections[-1]["links"].append(attrs.get("href"))
            if tag == "img":
                self.sections[-1]["imgs"].append(attrs.get("src"))

    def handle_endtag(self, tag):
        if tag == "aside":
            self.in_notes = False

    def handle_data(self, data):
        if self.sections:
            self.sections[-1]["notes" if self.in_notes else "text"] += data


@pytest.fixture(scope="module")
def html_slides(out):
    parser = _Slides()
    parser.feed((out / "pwc2020.html").read_text(encoding="utf-8"))
    return parser


def test_html_has_the_same_slides_in_the_same_order(html_slides, slides):
    assert len(html_slides.sections) == len(slides)
    for section, slide in zip(html_slides.sections, slides):
        assert slide["title"] in " ".join(section["text"].split())


def test_html_is_self_contained(out, html_slides):
    html = (out / "pwc2020.html").read_text(encoding="utf-8")
    assert html_slides.scripts_src == [] and html_slides.links_css == []
    assert "Reveal.initialize" in html and "RevealNotes" in html
    logo = html_slides.sections[0]["imgs"]
    assert len(logo) == 1 and logo[0].startswith("data:image/png;base64,")
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!.*\bdata:)""",
                         re.sub(r"<a [^>]*>", "", html.split("<div class=\"slides\">")[1].split("<script>")[0]))


def test_html_links_and_missing_image_placeholder(html_slides):
    links = {link for section in html_slides.sections for link in section["links"]}
    assert "https://fastapi.tiangolo.com/" in links and "https://opentelemetry.io/" in links
    image = next(s for s in html_slides.sections if "For Your Next 1:1" in s["text"])
    assert "Image not found: ../day2/../day3/zen-of-python-teams/next_1_1.png" in image["text"]


def test_missing_notes_file_is_a_clear_error(tmp_path):
    result = run_confdeck("build", "notes/x.md", "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip() == "error: notes/x.md: no such file"
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_every_layout_placeholder_lies_on_the_widened_slide(out):
    # python-pptx's own template is 4:3; the deck is 16:9. A user who adds a "Two Content" or
    # "Blank" slide in PowerPoint gets the layout's boxes: each must be on the slide, with a size.
    from pptx import Presentation

    prs = Presentation(str(out / "pwc2020.pptx"))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    names = []
    for layout in prs.slide_layouts:
        for shape in layout.placeholders:
            names.append(f"{layout.name}/{shape.name}")
            assert shape.width > 0 and shape.height > 0, f"{layout.name}: {shape.name}"
            assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width, f"{layout.name}: {shape.name}"
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height, f"{layout.name}: {shape.name}"
    assert "Two Content/Title 1" in names and "Blank/Slide Number Placeholder 3" in names
