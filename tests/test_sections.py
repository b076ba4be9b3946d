"""confdeck's sections in both decks: PowerPoint's own sections (the slide sorter's groups) named after
them, and an agenda whose items take you to their section's first slide (a slide jump in the .pptx,
an internal link in the HTML deck)."""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree
from pptx import Presentation

from conftest import NOTES
from confdeck.build import BuildOptions, render_deck

P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
SECTION_TITLES = ["Conference overview", "Tools/libraries/techniques from talks", "General web stuff", "Magic",
                  "Cautionary Tales/Call to action/Inspirational talks", "Sharing experiences as a theme"]


def _without_page(title: str) -> str:
    """`Sharing experiences as a theme (1/2)` → its source slide's title."""
    return re.sub(r" \(\d+/\d+\)$", "", title)


def _build(template: str | None = None):
    return render_deck(NOTES / "pwc2020.md", BuildOptions(template=template))


def _sections(pptx: bytes) -> list[tuple[str, list[str]]]:
    with zipfile.ZipFile(io.BytesIO(pptx)) as archive:
        presentation = etree.fromstring(archive.read("ppt/presentation.xml"))
    slide_ids = [element.get("id") for element in presentation.iter(f"{P}sldId")]
    sections = [(section.get("name"), [s.get("id") for s in section.iter(f"{P14}sldId")])
                for section in presentation.iter(f"{P14}section")]
    assert [slide_id for _, ids in sections for slide_id in ids] == slide_ids   # every slide once, in order
    return sections


def test_powerpoint_sections_are_confdeck_s(tmp_path):
    for template in (None, "nightowl"):
        result = _build(template)
        sections = _sections(result.outputs["pptx"])
        assert [name for name, _ in sections] == ["Python Web Conference 2020", *SECTION_TITLES]
        prs = Presentation(io.BytesIO(result.outputs["pptx"]))
        titles = [slide.shapes.title.text for slide in prs.slides]
        start = 0
        for name, ids in sections:
            # the title slide and agenda open the deck; each section starts with its header slide, or its
            # only slide (section_slides: auto), which may go on over pages
            assert _without_page(titles[start]) == ("Python Web Conference 2020" if start == 0 else name)
            planned = [slide for slide in result.planned.slides[start:start + len(ids)]]
            assert len({slide.section_index for slide in planned}) == 1
            start += len(ids)


def test_agenda_items_go_to_their_sections_in_both_decks():
    result = _build()
    prs = Presentation(io.BytesIO(result.outputs["pptx"]))
    titles = [slide.shapes.title.text for slide in prs.slides]
    agenda = prs.slides[1]
    assert titles[1] == "Agenda"
    jumps = []
    with zipfile.ZipFile(io.BytesIO(result.outputs["pptx"])) as archive:
        agenda_xml = archive.read("ppt/slides/slide2.xml").decode()
    # The time is the link (LibreOffice never breaks a link across lines: a linked title would wrap late).
    assert agenda_xml.count('action="ppaction://hlinksldjump"') == len(SECTION_TITLES)
    for shape in agenda.shapes:   # the rows (the lengths stand in a box of their own, the rule has no text)
        if shape.has_text_frame and shape.text_frame.text.strip() and shape != agenda.shapes.title \
                and shape.name != "Agenda lengths":
            for paragraph in shape.text_frame.paragraphs:
                jumps.append(paragraph.runs[0].hyperlink.address)
    assert [_without_page(titles[int(re.findall(r"\d+", jump)[0]) - 1]) for jump in jumps] == SECTION_TITLES
    html = result.outputs["html"].decode()
    agenda_html = re.search(r'<section class="[^"]*agenda[^"]*".*?</section>', html, re.S).group()
    targets = [int(n) for n in dict.fromkeys(re.findall(r'href="#/(\d+)"', agenda_html))]
    assert [_without_page(titles[n]) for n in targets] == SECTION_TITLES


def test_a_click_on_an_agenda_item_shows_its_section(built, browser):
    out = built(NOTES / "pwc2020.md", "--format", "html")
    page = browser.new_page()
    page.goto((out / "pwc2020.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    page.evaluate("Reveal.slide(1)")
    page.wait_for_timeout(300)
    # title, agenda, then one slide each for the first three sections (no headers): Magic is slide 5
    page.locator('section.present a[href="#/5"]').first.click()
    page.wait_for_function("() => Reveal.getIndices().h === 5")
    assert "Magic" in page.evaluate("Reveal.getCurrentSlide().innerText")
    page.close()
