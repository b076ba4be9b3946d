"""Helpers for the fitting tests: the words a planned slide shows, word boxes from a PDF."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from confdeck.model import (
    BulletList, CodeBlock, Paragraph, PlannedDeck, PlannedSlide, Quote, RawHtml, SubHeading, Table, plain_text,
)

FIT_DIR = Path(__file__).resolve().parent / "fit"


def make_stress_notes(folder: Path) -> Path:
    """The stress notes (long lists, code, tables, long links, a picture) with their picture drawn."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    notes = folder / "stress.md"
    shutil.copy(FIT_DIR / "stress.md", notes)
    picture = Image.new("RGB", (1600, 900), "#DDE7F0")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((100, 100, 1500, 800), outline="#1F3A5F", width=12)
    picture.save(folder / "wide.png")
    return notes


def make_picture_corpus(folder: Path) -> None:
    """The corpus notes that need pictures, with them drawn: photos.md (three photos beside two paragraphs,
    two beside a note) and title7.md (a logo and a nine-line subtitle on the title slide)."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("photos.md", "title7.md"):
        shutil.copy(FIT_DIR / name, folder / name)
    for number, (colour, size) in enumerate([("#C0392B", (1600, 1067)), ("#2E86C1", (1200, 1600)),
                                             ("#27AE60", (1600, 900))], start=1):
        photo = Image.new("RGB", size, colour)
        ImageDraw.Draw(photo).ellipse((size[0] // 4, size[1] // 4, 3 * size[0] // 4, 3 * size[1] // 4), "#FFFFFF")
        photo.save(folder / f"photo{number}.jpg", quality=80)
    logo = Image.new("RGB", (800, 340), "#1F3A5F")
    ImageDraw.Draw(logo).rectangle((40, 40, 760, 300), outline="#F5B041", width=16)
    logo.save(folder / "logo.png")


def slide_text(slide: PlannedSlide, deck) -> str:
    """Everything a slide shows as text, the way the notes wrote it."""
    parts = [slide.title]
    if slide.kind == "title":
        parts += [slide.subtitle or "", deck.author or "", deck.date or ""]
    elif slide.kind == "section":
        parts.append(slide.subtitle or "")
    elif slide.kind == "agenda" and slide.agenda_columns[0]:
        # Agenda rows show the time, the name and the length in columns, without the dash between them.
        from confdeck.plan.agenda import agenda_row
        rows = [agenda_row(item) for block in slide.blocks for item in block.items]
        parts += [f"{plain_text(time)} {plain_text(name)} {length or ''}" for time, name, length in rows]
        return "\n".join(parts)
    for block in slide.blocks:
        if isinstance(block, BulletList):
            parts += [plain_text(item.runs) for item in block.items]
        elif isinstance(block, (Paragraph, SubHeading)):
            parts.append(plain_text(block.runs))
        elif isinstance(block, Quote):
            parts += [plain_text(p) for p in block.paragraphs]
        elif isinstance(block, CodeBlock):
            parts.append(block.code)
        elif isinstance(block, Table):
            parts += [plain_text(cell) for row in [block.header, *block.rows] for cell in row]
        elif isinstance(block, RawHtml):
            from confdeck.html_text import html_to_text
            parts.append(html_to_text(block.html))
    return "\n".join(parts)


def normal(text: str) -> str:
    """Text without whitespace, ligatures unfolded: long words and URLs may wrap anywhere."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S)


def pdf_pages(pdf: Path, pdftotext: str) -> list[Page]:
    """Word boxes per page, in points from the top-left corner (pdftotext -bbox, XHTML)."""
    out = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return [Page(float(w), float(h), [Word(float(a), float(b), float(c), float(d), html.unescape(t))
                                      for a, b, c, d, t in _WORD.findall(body)])
            for w, h, body in _PAGE.findall(out)]


def content_pages(planned: PlannedDeck):
    return [(index, slide) for index, slide in enumerate(planned.slides) if slide.kind in ("content", "agenda")]
