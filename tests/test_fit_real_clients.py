"""Proof in the real renderers: every slide word is drawn, nothing leaves its slide.

The .pptx is converted by LibreOffice and read back as word boxes; the .html is
loaded in headless Chromium and every slide is checked for overflow.
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import NOTES, libreoffice_to_pdf, need_program, run_confdeck
from fitting import FIT_DIR, content_pages, make_picture_corpus, make_stress_notes, normal, pdf_pages, slide_text

from confdeck.build import BuildOptions, render_deck

# The fit corpus (tests/fit/): an agenda with wrapping items, an outline of 150 sections, a stack trace,
# Chinese and Japanese text (a table with a callout below, paragraphs, code, mixed bullets).
FIT_CORPUS = ["agenda12", "outline150", "stacktrace", "cjk"]
DRAWN_CORPUS = ["photos", "title7"]   # with pictures drawn by the test: three photos beside text, a logo
DECKS = ["pwc2020", "pyconweb2019", "pyconweb2024", "stress", "pyconweb2019@4:3", "stress@nightowl",
         "stress@midnight", "stress@bold", "pwc2020@midnight", "pwc2020@bold",  # every built-in look
         *FIT_CORPUS, *DRAWN_CORPUS, "cjk@nightowl", "title7@bold", "title7@nightowl"]
TOLERANCE_PT = 1.0


@pytest.fixture(scope="module")
def stress_dir(tmp_path_factory) -> Path:
    folder = make_stress_notes(tmp_path_factory.mktemp("stress")).parent
    make_picture_corpus(folder)   # photos beside paragraphs, a logo over a long subtitle: drawn next to the notes
    return folder


def notes_path(name: str, stress_dir: Path) -> Path:
    base = name.split("@")[0]
    if base in FIT_CORPUS:
        return FIT_DIR / f"{base}.md"
    return stress_dir / f"{base}.md" if base in ("stress", *DRAWN_CORPUS) else NOTES / f"{base}.md"


def drawn_in_pieces(word: str, pieces: set[str]) -> bool:
    """Whether the word is drawn as consecutive pieces, one per line: text without spaces (Chinese,
    Japanese) wraps anywhere, and pdftotext reads a table row by row, so a cell's second line does not
    follow its first in the page's text."""
    reached = {0}
    for start in range(len(word)):
        if start in reached:
            reached.update(start + len(piece) for piece in pieces if word.startswith(piece, start))
    return len(word) in reached


