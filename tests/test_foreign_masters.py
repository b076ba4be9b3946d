"""Masters made by another program: LibreOffice's own Impress templates, exported to .pptx.

`confdeck template new NAME --master FILE.pptx` then `confdeck build notes/pwc2020.md --template NAME`
must give the same slides as the default template, in the master's slide size, with none of the
master's sample slides left, and every slide's text on the page when LibreOffice renders the deck.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import NOTES, libreoffice_to_pdf, need_program, require_clients, run_confdeck
from test_templates import content_of, logical_slides

# A spread of designs: picture backgrounds, several master pages, A4-shaped pages, busy samples.
CHOSEN = ["Beehive", "Midnightblue", "Vintage", "Freshes", "Focus", "Candy"]


def impress_templates_dir(soffice: str) -> Path | None:
    program = Path(soffice).resolve().parent
    for candidate in (program.parent / "share" / "template" / "common" / "presnt",
                      Path("/usr/lib/libreoffice/share/template/common/presnt"),
                      Path("/opt/libreoffice/share/template/common/presnt")):
        if candidate.is_dir() and any(candidate.glob("*.otp")):
            return candidate
    return None


@pytest.fixture(scope="session")
def lo_masters(tmp_path_factory) -> dict[str, Path]:
    """LibreOffice's Impress templates (.otp) saved by LibreOffice as .pptx, converted once per test run."""
    return impress_as_pptx(CHOSEN, tmp_path_factory.mktemp("lo-masters"))


def impress_as_pptx(names: list[str], out: Path) -> dict[str, Path]:
    """These of LibreOffice's Impress templates (any four when none is shipped), saved by LibreOffice as .pptx
    in `out`: name → file. Fails under CONFDECK_REQUIRE_CLIENTS when the templates are missing, else skips."""
    soffice = need_program("soffice", "libreoffice-impress")
    folder = impress_templates_dir(soffice)
    if folder is None:
        message = "LibreOffice's Impress templates (share/template/common/presnt/*.otp) not found"
        if require_clients():
            pytest.fail(message)
        pytest.skip(message)
    sources = [folder / f"{name}.otp" for name in names if (folder / f"{name}.otp").is_file()]
    sources = sources or sorted(folder.glob("*.otp"))[:4]
    subprocess.run([soffice, f"-env:UserInstallation=file://{out / 'profile'}", "--headless", "--convert-to", "pptx",
                    "--outdir", str(out), *map(str, sources)], check=True, capture_output=True, timeout=900)
    return {source.stem: out / f"{source.stem}.pptx" for source in sources if (out / f"{source.stem}.pptx").is_file()}


@pytest.fixture(scope="session")
def default_deck(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("default-deck")
    result = run_confdeck("build", str(NOTES / "pwc2020.md"), "-o", str(out), "--format", "pptx")
    assert result.returncode == 0, result.stderr
    return out / "pwc2020.pptx"


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text)


