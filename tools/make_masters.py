"""Company masters for the tests: one function per pattern real company masters show.

Each pattern writes `master.pptx` and `template.yaml` into a folder (a template folder ready for
`--template`), made here with python-pptx from its own blank presentation, nothing copied. The
pictures (photos, crests) are drawn with Pillow. `PATTERNS` maps a pattern's name to its function;
add a pattern as one more function and one more entry.

    python tools/make_masters.py OUTDIR                  # every pattern, OUTDIR/<name>/
    python tools/make_masters.py OUTDIR dark_photo corner_logo # only the named ones

Where something could be printed over the design: a master with only a title layout, blank-only
layouts in two masters, a designed title page without placeholders (as LibreOffice writes it, with a
sample slide), a corner logo over the body area, in 16:9, 4:3 and 16:10 (only_title …, corner_logo …).
Pictures (photos, logos) are drawn with Pillow.
"""
from __future__ import annotations

import datetime
import io
import random
import re
import sys
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.image import Image as PptxImage, ImagePart
from pptx.util import Inches

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WIDTH, HEIGHT = 13.333, 7.5
CT_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
CT_POTX = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
CT_POTM = "application/vnd.ms-powerpoint.template.macroEnabled.main+xml"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
# python-pptx's own layouts by index: 0 title, 1 title and content, 2 section header, 5 title only,
# 6 blank, 8 picture with caption.
TITLE, CONTENT, SECTION, TITLE_ONLY, BLANK, PICTURE = 0, 1, 2, 5, 6, 8
SIZES = {"16:9": (13.333, 7.5), "4:3": (10.0, 7.5), "16:10": (12.0, 7.5)}


# -- building blocks -------------------------------------------------------------------------

def new_presentation(size: str = "16:9"):
    """python-pptx's blank presentation (4:3) stretched to the size: every position in master and layouts."""
    prs = Presentation()
    width, height = SIZES[size]
    prs.slide_width, prs.slide_height = Inches(width), Inches(height)
    size_element = prs.part._element.find(qn("p:sldSz"))
    if size == "4:3":
        size_element.set("type", "screen4x3")
    else:   # python-pptx's own label says 4:3; PowerPoint writes none for these sizes
        size_element.attrib.pop("type", None)
    _stretch(prs, width / 10, 1.0)
    return prs


def _stretch(prs, scale_x: float, scale_y: float) -> None:
    """python-pptx's master is 4:3: widen every position written in the master and its layouts."""
    for holder in [prs.slide_master, *prs.slide_layouts]:
        for off in holder._element.iter(qn("a:off")):
            off.set("x", str(int(int(off.get("x")) * scale_x)))
        for ext in holder._element.iter(qn("a:ext")):
            if ext.get("cx") is not None:
                ext.set("cx", str(int(int(ext.get("cx")) * scale_x)))


def keep_layouts(prs, keep: dict[int, str]) -> None:
    """Keep only these of python-pptx's layouts (index → new name), deleting the others."""
    master = prs.slide_master
    id_list = master._element.find(qn("p:sldLayoutIdLst"))
    for index, layout in enumerate(list(prs.slide_layouts)):
        if index in keep:
            layout._element.find(qn("p:cSld")).set("name", keep[index])
            continue
        for entry in id_list:
            if master.part.related_part(entry.get(qn("r:id"))) is layout.part:
                master.part.drop_rel(entry.get(qn("r:id")))
                id_list.remove(entry)
                break


def _layouts(prs) -> dict:
    """Layouts by python-pptx's original index (names tell them apart after keep_layouts renamed them)."""
    return prs._confdeck_layouts


def remember_layouts(prs) -> None:
    prs._confdeck_layouts = dict(enumerate(prs.slide_layouts))


def placeholder(holder, *types: str):
    """The first placeholder of one of these types (title, ctrTitle, body, subTitle, …) in a layout or master."""
    for ph in holder._element.iter(qn("p:ph")):
        if ph.get("type", "obj") in types:   # a placeholder without a type is an object placeholder
            return ph.getparent().getparent().getparent()
    return None


def remove_placeholder(holder, *types: str) -> None:
    sp = placeholder(holder, *types)
    if sp is not None:
        sp.getparent().remove(sp)


