"""The master's own footer text, date and slide number (issue 16, point 9): kept on every slide but the title
slide when template.yaml sets no footer, in both decks, in the master's boxes; the slide number is never
printed twice; `template new` does not suggest {slide} for a master that numbers its slides."""
from __future__ import annotations

import re
import zipfile

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from conftest import libreoffice_to_pdf, pdf_text, run_confdeck, load_tool
from safety_helpers import build

NOTES = ("---\ntitle: Fleet Telemetry\n---\n# Fleet Telemetry\n\n## Sensors (~3 min)\n\n- what the trucks report\n"
         "\n## Storage (~3 min)\n\n- columnar files\n\n## Alerts (~2 min)\n\n- thresholds\n")



make_masters = load_tool("make_masters")
FOOTER, DATE = make_masters.FOOTER_TEXT, make_masters.DATE_TEXT


def build_footer_master(tmp_path, capsys, monkeypatch, footer: str | None = None):
    folder = tmp_path / "templates" / "north"
    make_masters.make_footer_in_master(folder)
    if footer is not None:
        with open(folder / "template.yaml", "a", encoding="utf-8") as handle:
            handle.write(f'footer:\n  text: "{footer}"\n')
    result = build(tmp_path, NOTES, "--template", "north", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    return result


def footer_shapes(slide) -> dict:
    return {shape.placeholder_format.type: shape for shape in slide.placeholders
            if shape.placeholder_format.type in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE,
                                                 PP_PLACEHOLDER.SLIDE_NUMBER)}


def slide_number_fields(pptx, index: int) -> int:
    with zipfile.ZipFile(pptx) as archive:
        return archive.read(f"ppt/slides/slide{index + 1}.xml").count(b'type="slidenum"')


def css_box(html: str, name: str) -> tuple[int, ...]:
    return tuple(int(re.search(rf"--cd-{name}-{side}: (-?\d+)px", html).group(1))
                 for side in ("left", "top", "width", "height"))


def test_the_masters_footer_and_date_are_kept_in_both_decks(tmp_path, capsys, monkeypatch):
    result = build_footer_master(tmp_path, capsys, monkeypatch)
    prs = Presentation(str(result.pptx))
    slides = list(prs.slides)
    assert footer_shapes(slides[0]) == {}          # the title slide has none, as PowerPoint's own
    for number, slide in enumerate(slides[1:], start=2):
        shapes = footer_shapes(slide)
        assert shapes[PP_PLACEHOLDER.FOOTER].text_frame.text == FOOTER
        assert shapes[PP_PLACEHOLDER.DATE].text_frame.text == DATE
        assert shapes[PP_PLACEHOLDER.SLIDE_NUMBER].text_frame.text == str(number)
        assert slide_number_fields(result.pptx, number - 1) == 1
    html = result.html.read_text(encoding="utf-8")
    assert re.findall(r'<div class="cd-footer">([^<]*)</div>', html) == [FOOTER] * (len(slides) - 1)
    assert re.findall(r'<div class="cd-date">([^<]*)</div>', html) == [DATE] * (len(slides) - 1)
    assert re.findall(r'<div class="cd-slide-number">([^<]*)</div>', html) == \
        [str(n) for n in range(2, len(slides) + 1)]
    # The same boxes: the HTML's (CSS px at 96 per inch) are the layout placeholders' (EMU).
    layout = slides[1].slide_layout
    for name, kind in (("footer", PP_PLACEHOLDER.FOOTER), ("date", PP_PLACEHOLDER.DATE),
                       ("number", PP_PLACEHOLDER.SLIDE_NUMBER)):
        shape = next(ph for ph in layout.placeholders if ph.placeholder_format.type == kind)
        expected = tuple(round(value / 914400 * 96) for value in (shape.left, shape.top, shape.width, shape.height))
        assert css_box(html, name) == expected, name
    # In the placeholders' own look: the footer in the master's green 14 pt, centred; date and number in its
    # grey (black at a 75 % tint) 12 pt, left and right (what the .pptx's placeholders inherit).
    for name, color, size, justify in (("footer", "#2E6B4F", 19, "center"), ("date", "#898989", 16, "flex-start"),
                                       ("number", "#898989", 16, "flex-end")):
        assert f"--cd-{name}-color: {color};" in html and f"--cd-{name}-size: {size}px;" in html, name
        assert f"--cd-{name}-justify: {justify};" in html, name


def test_a_footer_that_numbers_the_slide_takes_the_masters_number_place(tmp_path, capsys, monkeypatch):
    result = build_footer_master(tmp_path, capsys, monkeypatch, footer="{title} · {slide}")
    slides = list(Presentation(str(result.pptx)).slides)
    for number, slide in enumerate(slides[1:], start=2):
        shapes = footer_shapes(slide)
        assert PP_PLACEHOLDER.SLIDE_NUMBER not in shapes
        assert shapes[PP_PLACEHOLDER.FOOTER].text_frame.text == f"Fleet Telemetry · {number}"
        assert slide_number_fields(result.pptx, number - 1) == 1     # the number once, in the footer
    html = result.html.read_text(encoding="utf-8")
    assert 'class="cd-slide-number"' not in html
    assert re.findall(r'<div class="cd-footer">([^<]*)</div>', html)[:2] == ["Fleet Telemetry · 2",
                                                                          "Fleet Telemetry · 3"]


