"""Text runs and paragraph spacing for PowerPoint, written as DrawingML XML directly.

Setting a run's font through python-pptx's properties (size, name, bold, colour,
strike, hyperlink) costs a dozen schema-ordered child look-ups and inserts per
run, and a paragraph's spacing about 0.2 ms; for a deck of a few thousand
paragraphs that was most of the build. These functions write the same elements
directly, in the order the DrawingML schema wants. CONFDECK_PPTX_STOCK=1 uses
the python-pptx properties instead (the tests compare the two).
"""
from __future__ import annotations

import re

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.oxml.simpletypes import ST_TextSpacingPercentOrPercentString, ST_TextSpacingPoint
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.util import Length, Pt

from confdeck.render.pptx_package import use_stock

_R, _RPR, _T = qn("a:r"), qn("a:rPr"), qn("a:t")
_SOLID, _SRGB, _LATIN, _HLINK = qn("a:solidFill"), qn("a:srgbClr"), qn("a:latin"), qn("a:hlinkClick")
_END_PARA, _P, _BR = qn("a:endParaRPr"), qn("a:p"), qn("a:br")
_R_ID = qn("r:id")
_PPR, _LN_SPC, _SPC_BEF, _SPC_AFT = qn("a:pPr"), qn("a:lnSpc"), qn("a:spcBef"), qn("a:spcAft")
_SPC_PTS, _SPC_PCT = qn("a:spcPts"), qn("a:spcPct")
# Children of a:pPr (CT_TextParagraphProperties) in schema order: lnSpc, spcBef, spcAft, then these.
_AFTER_SPC_AFT = frozenset(qn(tag) for tag in (
    "a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct", "a:buSzPts", "a:buFontTx", "a:buFont",
    "a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip", "a:tabLst", "a:defRPr", "a:extLst"))
_AFTER_SPC_BEF = _AFTER_SPC_AFT | {_SPC_AFT}
_AFTER_LN_SPC = _AFTER_SPC_BEF | {_SPC_BEF}
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


def set_spacing(paragraph, before_pt: float, after_pt: float, line) -> None:
    """Space before and after the paragraph (points) and its line spacing (a Length, or a multiple of single),
    as python-pptx's space_before, space_after and line_spacing would set them."""
    if use_stock():
        paragraph.space_before = Pt(before_pt)
        paragraph.space_after = Pt(after_pt)
        paragraph.line_spacing = line
        return
    p = paragraph._p
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = etree.SubElement(p, _PPR)
        if len(p) > 1:
            p.insert(0, ppr)   # a:pPr comes first in a:p
    _set_points(ppr, _SPC_BEF, _AFTER_SPC_BEF, before_pt)
    _set_points(ppr, _SPC_AFT, _AFTER_SPC_AFT, after_pt)
    old = ppr.find(_LN_SPC)
    if old is not None:
        ppr.remove(old)
    ln_spc = _insert_before(ppr, _LN_SPC, _AFTER_LN_SPC)
    if isinstance(line, Length):
        etree.SubElement(ln_spc, _SPC_PTS).set("val", ST_TextSpacingPoint.convert_to_xml(line))
    else:
        etree.SubElement(ln_spc, _SPC_PCT).set("val", ST_TextSpacingPercentOrPercentString.convert_to_xml(line))


def _set_points(ppr, tag: str, successors: frozenset, points: float) -> None:
    """`<a:spcBef>`/`<a:spcAft>` holding a size in points (replacing what was there)."""
    spacing = ppr.find(tag)
    if spacing is None:
        spacing = _insert_before(ppr, tag, successors)
    else:
        for child in list(spacing):
            spacing.remove(child)
    etree.SubElement(spacing, _SPC_PTS).set("val", ST_TextSpacingPoint.convert_to_xml(Pt(points)))


def _insert_before(parent, tag: str, successors: frozenset):
    """A new child `tag` placed before the first existing child the schema wants after it."""
    element = etree.SubElement(parent, tag)
    for child in parent:
        if child.tag in successors:
            child.addprevious(element)
            break
    return element


