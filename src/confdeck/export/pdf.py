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


def deck_print_job(html: bytes, planned: PlannedDeck) -> PrintJob:
    return PrintJob(html, PRINT_QUERY, PRINT_READY)


def chromium_pdf(printer: Printer, html: bytes, planned: PlannedDeck) -> bytes:
    """The HTML deck printed by Chromium, with the outline and metadata."""
    return finish_pdf(printer.print_pdf(deck_print_job(html, planned)), planned)


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
        return finish_pdf(converted.read_bytes(), planned)


def section_pages(planned: PlannedDeck) -> list[tuple[str, int]]:
    """(section title, index of its first page: the section header, or the first slide without one)."""
    first: dict[int, int] = {}
    for index, slide in enumerate(planned.slides):
        if slide.section_index is not None:
            first.setdefault(slide.section_index, index)
    return [(section.title, first[i]) for i, section in enumerate(planned.deck.sections) if i in first]


def finish_pdf(pdf: bytes, planned: PlannedDeck) -> bytes:
    """Add the outline (one bookmark per section) and the document's title, author and subject."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    if len(reader.pages) != len(planned.slides):
        raise ConfdeckError(f"the PDF has {len(reader.pages)} pages for {len(planned.slides)} slides "
                            "(a bug in confdeck; run with --debug and report it)")
    writer = PdfWriter(clone_from=reader)
    deck = planned.deck
    metadata = {"/Title": deck.title, "/Creator": "confdeck"}
    if deck.author:
        metadata["/Author"] = deck.author
    if deck.subtitle:
        metadata["/Subject"] = deck.subtitle
    writer.add_metadata(metadata)
    # LibreOffice writes a bookmark per slide; the outline is the talk's sections, nothing else.
    writer.root_object.pop("/Outlines", None)
    for title, page in section_pages(planned):
        writer.add_outline_item(title=title, page_number=page)
    writer.page_mode = "/UseOutlines"  # readers open the bookmarks beside the slides
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
