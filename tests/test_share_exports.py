"""Sharing the talk (issue 19): the slides as a PDF, the handout with notes, the run sheet.

Built with the real command line, read back with poppler (pdftotext, pdfinfo, pdffonts), pypdf
and python-pptx; Chromium and LibreOffice do the printing.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, NOTES, need_program, pdf_page_count, pdf_text, pptx_slides, run_confdeck

SHARE = ROOT / "tests" / "fixtures" / "share_the_talk.md"
SECTIONS = ["Why share", "How it works", "Wrap-up"]
PACING = re.compile(r"^(Section \d+/\d+|Talk) · ")


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text.lower())


def one_line(text: str) -> str:
    return " ".join(text.split())


def pdf_links(pdf: Path) -> list[tuple[int, str]]:
    """(page index, address) of every link annotation."""
    from pypdf import PdfReader

    links = []
    for index, page in enumerate(PdfReader(pdf).pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation["/Subtype"] == "/Link" and "/A" in annotation and "/URI" in annotation["/A"]:
                links.append((index, str(annotation["/A"]["/URI"])))
    return links


def pdf_outline(pdf: Path) -> list[tuple[str, int]]:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    pages = pdf_text(pdf).split("\f")
    assert pages[-1].strip() == ""
    return pages[:-1]


def plan_sections(notes: Path, *options: str) -> list[dict]:
    result = run_confdeck("plan", str(notes), "--json", *options)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["sections"]


def needs_chromium():
    need_program("chromium", "chromium")
    need_program("pdftotext", "poppler-utils")


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """The fixture talk built once in every format."""
    needs_chromium()
    out = tmp_path_factory.mktemp("share") / "out"
    result = run_confdeck("build", str(SHARE), "-o", str(out), "--format", "pptx,html,pdf,handout,runsheet",
                          "--paper", "a4")
    assert result.returncode == 0, result.stderr
    return out


# -- --format pdf ------------------------------------------------------------------------------------

def test_pdf_has_a_page_per_slide_with_every_word_drawn(shared):
    slides = pptx_slides(shared / "share_the_talk.pptx")
    pages = page_texts(shared / "share_the_talk.pdf")
    assert len(pages) == len(slides) == 8   # Wrap-up's one slide has no header
    for slide, page in zip(slides, pages):
        drawn = set(words(page))
        expected = words(slide["title"] + " " + " ".join(text for text, _ in slide["paragraphs"]))
        assert expected and set(expected) <= drawn, (slide["title"], set(expected) - drawn)
        assert "mailing" not in drawn and "demo" not in drawn  # speaker notes stay off the pages


def test_pdf_links_are_link_annotations_on_their_slide(shared):
    slides = pptx_slides(shared / "share_the_talk.pptx")
    # Addresses, that is; the agenda's jumps to its sections are links inside the deck.
    expected = [(index, link) for index, slide in enumerate(slides) for link in slide["links"] if ":" in link]
    assert sorted(pdf_links(shared / "share_the_talk.pdf")) == sorted(expected)
    assert (3, "https://example.org/guide") in expected and (3, "https://example.com/raw") in expected


def test_pdf_outline_has_one_entry_per_section_at_its_header(shared):
    outline = pdf_outline(shared / "share_the_talk.pdf")
    assert [title for title, _ in outline] == [s["title"] for s in plan_sections(SHARE)] == SECTIONS
    pages = page_texts(shared / "share_the_talk.pdf")
    first_slides = {s["title"]: s["slides"][0]["title"] for s in plan_sections(SHARE)}
    for title, page in outline:
        # Its header (with its speaker), or its only slide when a one-slide section has no header.
        text = one_line(pages[page])
        assert title in text or first_slides[title] in text, (title, pages[page])


def test_pdf_metadata_and_embedded_fonts(shared):
    from pypdf import PdfReader

    metadata = PdfReader(shared / "share_the_talk.pdf").metadata
    assert (metadata.title, metadata.author) == ("Sharing the talk", "Ada Lovelace")
    pdffonts = need_program("pdffonts", "poppler-utils")
    rows = subprocess.run([pdffonts, str(shared / "share_the_talk.pdf")], check=True, capture_output=True,
                          text=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), rows  # the "emb" column


def test_pdf_of_pwc2020_matches_the_other_decks(tmp_path):
    needs_chromium()
    out = tmp_path / "out"
    result = run_confdeck("build", str(NOTES / "pwc2020.md"), "-o", str(out), "--format", "pptx,pdf")
    assert result.returncode == 0, result.stderr
    slides = pptx_slides(out / "pwc2020.pptx")
    assert pdf_page_count(out / "pwc2020.pdf") == len(slides)
    drawn = set(words(pdf_text(out / "pwc2020.pdf")))
    for slide in slides:
        assert set(words(slide["title"] + " " + " ".join(t for t, _ in slide["paragraphs"]))) <= drawn
    assert sorted(link for _, link in pdf_links(out / "pwc2020.pdf")) == sorted(
        link for slide in slides for link in slide["links"] if ":" in link)
    assert [title for title, _ in pdf_outline(out / "pwc2020.pdf")] == [
        s["title"] for s in plan_sections(NOTES / "pwc2020.md")]
    assert sorted(p.name for p in out.iterdir()) == [".confdeck-notes.json", "pwc2020.pdf", "pwc2020.pptx"]


def test_a_long_deck_printed_in_parts_keeps_every_slide_on_its_own_page(tmp_path):
    """Decks over 100 slides are printed a hundred slides at a time and joined: nothing lost or doubled."""
    needs_chromium()
    from confdeck.export.pdf import SLIDES_PER_PRINT

    sections = []
    for section in range(1, 4):
        slides = "\n".join(f"### Slide {section}.{n}\n\n- Point {section}x{n} alpha\n" for n in range(1, 46))
        sections.append(f"## Part {section} (~5 mins)\n\n{slides}")
    notes = tmp_path / "long.md"
    notes.write_text("# Long talk\n\n" + "\n".join(sections), encoding="utf-8")
    out = tmp_path / "out"
    result = run_confdeck("build", str(notes), "-o", str(out), "--format", "pptx,pdf")
    assert result.returncode == 0, result.stderr
    slides = pptx_slides(out / "long.pptx")
    assert len(slides) > SLIDES_PER_PRINT
    pages = page_texts(out / "long.pdf")
    assert len(pages) == len(slides)
    for slide, page in zip(slides, pages):
        assert one_line(page).startswith(slide["title"]), (slide["title"], page[:80])
        for text, _ in slide["paragraphs"]:
            assert one_line(text) in one_line(page)
    titles = [slide["title"] for slide in slides]
    assert pdf_outline(out / "long.pdf") == [(part, titles.index(part)) for part in ("Part 1", "Part 2", "Part 3")]


def test_pdf_with_the_chromium_playwright_installed_and_none_on_the_path(tmp_path):
    """`playwright install chromium` puts a browser in Playwright's folder: it is found there."""
    chromium = need_program("chromium", "chromium")
    need_program("pdftotext", "poppler-utils")
    browsers = tmp_path / "ms-playwright"
    (browsers / "chromium-1200" / "chrome-linux").mkdir(parents=True)
    (browsers / "chromium-1200" / "chrome-linux" / "chrome").symlink_to(chromium)
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"
    result = run_confdeck("build", str(SHARE), "-o", str(out), "--format", "pdf",
                          env={"PATH": str(empty), "PLAYWRIGHT_BROWSERS_PATH": str(browsers)})
    assert result.returncode == 0, result.stderr
    assert pdf_page_count(out / "share_the_talk.pdf") == 8
    assert [title for title, _ in pdf_outline(out / "share_the_talk.pdf")] == SECTIONS
    assert "Chromium prints the deck" in pdf_text(out / "share_the_talk.pdf")