def set_text(txBody, text: str) -> None:
    """What python-pptx's TextFrame.text setter writes: a paragraph per line, a:br for a vertical tab,
    a plain run for each piece."""
    for paragraph in txBody.findall(_P):
        txBody.remove(paragraph)
    for line in text.split("\n"):
        paragraph = etree.SubElement(txBody, _P)
        for index, piece in enumerate(line.split("\v")):
            if index:
                etree.SubElement(paragraph, _BR)
            if piece:
                etree.SubElement(etree.SubElement(paragraph, _R), _T).text = _xml_safe(piece)


def set_title_text(frame, text: str, size_pt: float | None, font: str | None, color, bold: bool | None,
                   align=None, cap_none: bool = False) -> None:
    """A title's text (a paragraph per line) with one run style, wrapping on; what python-pptx's
    TextFrame.text, paragraph.alignment and run.font setters would write."""
    if use_stock():
        frame.text = text
        frame.word_wrap = True
        for paragraph in frame.paragraphs:
            if align is not None:
                paragraph.alignment = align
            for run in paragraph.runs:
                if cap_none:
                    run._r.get_or_add_rPr().set("cap", "none")
                if font:
                    run.font.name = font
                if color is not None:
                    run.font.color.rgb = color
                run.font.bold = bold
                if size_pt:
                    run.font.size = Pt(size_pt)
        return
    txBody = frame._txBody
    set_text(txBody, text)
    txBody.bodyPr.set("wrap", "square")
    algn = type(align).to_xml(align) if align is not None else None
    for paragraph in txBody.findall(_P):
        if algn is not None:
            ppr = paragraph.find(_PPR)
            if ppr is None:
                ppr = etree.SubElement(paragraph, _PPR)
                paragraph.insert(0, ppr)
            ppr.set("algn", algn)
        for run in paragraph.findall(_R):
            rpr = etree.SubElement(run, _RPR)
            run.insert(0, rpr)
            if cap_none:
                rpr.set("cap", "none")
            if bold is not None:
                rpr.set("b", "1" if bold else "0")
            if size_pt:
                rpr.set("sz", str(int(Pt(size_pt).centipoints)))
            if color is not None:
                etree.SubElement(etree.SubElement(rpr, _SOLID), _SRGB).set("val", str(color))
            if font:
                etree.SubElement(rpr, _LATIN).set("typeface", font)


_AUTOFITS = (qn("a:noAutofit"), qn("a:normAutofit"), qn("a:spAutoFit"))
_AFTER_AUTOFIT = frozenset(qn(tag) for tag in ("a:scene3d", "a:sp3d", "a:flatTx", "a:extLst"))
_INSET_DEFAULTS = (("lIns", 91440), ("rIns", 91440), ("tIns", 45720), ("bIns", 45720))
_XFRM, _OFF, _EXT = qn("a:xfrm"), qn("a:off"), qn("a:ext")


def set_frame(frame, wrap: bool = False, no_autofit: bool = False, anchor=None, inset=None) -> None:
    """Text-frame settings as python-pptx's word_wrap, auto_size = NONE, vertical_anchor and margin_*
    setters write them (only those asked for)."""
    if use_stock():
        if wrap:
            frame.word_wrap = True
        if no_autofit:
            frame.auto_size = MSO_AUTO_SIZE.NONE
        if anchor is not None:
            frame.vertical_anchor = anchor
        if inset is not None:
            frame.margin_left = frame.margin_right = inset
            frame.margin_top = frame.margin_bottom = inset
        return
    body_pr = frame._txBody.bodyPr
    if wrap:
        body_pr.set("wrap", "square")
    if no_autofit:
        for old in list(body_pr):
            if old.tag in _AUTOFITS:
                body_pr.remove(old)
        _insert_before(body_pr, _AUTOFITS[0], _AFTER_AUTOFIT)
    if anchor is not None:
        body_pr.set("anchor", MSO_ANCHOR.to_xml(anchor))
    if inset is not None:
        for name, default in _INSET_DEFAULTS:
            if int(inset) == default:        # python-pptx leaves a default value out
                body_pr.attrib.pop(name, None)
            else:
                body_pr.set(name, str(int(inset)))


def place_shape(shape, left: int, top: int, width: int, height: int) -> None:
    """A shape's position and size (EMU), as python-pptx's left/top/width/height setters write them."""
    if use_stock():
        shape.left, shape.top, shape.width, shape.height = left, top, width, height
        return
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