def list_style(sp, align: str | None = None, color: str | None = None, bold: bool | None = None,
               size: int | None = None) -> None:
    """A placeholder's own lstStyle level 1: what slides on it inherit (not its sample paragraph)."""
    body = sp.find(qn("p:txBody"))
    old = body.find(qn("a:lstStyle"))
    style = etree.Element(qn("a:lstStyle"))
    if old is not None:
        body.replace(old, style)
    else:
        body.insert(1, style)
    level = etree.SubElement(style, qn("a:lvl1pPr"))
    if align:
        level.set("algn", align)
    run = etree.SubElement(level, qn("a:defRPr"))
    if size:
        run.set("sz", str(size * 100))
    if bold is not None:
        run.set("b", "1" if bold else "0")
    if color:
        fill = etree.SubElement(run, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", color.lstrip("#"))


def set_box(sp, box: tuple[float, float, float, float]) -> None:
    sp_pr = sp.find(qn("p:spPr"))
    old = sp_pr.find(qn("a:xfrm"))
    if old is not None:
        sp_pr.remove(old)
    left, top, width, height = (int(Inches(v)) for v in box)
    sp_pr.insert(0, etree.fromstring(f'<a:xfrm xmlns:a="{A}"><a:off x="{left}" y="{top}"/>'
                                     f'<a:ext cx="{width}" cy="{height}"/></a:xfrm>'))


def text_style(master, style: str, color: str | None = None, align: str | None = None,
               line: float | None = None, margin: float | None = None, font: str | None = None,
               bullet: str | None = None) -> None:
    """The master's txStyles (titleStyle / bodyStyle) level 1: colour, alignment, line spacing (0.9: the
    90 % PowerPoint's own templates give titles) and left margin in inches (a title set in from its band);
    font: every level's typeface (a company font in the style, not in the theme); bullet: level 1's bullet
    colour."""
    levels = master._element.find(f"{qn('p:txStyles')}/{qn('p:' + style)}")
    level = levels.find(qn("a:lvl1pPr"))
    if align:
        level.set("algn", align)
    if margin is not None:
        level.set("marL", str(int(Inches(margin))))
    if bullet:
        for old in level.findall(qn("a:buClr")):
            level.remove(old)
        _insert_before(level, etree.fromstring(f'<a:buClr xmlns:a="{A}"><a:srgbClr val="{bullet.lstrip("#")}"/>'
                                               f'</a:buClr>'), ("a:buSzPct", "a:buFont", "a:buChar", "a:buNone",
                                                                "a:defRPr"))
    if line:
        level.insert(0, etree.fromstring(f'<a:lnSpc xmlns:a="{A}"><a:spcPct val="{int(line * 100000)}"/></a:lnSpc>'))
    for run in (lvl.find(qn("a:defRPr")) for lvl in levels):
        if run is None:
            continue
        if font:
            latin = run.find(qn("a:latin"))
            if latin is None:
                latin = _insert_before(run, etree.Element(qn("a:latin")), ("a:ea", "a:cs", "a:sym"))
            latin.set("typeface", font)
        if color:
            old = run.find(qn("a:solidFill"))
            if old is not None:
                run.remove(old)
            fill = etree.Element(qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr")).set("val", color.lstrip("#"))
            run.insert(0, fill)


def _insert_before(parent, element, tags: tuple[str, ...]):
    """`element` put before the first child with one of these tags (as the schema orders them), else last."""
    after = next((child for child in parent if child.tag in {qn(tag) for tag in tags}), None)
    if after is not None:
        after.addprevious(element)
    else:
        parent.append(element)
    return element


def solid_background(holder, color: str) -> None:
    c_sld = holder._element.find(qn("p:cSld"))
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    c_sld.insert(0, etree.fromstring(
        f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgPr><a:solidFill><a:srgbClr val="{color.lstrip("#")}"/>'
        f'</a:solidFill><a:effectLst/></p:bgPr></p:bg>'))


def add_image(holder, data: bytes) -> str:
    """The picture as a part of the layout or master; returns its relationship id."""
    package = holder.part.package
    image_part = ImagePart.new(package, _image_of(data))
    return holder.part.relate_to(image_part, RT.IMAGE)


def _image_of(data: bytes):
    from pptx.parts.image import Image

    return Image.from_blob(data)


def gradient_background(holder, top: str, bottom: str) -> None:
    """A linear gradient from top to bottom (DrawingML's 90°)."""
    c_sld = holder._element.find(qn("p:cSld"))
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    c_sld.insert(0, etree.fromstring(
        f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgPr><a:gradFill rotWithShape="1"><a:gsLst>'
        f'<a:gs pos="0"><a:srgbClr val="{top.lstrip("#")}"/></a:gs>'
        f'<a:gs pos="100000"><a:srgbClr val="{bottom.lstrip("#")}"/></a:gs></a:gsLst>'
        f'<a:lin ang="5400000" scaled="0"/></a:gradFill><a:effectLst/></p:bgPr></p:bg>'))


def picture_background(holder, data: bytes, opacity: float = 1.0) -> None:
    """A picture as the holder's background; `opacity` below 1 fades it (a:alphaModFix), as a company tones a
    photo down behind its text."""
    rel = add_image(holder, data)
    fade = f'<a:alphaModFix amt="{int(opacity * 100000)}"/>' if opacity < 1 else ""
    c_sld = holder._element.find(qn("p:cSld"))
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    c_sld.insert(0, etree.fromstring(
        f'<p:bg xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:bgPr><a:blipFill dpi="0" rotWithShape="1">'
        f'<a:blip r:embed="{rel}">{fade}</a:blip><a:srcRect/><a:stretch><a:fillRect/></a:stretch></a:blipFill>'
        f'<a:effectLst/></p:bgPr></p:bg>'))


def _next_id(holder) -> int:
    ids = [int(e.get("id")) for e in holder._element.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()]
    return max(ids, default=1) + 1


def _xfrm(box) -> str:
    return f"<a:xfrm>{_off_ext(box)}</a:xfrm>"


def _append(holder, xml: str) -> None:
    """A decoration drawn after the background, before the placeholders (as PowerPoint orders them)."""
    tree = holder._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    first_ph = next((i for i, child in enumerate(tree) if child.find(f".//{qn('p:ph')}") is not None), len(tree))
    tree.insert(first_ph, etree.fromstring(xml))


def add_shape(holder, box, color: str | tuple[str, str], geometry: str = "rect", name: str = "Design",
              rotation: float = 0.0) -> None:
    """A filled shape; `color` a pair is a gradient from the first colour (left) to the second (right), and
    `rotation` turns it clockwise about its centre."""
    number = _next_id(holder)
    xfrm = _xfrm(box).replace("<a:xfrm>", f'<a:xfrm rot="{int(rotation * 60000)}">') if rotation else _xfrm(box)
    if isinstance(color, tuple):
        fill = (f'<a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0"><a:srgbClr val="{color[0].lstrip("#")}"/>'
                f'</a:gs><a:gs pos="100000"><a:srgbClr val="{color[1].lstrip("#")}"/></a:gs></a:gsLst>'
                f'<a:lin ang="0" scaled="0"/></a:gradFill>')
    else:
        fill = f'<a:solidFill><a:srgbClr val="{color.lstrip("#")}"/></a:solidFill>'
    _append(holder, f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{number}" name="{name} {number}"/>'
                    f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{xfrm}'
                    f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>{fill}<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')


def add_group(holder, box, name: str, pieces: list[tuple[tuple[float, float, float, float], str, str]]) -> None:
    """A group of shapes (a logo drawn in PowerPoint): `pieces` are (box, geometry, colour) in the group's own
    coordinates, 0–1 in each direction, which the group stretches over `box` (as PowerPoint's chOff/chExt do)."""
    number = _next_id(holder)
    unit = 1000000      # the group's child coordinate space: one million per side, not the slide's EMU
    shapes = "".join(
        f'<p:sp><p:nvSpPr><p:cNvPr id="{number + 1 + i}" name="{name} piece {i + 1}"/><p:cNvSpPr/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{int(x * unit)}" y="{int(y * unit)}"/><a:ext cx="{int(w * unit)}" '
        f'cy="{int(h * unit)}"/></a:xfrm><a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{color.lstrip("#")}"/></a:solidFill></p:spPr></p:sp>'
        for i, ((x, y, w, h), geometry, color) in enumerate(pieces))
    left, top, width, height = (int(Inches(v)) for v in box)
    _append(holder, f'<p:grpSp xmlns:p="{P}" xmlns:a="{A}"><p:nvGrpSpPr><p:cNvPr id="{number}" name="{name}"/>'
                    f'<p:cNvGrpSpPr/><p:nvPr userDrawn="1"/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>'
                    f'<a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/><a:chOff x="0" y="0"/>'
                    f'<a:chExt cx="{unit}" cy="{unit}"/></a:xfrm></p:grpSpPr>{shapes}</p:grpSp>')


def add_line(holder, box, color: str, width_pt: float, name: str) -> None:
    """A straight connector (a rule drawn with PowerPoint's line tool): `box` of zero height."""
    number = _next_id(holder)
    _append(holder, f'<p:cxnSp xmlns:p="{P}" xmlns:a="{A}"><p:nvCxnSpPr><p:cNvPr id="{number}" name="{name}"/>'
                    f'<p:cNvCxnSpPr/><p:nvPr userDrawn="1"/></p:nvCxnSpPr><p:spPr>{_xfrm(box)}'
                    f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="{int(width_pt * 12700)}"><a:solidFill>'
                    f'<a:srgbClr val="{color.lstrip("#")}"/></a:solidFill></a:ln></p:spPr></p:cxnSp>')


def add_theme_styled_shape(holder, box, geometry: str, name: str) -> None:
    """A shape as PowerPoint draws one: no fill of its own, its colour from the theme style (fillRef accent1)."""
    number = _next_id(holder)
    _append(holder, f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{number}" name="{name}"/>'
                    f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{_xfrm(box)}'
                    f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom></p:spPr><p:style>'
                    f'<a:lnRef idx="0"><a:schemeClr val="accent1"/></a:lnRef>'
                    f'<a:fillRef idx="1"><a:schemeClr val="accent1"/></a:fillRef>'
                    f'<a:effectRef idx="0"><a:schemeClr val="accent1"/></a:effectRef>'
                    f'<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style></p:sp>')


def add_picture_shape(holder, box, data: bytes, geometry: str, name: str) -> None:
    """A shape filled with a picture (a company crest cut to a shield), not a picture element."""
    rel = add_image(holder, data)
    number = _next_id(holder)
    _append(holder, f'<p:sp xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvSpPr><p:cNvPr id="{number}" '
                    f'name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{_xfrm(box)}'
                    f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom><a:blipFill><a:blip r:embed="{rel}"/>'
                    f'<a:stretch><a:fillRect/></a:stretch></a:blipFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>')


def add_text_box(holder, box, text: str, color: str, size: int, align: str = "l", bold: bool = False,
                 name: str = "TextBox") -> None:
    number = _next_id(holder)
    _append(holder, f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{number}" name="{name} {number}"/>'
                    f'<p:cNvSpPr txBox="1"/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{_xfrm(box)}'
                    f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
                    f'<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr"/>'
                    f'<a:lstStyle/><a:p><a:pPr algn="{align}"/><a:r><a:rPr lang="en-US" sz="{size * 100}" '
                    f'b="{1 if bold else 0}"><a:solidFill><a:srgbClr val="{color.lstrip("#")}"/></a:solidFill>'
                    f'</a:rPr><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>')


def add_body_placeholder(layout, idx: int, box, prompt: str | None = None) -> None:
    """A text placeholder of a layout (a badge, an author line), with its own prompt when given."""
    number = _next_id(layout)
    custom = ' hasCustomPrompt="1"' if prompt else ""
    text = f'<a:r><a:rPr lang="en-US"/><a:t>{prompt}</a:t></a:r>' if prompt else '<a:endParaRPr lang="en-US"/>'
    layout.shapes._spTree.append(etree.fromstring(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{number}" name="Text Placeholder {number}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" sz="quarter" idx="{idx}"{custom}/>'
        f'</p:nvPr></p:nvSpPr><p:spPr>{_xfrm(box)}</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p>{text}</a:p>'
        f'</p:txBody></p:sp>'))


def set_theme_colors(prs, **slots: str) -> None:
    master = prs.slide_master
    part = master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    scheme = theme.find(f".//{qn('a:clrScheme')}")
    for slot, value in slots.items():
        element = scheme.find(qn(f"a:{slot}"))
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, qn("a:srgbClr")).set("val", value.lstrip("#"))
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def save(prs, folder: Path, description: str, file_name: str = "master.pptx") -> Path:
    """The master and a template.yaml that uses it, in `folder` (core properties as the pattern set them)."""
    folder.mkdir(parents=True, exist_ok=True)
    prs.save(folder / file_name)
    (folder / "template.yaml").write_text(
        f"# A test master made by tools/make_masters.py: {description}\n"
        f"name: {folder.name}\nextends: default\nslide_size: master\n", encoding="utf-8")
    return folder / file_name


def sample_slides(prs, *indexes: int) -> None:
    """Sample slides on these layouts, as a company's file has (confdeck removes them)."""
    for index in indexes:
        slide = prs.slides.add_slide(_layouts(prs)[index])
        if slide.shapes.title is not None:
            slide.shapes.title.text = "Sample slide"


# -- pictures drawn with Pillow ---------------------------------------------------------------

def dark_photo(seed: int, tint: tuple[int, int, int]) -> bytes:
    """A dark, night-time city photo: a sky gradient, a skyline of lit windows, some noise (JPEG)."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    width, height = 960, 540
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        share = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(c * (0.35 + 0.4 * share)) for c in tint))
    x = 0
    while x < width:
        w, h = rng.randint(40, 110), rng.randint(120, 330)
        draw.rectangle([x, height - h, x + w, height], fill=(18, 20, 26))
        for wy in range(height - h + 10, height - 10, 18):
            for wx in range(x + 6, x + w - 8, 14):
                if rng.random() < 0.25:
                    draw.rectangle([wx, wy, wx + 5, wy + 8], fill=(200, 170, 90))
        x += w + rng.randint(0, 12)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def crest(color: tuple[int, int, int]) -> bytes:
    """A company crest: a coloured field with a white chevron and a gold band (PNG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (200, 240), color)
    draw = ImageDraw.Draw(image)
    draw.polygon([(20, 150), (100, 70), (180, 150), (180, 185), (100, 105), (20, 185)], fill=(255, 255, 255))
    draw.rectangle([0, 0, 200, 36], fill=(212, 175, 55))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# -- look patterns (issue 16, points 1, 2, 7, 8, 13) -----------------------------------------

def _base(keep: dict[int, str] | None = None):
    """python-pptx's presentation made 16:9 with six layouts: the start of each look pattern."""
    prs = new_presentation()
    prs.core_properties.title = "confdeck test master"
    prs.core_properties.author = "confdeck tools/make_masters.py"
    remember_layouts(prs)
    keep_layouts(prs, keep or {TITLE: "Title Slide", CONTENT: "Title and Content", SECTION: "Section Header",
                               TITLE_ONLY: "Title Only", BLANK: "Blank", PICTURE: "Picture with Caption"})
    return prs


def make_dark_photo(folder: Path) -> Path:
    """Title and section layouts on dark photos with white titles (the title left, the section title right-
    aligned, the section layout without a body); content slides white with dark grey, centred titles."""
    prs = _base()
    master = prs.slide_master
    text_style(master, "titleStyle", color="#404040", align="ctr")
    text_style(master, "bodyStyle", color="#262626")
    layouts = _layouts(prs)
    title = layouts[TITLE]
    picture_background(title, dark_photo(1, (40, 60, 110)))
    list_style(placeholder(title, "ctrTitle"), align="l", color="#FFFFFF", bold=True)
    set_box(placeholder(title, "ctrTitle"), (0.9, 2.2, 9.5, 1.8))
    list_style(placeholder(title, "subTitle"), align="l", color="#E8E8E8")
    set_box(placeholder(title, "subTitle"), (0.9, 4.2, 9.5, 1.2))
    section = layouts[SECTION]
    picture_background(section, dark_photo(2, (90, 40, 60)))
    remove_placeholder(section, "body")
    list_style(placeholder(section, "title"), align="r", color="#FFFFFF", bold=True)
    set_box(placeholder(section, "title"), (1.0, 2.6, 11.3, 1.6))
    sample_slides(prs, TITLE, CONTENT, SECTION)
    return save(prs, folder, "dark photo title and section layouts with white titles")


def make_title_band(folder: Path) -> Path:
    """Every title in a grey band filled on the master's title placeholder, set in white at 90 % line spacing."""
    prs = _base()
    master = prs.slide_master
    band = placeholder(master, "title")
    sp_pr = band.find(qn("p:spPr"))
    sp_pr.append(etree.fromstring(f'<a:solidFill xmlns:a="{A}"><a:srgbClr val="5F6B73"/></a:solidFill>'))
    sp_pr.append(etree.fromstring(f'<a:ln xmlns:a="{A}" w="19050"><a:solidFill><a:srgbClr val="3B444B"/>'
                                  f'</a:solidFill></a:ln>'))
    set_box(band, (0, 0.3, WIDTH, 1.2))
    text_style(master, "titleStyle", color="#FFFFFF", align="l", line=0.9)
    text_style(master, "bodyStyle", color="#1E1E1E")
    layouts = _layouts(prs)
    for index in (CONTENT, SECTION, TITLE_ONLY, PICTURE):   # the layouts inherit the band: no box of their own
        sp = placeholder(layouts[index], "title")
        xfrm = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
        if xfrm is not None:
            xfrm.getparent().remove(xfrm)
        list_style(sp)    # python-pptx's section layout sets capitals; the company's does not
    set_box(placeholder(layouts[TITLE], "ctrTitle"), (0, 2.4, WIDTH, 1.6))
    body = placeholder(layouts[CONTENT], "obj", "body")
    set_box(body, (0.7, 1.8, WIDTH - 1.4, 4.9))
    sample_slides(prs, TITLE, CONTENT)
    return save(prs, folder, "white titles on a grey band filled on the title placeholder")


BAR_FOOTER = "Faculty of Engineering · internal"
BARS_BODY_FONT = "Liberation Serif"   # in the master's body style only; the theme's minor font stays Calibri
BARS_BULLET = "#5A238C"               # the body style's bullets, in the bars' purple


def make_bars_and_stamp(folder: Path) -> Path:
    """A university's master: purple bars along the top and bottom edges with the footer and slide number set
    in white on the bottom bar; body text in a serif named by the body style (not the theme); every title on a full-width grey band (a shape of the master's) in white, set
    0.25 in from the band's edge by the title style's left margin, with a "CONFIDENTIAL" stamp over the band's
    right end; a rounded panel behind the title slide's title. Its title layout is a copy the user made (no
    layout type) holding author and institution boxes besides title and subtitle, and PowerPoint's vertical
    layouts are still there (their names say "Title" too)."""
    prs = _base({TITLE: "Title Slide", CONTENT: "Title and Content", SECTION: "Section Header",
                 TITLE_ONLY: "Title Only", BLANK: "Blank", PICTURE: "Picture with Caption",
                 10: "Vertical Title and Text"})
    master = prs.slide_master
    add_shape(master, (0, 0, WIDTH, 0.4), "#5A238C", name="Top bar")
    add_shape(master, (0, HEIGHT - 0.4, WIDTH, 0.4), "#5A238C", name="Bottom bar")
    add_shape(master, (0, 0.4, WIDTH, 0.85), "#595959", name="Title band")
    add_text_box(master, (WIDTH - 2.2, 0.55, 1.9, 0.55), "CONFIDENTIAL", "#FFD24A", 14, align="ctr", bold=True,
                 name="Stamp")
    set_box(placeholder(master, "title"), (0, 0.4, WIDTH, 0.85))
    text_style(master, "titleStyle", color="#FFFFFF", align="l", margin=0.25)
    text_style(master, "bodyStyle", color="#1E1E1E", font=BARS_BODY_FONT, bullet=BARS_BULLET)
    for ph_type, box, align in (("ftr", (0.25, HEIGHT - 0.4, 8.0, 0.4), "l"),
                                ("dt", (8.6, HEIGHT - 0.4, 2.6, 0.4), "r"),
                                ("sldNum", (WIDTH - 1.6, HEIGHT - 0.4, 1.35, 0.4), "r")):
        set_box(placeholder(master, ph_type), box)
        list_style(placeholder(master, ph_type), align=align, color="#FFFFFF", size=12)
    layouts = _layouts(prs)
    for holder in [master, *layouts.values()]:
        _set_placeholder_text(holder, "ftr", BAR_FOOTER)
        for ph_type in ("ftr", "sldNum", "dt"):   # on the bar, where the master has them
            sp = placeholder(holder, ph_type) if holder is not master else None
            xfrm = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}") if sp is not None else None
            if xfrm is not None:
                xfrm.getparent().remove(xfrm)
    title_page = layouts[TITLE]
    title_page._element.attrib.pop("type", None)   # a layout the user duplicated has no type
    title_page._element.set("userDrawn", "1")
    add_shape(title_page, (0.8, 1.5, WIDTH - 1.6, 2.4), "#E6E6E6", geometry="roundRect", name="Panel")
    set_box(placeholder(title_page, "ctrTitle"), (1.0, 1.6, WIDTH - 2.0, 1.4))
    list_style(placeholder(title_page, "ctrTitle"), color="#222222")   # dark on the light panel
    list_style(placeholder(title_page, "subTitle"), align="ctr", color="#444444")
    for index in (SECTION, PICTURE):   # titles of their own, off the band
        list_style(placeholder(layouts[index], "title"), color="#5A238C")
    set_box(placeholder(title_page, "subTitle"), (1.0, 3.0, WIDTH - 2.0, 0.8))
    for idx, top, text in ((13, 4.4, "Author"), (14, 5.0, "Institution")):
        add_body_placeholder(title_page, idx, (4.1, top, 5.1, 0.5), text)
    sample_slides(prs, TITLE, CONTENT)
    return save(prs, folder, "bars along the edges with the footer on one, titles on a band under a stamp")


def make_theme_background(folder: Path) -> Path:
    """A dark master as PowerPoint's Design > Background Styles makes one: the background is a reference to
    the theme's second background style (the theme's dark slate, tinted and more saturated), with the colour
    map of a dark theme (background 1 is black, text 1 white); nothing on the slide names the colour shown."""
    prs = _base()
    set_theme_colors(prs, dk2="#44546A")
    part = prs.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    styles = theme.find(f".//{qn('a:bgFillStyleLst')}")
    styles[1] = etree.fromstring(f'<a:solidFill xmlns:a="{A}"><a:schemeClr val="phClr"><a:tint val="95000"/>'
                                 f'<a:satMod val="170000"/></a:schemeClr></a:solidFill>')
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    master = prs.slide_master._element
    c_sld = master.find(qn("p:cSld"))
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    c_sld.insert(0, etree.fromstring(f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgRef idx="1002">'
                                     f'<a:schemeClr val="bg2"/></p:bgRef></p:bg>'))
    master.find(qn("p:clrMap")).attrib.update({"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2"})
    sample_slides(prs, TITLE, CONTENT)
    return save(prs, folder, "a dark background from the theme's background styles")


def make_photo_panels(folder: Path, body_panel: bool = True) -> Path:
    """A photo toned down to 65 % behind every slide (light enough for dark text), black titles and text each on
    a pale see-through panel (the placeholders' own 50 % white fill), dark section titles and subtitles on the
    photo itself, a dark link blue. Without `body_panel` the body text sits on the photo."""
    prs = _base()
    master = prs.slide_master
    picture_background(master, dark_photo(7, (150, 160, 175)), opacity=0.65)
    panel = f'<a:solidFill xmlns:a="{A}"><a:schemeClr val="bg1"><a:alpha val="50000"/></a:schemeClr></a:solidFill>'
    for types in (("title",), ("body",)) if body_panel else (("title",),):
        sp_pr = placeholder(master, *types).find(qn("p:spPr"))
        sp_pr.append(etree.fromstring(panel))
    layouts = _layouts(prs)
    list_style(placeholder(layouts[SECTION], "title"), color="#1E1E1E")
    for index, types in ((SECTION, ("body",)), (TITLE, ("subTitle",))):
        list_style(placeholder(layouts[index], *types), color="#1E1E1E")
    set_theme_colors(prs, hlink="#0B3D91")
    sample_slides(prs, TITLE, CONTENT)
    return save(prs, folder, "a toned-down photo with pale see-through panels under the text")


def swirl_outline(rings: int = 6) -> str:
    """A custGeom of thin lines in the slide's right half (a designer's artwork as PowerPoint saves it): the
    four sides of each of several nested squares, each side its own thin closed subpath."""
    def strip(left: int, top: int, right: int, bottom: int) -> str:
        corners = ((left, top), (right, top), (right, bottom), (left, bottom))
        return (f'<a:path w="100000" h="100000"><a:moveTo><a:pt x="{left}" y="{top}"/></a:moveTo>'
                + "".join(f'<a:lnTo><a:pt x="{x}" y="{y}"/></a:lnTo>' for x, y in corners[1:]) + "<a:close/></a:path>")
    paths = []
    for ring in range(rings):
        left, top, right, bottom = 55000 + ring * 3500, 6000 + ring * 7000, 97000 - ring * 3500, 94000 - ring * 7000
        paths += [strip(left, top, right, top + 700), strip(left, bottom - 700, right, bottom),
                  strip(left, top, left + 400, bottom), strip(right - 400, top, right, bottom)]
    return (f'<a:custGeom><a:avLst/><a:gdLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst>{"".join(paths)}'
            f'</a:pathLst></a:custGeom>')


def arrows_png() -> bytes:
    """Small arrows along the bottom of a wide transparent strip whose hidden colour is white (as many exported
    PNGs store it)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (1200, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    for x in range(20, 1180, 80):
        draw.polygon([(x, 118), (x + 8, 104), (x + 16, 118)], fill=(120, 220, 200, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_artwork(folder: Path) -> Path:
    """A dark master with a designer's artwork: a freeform of thin light lines with a gradient over the whole
    slide, and a transparent strip of small arrows behind the titles; yellow titles, pale body text."""
    prs = _base()
    master = prs.slide_master
    solid_background(master, "#10221D")
    number = _next_id(master)
    _append(master, f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{number}" name="Swirl {number}"/>'
                    f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{_xfrm((0, 0, WIDTH, HEIGHT))}'
                    f'{swirl_outline()}<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="94D1CD"/></a:gs>'
                    f'<a:gs pos="100000"><a:srgbClr val="A8DADC"/></a:gs></a:gsLst><a:lin ang="0"/></a:gradFill>'
                    f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    add_picture(master, (0.3, 0.25, WIDTH - 0.6, 1.35), arrows_png(), "Arrows")
    text_style(master, "titleStyle", color="#FEBF23")
    text_style(master, "bodyStyle", color="#CFEAE3")
    sample_slides(prs, TITLE, CONTENT)
    return save(prs, folder, "a freeform swirl and transparent arrows over a dark green ground")


def make_red_background(folder: Path) -> Path:
    """A red master, white text, and the theme's default hyperlink blue and accent (unreadable on red)."""
    prs = _base()
    master = prs.slide_master
    solid_background(master, "#B3121B")
    text_style(master, "titleStyle", color="#FFFFFF", align="l")
    text_style(master, "bodyStyle", color="#FFFFFF")
    set_theme_colors(prs, hlink="#0563C1", folHlink="#954F72", accent1="#4472C4", accent2="#ED7D31",
                     accent3="#A5A5A5", accent4="#FFC000", accent5="#5B9BD5", accent6="#70AD47")
    sample_slides(prs, TITLE, CONTENT)
    return save(prs, folder, "red background, the theme's default link and accent colours")


def make_decorations(folder: Path) -> Path:
    """A picture-filled shield on the master, a fixed footer text box and a rule; a city caption and a
    coloured block on the title layout; on the content layout a logo drawn as a group of shapes, a rule drawn
    with the line tool and a badge coloured by the theme's style (as PowerPoint draws shapes); on the section
    layout a gradient band, a square turned 45° and the crest cropped to its top half."""
    prs = _base()
    master = prs.slide_master
    text_style(master, "titleStyle", color="#0B2E59", align="l")
    text_style(master, "bodyStyle", color="#222222")
    body = placeholder(master, "body")
    set_box(body, (0.6, 1.7, 10.8, 4.9))
    set_box(placeholder(master, "title"), (0.6, 0.35, 10.8, 1.2))
    add_picture_shape(master, (WIDTH - 1.35, 0.3, 0.9, 1.08), crest((11, 46, 89)), "flowChartOffpageConnector",
                      "Company shield")
    add_shape(master, (0.6, 1.55, 1.2, 0.07), "#C8102E", name="Rule")
    add_text_box(master, (0.6, HEIGHT - 0.55, 6.0, 0.35), "ACME Group · internal use only", "#555555", 11,
                 name="Fixed footer")
    layouts = _layouts(prs)
    for holder in (master, *layouts.values()):   # no date: the fixed footer line stands there
        remove_placeholder(holder, "dt")
    title = layouts[TITLE]
    add_shape(title, (0, HEIGHT - 1.3, WIDTH, 1.3), "#0B2E59", name="Base block")
    add_text_box(title, (0.9, HEIGHT - 1.0, 6.0, 0.6), "Lisboa · Porto · Kraków", "#FFFFFF", 20, bold=True,
                 name="City caption")
    set_box(placeholder(title, "ctrTitle"), (0.9, 1.6, 10.0, 2.0))
    set_box(placeholder(title, "subTitle"), (0.9, 3.8, 10.0, 1.4))
    list_style(placeholder(title, "ctrTitle"), align="l")
    list_style(placeholder(title, "subTitle"), align="l", color="#333333")
    for index in (CONTENT, SECTION, TITLE_ONLY, PICTURE):   # the master's boxes, clear of the shield
        sp = placeholder(layouts[index], "title")
        set_box(sp, (0.6, 0.35, 10.8, 1.2) if index != SECTION else (0.6, 2.4, 10.8, 1.6))
    content = layouts[CONTENT]
    add_group(content, (WIDTH - 2.9, HEIGHT - 0.62, 1.2, 0.4), "Partner logo",
              [((0.0, 0.0, 0.3, 1.0), "ellipse", "#00857C"), ((0.38, 0.3, 0.62, 0.4), "rect", "#00857C")])
    add_line(content, (0.6, HEIGHT - 0.7, 8.0, 0.0), "#0B2E59", 1.5, "Footer rule")
    add_theme_styled_shape(content, (WIDTH - 1.35, 1.5, 0.9, 0.12), "rect", "Accent badge")
    section = layouts[SECTION]
    add_shape(section, (0, 0, WIDTH, 0.3), ("#0B2E59", "#C8102E"), name="Gradient band")
    add_shape(section, (WIDTH - 1.6, 4.6, 0.8, 0.8), "#C8102E", name="Turned square", rotation=45)
    add_picture(section, (0.6, 5.4, 0.9, 0.54), crest((11, 46, 89)), "Crest, top half", crop=(0, 0, 0, 0.5))
    sample_slides(prs, TITLE, CONTENT)
    return save(prs, folder, "a picture-filled shield, a fixed footer text box, a city caption, a grouped logo")


def make_sample_centred(folder: Path) -> Path:
    """The content layout's sample paragraphs are centred and red; its master style is left and navy,
    which is what slides inherit (PowerPoint never applies a sample paragraph's own formatting). The
    section layout has a dark gradient background with white titles and a pale body."""
    prs = _base()
    master = prs.slide_master
    text_style(master, "titleStyle", color="#1B2A49", align="l")
    text_style(master, "bodyStyle", color="#2B2B2B")
    content = _layouts(prs)[CONTENT]
    for sp in (placeholder(content, "title"), placeholder(content, "obj", "body")):
        for paragraph in sp.iter(qn("a:p")):
            p_pr = paragraph.find(qn("a:pPr"))
            if p_pr is None:
                p_pr = etree.Element(qn("a:pPr"))
                paragraph.insert(0, p_pr)
            p_pr.set("algn", "ctr")
            for run in paragraph.iter(qn("a:rPr")):
                run.append(etree.fromstring(f'<a:solidFill xmlns:a="{A}"><a:srgbClr val="E00000"/></a:solidFill>'))
    section = _layouts(prs)[SECTION]
    gradient_background(section, "#0B1F3A", "#0E6B73")
    list_style(placeholder(section, "title"), align="l", color="#FFFFFF", bold=True)
    list_style(placeholder(section, "body"), align="l", color="#CFE8EA")
    sample_slides(prs, TITLE, CONTENT)
    return save(prs, folder, "sample paragraphs centred and red, master styles left and navy")


# -- package-level patterns (issue 16, points 9, 11, 12) ----------------------------------------

FOOTER_TEXT = "Northwind Traders · Internal use only"
DATE_TEXT = "Spring 2026"
SAMPLE_TITLES = ("Quarterly Zebra Review", "Pelican Revenue Outlook", "Marmoset Hiring Plan")
OLD_AUTHOR, OLD_EDITOR = "Harriet Oldfield", "Barnaby Former"


def _set_placeholder_text(holder, ph_type: str, text: str) -> None:
    """Put `text` in the holder's placeholder of this type (a master's or layout's footer, date …)."""
    for ph in holder._element.iter(qn("p:ph")):
        if ph.get("type") != ph_type:
            continue
        sp = ph.getparent().getparent().getparent()
        tx_body = sp.find(qn("p:txBody"))
        paragraph = tx_body.find(qn("a:p"))
        for child in list(paragraph):
            if child.tag != qn("a:pPr"):
                paragraph.remove(child)
        run = paragraph.makeelement(qn("a:r"), {})
        run.append(run.makeelement(qn("a:rPr"), {"lang": "en-GB"}))
        run.append(run.makeelement(qn("a:t"), {}))
        run[-1].text = text
        paragraph.append(run)


def _rewrite(path: Path, change) -> None:
    """Rewrite a saved package part by part: change(parts) edits the dict of name → bytes."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def make_footer_in_master(folder: Path) -> Path:
    """Footer text and a fixed date typed into the master's and every layout's footer placeholders,
    and slide numbers: what a company sets once so that every slide carries them. The footer is set in the
    company's green at 14 pt, centred; date and number keep python-pptx's grey 12 pt."""
    prs = new_presentation()
    for holder in [prs.slide_master, *prs.slide_layouts]:
        _set_placeholder_text(holder, "ftr", FOOTER_TEXT)
        _set_placeholder_text(holder, "dt", DATE_TEXT)
    list_style(placeholder(prs.slide_master, "ftr"), align="ctr", color="#2E6B4F", size=14)
    return save(prs, folder, "footer text and date in the master, slides numbered")


def _as_template(path: Path, main_type: str, macros: bool) -> None:
    def change(parts):
        types = parts["[Content_Types].xml"].decode("utf-8").replace(CT_PPTX, main_type)
        if macros:   # a VBA project, as a .potm carries it (these bytes are no real macro)
            parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not a real VBA project"
            types = types.replace("</Types>", '<Override PartName="/ppt/vbaProject.bin" '
                                  'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            rels = parts["ppt/_rels/presentation.xml.rels"].decode("utf-8")
            parts["ppt/_rels/presentation.xml.rels"] = rels.replace(
                "</Relationships>", f'<Relationship Id="rId900" Type="{REL_VBA}" Target="vbaProject.bin"/>'
                "</Relationships>").encode("utf-8")
        parts["[Content_Types].xml"] = types.encode("utf-8")
    _rewrite(path, change)


def _template_file(folder: Path, content_type: str, macros: bool, suffix: str, description: str) -> Path:
    """A PowerPoint template file, saved as master.pptx (as a user renames it) and as company.<suffix>."""
    path = save(new_presentation(), folder, description)
    _as_template(path, content_type, macros=macros)
    (folder / f"company.{suffix}").write_bytes(path.read_bytes())
    return path


def make_potx(folder: Path) -> Path:
    """A PowerPoint template (.potx)."""
    return _template_file(folder, CT_POTX, False, "potx", "a .potx template (content type template.main)")


def make_potm(folder: Path) -> Path:
    """A macro-enabled PowerPoint template (.potm) with a VBA project."""
    return _template_file(folder, CT_POTM, True, "potm", "a .potm template with a VBA project")


def make_layout_types_missing(folder: Path) -> Path:
    """A package whose [Content_Types].xml leaves out the slide layouts, as some Keynote exports do."""
    prs = new_presentation()
    path = save(prs, folder, "[Content_Types].xml without the slide layouts' content types")

    def change(parts):
        types = parts["[Content_Types].xml"].decode("utf-8")
        parts["[Content_Types].xml"] = re.sub(r'<Override PartName="/ppt/slideLayouts/[^"]+"[^>]*/>', "",
                                              types).encode("utf-8")
    _rewrite(path, change)
    return path


def make_old_history(folder: Path) -> Path:
    """A master with titled sample slides (and their notes), saved in 2018 by other people: core.xml with
    their names, revision, keywords and comments, app.xml listing the sample slides' titles."""
    prs = new_presentation()
    for index, title in enumerate(SAMPLE_TITLES):
        slide = prs.slides.add_slide(prs.slide_layouts[0 if index == 0 else 1])
        slide.shapes.title.text = title
        slide.notes_slide.notes_text_frame.text = f"Speaker notes of {title}"
    core = prs.core_properties
    core.title, core.author, core.last_modified_by = SAMPLE_TITLES[0], OLD_AUTHOR, OLD_EDITOR
    core.revision, core.keywords, core.comments = 42, "zebra; pelican", f"Board draft by {OLD_AUTHOR}"
    core.subject, core.category = "Pelican board", "Marmoset"
    core.created = datetime.datetime(2018, 3, 1, 9, 30)
    core.modified = datetime.datetime(2018, 11, 20, 17, 5)
    core.last_printed = datetime.datetime(2018, 11, 21, 8, 0)
    # A custom show of the sample slides, and the slide sorter's sections, named after them.
    presentation = prs.part._element
    ids = [(element.get("id"), element.get(qn("r:id"))) for element in presentation.find(qn("p:sldIdLst"))]
    shows = ("<p:custShowLst xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" "
             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
             "<p:custShow name=\"Zebra board cut\" id=\"0\"><p:sldLst>"
             + "".join(f'<p:sld r:id="{rel_id}"/>' for _, rel_id in ids) + "</p:sldLst></p:custShow></p:custShowLst>")
    sections = ("<p:extLst xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\">"
                "<p:ext uri=\"{521415D9-36F7-43E2-AB2F-B90AF26B5E84}\"><p14:sectionLst xmlns:p14=\"http://schemas."
                "microsoft.com/office/powerpoint/2010/main\"><p14:section name=\"Pelican section\" "
                "id=\"{6F1C1B1E-2D3C-4B5A-8A9B-0C1D2E3F4A5B}\"><p14:sldIdLst>"
                + "".join(f'<p14:sldId id="{slide_id}"/>' for slide_id, _ in ids)
                + "</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>")
    from lxml import etree
    notes_size = presentation.find(qn("p:notesSz"))
    notes_size.addnext(etree.fromstring(shows))
    presentation.append(etree.fromstring(sections))
    path = save(prs, folder, "sample slides with titles, core properties of 2018 by other people")
    titles = "".join(f"<vt:lpstr>{title}</vt:lpstr>" for title in SAMPLE_TITLES)
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           "<TotalTime>4242</TotalTime><Words>99</Words><Application>Microsoft Office PowerPoint</Application>"
           f"<Slides>{len(SAMPLE_TITLES)}</Slides><Notes>{len(SAMPLE_TITLES)}</Notes>"
           '<HeadingPairs><vt:vector size="4" baseType="variant">'
           "<vt:variant><vt:lpstr>Theme</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>"
           "<vt:variant><vt:lpstr>Slide Titles</vt:lpstr></vt:variant>"
           f"<vt:variant><vt:i4>{len(SAMPLE_TITLES)}</vt:i4></vt:variant></vt:vector></HeadingPairs>"
           f'<TitlesOfParts><vt:vector size="{len(SAMPLE_TITLES) + 1}" baseType="lpstr">'
           f"<vt:lpstr>Office Theme</vt:lpstr>{titles}</vt:vector></TitlesOfParts>"
           f"<Company>Pelican Holdings</Company><Manager>{OLD_EDITOR}</Manager>"
           "<AppVersion>16.0000</AppVersion></Properties>")

    def change(parts):
        parts["docProps/app.xml"] = app.encode("utf-8")
        types = parts["[Content_Types].xml"].decode("utf-8")
        if "/docProps/app.xml" not in types:
            types = types.replace("</Types>", '<Override PartName="/docProps/app.xml" ContentType='
                                  '"application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
        parts["[Content_Types].xml"] = types.encode("utf-8")
        rels = parts["_rels/.rels"].decode("utf-8")
        if "docProps/app.xml" not in rels:
            rels = rels.replace("</Relationships>", '<Relationship Id="rId901" Type="http://schemas.openxmlformats.org/'
                                'officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
                                "</Relationships>")
        parts["_rels/.rels"] = rels.encode("utf-8")
        # Who edited it last, as Office 365 records it: a revision list and the comment authors.
        parts["ppt/revisionInfo.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p1510:revInfo xmlns:p1510="http://schemas.'
            'microsoft.com/office/powerpoint/2015/10/main"><p1510:revLst><p1510:client id="{0A1B2C3D-4E5F-4061-8293-'
            'A4B5C6D7E8F9}" v="2018" dt="2018-11-20T17:05:00.000"/></p1510:revLst></p1510:revInfo>').encode()
        parts["ppt/authors.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p188:authorLst xmlns:p188="http://schemas.'
            'microsoft.com/office/powerpoint/2018/8/main"><p188:author id="{1B2C3D4E-5F60-4718-92A3-B4C5D6E7F809}" '
            f'name="{OLD_EDITOR}" initials="BF" userId="{OLD_EDITOR}" providerId="None"/></p188:authorLst>').encode()
        presentation_rels = parts["ppt/_rels/presentation.xml.rels"].decode("utf-8").replace("</Relationships>", (
            '<Relationship Id="rId902" Type="http://schemas.microsoft.com/office/2015/10/relationships/revisionInfo" '
            'Target="revisionInfo.xml"/><Relationship Id="rId903" Type="http://schemas.microsoft.com/office/2018/10/'
            'relationships/authors" Target="authors.xml"/></Relationships>'))
        parts["ppt/_rels/presentation.xml.rels"] = presentation_rels.encode("utf-8")
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
            b'<Override PartName="/ppt/revisionInfo.xml" ContentType="application/vnd.ms-powerpoint.revisioninfo+xml"/>'
            b'<Override PartName="/ppt/authors.xml" ContentType="application/vnd.ms-powerpoint.authors+xml"/></Types>'))
    _rewrite(path, change)
    return path


