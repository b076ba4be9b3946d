"""Titles, notes text and text-frame settings for PowerPoint, written as DrawingML XML directly.

Setting these through python-pptx's properties costs a dozen schema-ordered
child look-ups and inserts each, once per slide. These functions write the
same elements directly, in the order the DrawingML schema wants (the tests
compare with what the python-pptx properties write). Body paragraphs are
written in drawingml.py.
"""
from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn
from pptx.enum.text import MSO_ANCHOR

from confdeck.powerpoint.drawingml import replace_paragraphs, text_paragraphs_xml, title_run_properties


def insert_before(parent, tag: str, successors: frozenset):
    """A new child `tag` placed before the first existing child the schema wants after it."""
    element = etree.SubElement(parent, tag)
    for child in parent:
        if child.tag in successors:
            child.addprevious(element)
            break
    return element


def set_title_text(frame, text: str, size_pt: float | None, font: str | None, color, bold: bool | None,
                   align=None, cap_none: bool = False, later: dict[bytes, bytes] | None = None) -> None:
    """A title's text (a paragraph per line) with one run style, wrapping on; what python-pptx's
    TextFrame.text, paragraph.alignment and run.font setters would write. `later`: see
    drawingml.replace_paragraphs."""
    tx_body = frame._txBody
    tx_body.bodyPr.set("wrap", "square")
    replace_paragraphs(tx_body, title_paragraphs_xml(text, size_pt, font, color, bold, align, cap_none), later)


def title_paragraphs_xml(text: str, size_pt: float | None, font: str | None, color, bold: bool | None,
                         align=None, cap_none: bool = False) -> str:
    """The paragraphs set_title_text writes, as XML text."""
    paragraph_properties = f'<a:pPr algn="{type(align).to_xml(align)}"/>' if align is not None else ""
    run_properties = title_run_properties(size_pt, font, color, bold, cap_none)
    return text_paragraphs_xml(text, paragraph_properties, run_properties)


def set_plain_text(frame, text: str, size_pt: float, font: str | None, color,
                   later: dict[bytes, bytes] | None = None, align: str | None = None) -> None:
    """Unbulleted lines, every run in one size, font and colour (None leaves font or colour to the master);
    what python-pptx's TextFrame.text and run.font setters write, with marL and indent 0 and a:buNone;
    `align` (l, ctr, r) sets the paragraphs' alignment, None leaves it to the master."""
    algn = f' algn="{align}"' if align else ""
    paragraph_properties = f'<a:pPr marL="0" indent="0"{algn}><a:buNone/></a:pPr>'
    run_properties = title_run_properties(size_pt, font, color, None)
    replace_paragraphs(frame._txBody, text_paragraphs_xml(text, paragraph_properties, run_properties), later)


_AUTOFITS = (qn("a:noAutofit"), qn("a:normAutofit"), qn("a:spAutoFit"))
_AFTER_AUTOFIT = frozenset(qn(tag) for tag in ("a:scene3d", "a:sp3d", "a:flatTx", "a:extLst"))
_INSET_DEFAULTS = (("lIns", 91440), ("rIns", 91440), ("tIns", 45720), ("bIns", 45720))
_XFRM, _OFF, _EXT = qn("a:xfrm"), qn("a:off"), qn("a:ext")


def set_frame(frame, wrap: bool = False, no_autofit: bool = False, anchor=None, inset=None, sides=None) -> None:
    """Text-frame settings as python-pptx's word_wrap, auto_size = NONE, vertical_anchor and margin_*
    setters write them (only those asked for); sides: (left, right) insets alone."""
    body_pr = frame._txBody.bodyPr
    if wrap:
        body_pr.set("wrap", "square")
    if no_autofit:
        for old in list(body_pr):
            if old.tag in _AUTOFITS:
                body_pr.remove(old)
        insert_before(body_pr, _AUTOFITS[0], _AFTER_AUTOFIT)
    if anchor is not None:
        body_pr.set("anchor", MSO_ANCHOR.to_xml(anchor))
    if inset is not None:
        for name, default in _INSET_DEFAULTS:
            if int(inset) == default:        # python-pptx leaves a default value out
                body_pr.attrib.pop(name, None)
            else:
                body_pr.set(name, str(int(inset)))
    if sides is not None:
        body_pr.set("lIns", str(int(sides[0])))
        body_pr.set("rIns", str(int(sides[1])))


def place_shape(shape, left: int, top: int, width: int, height: int) -> None:
    """A shape's position and size (EMU), as python-pptx's left/top/width/height setters write them."""
    sp_pr = shape._element.spPr
    xfrm = sp_pr.find(_XFRM)
    if xfrm is None:
        xfrm = etree.SubElement(sp_pr, _XFRM)
        sp_pr.insert(0, xfrm)    # a:xfrm comes first in spPr
    off = xfrm.find(_OFF)
    if off is None:
        off = etree.SubElement(xfrm, _OFF)
        xfrm.insert(0, off)
    ext = xfrm.find(_EXT)
    if ext is None:
        ext = etree.SubElement(xfrm, _EXT)
        off.addnext(ext)
    off.set("x", str(int(left)))
    off.set("y", str(int(top)))
    ext.set("cx", str(int(width)))
    ext.set("cy", str(int(height)))