def pdf_pages(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """(width, height, words with boxes) of every page, as poppler reads them."""
    pdftotext = need_program("pdftotext", "poppler-utils")
    out = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for match in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        found = [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', match.group(3))]
        pages.append((float(match.group(1)), float(match.group(2)), found))
    return pages


@pytest.mark.parametrize("name", CHOSEN)
def test_a_libreoffice_master_gives_the_same_slides_in_its_own_design(name, lo_masters, default_deck, tmp_path):
    if name not in lo_masters:
        pytest.skip(f"{name}.otp is not shipped with this LibreOffice")
    master = lo_masters[name]
    template = f"lo-{name.lower()}"
    made = run_confdeck("template", "new", template, "--master", str(master), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    result = run_confdeck("build", str(NOTES / "pwc2020.md"), "-o", "out", "--template", template, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for line in result.stderr.splitlines():  # only warnings: a missing image, layouts the master lacks
        assert line.startswith("warning: "), line
    deck = tmp_path / "out" / "pwc2020.pptx"
    prs, original = Presentation(str(deck)), Presentation(str(master))

    # The master's own slide size and design.
    assert (prs.slide_width, prs.slide_height) == (original.slide_width, original.slide_height)
    assert len(prs.slide_masters) == len(original.slide_masters)
    assert f"wrote out/pwc2020.pptx ({len(prs.slides)} slides)" in result.stdout

    # None of the master's sample slides is left.
    ours = " ".join(t for title, lines in content_of(deck) for t in [title, *lines])
    notes = (NOTES / "pwc2020.md").read_text(encoding="utf-8")
    for slide in original.slides:
        for shape in slide.shapes:
            if shape.has_text_frame and len(shape.text_frame.text.strip()) > 3:
                sample = shape.text_frame.text.strip()
                if sample in notes:
                    continue  # e.g. "2020": in the notes too
                assert sample not in ours, f"sample text left over: {sample!r}"

    # The same slides as with the default template: titles in order and every line of text.
    assert logical_slides(deck) == logical_slides(default_deck)

    # LibreOffice renders every slide, and every slide's text lies on its page.
    pdf = libreoffice_to_pdf(deck, tmp_path / "pdf")
    pages = pdf_pages(pdf)
    assert len(pages) == len(prs.slides)
    for number, ((width, height, found), (title, lines)) in enumerate(zip(pages, content_of(deck)), start=1):
        for x_min, y_min, x_max, y_max, word in found:
            assert -1 <= x_min and x_max <= width + 1 and -1 <= y_min and y_max <= height + 1, \
                f"slide {number}: {word!r} is off the page"
        on_page = {w.lower() for *_, text in found for w in words(text)}
        expected = {w.lower() for text in [title, *lines] for w in words(text)}
        assert expected <= on_page, f"slide {number} ({title!r}) lacks {sorted(expected - on_page)}"


def test_libreoffice_masters_html_takes_the_master_theme(lo_masters, tmp_path):
    name = next(iter(lo_masters), None)
    if name is None:
        pytest.skip("no LibreOffice master")
    shutil.copy(lo_masters[name], tmp_path / "company.pptx")
    assert run_confdeck("template", "new", "acme", "--master", "company.pptx", cwd=tmp_path).returncode == 0
    result = run_confdeck("build", str(NOTES / "pwc2020.md"), "-o", "out", "--template", "acme", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "pwc2020.html").read_text()
    from confdeck.powerpoint.master import prepare_master, theme_fonts

    prs, chooser = prepare_master(tmp_path / "company.pptx", "company.pptx")
    major = theme_fonts(chooser.layout_for("content").layout.slide_master).get("major")
    width = round(prs.slide_width / 914400 * 96)
    assert f'"width": {width}, ' in page                    # the master's slide size, in the HTML too
    for key in ("background", "text", "heading", "accent", "link"):
        assert re.search(rf"--cd-{key}: #[0-9A-F]{{6}};", page), key
    assert major and f'"{major}"' in page                   # the master's theme font


def test_a_masters_pictures_and_background_image_appear_in_the_html_once(lo_masters, tmp_path):
    from confdeck.powerpoint.master import read_master_look

    name = next((n for n in ("Candy", "Vintage") if n in lo_masters), None)
    if name is None:
        pytest.skip("neither Candy nor Vintage among LibreOffice's templates here")
    shutil.copy(lo_masters[name], tmp_path / "company.pptx")
    assert run_confdeck("template", "new", "acme", "--master", "company.pptx", cwd=tmp_path).returncode == 0
    result = run_confdeck("build", str(NOTES / "pwc2020.md"), "-o", "out", "--template", "acme", "--format", "html",
                          cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "pwc2020.html").read_text()
    kinds = read_master_look(tmp_path / "company.pptx", "company.pptx", None).kinds
    images = {data for d in (k.decor for k in kinds.values()) for data in
              ([d.background[1]] if d.background else []) + [item.image[1] for item in d.items if item.image]}
    assert images, "the master has pictures"
    import base64

    for data in images:  # each picture inlined exactly once, however many slides show it
        assert page.count(base64.b64encode(data).decode("ascii")) == 1
    sections = re.findall(r"<section[^>]*>(.*?)</section>", page, re.S)
    behind = [s for s in sections if '<div class="cd-decor' in s]
    assert behind and all(s.lstrip().startswith('<div class="cd-decor') for s in behind)  # drawn first, behind


def test_a_masters_plain_shapes_and_text_colours_reach_the_html(lo_masters, tmp_path):
    # Midnightblue's content master draws a dark band behind its title: the band and a title readable on it
    # (white: the master's own text colour is black, 1.9:1 on the band) must reach the HTML deck.
    if "Midnightblue" not in lo_masters:
        pytest.skip("Midnightblue.otp is not shipped with this LibreOffice")
    shutil.copy(lo_masters["Midnightblue"], tmp_path / "company.pptx")
    assert run_confdeck("template", "new", "acme", "--master", "company.pptx", cwd=tmp_path).returncode == 0
    result = run_confdeck("build", str(NOTES / "pwc2020.md"), "-o", "out", "--template", "acme", "--format", "html",
                          cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "pwc2020.html").read_text()
    heading = re.search(r"section\.cd-kind-content > h2 \{ color: (#\w+);", page)[1]
    text = re.search(r"--cd-text: (#\w+);", page)[1]
    assert heading == "#FFFFFF" and text != "#FFFFFF"
    bands = re.findall(r"\.cd-decor-content-\d+ \{ left: [\d.]+in; top: ([\d.]+)in; width: ([\d.]+)in; "
                       r"height: ([\d.]+)in; background: (#\w+)", page)
    assert any(float(top) < 0.5 and float(width) > 10 and background != "#FFFFFF"
               for top, width, height, background in bands), bands
    content = next(s for s in re.findall(r"<section[^>]*>(.*?)</section>", page, re.S) if re.search(r"<h2[^>]*>Agenda</h2>", s))
    assert content.lstrip().startswith('<div class="cd-decor">')


def test_freeforms_bubbles_and_number_fields_of_libreoffice_masters_reach_the_html(lo_masters, tmp_path):
    """Focus draws its coloured triangles as freeforms (a:custGeom), Midnightblue its section page as a speech
    bubble (wedgeRectCallout) and its slide number as a field in a text box: the HTML draws each as the
    .pptx shows it, and no sample text such as "<number>" reaches a slide."""
    missing = [name for name in ("Focus", "Midnightblue") if name not in lo_masters]
    if missing:
        pytest.skip(f"{', '.join(missing)}.otp not shipped with this LibreOffice")
    pages = {}
    for name in ("Focus", "Midnightblue"):
        shutil.copy(lo_masters[name], tmp_path / f"{name}.pptx")
        assert run_confdeck("template", "new", name.lower(), "--master", f"{name}.pptx", cwd=tmp_path).returncode == 0
        result = run_confdeck("build", str(NOTES / "pwc2020.md"), "-o", name, "--template", name.lower(),
                              "--format", "html", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        pages[name] = (tmp_path / name / "pwc2020.html").read_text()
    triangles = re.findall(r'clip-path: path\("M [\d.]+ [\d.]+ L [\d.]+ [\d.]+ L', pages["Focus"])
    assert len(triangles) >= 5, triangles
    # The bubble's tail runs below its box: the box drawn is grown to hold it (3.78 in, not the shape's
    # 2.07 in), its outline the box's four corners and the tail's three points.
    bubble = re.search(r'cd-decor-section-\d+ \{[^}]*height: ([\d.]+)in; background: #FFFFFF; clip-path: '
                       r'path\("(M[^"]+)"\)', pages["Midnightblue"])
    assert bubble and float(bubble[1]) > 3.5 and bubble[2].count(" L ") == 6, bubble
    assert "&lt;number&gt;" not in pages["Midnightblue"] and "<number>" not in pages["Midnightblue"]
    # Each slide after the title shows its own number in the master's numbered badge.
    sections = re.findall(r"<section[^>]*>(.*?)</section>", pages["Midnightblue"], re.S)
    assert [re.findall(r'cd-decor-text">(\d+)<', s) for s in sections[1:4]] == [["2"], ["3"], ["4"]]
