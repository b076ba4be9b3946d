"""Shared fixtures: paths, building decks, and the real clients (LibreOffice, Chromium).

Client tests skip when a program is missing, unless CONFDECK_REQUIRE_CLIENTS=1
(set by .ci/run), which turns the skip into a failure.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "notes"
SEEDS = ROOT / "tests" / "seeds"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_clients() -> bool:
    return os.environ.get("CONFDECK_REQUIRE_CLIENTS") == "1"


def need_program(name: str, package: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} not installed (Debian package {package})"
    if require_clients():
        pytest.fail(message + " and CONFDECK_REQUIRE_CLIENTS=1")
    pytest.skip(message)


def run_confdeck(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command line as a user would, in a separate process."""
    return subprocess.run([sys.executable, "-m", "confdeck", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


@pytest.fixture
def confdeck():
    return run_confdeck


def libreoffice_to_pdf(deck: Path, outdir: Path) -> Path:
    """Convert a .pptx with LibreOffice, as a user opening it would; returns the PDF."""
    soffice = need_program("soffice", "libreoffice-impress")
    profile = outdir / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), str(deck)], check=True, capture_output=True, timeout=300)
    pdf = outdir / (deck.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not convert {deck}"
    return pdf


def pdf_page_count(pdf: Path) -> int:
    pdfinfo = need_program("pdfinfo", "poppler-utils")
    out = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path) -> str:
    pdftotext = need_program("pdftotext", "poppler-utils")
    return subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright (no browser download)."""
    chromium = need_program("chromium", "chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if require_clients():
            pytest.fail("playwright not installed and CONFDECK_REQUIRE_CLIENTS=1")
        pytest.skip("playwright not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def built(tmp_path):
    """Build notes into tmp_path/out with the real CLI; returns a function giving the output folder."""
    def build(notes: Path, *extra: str) -> Path:
        out = tmp_path / "out"
        result = run_confdeck("build", str(notes), "-o", str(out), *extra)
        assert result.returncode == 0, result.stderr
        return out
    return build


def pptx_slides(path: Path) -> list[dict]:
    """Re-open a deck with python-pptx and describe each slide: title, paragraphs (text, level), links, notes."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    slides = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        paragraphs, links, pictures, tables = [], [], [], []
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                pictures.append(shape)
            if shape.has_table:
                tables.append([[cell.text for cell in row.cells] for row in shape.table.rows])
            if not shape.has_text_frame or shape == slide.shapes.title:
                continue
            for paragraph in shape.text_frame.paragraphs:
                text = "".join(run.text for run in paragraph.runs)
                paragraphs.append((text, paragraph.level))
                links.extend(run.hyperlink.address for run in paragraph.runs if run.hyperlink.address)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append({"title": title, "paragraphs": paragraphs, "links": links, "pictures": pictures,
                       "tables": tables, "notes": notes, "shapes": list(slide.shapes)})
    return slides


def deck_words(text: str) -> set[str]:
    """Words (letters/digits runs) for 'every word is somewhere in the deck' checks."""
    import re

    return {word.lower() for word in re.findall(r"[A-Za-z0-9]+", text)}


# -- every .pptx a test builds is checked (tests/package_checks.py) ------------------------------

_AUDITED: dict[bytes, list[str]] = {}   # deck's SHA-1 → findings: identical decks are checked once


def _findings(data: bytes) -> list[str]:
    import hashlib

    from package_checks import package_findings

    key = hashlib.sha1(data).digest()
    if key not in _AUDITED:
        _AUDITED[key] = package_findings(data)
    return _AUDITED[key]


_SHA1_OF: dict[tuple, bytes] = {}


def _sha1_of(path: Path) -> bytes:
    import hashlib

    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _SHA1_OF:
        _SHA1_OF[key] = hashlib.sha1(path.read_bytes()).digest()
    return _SHA1_OF[key]


@pytest.fixture(autouse=True)
def audit_every_built_deck(monkeypatch, tmp_path_factory):
    """Decks written in this process (the PowerPoint writer's save) and .pptx files the test left in
    the test run's temporary folders (command-line builds): zero findings, or the test fails."""
    built: list[bytes] = []
    import confdeck.powerpoint.package as package

    real_save = package.SlideAdder.save

    def save(self, out):
        real_save(self, out)
        built.append(out.getvalue())
    monkeypatch.setattr(package.SlideAdder, "save", save)
    started = time.time()
    yield
    base = tmp_path_factory.getbasetemp()
    decks = list(base.rglob("*.pptx"))
    # Inputs are not ours to check: company masters, what LibreOffice made of its templates, and copies of them.
    inputs = {_sha1_of(path) for path in decks if path.name == "master.pptx" or "lo-masters" in str(path)}
    for path in decks:
        if path.stat().st_mtime >= started and path.name != "master.pptx" and "lo-masters" not in str(path):
            # (a file that is not a zip at all is a test's stand-in, never a deck confdeck wrote)
            if _sha1_of(path) not in inputs and zipfile.is_zipfile(path):
                built.append(path.read_bytes())
    problems = {finding for data in built for finding in _findings(data)}
    assert not problems, f"the .pptx this test built has faults: {sorted(problems)}"
