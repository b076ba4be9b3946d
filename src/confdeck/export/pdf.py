"""`--format pdf`: the slides as a PDF, one page per slide, with an outline and the talk's metadata.

Chromium prints the HTML deck in reveal.js's print mode (the default engine; the same pages as
the other decks, its fonts embedded, its links clickable); LibreOffice
converts the .pptx (`--pdf-engine libreoffice`, for the company master's exact look). pypdf then
adds what neither writes: one bookmark per section, and the title and author from the notes.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from confdeck.errors import ConfdeckError
from confdeck.export.chromium import Printer, PrintJob
from confdeck.model import PlannedDeck

# reveal.js's print mode (`?print-pdf`); query values override the deck's settings: no margin
# around the slide (the page is the slide) and never a second page for a slide that overflows.
PRINT_QUERY = "print-pdf&margin=0&pdfMaxPagesPerSlide=1&pdfSeparateFragments=false"
# reveal.js appends the printed pages in one go and lays them out in the same task.
PRINT_READY = "document.documentElement.classList.contains('print-pdf') && !!document.querySelector('.pdf-page')"
LIBREOFFICE_TIMEOUT = 600
# Chromium's time to print grows faster than the page count (1111 slides at once: about 70 s
# on the development machine; 111 of them with the rest hidden: under 2 s), so a long deck is
# printed this many slides at a time, the others hidden, and the parts joined.
SLIDES_PER_PRINT = 100
SHOW_PAGES = ("document.querySelectorAll('.reveal .slides > .pdf-page').forEach(function (page, i) {{"
              " page.style.display = i >= {first} && i < {end} ? '' : 'none';"
              " page.style.breakAfter = i === {end} - 1 ? 'avoid' : ''; }}), true")


def deck_print_job(html: bytes, planned: PlannedDeck) -> PrintJob:
    count = len(planned.slides)
    parts = None
    if count > SLIDES_PER_PRINT:
        parts = [SHOW_PAGES.format(first=first, end=min(first + SLIDES_PER_PRINT, count))
                 for first in range(0, count, SLIDES_PER_PRINT)]
    return PrintJob(html, PRINT_QUERY, PRINT_READY, parts)


def chromium_pdf(printer: Printer, html: bytes, planned: PlannedDeck) -> bytes:
    """The HTML deck printed by Chromium, with the outline and metadata."""
    return finish_pdf(printer.print_parts(deck_print_job(html, planned)), planned)


def libreoffice_pdf(pptx: bytes, planned: PlannedDeck) -> bytes:
    """The PowerPoint deck converted by LibreOffice, with the outline and metadata."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConfdeckError("--pdf-engine libreoffice needs LibreOffice: install your system's "
                            "libreoffice-impress package")
    with tempfile.TemporaryDirectory(prefix="confdeck-lo-") as folder:
        deck = Path(folder) / "deck.pptx"
        deck.write_bytes(pptx)
        # A profile of its own: a LibreOffice the user has open (or another build) does not block this one.
        profile = (Path(folder) / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", folder, str(deck)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=LIBREOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ConfdeckError(f"LibreOffice did not finish within {LIBREOFFICE_TIMEOUT} s") from None
        converted = Path(folder) / "deck.pdf"
        if not converted.is_file():
            why = (done.stderr or done.stdout).strip().splitlines()
            raise ConfdeckError(f"LibreOffice did not convert the deck{': ' + why[-1] if why else ''}")
        return finish_pdf([converted.read_bytes()], planned)


def section_pages(planned: PlannedDeck) -> list[tuple[str, int]]:
    """(section title, index of its first page: the section header, or the first slide without one)."""
    first: dict[int, int] = {}
    for index, slide in enumerate(planned.slides):
        if slide.section_index is not None:
            first.setdefault(slide.section_index, index)
    return [(section.title, first[i]) for i, section in enumerate(planned.deck.sections) if i in first]


def finish_pdf(parts: list[bytes], planned: PlannedDeck) -> bytes:
    """Join the printed parts; add the outline (one bookmark per section) and the title, author and subject."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        # The parts' own bookmarks (LibreOffice writes one per slide) give way to the sections.
        writer.append(PdfReader(io.BytesIO(part)), import_outline=False)
    if len(writer.pages) != len(planned.slides):
        raise ConfdeckError(f"the PDF has {len(writer.pages)} pages for {len(planned.slides)} slides "
                            "(a bug in confdeck; run with --debug and report it)")
    deck = planned.deck
    metadata = {"/Title": deck.title, "/Creator": "confdeck", "/Producer": "confdeck with pypdf"}
    if deck.author:
        metadata["/Author"] = deck.author
    if deck.subtitle:
        metadata["/Subject"] = deck.subtitle
    writer.add_metadata(metadata)
    for title, page in section_pages(planned):
        writer.add_outline_item(title=title, page_number=page)
    writer.page_mode = "/UseOutlines"  # readers open the bookmarks beside the slides
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
