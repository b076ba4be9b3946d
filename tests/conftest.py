"""Shared fixtures: paths, building decks, and the real clients (LibreOffice, Chromium).

Client tests skip when a program or font is missing, unless CONFDECK_REQUIRE_CLIENTS=1
(set by .ci/run), which turns the skip into a failure. Tests that run real programs
(LibreOffice, Chromium, poppler, pip) carry the `clients` marker, found here from what
they call: `python -m pytest -m "not clients"` is the quick run.
"""
from __future__ import annotations

import functools
import importlib.util
import inspect
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "notes"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_clients() -> bool:
    return os.environ.get("CONFDECK_REQUIRE_CLIENTS") == "1"


def _missing(message: str):
    if require_clients():
        pytest.fail(message + " and CONFDECK_REQUIRE_CLIENTS=1")
    pytest.skip(message)


@functools.cache
def load_tool(name: str):
    """A script under tools/ as a module (tools/ holds scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def need_program(name: str, package: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    _missing(f"{name} not installed (Debian package {package})")


def need_font(family: str, package: str) -> None:
    """For tests whose numbers hold for one font's metrics (line counts, pages): fontconfig must have it."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        _missing(f"fc-match not installed (Debian package fontconfig), needed to find {family}")
    found = subprocess.run([fc_match, "--format=%{family[0]}", family], capture_output=True, text=True,
                           timeout=60).stdout
    if found.strip().lower() != family.lower():
        _missing(f"font {family} not installed (Debian package {package}); fontconfig gives {found or 'nothing'}")


# -- the `clients` marker ----------------------------------------------------------------------------

# Calls that start a real program (Popen: a server in its own process); a test calling one (itself,
# through a fixture, or through a helper function of its module) is a `clients` test.
CLIENT_CALLS = ["need_program", "libreoffice_to_pdf", "pdf_page_count", "pdf_text", "sync_playwright", "Popen"]
CLIENT_MODULES = {
    "test_packaging.py",          # builds a wheel with pip and installs it into a new venv
    "test_fontconfig_match.py",   # runs fc-match once for every installed font family
}


def _source(function) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


def _calls(names: list[str]) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\(")


def _module_client_calls(module) -> re.Pattern:
    """The client calls, plus this module's own functions that make one."""
    base = _calls(CLIENT_CALLS)
    helpers = [name for name, value in vars(module).items()
               if inspect.isfunction(value) and value.__module__ == module.__name__ and base.search(_source(value))]
    return _calls(CLIENT_CALLS + helpers)


def pytest_collection_modifyitems(config, items):
    patterns: dict[str, re.Pattern] = {}
    for item in items:
        module = getattr(item, "module", None)
        if module is None:
            continue
        if Path(module.__file__).name in CLIENT_MODULES:
            item.add_marker(pytest.mark.clients)
            continue
        if module.__name__ not in patterns:
            patterns[module.__name__] = _module_client_calls(module)
        functions = [item.function] + [definition.func for definitions in
                                       item._fixtureinfo.name2fixturedefs.values() for definition in definitions]
        if any(patterns[module.__name__].search(_source(function)) for function in functions):
            item.add_marker(pytest.mark.clients)


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


def agenda_rows(slide) -> list[tuple[str, str, str]]:
    """An agenda slide's rows in the .pptx as (start time, name, length): each row a paragraph of the body,
    "time<tab>name", and the lengths right-aligned in a text box of their own ("" for a row without one)."""
    rows, lengths = [], []
    for shape in slide.shapes:
        if not shape.has_text_frame or shape == slide.shapes.title:
            continue
        texts = [paragraph.text for paragraph in shape.text_frame.paragraphs]
        if shape.name == "Agenda lengths":
            lengths += [text.strip() for text in texts]
        else:
            rows += [tuple(text.split("\t", 1)) for text in texts if text.strip()]
    lengths += [""] * (len(rows) - len(lengths))
    return [(time, name, length) for (time, name), length in zip(rows, lengths)]


def html_agenda_rows(html: str) -> list[tuple[str, str, str]]:
    """The HTML deck's agenda rows as (start time, name, length), from every agenda slide."""
    import re
    from html import unescape

    rows = []
    for row in re.findall(r'<li><span class="at">(.*?)</span><span class="name">(.*?)</span>'
                          r'(?:<span class="length">(.*?)</span>)?</li>', html):
        rows.append(tuple(unescape(re.sub(r"<[^>]+>", "", part)) for part in row))
    return rows


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
                       "tables": tables, "notes": notes, "shapes": list(slide.shapes), "slide": slide})
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
    the test run's temporary folders (command-line builds): zero findings (openxml-audit, our own package
    checks, and python-pptx reopening it), or the test fails."""
    built: list[bytes] = []
    import confdeck.powerpoint.package as package

    real_save = package.SlideAdder.save

    def save(self, out):
        real_save(self, out)
        built.append(out.getvalue())
    monkeypatch.setattr(package.SlideAdder, "save", save)
    started = time.time() - 1
    yield
    base = tmp_path_factory.getbasetemp()
    decks = list(base.rglob("*.pptx"))
    # Inputs are not ours to check: company masters, what LibreOffice made of its templates, and copies of them.
    inputs = {_sha1_of(path) for path in decks if path.name == "master.pptx" or "lo-masters" in str(path)}
    for path in decks:
        # A test may name its own input .pptx (notes called talk.pptx): only zip files can be decks.
        if path.stat().st_mtime >= started and path.name != "master.pptx" and "lo-masters" not in str(path) \
                and zipfile.is_zipfile(path):
            if _sha1_of(path) not in inputs:
                built.append(path.read_bytes())
    problems = {finding for data in built for finding in _findings(data)}
    assert not problems, f"the .pptx this test built has faults: {sorted(problems)}"
