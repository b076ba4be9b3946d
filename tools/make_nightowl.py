"""Build templates/nightowl/: the example company template's master.pptx and logo.png.

"Night Owl Consulting" is made up. Its master is made here with python-pptx
(never copied from elsewhere) and deliberately looks like a real company's:
a dark theme that maps text and background colours the other way round,
renamed and deleted layouts, its own footer and slide-number placeholders,
and two sample slides that confdeck must remove.
Run: python tools/make_nightowl.py
"""
from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree
from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

FOLDER = Path(__file__).resolve().parents[1] / "templates" / "nightowl"
NIGHT, LIGHT, DEEP, WHITE, AMBER, SKY = "0B1E33", "E8EDF2", "132B47", "FFFFFF", "FFB000", "7FD1FF"
HEADING_FONT, BODY_FONT = "Georgia", "Arial"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)

# The cover's and chapter breaks' text boxes (inches: left, top, width, height); the HTML deck places its
# title and section text on the same boxes (templates/nightowl/deck.css).
COVER_TITLE = (1.0, 2.33, 11.333, 1.61)        # centred, on the box's bottom edge, under the logo
COVER_SUBTITLE = (2.0, 4.25, 9.333, 1.92)      # centred, from the top
CHAPTER_TITLE = (1.05, 4.82, 11.333, 1.49)     # flush left, from the top
CHAPTER_BUDGET = (1.05, 3.18, 11.333, 1.64)    # the section's length, on the bottom edge, just above the title

# Layouts kept (python-pptx's index → the company's own name); the others are deleted.
KEEP = {0: "Cover", 1: "Heading + Text", 2: "Chapter Break", 5: "Heading Only", 6: "Empty", 8: "Photo"}