def test_pdf_with_libreoffice_converts_the_pptx(tmp_path):
    need_program("soffice", "libreoffice-impress")
    need_program("pdftotext", "poppler-utils")
    out = tmp_path / "out"
    result = run_confdeck("build", str(SHARE), "-o", str(out), "--format", "pdf", "--pdf-engine", "libreoffice")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".confdeck-notes.json", "share_the_talk.pdf"]  # the .pptx it converted is not kept
    pages = page_texts(out / "share_the_talk.pdf")
    assert len(pages) == 8
    assert "Organisers want a PDF" in pages[4] and "Bookmarks per section" in pages[4]
    assert [title for title, _ in pdf_outline(out / "share_the_talk.pdf")] == SECTIONS
    assert ("https://example.org/guide" in {link for _, link in pdf_links(out / "share_the_talk.pdf")})


def test_no_chromium_is_an_error_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "share_the_talk.pptx").write_bytes(b"the previous deck")
    empty = tmp_path / "empty"
    empty.mkdir()
    # No browser on the PATH, none installed for Playwright.
    env = {"PATH": str(empty), "PLAYWRIGHT_BROWSERS_PATH": str(empty)}
    for formats in ("pptx,html,pdf", "handout", "runsheet"):
        result = run_confdeck("build", str(SHARE), "-o", str(out), "--format", formats, env=env)
        assert result.returncode == 2
        fmt = formats.split(",")[-1]
        assert result.stderr == (f"error: --format {fmt} needs Chromium: pip install playwright && "
                                 "playwright install chromium, or install your system's chromium package\n")
        assert result.stdout == ""
    assert [p.name for p in out.iterdir()] == ["share_the_talk.pptx"]
    assert (out / "share_the_talk.pptx").read_bytes() == b"the previous deck"


