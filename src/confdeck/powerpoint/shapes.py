"""Shape and slide settings python-pptx has no public property for."""
from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn

_XFRM = qn("a:xfrm")


def has_own_position(shape) -> bool:
    """Whether the shape sets its own position (a placeholder without one has its layout's)."""
    return shape._element.spPr.find(_XFRM) is not None


def set_description(shape, text: str) -> None:
    """The shape's alternative text (what a screen reader says for a picture)."""
    shape._element.nvPicPr.cNvPr.set("descr", text)


def set_advance_after(pptx_slide, seconds: int) -> None:
    """PowerPoint's "advance after" timing: <p:transition advTm=ms> (a click still advances too)."""
    element = pptx_slide._element
    for old in element.findall(qn("p:transition")):
        element.remove(old)
    transition = etree.SubElement(element, qn("p:transition"))
    transition.set("advTm", str(seconds * 1000))
    # A plain cut looks like no transition at all, and LibreOffice ignores advTm on a transition without one.
    etree.SubElement(transition, qn("p:cut"))
    # The schema wants cSld, clrMapOvr, transition, timing, extLst in that order.
    anchor = element.find(qn("p:clrMapOvr"))
    if anchor is None:
        anchor = element.find(qn("p:cSld"))
    anchor.addnext(transition)


def add_title_placeholder(pptx_slide, left: int, top: int, width: int, height: int):
    """A title placeholder at its own position on a slide whose layout has none (a designed page, a blank
    layout): PowerPoint's outline, screen readers and python-pptx still find the slide's title, and it takes
    the master's title style. Returns the shape."""
    tree = pptx_slide.shapes._spTree
    ids = [int(e.get("id")) for e in tree.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()]
    number = max(ids, default=1) + 1
    a, p = "http://schemas.openxmlformats.org/drawingml/2006/main", \
        "http://schemas.openxmlformats.org/presentationml/2006/main"
    tree.append(etree.fromstring(
        f'<p:sp xmlns:p="{p}" xmlns:a="{a}"><p:nvSpPr><p:cNvPr id="{number}" name="Title {number}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm></p:spPr>'
        f'<p:txBody><a:bodyPr wrap="square"><a:normAutofit/></a:bodyPr><a:lstStyle/><a:p/></p:txBody></p:sp>'))
    return pptx_slide.shapes.title
