"""`--format handout`: A4 or Letter pages, two or three slides each, every slide's speaker notes beside it.

The slides are the HTML deck's own, laid out by reveal.js's print mode and scaled down by
handout.js; the pacing lines stay out (they are for the speaker's timing, not the reader), and
every link of a slide is written out as its address, since paper cannot be clicked.
"""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from confdeck.export.chromium import Printer, PrintJob
from confdeck.export.pdf import PRINT_QUERY
from confdeck.links import safe_href
from confdeck.model import PlannedDeck, PlannedSlide

# Paper: (width, height) in mm. Letter where it is the usual size (the Americas' letter-size
# countries and the Philippines), A4 everywhere else.
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
LETTER_TERRITORIES = {"US", "CA", "MX", "PH", "PR", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "DO", "NI", "BZ"}
MARGIN_MM = 12.0
HEADER_MM = 16.0      # the deck's title and byline at the top of the first page
SLIDE_MM = 96.0       # the width of a slide on the page; its notes take the rest
ROWS_PER_PAGE = 3     # a row grows with long notes, and then two fit on a page
READY = "document.documentElement.classList.contains('cd-handout-ready')"


def paper_from_locale(environ=None) -> str:
    """'letter' for locales of letter-size countries (en_US, fr_CA, es_MX, en_PH …), else 'a4'."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = environ.get(name)
        if value:
            territory = value.split(".")[0].split("@")[0].partition("_")[2].upper()
            return "letter" if territory in LETTER_TERRITORIES else "a4"
    return "a4"



def slide_links(slide: PlannedSlide) -> list[str]:
    """Every address a slide links to, once each, in reading order (only those the decks make clickable)."""
    links: dict[str, None] = {}
    for block in slide.blocks:
        for runs in block.text_lines():
            for run in runs:
                href = safe_href(run.href)
                if href:
                    links.setdefault(href)
    return list(links)


def _heading(slide: PlannedSlide, number: int, total: int) -> str:
    title = slide.title if slide.kind != "title" else "Title"
    return f"{number}/{total} · {title}" if title else f"{number}/{total}"


def handout_data(planned: PlannedDeck) -> dict:
    deck = planned.deck
    total = len(planned.slides)
    return {
        "title": deck.title,
        "byline": " · ".join(str(part) for part in (deck.author, deck.date) if part),
        "linksLabel": "Links",
        "slides": [{"heading": _heading(slide, number, total), "notes": list(slide.notes),
                    "links": slide_links(slide)} for number, slide in enumerate(planned.slides, start=1)],
    }


@functools.cache
def _handout_files() -> tuple[str, str]:
    folder = Path(__file__).parent
    return ((folder / "handout.css").read_text(encoding="utf-8"),
            (folder / "handout.js").read_text(encoding="utf-8"))


def _style(paper: str) -> str:
    css, _ = _handout_files()
    width, height = PAPER_MM[paper]
    row = (height - 2 * MARGIN_MM - HEADER_MM) / ROWS_PER_PAGE - 0.5  # rounding must not push one off
    return (f"@page {{ size: {width}mm {height}mm; margin: {MARGIN_MM}mm; }}\n"
            f":root {{ --cd-handout-row: {row:.1f}mm; --cd-handout-slide: {SLIDE_MM}mm; }}\n{css}")


def handout_page(html: bytes, planned: PlannedDeck, paper: str) -> bytes:
    """The HTML deck with the handout's style, data and script added before </body>."""
    _, script = _handout_files()
    data = json.dumps(handout_data(planned), ensure_ascii=False).replace("</", "<\\/")
    addition = (f'<style id="cd-handout-style">{_style(paper)}</style>\n'
                f'<script type="application/json" id="cd-handout-data">{data}</script>\n'
                f"<script>{script}</script>\n").encode("utf-8")
    at = html.lower().rfind(b"</body>")
    return html + addition if at < 0 else html[:at] + addition + html[at:]


def handout_pdf(printer: Printer, html: bytes, planned: PlannedDeck, paper: str) -> bytes:
    return printer.print_pdf(PrintJob(handout_page(html, planned, paper), PRINT_QUERY, READY))