def build_case(name: str, stress_dir: Path, tmp_path: Path, monkeypatch):
    """Build a case with the real CLI; `notes@4:3` uses a narrower company template, `notes@name` a shipped one.

    Returns (out, stem, planned, look).
    """
    from confdeck.look import resolve_look
    from confdeck.templates import load_template

    notes = notes_path(name, stress_dir)
    extra, template = [], None
    if name.endswith("@4:3"):
        folder = tmp_path / "templates" / "narrow"
        folder.mkdir(parents=True)
        (folder / "template.yaml").write_text('name: narrow\nextends: default\nslide_size: "4:3"\n', encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        extra, template = ["--template", "narrow"], "narrow"
    elif "@" in name:
        monkeypatch.chdir(tmp_path)
        template = name.split("@")[1]
        extra = ["--template", template]
    out = tmp_path / "out"
    result = run_confdeck("build", str(notes), "-o", str(out), *extra, cwd=tmp_path if template else None)
    assert result.returncode == 0, result.stderr
    planned = render_deck(notes, BuildOptions(formats=(), template=template)).planned
    return out, notes.stem, planned, resolve_look(load_template(template))


@pytest.mark.parametrize("name", DECKS)
def test_libreoffice_draws_every_word_inside_its_slide(name, stress_dir, tmp_path, monkeypatch):
    pdftotext = need_program("pdftotext", "poppler-utils")
    out, stem, planned, look = build_case(name, stress_dir, tmp_path, monkeypatch)
    deck = Presentation(str(out / f"{stem}.pptx"))
    assert [s.shapes.title.text_frame.text for s in deck.slides] == [s.title or " " for s in planned.slides]
    pages = pdf_pages(libreoffice_to_pdf(out / f"{stem}.pptx", tmp_path), pdftotext)
    assert len(pages) == len(planned.slides)

    for number, (slide, page) in enumerate(zip(planned.slides, pages), start=1):
        drawn = normal("".join(word.text for word in page.words))
        pieces = {normal(word.text) for word in page.words} - {""}
        missing = [word for word in slide_text(slide, planned.deck).split()
                   if normal(word) not in drawn and not drawn_in_pieces(normal(word), pieces)]
        assert not missing, f"slide {number} {slide.title!r}: words not drawn: {missing}"
        for word in page.words:
            assert -TOLERANCE_PT <= word.x0 and word.x1 <= page.width + TOLERANCE_PT, (number, word)
            assert -TOLERANCE_PT <= word.y0 and word.y1 <= page.height + TOLERANCE_PT, (number, word)

        assert not overprinted(page.words), f"slide {number} {slide.title!r}: words drawn over each other"

    # Text in the body area stays inside it: nothing runs over the bottom or the right margin.
    body = look.geometry.body_rect
    footer = look.footer_box
    body_top = body.top * 72
    body_bottom = body.bottom * 72
    right = body.right * 72
    for index, slide in content_pages(planned):
        for word in pages[index].words:
            if footer is not None and footer.top * 72 <= (word.y0 + word.y1) / 2 <= footer.bottom * 72:
                continue  # the template's footer line, not the slide's content
            if word.y0 >= body_top - TOLERANCE_PT:
                assert word.y1 <= body_bottom + TOLERANCE_PT, (slide.title, word)
                assert word.x1 <= right + TOLERANCE_PT, (slide.title, word)


def overprinted(words) -> list[tuple[str, str]]:
    """Pairs of words whose boxes cover each other: more than a point across and half a line down."""
    found = []
    for a, b in itertools.combinations(words, 2):
        across = min(a.x1, b.x1) - max(a.x0, b.x0)
        down = min(a.y1, b.y1) - max(a.y0, b.y0)
        if across > 1.0 and down > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
            found.append((a.text, b.text))
    return found


OVERFLOW_SCRIPT = """
() => {
  const found = [];
  const total = Reveal.getTotalSlides();
  for (let i = 0; i < total; i++) {
    Reveal.slide(i);
    const section = Reveal.getCurrentSlide();
    const title = section.querySelector('h1, h2');
    const result = {index: i, title: title ? title.textContent : null, problems: []};
    const scale = Reveal.getScale();
    const box = section.getBoundingClientRect();
    for (const body of section.querySelectorAll('.body')) {
      if (body.scrollHeight > body.clientHeight + 1 || body.scrollWidth > body.clientWidth + 1)
        result.problems.push(`body ${body.scrollWidth}x${body.scrollHeight} > ${body.clientWidth}x${body.clientHeight}`);
    }
    for (const el of section.querySelectorAll('*')) {
      if (el.closest('aside')) continue;
      const style = getComputedStyle(el);
      // Text an element hides (overflow other than visible) is text nobody sees: clipped.
      if ((style.overflowX !== 'visible' || style.overflowY !== 'visible') && el.clientHeight > 0
          && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
        result.problems.push(`${el.tagName}.${el.className} clips its content: ${el.scrollWidth}x${el.scrollHeight} > ${el.clientWidth}x${el.clientHeight}`);
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1)
        result.problems.push(`${el.tagName}.${el.className} outside the slide: ${JSON.stringify(r)}`);
    }
    result.size = [box.width / scale, box.height / scale];
    found.push(result);
  }
  return found;
}
"""


@pytest.mark.parametrize("name", DECKS)
def test_chromium_shows_every_slide_without_overflow(name, stress_dir, browser, tmp_path, monkeypatch):
    out, stem, planned, look = build_case(name, stress_dir, tmp_path, monkeypatch)
    geometry = look.geometry
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((out / f"{stem}.html").as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        slides = page.evaluate(OVERFLOW_SCRIPT)
    finally:
        page.close()
    # Same pages, same order as the PowerPoint deck.
    assert [s["title"] for s in slides] == [s.title for s in planned.slides]
    for slide in slides:
        assert slide["size"] == pytest.approx([geometry.width_in * 96, geometry.height_in * 96], abs=0.5)
        assert not slide["problems"], f"slide {slide['index'] + 1} {slide['title']!r}: {slide['problems']}"


def test_framework_talk_continues_over_several_slides(built):
    out = built(NOTES / "pyconweb2019.md")
    titles = [s.shapes.title.text_frame.text for s in Presentation(str(out / "pyconweb2019.pptx")).slides]
    talk = "Hello to the World in 8 Web Frameworks, Aaron Bassett"
    pages = [t for t in titles if t.startswith(talk)]
    assert len(pages) >= 2
    assert pages == [f"{talk} ({n}/{len(pages)})" for n in range(1, len(pages) + 1)]
    html = (out / "pyconweb2019.html").read_text(encoding="utf-8")
    for title in pages:
        assert f"<h2>{title}</h2>" in html


def test_pwc2020_pptx_stays_small_with_its_logo(built):
    out = built(NOTES / "pwc2020.md")
    deck = out / "pwc2020.pptx"
    assert deck.stat().st_size < 1_000_000
    first = Presentation(str(deck)).slides[0]
    pictures = [shape for shape in first.shapes if shape.shape_type == 13]
    assert [p.name for p in pictures] == ["Picture: Conference Logo"]