# -- patterns where something could be printed over the design ------------------------------


# -- building blocks for these patterns ----------------------------------------------------------

def keep_only(master, keep: list) -> None:
    """Keep only these layouts of a master ((layout, new name) pairs), deleting the others."""
    id_list = master._element.find(qn("p:sldLayoutIdLst"))
    for entry in list(id_list):
        layout = master.part.related_part(entry.get(qn("r:id")))
        kept = next((name for kept_layout, name in keep if kept_layout.part is layout), None)
        if kept is None:
            master.part.drop_rel(entry.get(qn("r:id")))
            id_list.remove(entry)
        else:
            layout._element.find(qn("p:cSld")).set("name", kept)


def strip_placeholders(layout, keep_types: tuple[str, ...] = ()) -> None:
    """Remove a layout's placeholders (all, or all but these types): a designed page or a blank one."""
    tree = layout._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    for shape in list(tree):
        ph = shape.find(f".//{qn('p:ph')}")
        if ph is not None and ph.get("type", "obj") not in keep_types:
            tree.remove(shape)


def ph_of(holder, *types: str):
    for ph in holder._element.iter(qn("p:ph")):
        if ph.get("type", "obj") in types:
            return ph.getparent().getparent().getparent()
    return None


def _off_ext(box) -> str:
    left, top, width, height = (int(Inches(v)) for v in box)
    return f'<a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/>'