def font(size: int, bold: bool = True):
    names = ["DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf",
             "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"]
    for name in names:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def draw_logo(path: Path) -> None:
    """Two round owl eyes and the name, amber and white on transparent."""
    image = Image.new("RGBA", (640, 200), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    amber = tuple(int(AMBER[i:i + 2], 16) for i in (0, 2, 4))
    for x in (20, 120):
        pen.ellipse((x, 40, x + 100, 140), outline=amber, width=14)
        pen.ellipse((x + 35, 75, x + 65, 105), fill=(255, 255, 255))
    pen.polygon([(110, 140), (130, 140), (120, 170)], fill=amber)
    pen.text((250, 45), "NIGHT OWL", font=font(62), fill=amber)
    pen.text((252, 118), "CONSULTING", font=font(34, bold=False), fill=(232, 237, 242))
    image.save(path, optimize=True)


def set_xfrm(shape, left, top, width, height) -> None:
    shape.left, shape.top, shape.width, shape.height = int(left), int(top), int(width), int(height)


def set_text_box(shape, box, align: str, anchor: str) -> None:
    """A layout placeholder on `box` (inches), its first level aligned l/ctr and anchored t/b."""
    set_xfrm(shape, *(Inches(value) for value in box))
    body = shape._element.find(qn("p:txBody"))
    body.find(qn("a:bodyPr")).set("anchor", anchor)
    style = body.find(qn("a:lstStyle"))
    level = style.find(qn("a:lvl1pPr"))
    if level is None:
        level = etree.Element(qn("a:lvl1pPr"))
        style.insert(0, level)
    level.set("algn", align)


def scale_all(prs) -> None:
    sx, sy = WIDTH / prs.slide_width, HEIGHT / prs.slide_height
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    for holder in [prs.slide_master, *prs.slide_layouts]:
        for shape in holder.shapes:
            if shape.left is not None:
                set_xfrm(shape, shape.left * sx, shape.top * sy, shape.width * sx, shape.height * sy)


def write_theme(prs) -> None:
    master = prs.slide_master
    part = master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    theme.set("name", "Night Owl")
    scheme = theme.find(f".//{qn('a:clrScheme')}")
    scheme.set("name", "Night Owl")
    for slot, value in (("dk1", NIGHT), ("lt1", LIGHT), ("dk2", DEEP), ("lt2", WHITE), ("accent1", AMBER),
                        ("accent2", SKY), ("hlink", SKY), ("folHlink", "B9A7FF")):
        element = scheme.find(qn(f"a:{slot}"))
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, qn("a:srgbClr")).set("val", value)
    fonts = theme.find(f".//{qn('a:fontScheme')}")
    fonts.set("name", "Night Owl")
    fonts.find(f"{qn('a:majorFont')}/{qn('a:latin')}").set("typeface", HEADING_FONT)
    fonts.find(f"{qn('a:minorFont')}/{qn('a:latin')}").set("typeface", BODY_FONT)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    # A dark theme: the background is the dark colour, text the light one (as PowerPoint's dark themes do).
    clr_map = master._element.find(qn("p:clrMap"))
    clr_map.set("bg1", "dk1")
    clr_map.set("tx1", "lt1")
    clr_map.set("bg2", "dk2")
    clr_map.set("tx2", "lt2")
    # Headings in tx2 (white), not in the body's colour, and set flush left.
    title_level = master._element.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    title_level.set("algn", "l")
    title_level.find(f"{qn('a:defRPr')}/{qn('a:solidFill')}/{qn('a:schemeClr')}").set("val", "tx2")
    c_sld = master._element.find(qn("p:cSld"))
    bg = c_sld.find(qn("p:bg"))
    bg_pr = etree.Element(qn("p:bgPr"))
    fill = etree.SubElement(bg_pr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:schemeClr")).set("val", "bg1")
    etree.SubElement(bg_pr, qn("a:effectLst"))
    for child in list(bg):
        bg.remove(child)
    bg.append(bg_pr)


def design_master(prs) -> None:
    master = prs.slide_master
    margin = Inches(0.6)
    by_type = {ph.placeholder_format.type.name: ph for ph in master.placeholders}
    # The title leaves the top-right corner free: the logo sits there on every slide.
    set_xfrm(by_type["TITLE"], margin, Inches(0.35), WIDTH - 2 * margin - Inches(1.9), Inches(1.1))
    by_type["TITLE"].text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    set_xfrm(by_type["BODY"], margin, Inches(1.65), WIDTH - 2 * margin, Inches(5.1))
    set_xfrm(by_type["FOOTER"], margin, Inches(6.95), Inches(8), Inches(0.4))
    set_xfrm(by_type["SLIDE_NUMBER"], WIDTH - margin - Inches(1.2), Inches(6.95), Inches(1.2), Inches(0.4))
    for key in ("FOOTER", "SLIDE_NUMBER"):
        for paragraph in by_type[key].text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT if key == "FOOTER" else PP_ALIGN.RIGHT
    # No date on this company's slides.
    by_type["DATE"]._element.getparent().remove(by_type["DATE"]._element)
    # The company's amber rule across the top of every slide.
    bar = etree.fromstring(
        f'<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<p:nvSpPr><p:cNvPr id="90" name="Night Owl rule"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{int(WIDTH)}" cy="{int(Inches(0.09))}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    master.shapes._spTree.insert(2, bar)  # behind the placeholders


def design_layouts(prs) -> None:
    master = prs.slide_master
    layouts = list(prs.slide_layouts)
    id_list = master._element.find(qn("p:sldLayoutIdLst"))
    for index, layout in enumerate(layouts):
        if index not in KEEP:
            for entry in id_list:
                if master.part.related_part(entry.get(qn("r:id"))) is layout.part:
                    master.part.drop_rel(entry.get(qn("r:id")))
                    id_list.remove(entry)
                    break
            continue
        layout._element.find(qn("p:cSld")).set("name", KEEP[index])
        for run_props in layout._element.iter(qn("a:defRPr")):
            run_props.attrib.pop("cap", None)  # chapter titles as written, not in capitals
        for ph in list(layout.placeholders):
            kind = ph.placeholder_format.type.name
            if kind == "DATE":
                ph._element.getparent().remove(ph._element)
            elif index == 0 and kind in ("CENTER_TITLE", "SUBTITLE"):
                set_text_box(ph, COVER_TITLE if kind == "CENTER_TITLE" else COVER_SUBTITLE, "ctr",
                             "b" if kind == "CENTER_TITLE" else "t")
            elif index == 2 and kind in ("TITLE", "BODY"):
                set_text_box(ph, CHAPTER_TITLE if kind == "TITLE" else CHAPTER_BUDGET, "l",
                             "t" if kind == "TITLE" else "b")
            elif kind in ("TITLE",) and index in (1, 5, 8):
                master_title = next(p for p in master.placeholders if p.placeholder_format.type.name == "TITLE")
                set_xfrm(ph, master_title.left, master_title.top, master_title.width, master_title.height)
            elif kind in ("OBJECT",) and index == 1:
                master_body = next(p for p in master.placeholders if p.placeholder_format.type.name == "BODY")
                set_xfrm(ph, master_body.left, master_body.top, master_body.width, master_body.height)
            elif index == 8 and kind == "PICTURE":
                master_body = next(p for p in master.placeholders if p.placeholder_format.type.name == "BODY")
                set_xfrm(ph, master_body.left, master_body.top, master_body.width, master_body.height)
            elif index == 8 and kind == "BODY":
                ph._element.getparent().remove(ph._element)  # no caption: the picture has the room
            elif kind in ("FOOTER", "SLIDE_NUMBER"):
                source = next(p for p in master.placeholders if p.placeholder_format.type.name == kind)
                set_xfrm(ph, source.left, source.top, source.width, source.height)
                for paragraph in ph.text_frame.paragraphs:
                    paragraph.alignment = PP_ALIGN.LEFT if kind == "FOOTER" else PP_ALIGN.RIGHT


def add_samples(prs) -> None:
    """Sample slides like a real company template has; confdeck removes them."""
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = "Sample: your talk title"
    cover.placeholders[1].text = "Delete this slide before presenting"
    body = prs.slides.add_slide(prs.slide_layouts[1])
    body.shapes.title.text = "Sample: heading"
    body.placeholders[1].text = "Sample bullet"


def build(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    draw_logo(folder / "logo.png")
    prs = Presentation()
    scale_all(prs)
    write_theme(prs)
    design_master(prs)
    design_layouts(prs)
    add_samples(prs)
    prs.core_properties.title = "Night Owl Consulting master"
    prs.core_properties.author = "confdeck tools/make_nightowl.py"
    prs.save(folder / "master.pptx")


if __name__ == "__main__":
    build(FOLDER)
    print(f"wrote {FOLDER / 'master.pptx'} and {FOLDER / 'logo.png'}")
