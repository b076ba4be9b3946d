"""Damaged and foreign masters (issue 16, point 11): what is safely repairable is repaired with a warning,
anything else is `file: not a PowerPoint file (why)` with exit 2, never exit 3; a .potx/.potm master becomes
a presentation on `template new`. The masters come from tools/make_masters.py or are damaged here in code."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from conftest import libreoffice_to_pdf, pdf_text, run_confdeck, load_tool
from safety_helpers import build, xml_parts

NOTES = "# Talk\n\n## Part (~2 min)\n\n- first point\n- second point\n\n## More (~1 min)\n\n- third point\n"
SHOWN = "templates/kit/master.pptx"
PRESENTATION_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"



make_masters = load_tool("make_masters")


@pytest.fixture(scope="module")
def masters(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("package-masters")
    for name in ("potx", "potm", "layout_types_missing", "footer_in_master"):
        make_masters.PATTERNS[name](out / name)
    return out


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def base_master() -> bytes:
    """python-pptx's own deck with two titled sample slides, notes and a picture: a bit of everything."""
    prs = Presentation()
    for index in (0, 1):
        slide = prs.slides.add_slide(prs.slide_layouts[index])
        slide.shapes.title.text = f"Sample {index}"
        slide.notes_slide.notes_text_frame.text = "notes"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def build_with(folder: Path, master: bytes, capsys, monkeypatch):
    directory = folder / "templates" / "kit"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "template.yaml").write_text("name: kit\nslide_size: master\n", encoding="utf-8")
    (directory / "master.pptx").write_bytes(master)
    return build(folder, NOTES, "--template", "kit", capsys=capsys, monkeypatch=monkeypatch)


def _docx() -> bytes:
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return package({
        "[Content_Types].xml": ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                                'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                                'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                                f'<Override PartName="/word/document.xml" ContentType="{word}"/></Types>').encode(),
        "_rels/.rels": (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                        b'2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                              b'wordprocessingml/2006/main"><w:body/></w:document>'),
    })


def _without(name: str) -> bytes:
    parts = parts_of(base_master())
    parts.pop(name)
    return package(parts)


def _bad_layout_xml() -> bytes:
    parts = parts_of(base_master())
    parts["ppt/slideLayouts/slideLayout3.xml"] = parts["ppt/slideLayouts/slideLayout3.xml"][:200]
    return package(parts)


DAMAGED = {
    "zero bytes": (lambda: b"", "the file is empty"),
    "truncated zip": (lambda: base_master()[:5000], "a damaged or cut-off zip archive"),
    "plain text": (lambda: b"Dear colleague, the master is attached.\n", "not a zip archive"),
    "no presentation.xml": (lambda: _without("ppt/presentation.xml"),
                            "the presentation part ppt/presentation.xml is missing"),
    "a relationship's target missing": (lambda: _without("ppt/theme/theme1.xml"),
                                        "ppt/presentation.xml refers to a missing part ppt/theme/theme1.xml"),
    "bad XML in a layout": (_bad_layout_xml, "part ppt/slideLayouts/slideLayout3.xml is not well-formed XML: "),
    "a .docx renamed": (_docx, "it is a Word document"),
}


