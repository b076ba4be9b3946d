"""The HTML deck looks like the PowerPoint deck on company masters (issue 16), slide by slide.

Each pattern of tools/make_masters.py is built into both decks; the .pptx is rendered by LibreOffice,
the .html by Chromium, and each slide's thumbnails (32×18 pixels) are compared: same backgrounds,
title bands and positions. The tolerance is calibrated on the built-in default template, whose two
decks are drawn from the same boxes: its worst slide differs by 1.1 (mean absolute difference per
channel, 0–255, of the 32×18 thumbnails) and its worst title region (16×4) by 0.9; we allow 1.5 for
both there. On a master a slide may differ by twice that (3.0), a title region by six times (9.0):
the title text itself is set by two engines over a photo that LibreOffice and Chromium scale
differently (the dark photo's title slide measures 8.1; plain backgrounds stay under 3.5). Drawn
without each kind's own look (as before issue 16), the title band's title slide differs by 31.7 and
the dark photo's by 4.0, and both fail. Every
slide's title is also drawn in its colour with at least 3:1 contrast against the pixels behind it, in both renders.
"""
from __future__ import annotations

import statistics
import subprocess
from pathlib import Path

import pytest

from conftest import libreoffice_to_pdf, need_program
from test_master_kinds import LOOK_PATTERNS, build, kinds_of, masters  # noqa: F401 (a fixture)

THUMB = (32, 18)
# Calibrated on the default template (see the module's docstring and test_the_default_template_...).
DEFAULT_SLIDE_DIFF = 1.5
DEFAULT_TITLE_DIFF = 1.5
SLIDE_TOLERANCE = 2 * DEFAULT_SLIDE_DIFF
TITLE_TOLERANCE = 6 * DEFAULT_TITLE_DIFF


def pptx_pages(deck: Path, out: Path) -> list:
    from PIL import Image

    pdf = libreoffice_to_pdf(deck, out)
    pdftoppm = need_program("pdftoppm", "poppler-utils")
    subprocess.run([pdftoppm, "-png", "-r", "48", str(pdf), str(out / "page")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(out.glob("page-*.png"))]


def html_pages(browser, deck: Path) -> tuple[list, list[str]]:
    """Each slide as Chromium shows it (the slide's own area), and the layout kind of each."""
    from PIL import Image
    import io

    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(deck.resolve().as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15000)
    count = page.evaluate("Reveal.getSlides().length")
    shots, kinds = [], []
    for index in range(count):
        page.evaluate(f"Reveal.slide({index})")
        page.wait_for_timeout(100)
        section = page.locator(".reveal .slides > section.present")
        shots.append(Image.open(io.BytesIO(section.screenshot())).convert("RGB"))
        classes = section.get_attribute("class") or ""
        kinds.append(next((c[len("cd-kind-"):] for c in classes.split() if c.startswith("cd-kind-")), ""))
    page.close()
    return shots, kinds


def mean_difference(a, b, size=THUMB) -> float:
    small_a, small_b = a.resize(size), b.resize(size)
    data_a, data_b = small_a.tobytes(), small_b.tobytes()
    return sum(abs(x - y) for x, y in zip(data_a, data_b)) / len(data_a)


def region(image, box, slide_width_in: float):
    scale = image.width / slide_width_in
    return image.crop((int(box.left * scale), int(box.top * scale), int(box.right * scale),
                       int(box.bottom * scale)))


def title_box(look, kind: str):
    design = look.kinds.get(kind)
    if kind in ("title", "section", "picture", "title_only") and design is not None and design.title_box:
        return design.title_box
    return look.geometry.title_rect


def title_drawn_readably(image, color: str, box, width_in: float) -> float:
    """The contrast of the title colour with the pixels behind it; 0 when no pixel has the title's colour."""
    from confdeck.contrast import ratio

    part = region(image, box, width_in)
    data = part.tobytes()
    pixels = [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]
    target = tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))
    inked = [p for p in pixels if sum(abs(a - b) for a, b in zip(p, target)) < 60]
    if len(inked) < 15:
        return 0.0
    behind = [p for p in pixels if sum(abs(a - b) for a, b in zip(p, target)) >= 150]
    median = tuple(int(statistics.median(p[c] for p in behind)) for c in range(3)) if behind else target
    return ratio(color, "#{:02X}{:02X}{:02X}".format(*median))


def compare(masters: Path, name: str, browser, out: Path):
    """The outline (title, section, content with a link, picture slide) in both renders."""
    build(masters, name, out, notes="outline.md")
    pptx = pptx_pages(out / "outline.pptx", out)
    html, kinds = html_pages(browser, out / "outline.html")
    assert len(pptx) == len(html)
    return pptx, html, kinds


@pytest.fixture(scope="module")
def calibration(masters, browser, tmp_path_factory):
    """Slide and title-region differences of the built-in default template's two decks."""
    look, _ = kinds_of(masters, "default")
    pptx, html, _ = compare(masters, "default", browser, tmp_path_factory.mktemp("default"))
    slides = [mean_difference(a, b) for a, b in zip(pptx, html)]
    titles = [mean_difference(region(a, look.geometry.title_rect, look.geometry.width_in),
                              region(b, look.geometry.title_rect, look.geometry.width_in), (16, 4))
              for a, b in zip(pptx[1:], html[1:])]
    return max(slides), max(titles)


def test_the_default_template_calibrates_the_tolerance(calibration):
    slide, title = calibration
    print(f"default template: worst slide {slide:.2f}, worst title region {title:.2f}")
    assert slide <= DEFAULT_SLIDE_DIFF and title <= DEFAULT_TITLE_DIFF


@pytest.mark.parametrize("name", LOOK_PATTERNS)
def test_each_slide_looks_alike_and_its_title_reads_in_both_decks(name, masters, browser, tmp_path):
    look, _ = kinds_of(masters, name)
    pptx, html, kinds = compare(masters, name, browser, tmp_path)
    width = look.geometry.width_in
    for number, (a, b, kind) in enumerate(zip(pptx, html, kinds), start=1):
        assert mean_difference(a, b) <= SLIDE_TOLERANCE, (name, number, mean_difference(a, b))
        box = title_box(look, kind)
        assert mean_difference(region(a, box, width), region(b, box, width), (16, 4)) <= TITLE_TOLERANCE, \
            (name, number, kind)
        color = look.kinds[kind].title.color
        for render, image in (("pptx", a), ("html", b)):
            assert title_drawn_readably(image, color, box, width) >= 3.0, (name, number, kind, render)
