"""Build the masters of the built-in looks `midnight` and `bold` (templates/<name>/master.pptx).

Each master is made here with python-pptx from its own blank presentation
(nothing copied from elsewhere): a theme with the look's colours and fonts,
six layouts (title, content, section, title only, blank, picture) with their
placeholders where the look wants them, and plain solid shapes for the design
(bands, panels, rules). confdeck draws the same shapes in the HTML deck from
the master, so the two decks look alike; the look's deck.css places the title
and section text where these layouts have it.
Run: python tools/make_looks.py
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Inches

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
WIDTH, HEIGHT = 13.333, 7.5
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"

# python-pptx's layout index → the look's name for it; the other layouts are deleted.
KEEP = {0: "Title", 1: "Title and Content", 2: "Section", 5: "Title Only", 6: "Blank", 8: "Picture"}


@dataclass
class Text:
    """Where a placeholder sits and how its text is set (inches, points, #RRGGBB)."""
    box: tuple[float, float, float, float]
    size: int
    color: str
    bold: bool = False
    anchor: str = "t"          # t / ctr / b
    align: str = "l"


@dataclass
class Design:
    name: str
    description: str
    colors: dict[str, str]     # theme: background, text, heading, accent, link, panel
    heading_font: str
    body_font: str
    content_title: Text
    content_body: Text
    footer: Text
    number: Text
    master_shapes: list = field(default_factory=list)   # (box, colour) on every content slide
    title_title: Text | None = None
    title_subtitle: Text | None = None
    title_shapes: list = field(default_factory=list)
    section_title: Text | None = None
    section_budget: Text | None = None
    section_shapes: list = field(default_factory=list)
    extra_css: str = ""        # the rest of the look's deck.css; {colour names} filled in


def _hex(color: str) -> str:
    return color.lstrip("#").upper()


MIDNIGHT = dict(background="#10151E", text="#E6EBF2", heading="#FFFFFF", accent="#2DD4BF", link="#7CC4FF",
                panel="#1A2230", muted="#B4BFCE")
BOLD = dict(background="#FFFFFF", text="#1B1930", heading="#4C1D95", accent="#E11D74", link="#1D4ED8",
            panel="#4C1D95", second="#F59E0B", pale="#EDE9FE", muted="#5B5670")


def midnight() -> Design:
    c = MIDNIGHT
    return Design(
        "midnight", "dark slides, teal accent, big clear type: for bright projectors and dim rooms", c,
        "Arial", "Arial",
        content_title=Text((0.6, 0.25, WIDTH - 1.2, 1.2), 40, c["heading"], bold=True, anchor="b"),
        content_body=Text((0.6, 1.62, WIDTH - 1.2, 5.33), 28, c["text"]),
        footer=Text((0.6, 6.98, 8.0, 0.36), 12, c["muted"], anchor="ctr"),
        number=Text((WIDTH - 1.8, 6.98, 1.2, 0.36), 12, c["muted"], anchor="ctr", align="r"),
        master_shapes=[((0.6, 1.5, 0.9, 0.06), c["accent"])],
        title_title=Text((1.0, 1.9, WIDTH - 2.0, 2.3), 44, c["heading"], bold=True, anchor="b"),
        title_subtitle=Text((1.0, 4.65, WIDTH - 2.0, 1.8), 22, c["muted"]),
        title_shapes=[((0, 0, 0.3, HEIGHT), c["accent"]), ((0.3, 6.55, WIDTH - 0.3, 0.95), c["panel"]),
                      ((1.0, 4.36, 1.6, 0.08), c["accent"])],
        section_title=Text((1.0, 2.1, WIDTH - 2.0, 2.1), 40, c["heading"], bold=True, anchor="b"),
        section_budget=Text((1.0, 4.62, WIDTH - 2.0, 0.8), 24, c["accent"]),
        section_shapes=[((0, 0, WIDTH, HEIGHT), c["panel"]), ((0, 0, 0.3, HEIGHT), c["accent"]),
                        ((1.0, 4.36, 1.2, 0.08), c["accent"])],
    )


def bold() -> Design:
    c = BOLD
    return Design(
        "bold", "white slides, violet and magenta panels, amber rules: colourful and high contrast", c,
        "Calibri", "Calibri",
        content_title=Text((0.6, 0.25, WIDTH - 1.2, 1.2), 40, c["heading"], bold=True, anchor="b"),
        content_body=Text((0.6, 1.62, WIDTH - 1.2, 5.33), 28, c["text"]),
        footer=Text((0.6, 6.98, 8.0, 0.36), 12, c["muted"], anchor="ctr"),
        number=Text((WIDTH - 1.8, 6.98, 1.2, 0.36), 12, c["muted"], anchor="ctr", align="r"),
        master_shapes=[((0, 0, WIDTH, 0.16), c["panel"]), ((0.6, 1.5, 0.9, 0.07), c["accent"])],
        title_title=Text((0.9, 1.7, 9.1, 2.5), 44, "#FFFFFF", bold=True, anchor="b"),
        title_subtitle=Text((0.9, 4.65, 9.1, 1.8), 22, c["pale"]),
        title_shapes=[((0, 0, WIDTH, HEIGHT), c["panel"]), ((10.5, 0, WIDTH - 10.5, HEIGHT), c["accent"]),
                      ((10.5, 0, 0.18, HEIGHT), c["second"]), ((0.9, 4.36, 1.6, 0.09), c["second"])],
        section_title=Text((1.0, 2.1, WIDTH - 2.0, 2.1), 40, "#FFFFFF", bold=True, anchor="b"),
        section_budget=Text((1.0, 4.62, WIDTH - 2.0, 0.8), 24, "#FCD34D"),
        section_shapes=[((0, 0, WIDTH, HEIGHT), c["panel"]), ((0, 0, 0.35, HEIGHT), c["accent"]),
                        ((1.0, 4.36, 1.2, 0.09), c["second"])],
    )


# -- building blocks ---------------------------------------------------------------

def place(shape, box) -> None:
    left, top, width, height = box
    shape.left, shape.top, shape.width, shape.height = Inches(left), Inches(top), Inches(width), Inches(height)


def style_text(shape, text: Text) -> None:
    """Position, anchor, alignment, size, weight and colour of a placeholder, in its own list style."""
    place(shape, text.box)
    frame = shape.text_frame
    frame.vertical_anchor = {"t": MSO_ANCHOR.TOP, "ctr": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}[text.anchor]
    body = shape._element.find(qn("p:txBody"))
    body_pr = body.find(qn("a:bodyPr"))
    for inset in ("lIns", "tIns", "rIns", "bIns"):   # text starts at the box's edge, as in the HTML deck
        body_pr.set(inset, "0")
    old = body.find(qn("a:lstStyle"))
    style = etree.Element(qn("a:lstStyle"))
    if old is not None:
        body.replace(old, style)
    else:
        body.insert(1, style)
    level = etree.SubElement(style, qn("a:lvl1pPr"), algn=text.align)
    if text.box[3] < 1.2:           # one-line boxes: no bullet
        etree.SubElement(level, qn("a:buNone"))
    run = etree.SubElement(level, qn("a:defRPr"), sz=str(text.size * 100), b="1" if text.bold else "0", cap="none")
    fill = etree.SubElement(run, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=_hex(text.color))


def add_rect(holder, box, color: str, number: int, front: bool = False) -> None:
    """A plain solid rectangle (drawn behind the placeholders unless front)."""
    left, top, width, height = (int(Inches(v)) for v in box)
    rect = etree.fromstring(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}">'
        f'<p:nvSpPr><p:cNvPr id="{100 + number}" name="Design {number}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{_hex(color)}"/></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    tree = holder.shapes._spTree
    tree.insert(len(tree) if front else 2 + number, rect)


def write_theme(prs, design: Design) -> None:
    master = prs.slide_master
    part = master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    theme.set("name", design.name)
    scheme = theme.find(f".//{qn('a:clrScheme')}")
    scheme.set("name", design.name)
    c = design.colors
    # Standard mapping (bg1 = lt1, tx1 = dk1): lt1 is the slide's background even when it is dark.
    slots = {"dk1": c["text"], "lt1": c["background"], "dk2": c["heading"], "lt2": c.get("panel", c["background"]),
             "accent1": c["accent"], "accent2": c.get("second", c["link"]), "hlink": c["link"],
             "folHlink": c["link"]}
    for slot, value in slots.items():
        element = scheme.find(qn(f"a:{slot}"))
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, qn("a:srgbClr")).set("val", _hex(value))
    fonts = theme.find(f".//{qn('a:fontScheme')}")
    fonts.set("name", design.name)
    fonts.find(f"{qn('a:majorFont')}/{qn('a:latin')}").set("typeface", design.heading_font)
    fonts.find(f"{qn('a:minorFont')}/{qn('a:latin')}").set("typeface", design.body_font)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    # The master's own background: the look's background colour, solid.
    c_sld = master._element.find(qn("p:cSld"))
    bg = c_sld.find(qn("p:bg"))
    for child in list(bg):
        bg.remove(child)
    bg_pr = etree.SubElement(bg, qn("p:bgPr"))
    fill = etree.SubElement(bg_pr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", _hex(c["background"]))
    etree.SubElement(bg_pr, qn("a:effectLst"))
    # Body text and headings in the look's colours, headings bold and flush left.
    styles = master._element.find(qn("p:txStyles"))
    for style_name, color, bold_ in (("p:titleStyle", c["heading"], True), ("p:bodyStyle", c["text"], False)):
        for level in styles.find(qn(style_name)):
            run = level.find(qn("a:defRPr"))
            if run is None:
                continue
            if style_name == "p:titleStyle":
                level.set("algn", "l")
                run.set("b", "1" if bold_ else "0")
            old = run.find(qn("a:solidFill"))
            if old is not None:
                run.remove(old)
            fill = etree.Element(qn("a:solidFill"))
            etree.SubElement(fill, qn("a:srgbClr")).set("val", _hex(color))
            run.insert(0, fill)


def placeholders(holder) -> dict:
    return {ph.placeholder_format.type.name: ph for ph in holder.placeholders}


def design_master(prs, design: Design) -> None:
    master = prs.slide_master
    by_type = placeholders(master)
    style_text(by_type["TITLE"], design.content_title)
    place(by_type["BODY"], design.content_body.box)
    style_text(by_type["FOOTER"], design.footer)
    style_text(by_type["SLIDE_NUMBER"], design.number)
    by_type["DATE"]._element.getparent().remove(by_type["DATE"]._element)
    for number, (box, color) in enumerate(design.master_shapes):
        add_rect(master, box, color, number)


def design_layouts(prs, design: Design) -> None:
    master = prs.slide_master
    id_list = master._element.find(qn("p:sldLayoutIdLst"))
    for index, layout in enumerate(list(prs.slide_layouts)):
        if index not in KEEP:
            for entry in id_list:
                if master.part.related_part(entry.get(qn("r:id"))) is layout.part:
                    master.part.drop_rel(entry.get(qn("r:id")))
                    id_list.remove(entry)
                    break
            continue
        layout._element.find(qn("p:cSld")).set("name", KEEP[index])
        own = {0: (design.title_title, design.title_subtitle, design.title_shapes),
               2: (design.section_title, design.section_budget, design.section_shapes)}.get(index)
        if own is not None:
            layout._element.set("showMasterSp", "0")   # its own design instead of the content slides'
            for number, (box, color) in enumerate(own[2]):
                add_rect(layout, box, color, number)
        for ph in list(layout.placeholders):
            kind = ph.placeholder_format.type.name
            if kind == "DATE" or (index == 8 and kind == "BODY"):
                ph._element.getparent().remove(ph._element)   # no date; the picture needs no caption
            elif kind in ("TITLE", "CENTER_TITLE"):
                style_text(ph, own[0] if own else design.content_title)
            elif kind in ("SUBTITLE", "BODY") and own is not None:
                style_text(ph, own[1])
            elif kind in ("OBJECT", "PICTURE"):
                place(ph, design.content_body.box)
            elif kind == "FOOTER":
                style_text(ph, design.footer)
            elif kind == "SLIDE_NUMBER":   # on a panel, in the panel's text colour
                style_text(ph, replace(design.number, color=own[1].color) if own else design.number)


# -- the HTML half of the look -------------------------------------------------------------

CSS_HEAD = """/* The {name} look (written by tools/make_looks.py from the same numbers as master.pptx; edit
   the tool, not this file). Bands and panels come from the master; here the title and section
   text sit where the master's layouts put them, in the layouts' colours. */
"""


def _css_box(text: Text) -> str:
    left, top, width, height = text.box
    align = {"t": "flex-start", "ctr": "center", "b": "flex-end"}[text.anchor]
    return (f"position: absolute; left: {left}in; top: {top}in; width: {width}in; height: {height}in; margin: 0;\n"
            f"  display: flex; flex-direction: column; justify-content: {align}; color: {text.color};\n"
            f"  font-size: {text.size}pt; line-height: 1.2; text-align: left;")


def look_css(design: Design) -> str:
    c = design.colors
    title, subtitle = design.title_title, design.title_subtitle
    section, budget = design.section_title, design.section_budget
    rules = [CSS_HEAD.format(name=design.name)]
    rules.append(f""".reveal section.title-slide {{ display: block !important;
  padding: {subtitle.box[1]}in 0 0 {subtitle.box[0]}in; box-sizing: border-box; text-align: left; }}
.reveal section.title-slide h1 {{ {_css_box(title)} }}
.reveal section.title-slide .subtitle, .reveal section.title-slide .byline {{ width: {subtitle.box[2]}in;
  margin: 0; font-size: {subtitle.size}pt; line-height: 1.2; color: {subtitle.color}; }}
.reveal section.title-slide img.logo, .reveal section.title-slide .missing-image.logo {{ position: absolute;
  left: calc(50% - 2in); top: 0.4in; width: 4in; height: 1.7in; object-fit: contain; margin: 0; }}
.reveal section.section-slide {{ display: block !important; padding: {budget.box[1]}in 0 0 {budget.box[0]}in;
  box-sizing: border-box; }}
.reveal section.section-slide h2 {{ {_css_box(section)} }}
.reveal section.section-slide .budget {{ margin: 0; font-size: {budget.size}pt; line-height: 1.2;
  color: {budget.color}; }}
.reveal section.section-slide .cd-slide-number {{ color: {budget.color}; }}
""")
    return "".join(rules) + design.extra_css.format(**c)


def build(design: Design) -> Path:
    folder = TEMPLATES / design.name
    folder.mkdir(parents=True, exist_ok=True)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(WIDTH), Inches(HEIGHT)
    write_theme(prs, design)
    design_master(prs, design)
    design_layouts(prs, design)
    prs.core_properties.title = f"confdeck {design.name} look"
    prs.core_properties.author = "confdeck tools/make_looks.py"
    prs.save(folder / "master.pptx")
    (folder / "deck.css").write_text(look_css(design), encoding="utf-8")
    return folder / "master.pptx"


DESIGNS = (midnight, bold)

if __name__ == "__main__":
    for make in DESIGNS:
        print(f"wrote {build(make())}")