def test_a_footer_set_in_the_template_replaces_the_masters_text(tmp_path, capsys, monkeypatch):
    result = build_footer_master(tmp_path, capsys, monkeypatch, footer="{title}")
    slides = list(Presentation(str(result.pptx)).slides)
    assert footer_shapes(slides[1])[PP_PLACEHOLDER.FOOTER].text_frame.text == "Fleet Telemetry"
    assert footer_shapes(slides[1])[PP_PLACEHOLDER.SLIDE_NUMBER].text_frame.text == "2"
    assert FOOTER not in result.html.read_text(encoding="utf-8")


def test_the_scaffold_does_not_number_slides_the_master_numbers(tmp_path):
    folder = tmp_path / "kit"
    make_masters.make_footer_in_master(folder)
    result = run_confdeck("template", "new", "north", "--master", str(folder / "master.pptx"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "templates" / "north" / "template.yaml").read_text(encoding="utf-8")
    assert "# footer:\n#   text: \"{title}\"\n" in text and "{title} · {slide}" not in text
    assert f"the master's own footer is kept: \"{FOOTER}\"" in text
    without = run_confdeck("template", "new", "plain", cwd=tmp_path)   # no master: our footer numbers
    assert without.returncode == 0, without.stderr
    assert "#   text: \"{title} · {slide}\"" in (tmp_path / "templates" / "plain" / "template.yaml").read_text()


def test_libreoffice_shows_the_masters_footer_once_per_slide(tmp_path, capsys, monkeypatch):
    result = build_footer_master(tmp_path, capsys, monkeypatch)
    count = len(Presentation(str(result.pptx)).slides)
    text = pdf_text(libreoffice_to_pdf(result.pptx, tmp_path))
    assert text.count(FOOTER) == count - 1 and text.count(DATE) == count - 1


def test_a_date_field_stays_a_field_dated_at_the_build_not_the_masters_day(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "templates" / "north"
    make_masters.make_footer_in_master(folder)
    stale = ('<a:r><a:rPr lang="en-GB"/><a:t>Updated </a:t></a:r>'   # typed text, then a date field with the
             '<a:fld id="{B4A5C6D7-1111-4222-8333-944455556666}" type="datetime1"><a:rPr lang="en-GB"/>'
             "<a:t>3/1/2018</a:t></a:fld>")                             # text of the day the master was saved
    with zipfile.ZipFile(folder / "master.pptx") as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in parts.items():
        if name.endswith(".xml") and ("slideLayout" in name or "slideMaster" in name):
            date_run = f'<a:r><a:rPr lang="en-GB"/><a:t>{DATE}</a:t></a:r>'.encode()
            parts[name] = data.replace(date_run, stale.encode())
    with zipfile.ZipFile(folder / "master.pptx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")   # 2026-01-01
    result = build(tmp_path, NOTES, "--template", "north", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    with zipfile.ZipFile(result.pptx) as archive:
        slide = archive.read("ppt/slides/slide2.xml").decode()
    assert re.search(r'<a:fld id="\{[0-9A-F-]+\}" type="datetime1"><a:rPr[^>]*/><a:t>1/1/2026</a:t></a:fld>', slide)
    assert "2018" not in slide
    html = result.html.read_text(encoding="utf-8")
    assert re.findall(r'<div class="cd-date">([^<]*)</div>', html)[0] == "Updated 1/1/2026" and "3/1/2018" not in html


def test_powerpoints_own_date_and_number_fields_alone_put_no_date_on_the_slides(tmp_path, capsys, monkeypatch):
    """python-pptx's master, like every new PowerPoint master, has a date field in its date placeholders:
    boilerplate, not a date the company typed; the slides get their number, no date."""
    folder = tmp_path / "templates" / "plain"
    folder.mkdir(parents=True)
    Presentation().save(folder / "master.pptx")
    with zipfile.ZipFile(folder / "master.pptx") as archive:
        assert b'type="datetimeFigureOut"' in archive.read("ppt/slideLayouts/slideLayout2.xml")
    (folder / "template.yaml").write_text("name: plain\nslide_size: master\n", encoding="utf-8")
    result = build(tmp_path, NOTES, "--template", "plain", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    slide = list(Presentation(str(result.pptx)).slides)[1]
    assert set(footer_shapes(slide)) == {PP_PLACEHOLDER.SLIDE_NUMBER}
    html = result.html.read_text(encoding="utf-8")
    assert 'class="cd-date"' not in html and 'class="cd-footer"' not in html
