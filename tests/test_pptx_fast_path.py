"""The pptx fast path (counters instead of package scans, runs written as XML) writes what python-pptx would.

Each deck is built twice, once with the renderer drawing through python-pptx's own
add_slide, notes_slide, paragraph and font properties and save (tests/pptx_oracle.py)
and once as confdeck builds it, and the two files are compared part by part.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from conftest import NOTES, libreoffice_to_pdf, pdf_page_count, pdf_text
from confdeck.build import BuildOptions, render_deck
from pptx_oracle import use_python_pptx

CORE_TIMES = {"{http://purl.org/dc/terms/}created", "{http://purl.org/dc/terms/}modified"}
FIELD = "{http://schemas.openxmlformats.org/drawingml/2006/main}fld"   # its id is a fresh GUID each build

RICH_NOTES = """---
title: Fast path check
author: Ada Tester
---

# Fast path check

![Logo](logo.png)

## Tools we saw (~4 mins)

### Libraries

- **FastAPI** with *Pydantic* and `uvicorn`
- See [the docs](https://fastapi.tiangolo.com/) and ~~old~~ new ways
  - nested **bold** item
- [ ] try it
- [x] read it
- `<!--confdeck text 0-->` looks like the fast path's marker, and stays text

Note: Mention the demo first.
Then the numbers.

### Code and quotes

```python
print("hello")
```

> A quote worth *keeping*

<!-- a comment that is a speaker note: 5 < 6 & "quotes" -->

### A table

| tool | use |
|------|-----|
| nox  | tests |
| ruff | **lint** |

## Pictures (~2 mins)

![Same logo again](logo.png)

![Another picture](other.png)

![Gone](missing.png)

### After the pictures

1. first
2. second with [a link](https://example.org/a?b=c&d=e)

## Wrap-up (~1 mins)

### Thanks

- questions welcome
"""


def _write_images(folder: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), (200, 30, 30)).save(folder / "logo.png")
    Image.new("RGB", (30, 30), (30, 30, 200)).save(folder / "other.png")


def _build(notes: Path, monkeypatch, stock: bool, **options) -> bytes:
    """The deck as confdeck builds it, or (stock) drawn through python-pptx's own calls."""
    with monkeypatch.context() as patch:
        if stock:
            use_python_pptx(patch)
        result = render_deck(notes, BuildOptions(formats=("pptx",), **options))
    return result.outputs["pptx"]


def _canonical(element) -> tuple:
    """An XML element as a comparable value: attribute order does not matter, everything else does."""
    if element.tag in CORE_TIMES:
        return (element.tag,)
    attributes = {k: v for k, v in element.attrib.items() if not (element.tag == FIELD and k == "id")}
    return (element.tag, tuple(sorted(attributes.items())), (element.text or "").strip(),
            tuple(_canonical(child) for child in element if isinstance(child.tag, str)))


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)), "a part written twice"
        return {name: archive.read(name) for name in names}


def assert_same_package(fast: bytes, stock: bytes) -> None:
    fast_parts, stock_parts = _parts(fast), _parts(stock)
    assert sorted(fast_parts) == sorted(stock_parts)
    for name, content in fast_parts.items():
        if name.endswith(".xml") or name.endswith(".rels"):
            # Every part parses, and says the same as python-pptx's own.
            assert _canonical(etree.fromstring(content)) == _canonical(etree.fromstring(stock_parts[name])), name
        else:
            assert content == stock_parts[name], name


def slide_contents(data: bytes) -> list[tuple]:
    """What a reader sees on each slide: layout, every shape's name and text, the speaker notes."""
    prs = Presentation(io.BytesIO(data))
    contents = []
    for slide in prs.slides:
        shapes = tuple((shape.name, shape.text_frame.text if shape.has_text_frame else None)
                       for shape in slide.shapes)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else None
        contents.append((slide.slide_layout.name, shapes, notes))
    return contents


@pytest.fixture
def rich_notes(tmp_path) -> Path:
    _write_images(tmp_path)
    notes = tmp_path / "rich.md"
    notes.write_text(RICH_NOTES, encoding="utf-8")
    return notes


def test_rich_deck_is_identical_both_ways(rich_notes, monkeypatch):
    stock = _build(rich_notes, monkeypatch, stock=True)
    fast = _build(rich_notes, monkeypatch, stock=False)
    assert_same_package(fast, stock)
    contents = slide_contents(fast)
    assert contents == slide_contents(stock)
    titles = [shapes[0][1] for _, shapes, _ in contents]
    assert titles[:3] == ["Fast path check", "Agenda", "Tools we saw"]
    assert "Libraries" in titles and "After the pictures" in titles
    libraries = contents[titles.index("Libraries")]
    pacing, notes = libraries[2].split("\n")
    assert pacing.startswith("Section 1/3 · 4:00 budget")
    assert notes == "Mention the demo first. Then the numbers."
    body_text = "\n".join(text for _, text in libraries[1] if text)
    assert "FastAPI with Pydantic and uvicorn" in body_text
    assert "See the docs and old new ways" in body_text
    assert "<!--confdeck text 0--> looks like the fast path's marker, and stays text" in body_text