def add_picture(holder, box, data: bytes, name: str, crop: tuple[float, float, float, float] | None = None) -> None:
    """A picture element (a logo, a photo) drawn on a master or layout; `crop` cuts fractions of the picture
    off its left, top, right and bottom (a:srcRect), as PowerPoint's crop tool does."""
    rel = holder.part.relate_to(ImagePart.new(holder.part.package, PptxImage.from_blob(data)), RT.IMAGE)
    number = _next_id(holder)
    src_rect = "<a:srcRect {}/>".format(" ".join(f'{side}="{int(value * 100000)}"' for side, value in
                                                 zip("ltrb", crop))) if crop else ""
    _append(holder, (
        f'<p:pic xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"><p:nvPicPr><p:cNvPr id="{number}" name="{name}"/>'
        f'<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr userDrawn="1"/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{rel}"/>{src_rect}<a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm>{_off_ext(box)}</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'</p:pic>'))


def add_rect(holder, box, color: str, name: str) -> None:
    number = _next_id(holder)
    _append(holder, (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{number}" name="{name}"/><p:cNvSpPr/>'
        f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>{_off_ext(box)}</a:xfrm><a:prstGeom prst="rect">'
        f'<a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{color.lstrip("#")}"/></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>'))


def add_words(holder, box, text: str, color: str, size: int, name: str) -> None:
    """A fixed text box (a tagline) drawn by the master or layout."""
    number = _next_id(holder)
    _append(holder, (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{number}" name="{name}"/>'
        f'<p:cNvSpPr txBox="1"/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>{_off_ext(box)}</a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody>'
        f'<a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/><a:p><a:r>'
        f'<a:rPr lang="en-US" sz="{size * 100}"><a:solidFill><a:srgbClr val="{color.lstrip("#")}"/>'
        f'</a:solidFill></a:rPr><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>'))


def written_by_libreoffice(prs) -> None:
    """docProps/app.xml naming LibreOffice, as its exports do (confdeck then reads its layouts its way)."""
    for part in prs.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
                          b'"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                          b'<Application>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2'
                          b'</Application><Slides>1</Slides></Properties>')


def second_master(prs):
    """A copy of the first slide master with its layouts and theme, as LibreOffice writes one master per design
    page; returns it."""
    package = prs.part.package
    first = prs.slide_master
    count = len(prs.slide_masters) + 1
    theme_src = first.part.part_related_by(RT.THEME)
    theme = Part(PackURI(f"/ppt/theme/theme{count + 10}.xml"), theme_src.content_type, package, theme_src.blob)
    master_part = type(first.part).load(PackURI(f"/ppt/slideMasters/slideMaster{count}.xml"),
                                        first.part.content_type, package, first.part.blob)
    master_part.relate_to(theme, RT.THEME)
    id_list = master_part._element.find(qn("p:sldLayoutIdLst"))
    for entry in list(id_list):
        id_list.remove(entry)
    next_id = 2147483649 + 100 * count
    for index, layout in enumerate(first.slide_layouts):
        layout_part = type(layout.part).load(PackURI(f"/ppt/slideLayouts/slideLayout{100 * count + index}.xml"),
                                             layout.part.content_type, package, layout.part.blob)
        layout_part.relate_to(master_part, RT.SLIDE_MASTER)
        rel = master_part.relate_to(layout_part, RT.SLIDE_LAYOUT)
        entry = etree.SubElement(id_list, qn("p:sldLayoutId"))
        entry.set("id", str(next_id + index))
        entry.set(qn("r:id"), rel)
    rel = prs.part.relate_to(master_part, RT.SLIDE_MASTER)
    masters = prs.part._element.find(qn("p:sldMasterIdLst"))
    entry = etree.SubElement(masters, qn("p:sldMasterId"))
    entry.set("id", str(2147483648 + 1000 * count))
    entry.set(qn("r:id"), rel)
    return prs.slide_masters[len(prs.slide_masters) - 1]


# -- pictures drawn with Pillow -------------------------------------------------------------------

def logo(color: tuple[int, int, int], width: int = 360, height: int = 140) -> bytes:
    """A company logo: a coloured roundel and a bar of "lettering" (PNG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse([10, 10, height - 10, height - 10], fill=color)
    draw.rectangle([height + 10, height // 2 - 18, width - 12, height // 2 + 18], fill=color)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def photo(width: int = 800, height: int = 450) -> bytes:
    """A landscape photo: a sky gradient over green hills (JPEG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=(60 + y // 6, 110 + y // 8, 170))
    draw.ellipse([-200, height // 2, width // 2 + 100, height * 2], fill=(46, 110, 60))
    draw.ellipse([width // 3, height * 2 // 3, width + 250, height * 2], fill=(36, 90, 50))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


# -- the patterns -------------------------------------------------------------------------------------

def make_only_title(folder: Path, size: str = "16:9") -> Path:
    """A master with only a "Title Slide" layout (title mid-slide, subtitle under it): every content, picture
    and section slide has to use it."""
    prs = new_presentation(size)
    layouts = list(prs.slide_layouts)
    keep_only(prs.slide_master, [(layouts[TITLE], "Title Slide")])
    prs.slides.add_slide(layouts[TITLE]).shapes.title.text = "Sample title"
    return save(prs, folder, f"only a title layout ({size})")


def make_one_line_boxes(folder: Path) -> Path:
    """Google Slides' way: the content layout's title and body boxes are one line tall (0.3 in), without text
    insets, their text shrunk to fit (normAutofit) or the box grown with it (spAutoFit on the master), and the
    layouts keep Google's names (TITLE, TITLE_AND_BODY, SECTION_HEADER …)."""
    prs = new_presentation()
    layouts = list(prs.slide_layouts)
    keep_only(prs.slide_master, [(layouts[TITLE], "TITLE"), (layouts[CONTENT], "TITLE_AND_BODY"),
                                 (layouts[SECTION], "SECTION_HEADER"), (layouts[TITLE_ONLY], "TITLE_ONLY"),
                                 (layouts[BLANK], "BLANK")])
    width, height = SIZES["16:9"]
    for holder, fit in ((prs.slide_master, "a:spAutoFit"), (layouts[CONTENT], "a:normAutofit"),
                        (layouts[TITLE_ONLY], "a:normAutofit")):
        for types, box in ((("title",), (0.5, 0.35, width - 1.0, 0.3)), (("obj", "body"), (0.5, 1.5, width - 1.0, 0.3))):
            sp = ph_of(holder, *types)
            if sp is None:
                continue
            set_box(sp, box)
            body_pr = sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
            for old in list(body_pr):
                body_pr.remove(old)
            body_pr.attrib.update({"lIns": "0", "tIns": "0", "rIns": "0", "bIns": "0", "anchor": "t"})
            etree.SubElement(body_pr, qn(fit))
    prs.slides.add_slide(layouts[CONTENT]).shapes.title.text = "Sample content"
    return save(prs, folder, "one-line title and body boxes that grow or shrink their text (Google Slides)")


def make_badge_bodies(folder: Path) -> Path:
    """Keynote's way: every layout typed "tx", a small round badge (a text placeholder 0.5 in wide) in the top
    right corner of each, a title-only page holding the title and the badge, the page for bullets holding a big
    body besides, a page of small labelled boxes, and no title-only or picture layout of its own."""
    prs = new_presentation()
    layouts = list(prs.slide_layouts)
    keep_only(prs.slide_master, [(layouts[TITLE], "Title & Subtitle"), (layouts[TITLE_ONLY], "Bod-empty"),
                                 (layouts[CONTENT], "Body"), (layouts[4], "Bullet - Two"), (layouts[BLANK], "End")])
    width, _ = SIZES["16:9"]
    for index in (TITLE_ONLY, CONTENT, 4):
        layouts[index]._element.set("type", "tx")
        add_body_placeholder(layouts[index], 20, (width - 1.0, 0.45, 0.5, 0.5))
    for number in range(4):   # the labelled boxes of a two-column page
        add_body_placeholder(layouts[4], 21 + number, (1.0 + 6.0 * (number % 2), 5.8 + 0.5 * (number // 2), 2.0, 0.4))
    prs.slides.add_slide(layouts[CONTENT]).shapes.title.text = "Sample content"
    return save(prs, folder, "badges and small boxes in every layout (Keynote)")


def make_only_title_16x10(folder: Path) -> Path:
    return make_only_title(folder, "16:10")


def make_blank_two_masters(folder: Path) -> Path:
    """Two masters (as LibreOffice writes one per design page) whose layouts are all blank: no placeholder for a
    title anywhere; the second master's pages have a coloured band at the top."""
    prs = new_presentation()
    layouts = list(prs.slide_layouts)
    keep_only(prs.slide_master, [(layouts[BLANK], "Blank")])
    strip_placeholders(prs.slide_master.slide_layouts[0], ("dt", "ftr", "sldNum"))
    second = second_master(prs)
    add_rect(second.slide_layouts[0], (0, 0, 13.333, 0.25), "#0E5A8A", "Top band")
    second.slide_layouts[0]._element.find(qn("p:cSld")).set("name", "Leer")
    written_by_libreoffice(prs)
    return save(prs, folder, "blank-only layouts in two masters")


def make_designed_title(folder: Path, size: str = "16:9") -> Path:
    """A designed title page without placeholders (a photo band, the company logo, a tagline), named "Design 1"
    and used by the first sample slide, whose title and subtitle sit in the white area under the photo."""
    prs = new_presentation(size)
    width, height = SIZES[size]
    layouts = list(prs.slide_layouts)
    keep_only(prs.slide_master, [(layouts[TITLE], "Design 1"), (layouts[CONTENT], "Title, Content"),
                                 (layouts[SECTION], "Section Header"), (layouts[TITLE_ONLY], "Title Only"),
                                 (layouts[BLANK], "Blank")])
    page = layouts[TITLE]
    strip_placeholders(page)
    add_picture(page, (0, 0, width, 3.6), photo(), "Photo")
    add_picture(page, (width - 3.0, 6.45, 2.5, 0.8), logo((200, 16, 46)), "Company logo")
    add_words(page, (0.7, 6.6, 6.0, 0.5), "Engineering that ships", "#C8102E", 16, "Tagline")
    slide = prs.slides.add_slide(page)
    for box, kind, text, points in (((0.7, 3.85, width - 1.4, 1.3), "ctrTitle", "Sample title", 40),
                                    ((0.7, 5.2, width - 1.4, 0.9), "subTitle", "Sample subtitle", 20)):
        number = _next_id(slide)
        idx = ' idx="1"' if kind == "subTitle" else ""
        slide.shapes._spTree.append(etree.fromstring(
            f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{number}" name="PlaceHolder {number}"/>'
            f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="{kind}"{idx}/></p:nvPr></p:nvSpPr>'
            f'<p:spPr><a:xfrm>{_off_ext(box)}</a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r>'
            f'<a:rPr lang="en-US" sz="{points * 100}"/><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>'))
    prs.slides.add_slide(layouts[CONTENT]).shapes.title.text = "Sample content"
    written_by_libreoffice(prs)
    return save(prs, folder, f"a designed title page without placeholders, a sample slide ({size})")


def make_corner_logo(folder: Path, size: str = "16:9") -> Path:
    """The company logo on the master in the bottom right corner, inside the content layout's body area, and
    slide numbers under it: bullets must stop above (or beside) it."""
    prs = new_presentation(size)
    width, height = SIZES[size]
    master = prs.slide_master
    add_picture(master, (width - 2.3, height - 1.25, 1.9, 0.74), logo((0, 94, 140)), "Company logo")
    for layout in master.slide_layouts:
        body = ph_of(layout, "obj", "body")
        if body is not None and layout.name == "Title and Content":
            set_box(body, (0.6, 1.6, width - 1.2, height - 1.9))   # down to 0.3 in above the edge
    prs.slides.add_slide(prs.slide_layouts[CONTENT]).shapes.title.text = "Sample content"
    return save(prs, folder, f"a corner logo over the body area ({size})")


def make_corner_logo_4x3(folder: Path) -> Path:
    return make_corner_logo(folder, "4:3")


def make_designed_title_16x10(folder: Path) -> Path:
    return make_designed_title(folder, "16:10")


PATTERNS = {
    "footer_in_master": make_footer_in_master,
    "potx": make_potx,
    "potm": make_potm,
    "layout_types_missing": make_layout_types_missing,
    "old_history": make_old_history,
    "only_title": make_only_title,
    "only_title_16x10": make_only_title_16x10,
    "blank_two_masters": make_blank_two_masters,
    "one_line_boxes": make_one_line_boxes,
    "badge_bodies": make_badge_bodies,
    "designed_title": make_designed_title,
    "designed_title_16x10": make_designed_title_16x10,
    "corner_logo": make_corner_logo,
    "corner_logo_4x3": make_corner_logo_4x3,
    "dark_photo": make_dark_photo,
    "title_band": make_title_band,
    "bars_and_stamp": make_bars_and_stamp,
    "theme_background": make_theme_background,
    "photo_panels": make_photo_panels,
    "artwork": make_artwork,
    "red_background": make_red_background,
    "decorations": make_decorations,
    "sample_centred": make_sample_centred,
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__.strip().splitlines()[-2].strip(), file=sys.stderr)
        return 2
    out = Path(args[0])
    names = args[1:] or list(PATTERNS)
    unknown = [n for n in names if n not in PATTERNS]
    if unknown:
        print(f"make_masters: unknown pattern {', '.join(unknown)}; known: {', '.join(PATTERNS)}", file=sys.stderr)
        return 2
    for name in names:
        print(f"wrote {PATTERNS[name](out / name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
