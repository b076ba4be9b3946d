"""A photo toned down behind the text and pale see-through panels under it (tools/make_masters.py,
photo_panels), as on a conference master from a public repository: both decks must draw the photo faded and
the panels, and judge the text's contrast on what is really behind it. Before, the HTML showed the photo at full
strength and no panels, and the contrast check, blind to both, turned the master's black text white: white on a
pale panel in the .pptx, where the theme's text colour, rewritten, turned the titles white too."""
from __future__ import annotations

import io

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from conftest import load_tool
from safety_helpers import build

make_masters = load_tool("make_masters")
NOTES = ("---\ntitle: Field notes\n---\n# Field notes\n\n## What we saw (~3 min)\n\n- dark skies\n- long nights\n\n"
         "## What we do next (~2 min)\n\n- more telescopes\n")


def theme_dk1(pptx) -> str:
    prs = Presentation(str(pptx))
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    slot = etree.fromstring(theme.blob).find(f".//{qn('a:clrScheme')}/{qn('a:dk1')}")[0]
    return slot.get("lastClr") or slot.get("val")   # a system colour (windowText) names its colour in lastClr


def test_text_on_pale_panels_over_a_faded_photo_is_read_as_readable_and_drawn_alike(tmp_path, capsys, monkeypatch):
    from PIL import Image, ImageStat

    from confdeck.look import resolve_look
    from confdeck.templates import load_template

    make_masters.make_photo_panels(tmp_path / "templates" / "panels")
    result = build(tmp_path, NOTES, "--template", "panels", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    assert " gives " not in result.err, result.err    # black on the panels reads well: nothing recoloured
    assert theme_dk1(result.pptx) == "000000"
    html = result.html.read_text(encoding="utf-8")
    assert ".reveal section.cd-kind-content > .body { background: #FFFFFF80; }" in html
    # The HTML's background is the photo as the slide shows it: 65 % of it over white.
    look = resolve_look(load_template("panels", tmp_path))
    master = Presentation(str(tmp_path / "templates" / "panels" / "master.pptx")).slide_master
    blip = next(master._element.find(qn("p:cSld")).iter(qn("a:blip")))
    original = Image.open(io.BytesIO(master.part.related_part(blip.get(qn("r:embed"))).blob)).convert("RGB")
    shown = Image.open(io.BytesIO(look.kinds["content"].decor.background[1])).convert("RGB")
    for before, after in zip(ImageStat.Stat(original).mean, ImageStat.Stat(shown).mean):
        assert abs(after - (0.65 * before + 0.35 * 255)) < 2


def test_body_text_made_readable_does_not_repaint_the_masters_titles(tmp_path, capsys, monkeypatch):
    """Black body text on a dark master is made white; the titles, black on their own white band, stay black:
    the .pptx writes the white on its runs, not into the theme's text colour the titles share."""
    prs = make_masters._base()
    master = prs.slide_master
    make_masters.solid_background(master, "#202020")
    make_masters.placeholder(master, "title").find(qn("p:spPr")).append(etree.fromstring(
        f'<a:solidFill xmlns:a="{make_masters.A}"><a:srgbClr val="FFFFFF"/></a:solidFill>'))
    for index, types in ((make_masters.TITLE, ("subTitle",)), (make_masters.SECTION, ("body",))):
        make_masters.list_style(make_masters.placeholder(make_masters._layouts(prs)[index], *types), color="#FFFFFF")
    make_masters.list_style(make_masters.placeholder(make_masters._layouts(prs)[make_masters.SECTION], "title"),
                            color="#FFFFFF")
    make_masters.save(prs, tmp_path / "templates" / "dark", "black text on a dark master, titles on a white band")
    result = build(tmp_path, NOTES, "--template", "dark", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    assert "body text on content slides: #000000 on #202020" in result.err
    assert "title on content slides" not in result.err
    assert theme_dk1(result.pptx) == "000000"
    slide = next(s for s in Presentation(str(result.pptx)).slides if s.shapes.title.text_frame.text == "What we saw")
    body = next(shape for shape in slide.placeholders if shape.placeholder_format.idx == 1)
    assert {str(run.font.color.rgb) for p in body.text_frame.paragraphs for run in p.runs} == {"FFFFFF"}
    title_runs = [run for p in slide.shapes.title.text_frame.paragraphs for run in p.runs]
    assert title_runs and all(run.font.color.type is None for run in title_runs)   # the master's black


def test_artwork_of_thin_lines_and_transparent_pictures_is_judged_by_what_it_paints(tmp_path, capsys, monkeypatch):
    """A swirl of thin lines over the whole slide and a transparent strip of arrows behind the titles (a
    designer's artwork, as on a course master from a public repository): the yellow titles and pale text sit
    on the dark ground, not on the lines' colour nor on the colour hidden in the picture's transparent pixels."""
    from confdeck.look import resolve_look
    from confdeck.templates import load_template

    make_masters.make_artwork(tmp_path / "templates" / "artwork")
    result = build(tmp_path, NOTES, "--template", "artwork", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    judged = [line for line in result.err.splitlines() if " gives " in line]
    assert judged == ["warning: templates/artwork/master.pptx: links on content slides: #0000FF on #10221D gives "
                      "1.9:1 (needs 4.5:1); links use the text colour #CFEAE3, underlined"]   # the theme's own blue
    look = resolve_look(load_template("artwork", tmp_path))
    assert (look.kinds["content"].title.color, look.colors["text"]) == ("#FEBF23", "#CFEAE3")
