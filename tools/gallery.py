"""Contact sheets of notes/pwc2020.md in every built-in look, both decks, for the README.

Builds the sample with each template in templates/, draws the .pptx with
LibreOffice (PDF, then pdftoppm) and the .html with headless Chromium (one
screenshot per slide), and writes images/gallery/<look>-pptx.png and
<look>-html.png: the slides in a grid, small enough to keep in the repository.
Needs soffice (libreoffice-impress), pdftoppm (poppler-utils), Playwright and
Debian's chromium.
Run: python tools/gallery.py [--looks default,midnight] [--slides 1,2,3,4]
"""
from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "notes" / "pwc2020.md"
OUT = ROOT / "images" / "gallery"
CHROMIUM = "/usr/bin/chromium"
THUMB_W = 280                       # one slide on the sheet, 16:9 (keeps a sheet near 140 KB)
COLUMNS = 4
GAP = 8
SHEET_BG = (64, 64, 64)


def built_in_looks() -> list[str]:
    return sorted(p.name for p in (ROOT / "templates").iterdir() if (p / "template.yaml").is_file())


def build(look: str, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "confdeck", "build", str(NOTES), "-o", str(out), "--template", look],
                   check=True, capture_output=True, cwd=ROOT, timeout=300)


def pptx_slides(pptx: Path, work: Path) -> list[Image.Image]:
    """The .pptx as LibreOffice prints it, a PNG per page."""
    profile = work / "lo-profile"
    subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(pptx)], check=True, capture_output=True,
                   timeout=300)
    subprocess.run(["pdftoppm", "-png", "-r", "48", str(work / f"{pptx.stem}.pdf"), str(work / "page")],
                   check=True, timeout=300)
    return [Image.open(path).convert("RGB") for path in sorted(work.glob("page-*.png"))]


def html_slides(html: Path) -> list[Image.Image]:
    """The .html as Chromium shows it: each slide filling a 1280x720 window, without arrows or progress bar."""
    from playwright.sync_api import sync_playwright

    shots = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(html.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        page.evaluate("() => { Reveal.configure({ margin: 0, controls: false, progress: false }); Reveal.layout(); }")
        for index in range(page.evaluate("() => Reveal.getTotalSlides()")):
            page.evaluate(f"() => Reveal.slide({index})")
            page.wait_for_timeout(50)
            shots.append(Image.open(io.BytesIO(page.screenshot())).convert("RGB"))
        browser.close()
    return shots


def contact_sheet(slides: list[Image.Image], numbers: list[int]) -> Image.Image:
    height = round(THUMB_W * 9 / 16)
    chosen = [slides[n - 1] for n in numbers if n <= len(slides)]
    rows = (len(chosen) + COLUMNS - 1) // COLUMNS
    sheet = Image.new("RGB", (COLUMNS * THUMB_W + (COLUMNS + 1) * GAP, rows * height + (rows + 1) * GAP), SHEET_BG)
    pen = ImageDraw.Draw(sheet)
    for index, slide in enumerate(chosen):
        x = GAP + (index % COLUMNS) * (THUMB_W + GAP)
        y = GAP + (index // COLUMNS) * (height + GAP)
        sheet.paste(slide.resize((THUMB_W, height), Image.LANCZOS), (x, y))
        pen.rectangle((x - 1, y - 1, x + THUMB_W, y + height), outline=(110, 110, 110))
    return sheet


def save_small(sheet: Image.Image, path: Path) -> None:
    """A full-colour PNG: palettes (median cut, octree, the commonest colours) each lost a thin accent
    rule or a pale panel somewhere, so the sheet stays RGB and the thumbnails small instead."""
    sheet.save(path, optimize=True, compress_level=9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--looks", help="comma-separated template names (default: every built-in look)")
    parser.add_argument("--slides", default="1,2,7,4,10,11,8,9",
                        help="slide numbers on each sheet, in order (default: title, agenda, section, "
                             "content, a slide over two pages, a picture)")
    args = parser.parse_args()
    looks = args.looks.split(",") if args.looks else built_in_looks()
    numbers = [int(n) for n in args.slides.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    for look in looks:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            build(look, work / "deck")
            for kind, slides in (("pptx", pptx_slides(work / "deck" / "pwc2020.pptx", work)),
                                 ("html", html_slides(work / "deck" / "pwc2020.html"))):
                path = OUT / f"{look}-{kind}.png"
                save_small(contact_sheet(slides, numbers), path)
                print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
