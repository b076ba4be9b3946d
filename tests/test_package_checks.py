"""The package checks themselves: they find the faults python-pptx's own files have (so a deck that
passes them really is free of those), and confdeck's decks have none of them."""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Inches

from conftest import NOTES
from confdeck.build import BuildOptions, render_deck
from package_checks import own_findings, package_findings


def _python_pptx_deck() -> bytes:
    prs = Presentation()
    prs.slide_width = Inches(13.333)   # what "16:9" gives with python-pptx alone
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Hello"
    slide.notes_slide.notes_text_frame.text = "notes"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def test_the_checks_find_python_pptx_s_faults():
    assert own_findings(_python_pptx_deck()) == [
        "printer settings shipped (ppt/printerSettings/)",
        "notes but no p:notesMasterIdLst in presentation.xml",
        "slide size 12191695 x 6858000: not PowerPoint's 16:9 (12192000 x 6858000)",
        "slide size 12191695 x 6858000 labelled 4:3",
    ]


def test_confdeck_s_16_9_deck_has_none_of_them():
    data = render_deck(NOTES / "pwc2020.md", BuildOptions(formats=("pptx",))).outputs["pptx"]
    assert package_findings(data) == []
    prs = Presentation(io.BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    assert prs.slides[2].has_notes_slide