def test_fast_path_part_names_and_ids_are_sequential(rich_notes, monkeypatch):
    fast = _build(rich_notes, monkeypatch, stock=False)
    names = _parts(fast)
    slides = sorted(int(m[1]) for m in (re.fullmatch(r"ppt/slides/slide(\d+)\.xml", n) for n in names) if m)
    prs = Presentation(io.BytesIO(fast))
    assert slides == list(range(1, len(prs.slides) + 1))
    ids = [slide.slide_id for slide in prs.slides]
    assert ids == list(range(256, 256 + len(ids)))
    # The logo used twice is stored once; the second picture gets the next image name.
    media = sorted(n for n in names if n.startswith("ppt/media/"))
    assert media == ["ppt/media/image1.png", "ppt/media/image2.png"]
    notes_parts = [n for n in names if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)]
    assert len(notes_parts) == sum(1 for slide in prs.slides if slide.has_notes_slide)


def test_links_keep_their_relationships(rich_notes, monkeypatch):
    fast = _build(rich_notes, monkeypatch, stock=False)
    prs = Presentation(io.BytesIO(fast))
    addresses = [run.hyperlink.address for slide in list(prs.slides)[2:] for shape in slide.shapes
                 if shape.has_text_frame for paragraph in shape.text_frame.paragraphs
                 for run in paragraph.runs if run.hyperlink.address]
    assert addresses == ["https://fastapi.tiangolo.com/", "https://example.org/a?b=c&d=e"]
    # The agenda's items jump to their sections' first slides (the section slides "Tools we saw", "Pictures", ...).
    agenda = prs.slides[1]
    targets = [(paragraph.runs[-1].text.strip(), run.hyperlink.address) for shape in agenda.shapes
               if shape.has_text_frame for paragraph in shape.text_frame.paragraphs for run in paragraph.runs[:1]
               if run.hyperlink.address]
    firsts: dict[str, str] = {}
    for number, slide in enumerate(prs.slides, start=1):
        firsts.setdefault(slide.shapes.title.text, f"slide{number}.xml")
    sections = ["Tools we saw", "Pictures", "Wrap-up"]
    # "Wrap-up" has one slide, so no header: its item jumps to that slide, "Thanks".
    assert [address for _, address in targets] == [firsts[name] for name in ["Tools we saw", "Pictures", "Thanks"]]
    assert all(text.startswith(name) for (text, _), name in zip(targets, sections))


def test_sample_deck_is_identical_both_ways(monkeypatch):
    notes = NOTES / "pwc2020.md"
    stock = _build(notes, monkeypatch, stock=True)
    fast = _build(notes, monkeypatch, stock=False)
    assert_same_package(fast, stock)
    assert slide_contents(fast) == slide_contents(stock)


def test_company_master_is_identical_both_ways(tmp_path, monkeypatch):
    # A master that comes with sample slides (one with notes): they are removed before ours are added.
    folder = tmp_path / "templates" / "acme"
    folder.mkdir(parents=True)
    master = Presentation()
    for index in range(2):
        sample = master.slides.add_slide(master.slide_layouts[1])
        sample.shapes.title.text = f"Sample {index}"
    master.slides[0].notes_slide.notes_text_frame.text = "sample notes"
    master.save(folder / "master.pptx")
    (folder / "template.yaml").write_text("name: acme\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    notes = tmp_path / "deck.md"
    notes.write_text("# Deck\n\n## One (~2 mins)\n\n### A\n\n- a **b**\n\nNote: n1\n\n### B\n\n- c\n",
                     encoding="utf-8")
    stock = _build(notes, monkeypatch, stock=True, template="acme")
    fast = _build(notes, monkeypatch, stock=False, template="acme")
    assert_same_package(fast, stock)
    contents = slide_contents(fast)
    assert contents == slide_contents(stock)
    # One section: no agenda (`agenda: auto`).
    assert [shapes[0][1] for _, shapes, _ in contents] == ["Deck", "One", "A", "B"]
    assert contents[2][2].endswith("\nn1")


def test_libreoffice_opens_the_fast_path_deck(rich_notes, monkeypatch, tmp_path):
    fast = _build(rich_notes, monkeypatch, stock=False)
    deck = tmp_path / "fast.pptx"
    deck.write_bytes(fast)
    pdf = libreoffice_to_pdf(deck, tmp_path)
    assert pdf_page_count(pdf) == len(Presentation(io.BytesIO(fast)).slides)
    text = pdf_text(pdf)
    assert "FastAPI" in text and "After the pictures" in text


def test_text_only_slides_are_written_from_a_stamp_and_match_stock(monkeypatch):
    # Bullet slides on the built-in template are the first one's XML with their own text put in;
    # the deck must still be python-pptx's own, part by part.
    from confdeck.powerpoint import package as pptx_package

    stamped = []
    real = pptx_package.SlideAdder._add_stamped_slide

    def spy(self, layout, notes, stamp, texts):
        stamped.append(notes)
        return real(self, layout, notes, stamp, texts)
    monkeypatch.setattr(pptx_package.SlideAdder, "_add_stamped_slide", spy)
    notes = NOTES / "pwc2020.md"
    fast = _build(notes, monkeypatch, stock=False)
    assert len(stamped) >= 5
    assert all(note is None or note.startswith("Section ") for note in stamped)  # the pacing line leads
    stock = _build(notes, monkeypatch, stock=True)
    assert_same_package(fast, stock)
    assert slide_contents(fast) == slide_contents(stock)
