"""The formats drawn from the built decks: which clients each needs, and one browser for all of them."""
from __future__ import annotations

import shutil

from confdeck.errors import ConfdeckError
from confdeck.export.chromium import Printer, find_chromium
from confdeck.model import PlannedDeck

# Output file suffixes: NAME.pdf, NAME.handout.pdf, NAME.runsheet.md, NAME.runsheet.pdf
PDF, HANDOUT, RUNSHEET_MD, RUNSHEET_PDF = "pdf", "handout.pdf", "runsheet.md", "runsheet.pdf"


def _needs_chromium(exports: list[str], pdf_engine: str) -> list[str]:
    return [fmt for fmt in exports if fmt != "pdf" or pdf_engine == "chromium"]


def check_clients(exports: list[str], pdf_engine: str) -> str | None:
    """Find the programs these formats need before anything is drawn (a missing one is an error, exit 2);
    returns the Chromium to print with, if one is needed."""
    if "pdf" in exports and pdf_engine == "libreoffice" and not (shutil.which("soffice")
                                                                 or shutil.which("libreoffice")):
        raise ConfdeckError("--pdf-engine libreoffice needs LibreOffice: install your system's "
                            "libreoffice-impress package")
    chromium_formats = _needs_chromium(exports, pdf_engine)
    return find_chromium(chromium_formats[0]) if chromium_formats else None


def render_exports(planned: PlannedDeck, decks: dict[str, bytes], exports: list[str], options,
                   progress) -> dict[str, bytes]:
    """Every requested export as file suffix → bytes, printed with one Chromium started once."""
    from confdeck.export.handout import handout_pdf, paper_from_locale
    from confdeck.export.pdf import chromium_pdf, libreoffice_pdf
    from confdeck.export.runsheet import runsheet_markdown, runsheet_pdf

    outputs: dict[str, bytes] = {}
    paper = options.paper or paper_from_locale()
    if "pdf" in exports and options.pdf_engine == "libreoffice":
        progress.format("pdf (LibreOffice)")
        outputs[PDF] = libreoffice_pdf(decks["pptx"], planned)
    chromium = check_clients(exports, options.pdf_engine)
    if chromium is None:
        return outputs
    with Printer(chromium) as printer:
        if "pdf" in exports and options.pdf_engine == "chromium":
            progress.format("pdf (Chromium)")
            outputs[PDF] = chromium_pdf(printer, decks["html"], planned)
        if "handout" in exports:
            progress.format("handout (Chromium)")
            outputs[HANDOUT] = handout_pdf(printer, decks["html"], planned, paper)
        if "runsheet" in exports:
            progress.format("run sheet (Chromium)")
            markdown = runsheet_markdown(planned)
            outputs[RUNSHEET_MD] = markdown.encode("utf-8")
            outputs[RUNSHEET_PDF] = runsheet_pdf(printer, markdown, planned, paper)
    return outputs
