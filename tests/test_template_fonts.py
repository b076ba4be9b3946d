"""A template's own fonts (fonts/*.ttf|otf): measured with, embedded in the HTML deck, named by the .pptx."""
from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from confdeck.build import BuildOptions, render_deck
from confdeck.look import resolve_look
from confdeck.plan import fonts as font_lookup
from confdeck.plan.fonts import font_file
from confdeck.plan.measure import text_width
from confdeck.templates import load_template

URW = Path("/usr/share/fonts/opentype/urw-base35")
FILES = ["URWGothic-Book.otf", "URWGothic-Demi.otf"]


@pytest.fixture
def gothic_template(tmp_path) -> Path:
    """A company template shipping URW Gothic (two styles) in its fonts/ folder, and notes beside it."""
    if not all((URW / name).is_file() for name in FILES):
        pytest.skip("URW Gothic not found (Debian package fonts-urw-base35)")
    folder = tmp_path / "templates" / "gothic"
    (folder / "fonts").mkdir(parents=True)
    for name in FILES:
        shutil.copy(URW / name, folder / "fonts" / name)
    (folder / "fonts" / "README.txt").write_text("not a font", encoding="utf-8")
    (folder / "template.yaml").write_text("name: gothic\nextends: default\nfonts:\n  body: URW Gothic\n"
                                          "  heading: URW Gothic\n", encoding="utf-8")
    notes = tmp_path / "talk.md"
    notes.write_text("---\ntitle: Own fonts\ntemplate: gothic\n---\n\n# Own fonts\n\n## Part\n\n### Slide\n\n"
                     "* a point drawn in the template's own font\n", encoding="utf-8")
    yield tmp_path
    font_lookup.use_template_fonts([])   # later tests measure with what fontconfig finds


def test_the_template_fonts_are_the_ones_measured(gothic_template):
    template = load_template("gothic", cwd=gothic_template)
    look = resolve_look(template, [])
    shipped = gothic_template / "templates" / "gothic" / "fonts"
    assert [(family, bold, italic, path.name) for family, bold, italic, path in look.own_fonts] == \
        [("URW Gothic", False, False, "URWGothic-Book.otf"), ("URW Gothic", True, False, "URWGothic-Demi.otf")]
    assert font_file("URW Gothic") == shipped / "URWGothic-Book.otf"
    assert font_file("URW Gothic", bold=True) == shipped / "URWGothic-Demi.otf"
    from PIL import ImageFont
    expected = ImageFont.truetype(str(shipped / "URWGothic-Book.otf"), 1000).getlength("Platform") / 1000 * 20
    assert text_width("Platform", 20, "URW Gothic") == pytest.approx(expected)
    # Another template without fonts: the family is what fontconfig finds again.
    resolve_look(load_template(None, cwd=gothic_template), [])
    assert font_file("URW Gothic").parent != shipped


def test_the_html_deck_embeds_them_and_the_pptx_names_them(gothic_template, monkeypatch):
    monkeypatch.chdir(gothic_template)
    result = render_deck(gothic_template / "talk.md", BuildOptions(formats=("html", "pptx")))
    html = result.outputs["html"].decode("utf-8")
    book = (gothic_template / "templates" / "gothic" / "fonts" / "URWGothic-Book.otf").read_bytes()
    assert ('@font-face { font-family: "URW Gothic"; font-weight: 400; font-style: normal; '
            f"src: url(data:font/otf;base64,{base64.b64encode(book).decode()}); }}") in html
    assert 'font-family: "URW Gothic"; font-weight: 700' in html
    out = gothic_template / "talk.pptx"
    out.write_bytes(result.outputs["pptx"])
    fonts = {run.font.name for slide in Presentation(str(out)).slides for shape in slide.shapes
             if shape.has_text_frame for p in shape.text_frame.paragraphs for run in p.runs}
    assert "URW Gothic" in fonts
    # Installed here: no warning about it.
    assert not [w for w in result.diagnostics if "come with the template" in str(w)]


def test_a_shipped_font_this_machine_lacks_is_named_once(gothic_template, monkeypatch):
    monkeypatch.setattr(font_lookup, "installed", lambda family: False)
    warnings: list = []
    resolve_look(load_template("gothic", cwd=gothic_template), warnings)
    found = [str(w) for w in warnings if "come with the template" in str(w)]
    assert found == ['templates/gothic/fonts: "URW Gothic" come with the template: '
                     "the HTML deck embeds them; the .pptx names them and shows them only where they are installed"]
    assert not [w for w in warnings if "is not installed" in str(w)]


def test_chromium_draws_the_html_deck_with_the_embedded_font(gothic_template, browser, monkeypatch):
    monkeypatch.chdir(gothic_template)
    out = gothic_template / "talk.html"
    out.write_bytes(render_deck(gothic_template / "talk.md", BuildOptions(formats=("html",))).outputs["html"])
    page = browser.new_page()
    try:
        page.goto(out.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        loaded = page.evaluate("""async () => { await document.fonts.ready;
            await document.fonts.load('16px "URW Gothic"');
            return [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'URW Gothic'
                                              && f.status === 'loaded').map(f => f.weight); }""")
    finally:
        page.close()
    assert "400" in loaded