@pytest.mark.parametrize("make, why", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_master_is_not_a_powerpoint_file_with_exit_2(tmp_path, capsys, monkeypatch, make, why):
    result = build_with(tmp_path, make(), capsys, monkeypatch)
    assert result.code == 2, result.err
    (line,) = result.err.splitlines()
    assert line.startswith(f"error: {SHOWN}: not a PowerPoint file ({why}") and line.endswith(")"), line
    assert not result.pptx.exists() and not result.html.exists()


@pytest.mark.parametrize("make, why", [DAMAGED["truncated zip"], DAMAGED["a .docx renamed"]],
                         ids=["truncated zip", "a .docx renamed"])
def test_template_new_refuses_a_damaged_master_and_creates_nothing(tmp_path, make, why):
    (tmp_path / "master.pptx").write_bytes(make())    # (named so the package audit knows it is an input)
    result = run_confdeck("template", "new", "acme", "--master", "master.pptx", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"error: master.pptx: not a PowerPoint file ({why})\n")
    assert not (tmp_path / "templates").exists()


def test_layout_content_types_left_out_are_repaired_with_a_warning(tmp_path, capsys, monkeypatch, masters):
    master = (masters / "layout_types_missing" / "master.pptx").read_bytes()
    types = parts_of(master)["[Content_Types].xml"].decode()
    assert "slideLayout+xml" not in types     # the pattern really is damaged
    result = build_with(tmp_path, master, capsys, monkeypatch)
    assert result.code == 0, result.err
    assert result.warning_lines() == [f"warning: {SHOWN}: [Content_Types].xml did not declare 11 parts "
                                      "(11 slide layouts); repaired"]
    prs = Presentation(str(result.pptx))
    layouts = [slide.slide_layout.name for slide in prs.slides]
    assert layouts[0] == "Title Slide" and set(layouts[1:]) == {"Title and Content"}, layouts
    bodies = [shape.text_frame.text for slide in list(prs.slides)[1:] for shape in slide.placeholders
              if shape.placeholder_format.idx == 1]
    assert bodies == ["first point\nsecond point", "third point"]


def test_a_repaired_master_opens_in_libreoffice(tmp_path, capsys, monkeypatch, masters):
    master = (masters / "layout_types_missing" / "master.pptx").read_bytes()
    result = build_with(tmp_path, master, capsys, monkeypatch)
    text = pdf_text(libreoffice_to_pdf(result.pptx, tmp_path))
    for words in ("Talk", "Part", "first point", "second point", "third point"):
        assert words in text


def test_missing_sample_slides_and_layouts_are_left_out_with_a_warning(tmp_path, capsys, monkeypatch):
    parts = parts_of(base_master())
    parts.pop("ppt/slides/slide2.xml")
    parts.pop("ppt/slideLayouts/slideLayout4.xml")   # Two Content: the deck does not need it
    result = build_with(tmp_path, package(parts), capsys, monkeypatch)
    assert result.code == 0, result.err
    assert result.warning_lines() == [
        f"warning: {SHOWN}: ppt/presentation.xml lists a sample slide ppt/slides/slide2.xml that is not in the "
        "file; left out",
        f"warning: {SHOWN}: ppt/slideMasters/slideMaster1.xml lists a layout ppt/slideLayouts/slideLayout4.xml "
        "that is not in the file; left out"]
    names = [layout.name for layout in Presentation(str(result.pptx)).slide_layouts]
    assert len(names) == 10 and "Two Content" not in names


# -- a template (.potx, .potm) becomes a presentation on `template new` ---------------------------------

@pytest.mark.parametrize("pattern, source, warnings", [
    ("potx", "company.potx", ["a PowerPoint template: copied as a presentation (master.pptx)"]),
    ("potm", "company.potm", ["a PowerPoint template: copied as a presentation (master.pptx)",
                              "its macros (VBA project) are left out of the copy"]),
])
def test_template_new_makes_a_template_file_a_presentation(tmp_path, masters, pattern, source, warnings):
    (tmp_path / source).write_bytes((masters / pattern / source).read_bytes())
    result = run_confdeck("template", "new", "acme", "--master", source, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"warning: {source}: {warning}" for warning in warnings]
    copied = tmp_path / "templates" / "acme" / "master.pptx"
    parts = parts_of(copied.read_bytes())
    types = etree.fromstring(parts["[Content_Types].xml"])
    main = [o.get("ContentType") for o in types if o.get("PartName") == "/ppt/presentation.xml"]
    assert main == [PRESENTATION_MAIN]
    assert not [name for name in parts if "vba" in name.lower()]
    assert b"vbaProject" not in parts["ppt/_rels/presentation.xml.rels"]
    assert Presentation(str(copied)).part.content_type == PRESENTATION_MAIN
    (tmp_path / "talk.md").write_text(NOTES, encoding="utf-8")
    built = run_confdeck("build", "talk.md", "--template", "acme", "--format", "pptx", "-o", "out", cwd=tmp_path)
    assert built.returncode == 0 and "warning" not in built.stderr, built.stderr
    xml_parts(tmp_path / "out" / "talk.pptx")


def test_the_converted_master_opens_in_libreoffice_as_a_presentation(tmp_path, masters):
    (tmp_path / "company.potx").write_bytes((masters / "potx" / "company.potx").read_bytes())
    assert run_confdeck("template", "new", "acme", "--master", "company.potx", cwd=tmp_path).returncode == 0
    copied = tmp_path / "templates" / "acme" / "master.pptx"
    pdf = libreoffice_to_pdf(copied, tmp_path)
    assert pdf.stat().st_size > 0
