"""Make images/speaker-view.png, the README's picture of the speaker view with the talk clock.

Builds notes/pwc2020.md (starting at 14:00), opens its speaker view in Debian's Chromium through
Playwright with a controlled clock, spends 5:40 on the first section and 2 minutes into the next,
and saves the speaker view as a small palette PNG.
Run: python tools/speaker_view_screenshot.py [OUT.png]
"""
from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
T0 = 1_780_000_000_000
# (slide index, seconds spent there): title, agenda, overview header and slide, tools header, tools.
STEPS = [(1, 20), (2, 340), (3, 130)]   # agenda, "Conference overview" (one slide, no header), "Tools…"


def capture(out_png: Path, browser=None) -> str:
    """Write the screenshot; return the text of the clock panel it shows (with a Playwright browser, or our own)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                return capture(out_png, own)
            finally:
                own.close()
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "confdeck", "build", str(ROOT / "notes" / "pwc2020.md"),
                        "-o", folder, "--format", "html", "--start", "14:00", "--duration", "25m"],
                       check=True, capture_output=True)
        deck = Path(folder) / "pwc2020.html"
        context = browser.new_context()
        try:
            page = context.new_page()
            page.clock.install(time=T0)
            page.clock.pause_at(T0 + 1000)
            page.goto(deck.as_uri())
            page.clock.run_for(500)
            page.wait_for_function("Reveal.isReady()")
            with page.expect_popup() as opened:
                page.keyboard.press("s")
            speaker = opened.value
            for _ in range(4):
                page.clock.run_for(1000)
            speaker.wait_for_selector(".cd-clock")
            for index, seconds in STEPS:
                page.evaluate(f"Reveal.slide({index})")
                page.clock.run_for(seconds * 1000)
            page.clock.run_for(1500)  # the notes plugin settles its previews
            shot = speaker.screenshot()
            text = speaker.inner_text(".cd-clock")
        finally:
            context.close()
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(out_png, optimize=True)
    return text


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "images" / "speaker-view.png"
    print(capture(target))
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
