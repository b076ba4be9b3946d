"""`confdeck template check NAME` (issue 16): the report of a master's layouts, boxes, fonts, contrast and
decorations, exit 0 for a master without problems and 1 for one with known problems; the contact sheet
(one slide of each kind in both formats) when LibreOffice and Chromium are there, else a line saying so."""
from __future__ import annotations

import shutil

from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from confdeck.cli import main
from conftest import need_program, run_confdeck, load_tool



make_masters = load_tool("make_masters")
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def troubled_master(folder):
    """A master with four known problems: no section layout, a star in a group of shapes on the master (the HTML
    deck draws groups, not stars), a heading font nobody has installed, and a pale link colour on white."""
    prs = Presentation()
    master = prs.slide_master
    id_list = master._element.find(qn("p:sldLayoutIdLst"))
    for entry in list(id_list):
        layout = master.part.related_part(entry.get(qn("r:id")))
        if layout.slide_layout.name == "Section Header":
            master.part.drop_rel(entry.get(qn("r:id")))
            id_list.remove(entry)
    master.shapes._spTree.append(etree.fromstring(     # a grouped seal: the HTML deck draws no star
        f'<p:grpSp xmlns:p="{P}" xmlns:a="{A}"><p:nvGrpSpPr><p:cNvPr id="90" name="Quality seal"/><p:cNvGrpSpPr/>'
        '<p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="274320" y="6400800"/><a:ext cx="365760" cy="365760"/>'
        '<a:chOff x="0" y="0"/><a:chExt cx="365760" cy="365760"/></a:xfrm></p:grpSpPr>'
        '<p:sp><p:nvSpPr><p:cNvPr id="91" name="Seal"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="365760" cy="365760"/></a:xfrm><a:prstGeom prst="star5"><a:avLst/>'
        '</a:prstGeom><a:solidFill><a:srgbClr val="C00000"/></a:solidFill></p:spPr></p:sp></p:grpSp>'))
    theme_part = next(rel.target_part for rel in master.part.rels.values() if rel.reltype.endswith("/theme"))
    theme = etree.fromstring(theme_part.blob)
    theme.find(f".//{qn('a:majorFont')}/{qn('a:latin')}").set("typeface", "Quixotic Grotesk Display")
    hlink = theme.find(f".//{qn('a:clrScheme')}/{qn('a:hlink')}")
    hlink.clear()
    etree.SubElement(hlink, qn("a:srgbClr")).set("val", "A8D8FF")
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    folder.mkdir(parents=True)
    prs.save(folder / "master.pptx")
    (folder / "template.yaml").write_text("name: troubled\nslide_size: master\n", encoding="utf-8")


def check(tmp_path, capsys, monkeypatch, name: str, clients: bool = False):
    monkeypatch.chdir(tmp_path)
    if not clients:   # no contact sheet: as on a machine without LibreOffice
        real_which = shutil.which
        monkeypatch.setattr("confdeck.template_check.shutil.which",
                            lambda program: None if program == "soffice" else real_which(program))
    capsys.readouterr()
    code = main(["template", "check", name])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_a_master_without_problems_passes(tmp_path, capsys, monkeypatch):
    make_masters.make_footer_in_master(tmp_path / "templates" / "north")
    code, lines, err = check(tmp_path, capsys, monkeypatch, "north")
    assert (code, err) == (0, "")
    assert lines[0] == "template north: templates/north/master.pptx, 13.33 × 7.50 in"
    assert '  content     "Title and Content": type obj, its name, holds title + 1 body, score 7' in lines
    assert '  section     "Section Header": type secHead, its name, holds title + 1 body, score 5.75' in lines
    assert "  slide number: 9.56, 6.95 in, 3.11 × 0.40 in" in lines
    assert "  titles: #000000 gives 21.0:1 (ok)" in lines
    assert "decorations: the HTML deck draws every one" in lines
    assert "contact sheet: skipped (LibreOffice (soffice) not installed)" in lines
    assert lines[-1] == "no problems found"


def test_a_master_with_known_problems_exits_1_and_names_each(tmp_path, capsys, monkeypatch):
    troubled_master(tmp_path / "templates" / "troubled")
    code, lines, err = check(tmp_path, capsys, monkeypatch, "troubled")
    assert code == 1, lines
    problems = [line for line in lines if line.startswith("  problem: ")]
    assert problems == [
        "  problem: links on content slides: #A8D8FF on #FFFFFF gives 1.5:1 (needs 4.5:1); links use the text "
        "colour #000000, underlined",      # (contrast.py's check, as a build warns it)
        '  problem: no section layout: slides of that kind use "Title Slide"',
        '  problem: font "Quixotic Grotesk Display" is not installed; measuring with "DejaVu Sans" — pages may '
        "differ on other machines",
        '  problem: the HTML deck cannot draw the group of shapes "Quality seal" on master',
    ]
    assert '  section     "Title Slide": fallback: the master has no section header layout' in lines
    assert lines[-1] == "4 problems found"


def test_check_is_a_documented_template_command():
    result = run_confdeck("template", "--help")
    assert "check" in result.stdout
    result = run_confdeck("template", "check", "--help")
    assert result.returncode == 0 and "templates/NAME/check/" in result.stdout.replace("\n", " ")
    result = run_confdeck("template", "check", "nope")
    assert result.returncode == 2 and result.stderr.startswith("error: no template 'nope'; available:")
    completion = run_confdeck("completion", "bash")
    assert "check" in completion.stdout


def test_the_contact_sheet_shows_each_kind_in_both_formats(tmp_path, capsys, monkeypatch):
    need_program("soffice", "libreoffice-impress")
    need_program("chromium", "chromium")
    make_masters.make_footer_in_master(tmp_path / "templates" / "north")
    code, lines, err = check(tmp_path, capsys, monkeypatch, "north", clients=True)
    assert code == 0, lines
    assert lines[-2] == "contact sheet: 10 pictures in templates/north/check/"
    folder = tmp_path / "templates" / "north" / "check"
    names = sorted(path.name for path in folder.glob("*.png"))
    kinds = ["01-title", "02-agenda", "03-section", "04-content", "06-picture"]
    assert names == sorted(f"{kind}-{fmt}.png" for kind in kinds for fmt in ("html", "pptx"))
    for kind in kinds:
        html, pptx = (Image.open(folder / f"{kind}-{fmt}.png").convert("L") for fmt in ("html", "pptx"))
        assert html.size == pptx.size == (1280, 720)     # 96 pixels an inch, both
        # Both show the master's footer line in the same strip: dark pixels in the bottom tenth of both
        # (the title slide has none in either).
        for image in (html, pptx):
            strip = image.crop((0, 648, 1280, 720))
            assert (strip.getextrema()[0] < 160) == (kind != "01-title"), (kind, image)


def test_a_repaired_master_is_reported(tmp_path, capsys, monkeypatch):
    make_masters.make_layout_types_missing(tmp_path / "templates" / "keynote")
    code, lines, err = check(tmp_path, capsys, monkeypatch, "keynote")
    assert code == 1 and err == ""
    assert [line for line in lines if line.startswith("  problem: ")] == [
        "  problem: [Content_Types].xml did not declare 11 parts (11 slide layouts); repaired"]
