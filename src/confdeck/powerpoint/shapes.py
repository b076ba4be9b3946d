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
