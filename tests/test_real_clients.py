"""What users open: LibreOffice converts the .pptx, Chromium runs the reveal.js deck offline."""
from __future__ import annotations

from conftest import NOTES, libreoffice_to_pdf, pdf_page_count, pdf_text, pptx_slides


def test_libreoffice_opens_pwc2020_with_one_page_per_slide(built, tmp_path):
    out = built(NOTES / "pwc2020.md")
    slides = pptx_slides(out / "pwc2020.pptx")
    pdf = libreoffice_to_pdf(out / "pwc2020.pptx", tmp_path)
    assert pdf_page_count(pdf) == len(slides)
    text = pdf_text(pdf)
    assert "Python Web Conference 2020" in text and "Sqlalchemy" in text


def test_chromium_runs_the_html_deck_offline(built, browser):
    out = built(NOTES / "pwc2020.md")
    slides = pptx_slides(out / "pwc2020.pptx")
    page = browser.new_page()
    errors, requests = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto((out / "pwc2020.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    assert page.evaluate("Reveal.getTotalSlides()") == len(slides)
    page.evaluate("Reveal.slide(3)")   # title, agenda, "Conference overview", then the tools slide
    assert "Sqlalchemy" in page.evaluate("Reveal.getCurrentSlide().innerText")
    assert page.evaluate("typeof RevealNotes") == "function"
    assert errors == []
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    page.close()
