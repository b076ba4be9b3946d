"""Formatted text runs for a PowerPoint paragraph, written as XML in one go.

Setting a run's font through python-pptx's properties (size, name, bold, colour,
strike, hyperlink) costs a dozen schema-ordered child look-ups and inserts per
run; for a deck of a few thousand runs that was more than half of the build.
add_run writes the same `<a:r>` element directly: attributes and children in
the order the DrawingML schema wants. CONFDECK_PPTX_STOCK=1 uses the
python-pptx properties instead (the tests compare the two).
"""
from __future__ import annotations

import re

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Pt

from confdeck.render.pptx_package import use_stock

_R, _RPR, _T = qn("a:r"), qn("a:rPr"), qn("a:t")
_SOLID, _SRGB, _LATIN, _HLINK = qn("a:solidFill"), qn("a:srgbClr"), qn("a:latin"), qn("a:hlinkClick")
_END_PARA = qn("a:endParaRPr")
_R_ID = qn("r:id")
_CONTROL = re.compile(r"([\x00-\x08\x0B-\x1F])")


def add_run(paragraph, text: str, size_pt: float, font: str | None, color, bold: bool = False,
            italic: bool = False, strike: bool = False, href: str | None = None, link_color=None) -> None:
    """Append one formatted run to a python-pptx paragraph; font or colours None leave them to the template."""
    if use_stock():
        _add_run_stock(paragraph, text, size_pt, font, color, bold, italic, strike, href, link_color)
        return
    p = paragraph._p
    run = etree.SubElement(p, _R)   # created inside the paragraph's document: moving elements between documents is slow
    end = p.find(_END_PARA)
    if end is not None:
        end.addprevious(run)
    rpr = etree.SubElement(run, _RPR)
    rpr.set("sz", str(int(Pt(size_pt).centipoints)))
    if bold:
        rpr.set("b", "1")
    if italic:
        rpr.set("i", "1")
    if href:
        rpr.set("u", "sng")
    if strike:
        rpr.set("strike", "sngStrike")
    fill = link_color if href and link_color is not None else color
    if fill is not None:
        etree.SubElement(etree.SubElement(rpr, _SOLID), _SRGB).set("val", str(fill))
    if font:
        etree.SubElement(rpr, _LATIN).set("typeface", font)
    if href:
        rId = paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
        etree.SubElement(rpr, _HLINK).set(_R_ID, rId)
    etree.SubElement(run, _T).text = _xml_safe(text)


def _add_run_stock(paragraph, text, size_pt, font, color, bold, italic, strike, href, link_color) -> None:
    pptx_run = paragraph.add_run()
    pptx_run.text = text
    font_obj = pptx_run.font
    font_obj.size = Pt(size_pt)
    if font:
        font_obj.name = font
    font_obj.bold = bold or None
    font_obj.italic = italic or None
    if color is not None:
        font_obj.color.rgb = color
    if strike:
        pptx_run._r.get_or_add_rPr().set("strike", "sngStrike")
    if href:
        pptx_run.hyperlink.address = href
        if link_color is not None:
            font_obj.color.rgb = link_color
        font_obj.underline = True


def _xml_safe(text: str) -> str:
    """What python-pptx's run.text setter stores: control characters other than tab and newline escaped."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda match: "_x%04X_" % ord(match.group(1)), text)