# -- --format handout --------------------------------------------------------------------------------

def test_handout_holds_every_slide_with_its_notes_and_links_written_out(shared):
    handout = shared / "share_the_talk.handout.pdf"
    text = one_line(pdf_text(handout))
    for slide in pptx_slides(shared / "share_the_talk.pptx"):
        notes = [line for line in slide["notes"].splitlines() if line.strip()]
        pacing = [line for line in notes if PACING.match(line)]  # the .pptx puts them first
        assert notes[:len(pacing)] == pacing
        for line in notes[len(pacing):]:
            assert one_line(line) in text, line
        for line in pacing:
            assert one_line(line) not in text  # pacing lines are for the speaker, not the reader
        assert one_line(slide["title"]) in text
    assert "Keep this one short: the demo follows." in text
    for address in ("https://example.org/guide", "https://example.com/raw"):
        assert address in text
    pages = pdf_page_count(handout)
    assert 9 / 3 <= pages <= 9 / 2 + 1  # two or three slides a page
    info = subprocess.run([need_program("pdfinfo", "poppler-utils"), str(handout)], check=True,
                          capture_output=True, text=True).stdout
    assert "(A4)" in info


def test_handout_on_letter_paper(tmp_path):
    needs_chromium()
    out = tmp_path / "out"
    result = run_confdeck("build", str(SHARE), "-o", str(out), "--format", "handout", "--paper", "letter")
    assert result.returncode == 0, result.stderr
    info = subprocess.run([need_program("pdfinfo", "poppler-utils"), str(out / "share_the_talk.handout.pdf")],
                          check=True, capture_output=True, text=True).stdout
    assert "612 x 792 pts (letter)" in info
    assert sorted(p.name for p in out.iterdir()) == [".confdeck-notes.json", "share_the_talk.handout.pdf"]


@pytest.mark.parametrize("environ, paper", [
    ({"LANG": "en_US.UTF-8"}, "letter"),
    ({"LANG": "fr_CA.UTF-8"}, "letter"),
    ({"LANG": "es_MX"}, "letter"),
    ({"LANG": "en_PH.UTF-8"}, "letter"),
    ({"LANG": "en_GB.UTF-8"}, "a4"),
    ({"LANG": "de_DE.UTF-8", "LC_PAPER": "en_US.UTF-8"}, "letter"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "fi_FI.UTF-8"}, "a4"),
    ({"LANG": "C.UTF-8"}, "a4"),
    ({}, "a4"),
])
def test_paper_from_the_locale(environ, paper):
    from confdeck.export.handout import paper_from_locale

    assert paper_from_locale(environ) == paper


# -- --format runsheet -------------------------------------------------------------------------------

def test_runsheet_lists_every_section_with_its_clock_start(shared):
    markdown = (shared / "share_the_talk.runsheet.md").read_text(encoding="utf-8")
    starts = {s["title"]: s["start_seconds"] for s in plan_sections(SHARE)}
    assert starts == {"Why share": 0, "How it works": 300, "Wrap-up": 900}
    # `start: "14:00"` in the front matter: clock times, with the offset into the talk beside them.
    expected = ["## 14:00 (+0:00) · Why share · 5 min", "## 14:05 (+5:00) · How it works · 10 min",
                "## 14:15 (+15:00) · Wrap-up · 5 min"]
    assert [line for line in markdown.splitlines() if line.startswith("## ")] == expected
    assert "Speakers: Ada, Grace" in markdown
    assert markdown.split("## 14:05")[1].split("## ")[0].count("Speaker: Grace") == 1  # the section's own
    assert "**Colleagues ask for the slides** — The PDF goes to the wiki" in markdown
    assert "_Notes: Mention the wiki page first._" in markdown
    pdf = shared / "share_the_talk.runsheet.pdf"
    text = one_line(pdf_text(pdf))
    for line in expected:
        assert line.removeprefix("## ") in text
    assert "Colleagues ask for the slides — The PDF goes to the wiki" in text
    assert pdf_page_count(pdf) == 1


