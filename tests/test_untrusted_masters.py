"""A master.pptx from someone else: bombs refused from the zip's directory, external targets removed,
unused parts left out, every malformed package an exit-2 message. Every hostile master is made here, in code,
from a python-pptx-made base."""
from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from safety_helpers import build, xml_parts

NOTES = "# Talk\n\n## Part (~2 min)\n\n- first point\n- second point\n\n## Links (~1 min)\n\n- [site](https://example.org/)\n"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"       # Title and Content: the deck's content slides use it
LAYOUT_RELS = "ppt/slideLayouts/_rels/slideLayout2.xml.rels"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
THEME = "ppt/theme/theme1.xml"


def base_parts() -> dict[str, bytes]:
    """python-pptx's own default deck, part by part."""
    out = io.BytesIO()
    Presentation().save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def package(parts: dict[str, bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if data is not None:
                archive.writestr(name, data)
    return out.getvalue()


def edit(parts: dict[str, bytes], name: str, change) -> None:
    root = etree.fromstring(parts[name])
    change(root)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_rel(parts, rels_name: str, rel_id: str, kind: str, target: str, external: bool = True) -> None:
    def change(root):
        rel = etree.SubElement(root, f"{{{RELS}}}Relationship", Id=rel_id, Type=f"{R}/{kind}", Target=target)
        if external:
            rel.set("TargetMode", "External")
    edit(parts, rels_name, change)


def build_with_master(folder: Path, master: bytes, capsys, monkeypatch, *formats: str):
    directory = folder / "templates" / "kit"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "template.yaml").write_text("name: kit\nslide_size: master\n", encoding="utf-8")
    (directory / "master.pptx").write_bytes(master)
    args = ["--template", "kit"]
    for fmt in formats:
        args += ["--format", fmt]
    return build(folder, NOTES, *args, capsys=capsys, monkeypatch=monkeypatch)


def test_the_base_master_builds_and_reopens(tmp_path, capsys, monkeypatch):
    result = build_with_master(tmp_path, package(base_parts()), capsys, monkeypatch)
    assert result.code == 0, result.err
    titles = [slide.shapes.title.text for slide in Presentation(str(result.pptx)).slides if slide.shapes.title]
    assert "Part" in titles and "Links" in titles


# -- bombs ----------------------------------------------------------------------------------

def _patch_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Make the zip's directory claim that `name` unpacks to `size` bytes (its data stays small)."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_at:start + name_at + len(encoded)] == encoded:
                data[start + size_at:start + size_at + 4] = struct.pack("<I", size)
            start += 4
    return bytes(data)


def test_a_zip_bomb_is_refused_from_the_directory(tmp_path, capsys, monkeypatch):
    parts = base_parts()
    master = _patch_declared_size(package(parts), THEME, 2_000_000_000)
    result = build_with_master(tmp_path, master, capsys, monkeypatch)
    assert result.code == 2, result.err
    assert result.error_lines() == ["error: templates/kit/master.pptx: refused: part ppt/theme/theme1.xml would "
                                    "unpack to 2.0 GB"]
    assert not result.pptx.exists()


def test_a_real_bomb_part_is_refused_by_its_ratio(tmp_path, capsys, monkeypatch):
    parts = base_parts()
    parts["ppt/media/image9.png"] = bytes(25_000_000)  # 25 MB of zeros packs to about 25 KB
    add_rel(parts, LAYOUT_RELS, "rId90", "image", "../media/image9.png", external=False)
    result = build_with_master(tmp_path, package(parts), capsys, monkeypatch)
    assert result.code == 2, result.err
    (line,) = result.error_lines()
    assert re.fullmatch(r"error: templates/kit/master.pptx: refused: part ppt/media/image9.png would unpack to "
                        r"25.0 MB from \d+\.\d KB \(a zip bomb\)", line), line


def test_too_many_parts_are_refused(tmp_path, capsys, monkeypatch):
    parts = base_parts()
    parts.update({f"ppt/junk/{i}.bin": b"x" for i in range(3_100)})
    result = build_with_master(tmp_path, package(parts), capsys, monkeypatch)
    assert result.error_lines() == [f"error: templates/kit/master.pptx: refused: {len(parts)} parts, more than 3000"]


# -- external targets ------------------------------------------------------------------------

LINKED_PICTURE = f"""<p:pic xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvPicPr><p:cNvPr id="90" name="Linked"/>
<p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:link="rId91"/><a:stretch><a:fillRect/></a:stretch>
</p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>"""


def linked_shape(shape_id: int, rel_id: str) -> str:
    return f"""<p:sp xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="Link {shape_id}">
<a:hlinkClick r:id="{rel_id}"/></p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/>
<a:ext cx="914400" cy="457200"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>
<p:txBody><a:bodyPr/><a:p><a:r><a:rPr><a:hlinkClick r:id="{rel_id}"/></a:rPr><a:t>link {shape_id}</a:t></a:r></a:p>
</p:txBody></p:sp>"""


def hostile_links_master() -> bytes:
    parts = base_parts()
    links = {"rId91": ("image", r"\\attacker.example\share\logo.png"),
             "rId92": ("hyperlink", "file:///etc/passwd"),
             "rId93": ("hyperlink", "javascript:alert(1)"),
             "rId94": ("hyperlink", r"\\attacker.example\share\doc"),
             "rId95": ("hyperlink", "https://conference.example/"),
             "rId96": ("oleObject", "file:///C:/payload.xlsx")}
    for rel_id, (kind, target) in links.items():
        add_rel(parts, LAYOUT_RELS, rel_id, kind, target)

    def add_shapes(root):
        tree = root.find(f"{{{P}}}cSld/{{{P}}}spTree")
        tree.append(etree.fromstring(LINKED_PICTURE))
        for shape_id, rel_id in ((92, "rId92"), (93, "rId93"), (94, "rId94"), (95, "rId95")):
            tree.append(etree.fromstring(linked_shape(shape_id, rel_id)))
        ole = etree.fromstring(linked_shape(96, "rId96"))
        ole.find(f".//{{{A}}}hlinkClick").set(f"{{{R}}}id", "rId96")
        tree.append(ole)
    edit(parts, LAYOUT, add_shapes)
    # The same picture linked as the master's background.
    add_rel(parts, MASTER_RELS, "rId97", "image", "file:///etc/passwd")

    def background(root):
        c_sld = root.find(f"{{{P}}}cSld")
        for old in c_sld.findall(f"{{{P}}}bg"):
            c_sld.remove(old)
        c_sld.insert(0, etree.fromstring(
            f'<p:bg xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:bgPr><a:blipFill><a:blip r:link="rId97"/>'
            f'<a:stretch><a:fillRect/></a:stretch></a:blipFill><a:effectLst/></p:bgPr></p:bg>'))
    edit(parts, "ppt/slideMasters/slideMaster1.xml", background)
    return package(parts)


def test_external_targets_in_a_master_never_reach_the_deck(tmp_path, capsys, monkeypatch):
    result = build_with_master(tmp_path, hostile_links_master(), capsys, monkeypatch)
    assert result.code == 0, result.err
    external = []
    for name, root in xml_parts(result.pptx).items():
        if name.endswith(".rels"):
            external += [(rel.get("Type").rsplit("/", 1)[-1], rel.get("Target")) for rel in root
                         if rel.get("TargetMode") == "External"]
    assert set(external) == {("hyperlink", "https://conference.example/"), ("hyperlink", "https://example.org/")}
    text = b"".join(zipfile.ZipFile(result.pptx).read(n) for n in zipfile.ZipFile(result.pptx).namelist())
    assert b"attacker" not in text and b"passwd" not in text and b"javascript" not in text
    assert sorted(result.warning_lines()) == sorted([
        r"warning: templates/kit/master.pptx: linked picture '\\attacker.example\share\logo.png' in "
        "ppt/slideLayouts/slideLayout2.xml removed (a deck must not fetch files when it opens)",
        "warning: templates/kit/master.pptx: link to 'file:///etc/passwd' in ppt/slideLayouts/slideLayout2.xml "
        "removed (only http, https, mailto and relative links are kept)",
        "warning: templates/kit/master.pptx: link to 'javascript:alert(1)' in ppt/slideLayouts/slideLayout2.xml "
        "removed (only http, https, mailto and relative links are kept)",
        r"warning: templates/kit/master.pptx: link to '\\attacker.example\share\doc' in "
        "ppt/slideLayouts/slideLayout2.xml removed (only http, https, mailto and relative links are kept)",
        "warning: templates/kit/master.pptx: linked oleObject 'file:///C:/payload.xlsx' in "
        "ppt/slideLayouts/slideLayout2.xml removed (a deck must not fetch files when it opens)",
        "warning: templates/kit/master.pptx: linked picture 'file:///etc/passwd' in "
        "ppt/slideMasters/slideMaster1.xml removed (a deck must not fetch files when it opens)",
    ])
    prs = Presentation(str(result.pptx))  # reopens, and the layout keeps its harmless shapes
    layout = next(layout for layout in prs.slide_layouts if any(s.name == "Link 95" for s in layout.shapes))
    names = [shape.name for shape in layout.shapes]
    assert "Linked" not in names and "Link 96" not in names
    assert {"Link 92", "Link 93", "Link 94", "Link 95"} <= set(names)  # their text stays, without the target
    assert layout.shapes[names.index("Link 95")].click_action.hyperlink.address == "https://conference.example/"
    assert layout.shapes[names.index("Link 92")].click_action.hyperlink.address is None


def test_parts_the_deck_does_not_use_are_left_out(tmp_path, capsys, monkeypatch):
    parts = base_parts()
    parts["ppt/vbaProject.bin"] = b"macro " * 100
    add_rel(parts, "ppt/_rels/presentation.xml.rels", "rId80", "vbaProject", "vbaProject.bin", external=False)
    parts["customXml/item1.xml"] = b"<secret>customer list</secret>"
    add_rel(parts, "_rels/.rels", "rId81", "customXml", "customXml/item1.xml", external=False)
    parts["ppt/orphan/big.bin"] = b"orphan" * 1000  # nothing refers to it
    result = build_with_master(tmp_path, package(parts), capsys, monkeypatch)
    assert result.code == 0, result.err
    names = zipfile.ZipFile(result.pptx).namelist()
    assert not [n for n in names if "vbaProject" in n or "customXml" in n or "orphan" in n or "printerSettings" in n]
    assert len(Presentation(str(result.pptx)).slides) >= 3


# -- malformed packages: exit 2 with what is wrong ---------------------------------------------

def _drop(name):
    return lambda parts: parts.pop(name)


def _replace(name, data: bytes):
    return lambda parts: parts.__setitem__(name, data)


def _xml(name, change):
    return lambda parts: edit(parts, name, change)


def _set_size(cx, cy):
    def change(root):
        size = root.find(f"{{{P}}}sldSz")
        size.set("cx", cx)
        size.set("cy", cy)
    return _xml("ppt/presentation.xml", change)


def _retarget(rels_name, kind, target):
    def change(root):
        for rel in root:
            if rel.get("Type").endswith("/" + kind):
                rel.set("Target", target)
    return _xml(rels_name, change)


def _remove_theme_rel(root):
    for rel in list(root):
        if rel.get("Type").endswith("/theme"):
            root.remove(rel)


def _layout_with(text: bytes):
    return lambda parts: parts.__setitem__(LAYOUT, parts[LAYOUT].replace(b"<p:cSld", text + b"<p:cSld", 1)
                                           if text.startswith(b"<!") else parts[LAYOUT].replace(b'name="', text, 1))


MALFORMED = {
    "missing theme": (_drop(THEME), "not a PowerPoint file (ppt/presentation.xml refers to a missing part "
                                    "ppt/theme/theme1.xml"),
    "broken theme": (_replace(THEME, b"<a:theme xmlns:a='x'><oops></a:theme>"),
                     "not a PowerPoint file (part ppt/theme/theme1.xml is not well-formed XML: Opening and ending tag mismatch: "
                     "oops line 1 and a:theme, line 1, column 38)"),
    "theme without schemes": (_replace(THEME, f'<a:theme xmlns:a="{A}" name="x"><a:themeElements/></a:theme>'.encode()),
                              "not a PowerPoint file (theme ppt/theme/theme1.xml has no colour or font scheme"),
    "no theme relationship": (_xml(MASTER_RELS, _remove_theme_rel),
                              "not a PowerPoint file (slide master ppt/slideMasters/slideMaster1.xml has no theme"),
    "undefined entity": (lambda parts: parts.__setitem__(LAYOUT, parts[LAYOUT].replace(b'name="', b'name="&nope;', 1)),
                         "not a PowerPoint file (part ppt/slideLayouts/slideLayout2.xml is not well-formed XML: Entity 'nope' not "
                         "defined, line 2, column"),
    "doctype entity": (lambda parts: parts.__setitem__(LAYOUT, parts[LAYOUT].replace(
        b"?>", b'?><!DOCTYPE p:sldLayout [<!ENTITY company "ACME">]>', 1).replace(b'name="', b'name="&company;', 1)),
                       "refused: part ppt/slideLayouts/slideLayout2.xml declares a DOCTYPE (entities are not allowed "
                       "in a PowerPoint file)"),
    "layout is its own master": (_retarget(LAYOUT_RELS, "slideMaster", "slideLayout2.xml"),
                                 "not a PowerPoint file (layout ppt/slideLayouts/slideLayout2.xml does not name one slide master "
                                 "of the presentation"),
    "master lists itself as a layout": (_retarget(MASTER_RELS, "slideLayout", "slideMaster1.xml"),
                                        "not a PowerPoint file (ppt/slideMasters/slideMaster1.xml lists "
                                        "ppt/slideMasters/slideMaster1.xml as a slide layout, but it is not one"),
    "no slide size": (_xml("ppt/presentation.xml", lambda root: root.remove(root.find(f"{{{P}}}sldSz"))),
                      "not a PowerPoint file (ppt/presentation.xml gives no slide size"),
    "0x0 slide size": (_set_size("0", "0"), "not a PowerPoint file (slide size 0.00 × 0.00 in is not usable "
                                            "— expected 1 to 56 inches a side"),
    "degenerate slide size": (_set_size("9144000", "12"), "not a PowerPoint file (slide size 10.00 × 0.00 in is not usable "
                                                          "— expected 1 to 56 inches a side"),
    "huge slide size": (_set_size("9144000000", "6858000"), "not a PowerPoint file (slide size 10000.00 × 7.50 in is not usable "
                                                            "— expected 1 to 56 inches a side"),
    "text slide size": (_set_size("wide", "6858000"), "not a PowerPoint file (ppt/presentation.xml gives no usable slide size "
                                                      "('wide' × '6858000')"),
    "no content types": (_drop("[Content_Types].xml"), "not a PowerPoint file (no [Content_Types].xml)"),
    "no master list": (_xml("ppt/presentation.xml", lambda root: root.remove(root.find(f"{{{P}}}sldMasterIdLst"))),
                       "not a PowerPoint file (it has no slide master"),
}


@pytest.mark.parametrize("damage, expected", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_master_says_what_is_wrong(tmp_path, capsys, monkeypatch, damage, expected):
    parts = base_parts()
    damage(parts)
    result = build_with_master(tmp_path, package(parts), capsys, monkeypatch)
    assert result.code == 2, result.err
    (line,) = result.error_lines()
    assert line.startswith(f"error: templates/kit/master.pptx: {expected}"), line
    assert "Traceback" not in result.err and not result.pptx.exists()


def test_not_a_zip_is_not_a_powerpoint_file(tmp_path, capsys, monkeypatch):
    result = build_with_master(tmp_path, b"PK\x03\x04 truncated", capsys, monkeypatch)
    assert result.error_lines() == ["error: templates/kit/master.pptx: not a PowerPoint file (a damaged or cut-off "
                                    "zip archive)"]
