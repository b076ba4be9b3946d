"""Proof for every built-in look: the HTML chrome in the look's colours and clear of logo and footer."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import NOTES, ROOT, run_confdeck

from confdeck.look import resolve_look
from confdeck.templates import load_template

LOOKS = ["default", "nightowl", "midnight", "bold"]


def build_look(look: str, out: Path, cwd: Path | None = None) -> Path:
    result = run_confdeck("build", str(NOTES / "pwc2020.md"), "-o", str(out), "--template", look, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, Path]:
    """pwc2020 built in every built-in look, and in a company template with a corner logo and a footer."""
    root = tmp_path_factory.mktemp("looks")
    company = root / "templates" / "acme"
    company.mkdir(parents=True)
    shutil.copy(ROOT / "images" / "pwcsnake2020.png", company / "logo.png")
    (company / "template.yaml").write_text("name: acme\nlogo: logo.png\nfooter: \"{title} · ACME\"\n",
                                           encoding="utf-8")
    built = {look: build_look(look, root / look) for look in LOOKS}
    built["acme"] = build_look("acme", root / "acme", cwd=root)
    return built


def rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


CHROME_SCRIPT = """() => {
  const box = (e) => { if (!e) return null; const r = e.getBoundingClientRect();
    return r.width && r.height ? [r.left, r.top, r.right, r.bottom] : null; };
  const slide = document.querySelector('.reveal .slides > section.present');
  const buttons = [...document.querySelectorAll('.reveal .controls button')]
    .filter(b => getComputedStyle(b).display !== 'none' && getComputedStyle(b).visibility !== 'hidden'
                 && getComputedStyle(b).opacity !== '0').map(box).filter(Boolean);
  return {
    controls: getComputedStyle(document.querySelector('.reveal .controls')).color,
    progress: getComputedStyle(document.querySelector('.reveal .progress')).color,
    revealNumber: !!document.querySelector('.reveal .slide-number') &&
                  getComputedStyle(document.querySelector('.reveal .slide-number')).display !== 'none',
    slide: box(slide),
    number: box(slide.querySelector('.cd-slide-number')),
    numberText: (slide.querySelector('.cd-slide-number') || {}).textContent,
    logo: box(slide.querySelector('img.cd-corner-logo')),
    footer: box(slide.querySelector('.cd-footer')),
    buttons,
  };
}"""


def overlaps(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("look", [*LOOKS, "acme"])
@pytest.mark.parametrize("viewport", [(1280, 720), (1024, 768)])
def test_html_chrome_takes_the_looks_colours_and_stays_clear_of_logo_and_footer(look, viewport, decks, browser,
                                                                               monkeypatch):
    if look == "acme":
        monkeypatch.chdir(decks["acme"].parent)
    accent = resolve_look(load_template(look)).colors["accent"]
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page.goto((decks[look] / "pwc2020.html").as_uri() + "#/3")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        chrome = page.evaluate(CHROME_SCRIPT)
    finally:
        page.close()
    assert chrome["controls"] == rgb(accent) and chrome["progress"] == rgb(accent)
    assert not chrome["revealNumber"]               # ours, inside the slide, replaces reveal.js's corner one
    assert chrome["numberText"] == "4"
    number, slide = chrome["number"], chrome["slide"]
    assert slide[0] <= number[0] and number[2] <= slide[2] and slide[1] <= number[1] and number[3] <= slide[3]
    assert chrome["buttons"], "no navigation arrows shown"
    if look == "acme":
        assert chrome["logo"] and chrome["footer"]  # the case this test is about: both in the bottom strip
    for thing in ("number", "logo", "footer"):
        for button in chrome["buttons"]:
            assert not overlaps(button, chrome[thing]), f"an arrow covers the {thing}"
    assert not overlaps(number, chrome["logo"]) and not overlaps(number, chrome["footer"])