def test_runsheet_without_start_gives_offsets_and_a_25_minute_talk_fits_two_pages(tmp_path):
    needs_chromium()
    out = tmp_path / "out"
    result = run_confdeck("build", str(NOTES / "pyconweb2024.md"), "-o", str(out), "--format", "runsheet",
                          "--duration", "25m")
    assert result.returncode == 0, result.stderr
    markdown = (out / "pyconweb2024.runsheet.md").read_text(encoding="utf-8")
    sections = plan_sections(NOTES / "pyconweb2024.md", "--duration", "25m")
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert len(headings) == len(sections)
    text = one_line(pdf_text(out / "pyconweb2024.runsheet.pdf"))
    for heading, section in zip(headings, sections):
        minutes, seconds = divmod(section["start_seconds"], 60)
        start = f"+{minutes}:{seconds:02d}"  # no `start:` in these notes: the offset into the talk
        assert heading.replace("\\", "").startswith(f"## {start} · {section['title']} · ")
        assert f"{start} · {section['title']} · " in text
    assert 1 <= pdf_page_count(out / "pyconweb2024.runsheet.pdf") <= 2
    assert sorted(p.name for p in out.iterdir()) == [".confdeck-notes.json", "pyconweb2024.runsheet.md", "pyconweb2024.runsheet.pdf"]


# -- progress line -----------------------------------------------------------------------------------

class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_after_a_second_on_a_terminal_only():
    from confdeck.progress import Progress

    now = [0.0]
    terminal = Terminal()
    progress = Progress(1000, terminal, clock=lambda: now[0])
    progress.format("pptx")
    progress.slide(10)
    assert terminal.getvalue() == ""  # a quick build prints nothing extra
    now[0] = 1.5
    progress.slide(500)
    assert terminal.getvalue().endswith("confdeck: pptx: 500/1000 slides drawn")
    progress.format("pdf (Chromium)")
    assert terminal.getvalue().endswith("confdeck: pdf (Chromium) (1000 slides)…")
    progress.done()
    assert terminal.getvalue().endswith("\r\x1b[K")

    log = io.StringIO()  # not a terminal
    quiet = Progress(1000, log, clock=lambda: now[0] + 10)
    quiet.format("pptx")
    quiet.slide(999)
    quiet.done()
    assert log.getvalue() == ""


def test_builds_write_no_progress_to_a_pipe(tmp_path):
    result = run_confdeck("build", str(SHARE), "-o", str(tmp_path / "out"), "--format", "pptx")
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr and "slides drawn" not in result.stderr


# -- preview: "Download PDF" -------------------------------------------------------------------------

def preview_request(running, path: str, host: str | None = None) -> tuple[int, bytes, dict]:
    import http.client

    port = running.server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read(), dict(response.headers)
    finally:
        connection.close()


@pytest.fixture
def start_preview():
    from confdeck.preview import Preview, PreviewOptions

    started = []

    def start():
        running = Preview(PreviewOptions(notes=SHARE, shown=str(SHARE), port=0, open_browser=False),
                          out=io.StringIO(), err=io.StringIO())
        started.append(running)
        running.start()
        return running

    yield start
    for running in started:
        running.stop()


def test_preview_offers_the_deck_as_a_pdf(start_preview, tmp_path):
    needs_chromium()
    running = start_preview()
    status, page, _ = preview_request(running, "/")
    assert status == 200
    assert b'<a id="confdeck-download-pdf" href="/__confdeck/deck.pdf" download="share_the_talk.pdf"' in page
    assert b">Download PDF</a>" in page
    status, body, headers = preview_request(running, "/__confdeck/deck.pdf")
    assert status == 200, body
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="share_the_talk.pdf"'
    pdf = tmp_path / "served.pdf"
    pdf.write_bytes(body)
    assert pdf_page_count(pdf) == 8
    assert [title for title, _ in pdf_outline(pdf)] == SECTIONS
    assert "Colleagues ask for the slides" in pdf_text(pdf)
    # Another site's page cannot fetch it (DNS rebinding): the Host check covers the PDF too.
    status, body, _ = preview_request(running, "/__confdeck/deck.pdf", host="attacker.example")
    assert status == 403 and b"%PDF" not in body


def test_preview_without_chromium_has_no_pdf_link(start_preview, tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(empty))
    running = start_preview()
    status, page, _ = preview_request(running, "/")
    assert status == 200 and b"Colleagues ask for the slides" in page
    assert b"Download PDF" not in page and b"/__confdeck/deck.pdf" not in page
    status, _, _ = preview_request(running, "/__confdeck/deck.pdf")
    assert status == 404
