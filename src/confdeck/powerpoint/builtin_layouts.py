"""The built-in title and section layouts (a template without a master): placeholders where the look's
OwnDesign puts them, flush left, and its band, rules and panel as plain shapes behind them."""
from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn
from pptx.util import Inches

from confdeck.geometry import Box

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def design_builtin_layouts(chooser, look) -> None:
    design = look.own_design
    if design is None:
        return
    heading, accent = look.colors["heading"], look.colors["accent"]
    title = chooser.layout_for("title")
    _place_text(title.title, design.title, "b")
    if title.subtitle is not None:
        _place_text(title.subtitle, design.subtitle, "t")
    _add_rects(title.layout, [(design.band, heading), (design.title_rule, accent)])
    section = chooser.layout_for("section")
    _place_text(section.title, design.section_title, "b")
    if section.body is not None:
        _place_text(section.body, design.section_budget, "t")
    whole = Box(0, 0, look.geometry.width_in, look.geometry.height_in)
    _add_rects(section.layout, [(whole, design.panel_color), (design.band, heading),
                                (design.section_rule, accent)])


def _place_text(shape, box: Box, anchor: str) -> None:
    """Move a layout placeholder, its text flush left from the box's edges, not in capitals."""
    shape.left, shape.top, shape.width, shape.height = (Inches(v) for v in (box.left, box.top, box.width, box.height))
    body = shape._element.find(qn("p:txBody"))
    body_pr = body.find(qn("a:bodyPr"))
    body_pr.set("anchor", anchor)
    for inset in ("lIns", "tIns", "rIns", "bIns"):
        body_pr.set(inset, "0")
    old = body.find(qn("a:lstStyle"))
    style = etree.Element(qn("a:lstStyle"))
    level = etree.SubElement(style, qn("a:lvl1pPr"), algn="l", marL="0", indent="0")
    etree.SubElement(level, qn("a:buNone"))
    etree.SubElement(level, qn("a:defRPr"), cap="none")
    if old is not None:
        body.replace(old, style)
    else:
        body.insert(1, style)


def _add_rects(layout, rects: list[tuple[Box, str]]) -> None:
    """Solid rectangles behind the layout's placeholders."""
    tree = layout.shapes._spTree
    for number, (box, color) in enumerate(rects):
        x, y, cx, cy = (int(Inches(v)) for v in (box.left, box.top, box.width, box.height))
        rect = etree.fromstring(
            f'<p:sp xmlns:p="{_P}" xmlns:a="{_A}"><p:nvSpPr><p:cNvPr id="{200 + number}" name="Design {number}"/>'
            f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:solidFill><a:srgbClr val="{color.lstrip("#").upper()}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
            f'</p:spPr></p:sp>')
        tree.insert(2 + number, rect)
