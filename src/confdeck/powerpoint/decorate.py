"""What a template puts on every slide: footer, slide number, date and logo.

A company master's own footer, slide-number and date placeholders are filled
where its layouts have them (PowerPoint copies them onto a slide the same way
when "Header & Footer" is switched on); only where it has none do we place a
footer line and the logo ourselves.
"""
from __future__ import annotations

import copy
import uuid

from lxml import etree
from pptx.oxml.ns import qn
from pptx.util import Inches

from confdeck.geometry import Box, fit
from confdeck.powerpoint.layout_frames import footers_clear_of_logos
from confdeck.powerpoint.master_footer import MasterFooter, build_day, own_paragraphs
from confdeck.templates import format_footer

PH_TYPES = {"ftr": "ftr", "sldNum": "sldNum", "dt": "dt"}
# Instead of a placeholder's runs: the master's own text, the layout's or else the master's (see master_footer),
# or only the master's (LibreOffice's files, whose layouts all say "Footer").
KEEP_MASTER_TEXT, KEEP_MASTERS_OWN_TEXT = "the layout's or master's own text", "the master's own text"


def slide_decorations(look, deck, info, kind: str, number: int) -> tuple:
    """What the template puts on this slide, as data: ("placeholder", layout placeholder, runs, font),
    ("footer", runs), ("rule", box, colour) or ("logo", path, box, align) items, in drawing order."""
    items: list[tuple] = []
    is_title = kind == "title"
    if not is_title:
        using_master = look.master is not None
        own = look.master_footer or MasterFooter(None, None, None, None, None)   # the master's own footer text
        keep = KEEP_MASTER_TEXT if own.trust_layout else KEEP_MASTERS_OWN_TEXT
        body_font = look.fonts.get("body")
        moved = footers_clear_of_logos(info, look.geometry.width_in, look.geometry.height_in) if using_master else {}
        if look.footer_text:
            if using_master and "ftr" in info.footers:
                items.append(("placeholder", info.footers["ftr"], _footer_runs(look.footer_text, deck, number),
                              body_font, moved.get("ftr")))
            else:
                items.append(("footer", _footer_runs(look.footer_text, deck, number)))
        elif using_master and "ftr" in info.footers and own.footer_text and _has_own_text(info.footers["ftr"], keep):
            # no footer set: the master's own footer text
            items.append(("placeholder", info.footers["ftr"], keep, body_font, moved.get("ftr")))
        # A footer that numbers the slide itself takes the place of the master's number: never two numbers.
        if using_master and "sldNum" in info.footers and "{slide}" not in (look.footer_text or ""):
            items.append(("placeholder", info.footers["sldNum"], (("field", str(number)),), body_font,
                          moved.get("sldNum")))
        if using_master and "dt" in info.footers:
            if deck.date:
                items.append(("placeholder", info.footers["dt"], (("text", str(deck.date)),), body_font,
                              moved.get("dt")))
            elif own.date_text and _has_own_text(info.footers["dt"], keep):
                items.append(("placeholder", info.footers["dt"], keep, body_font, moved.get("dt")))
    if kind == "agenda" and look.own_design is not None:
        items.append(("rule", look.own_design.agenda_rule, look.colors["accent"]))
    if look.logo is not None:
        if look.logo_box is not None and not (is_title and look.logo_where == "both"):
            items.append(("logo", look.logo, look.logo_box, "right"))
        if is_title and look.title_logo_box is not None:
            items.append(("logo", look.logo, look.title_logo_box, "center"))
    return tuple(items)


_OWN_TEXT: dict[tuple, tuple] = {}   # (id of a layout placeholder's element, keep) → (element, has text)


def _has_own_text(layout_ph, keep: str) -> bool:
    """Whether the master gives this footer-type placeholder text of its own (asked once per placeholder)."""
    element = layout_ph._element
    known = _OWN_TEXT.get((id(element), keep))
    if known is None or known[0] is not element:
        has = own_paragraphs(layout_ph, build_day(), keep is KEEP_MASTER_TEXT) is not None
        known = _OWN_TEXT[id(element), keep] = (element, has)
    return known[1]


def draw_decorations(pptx_slide, decorations: tuple, look) -> None:
    """Draw what slide_decorations gave, in its order."""
    for item in decorations:
        if item[0] == "placeholder":
            _fill_placeholder(pptx_slide, *item[1:])
        elif item[0] == "footer":
            _own_footer(look, pptx_slide, item[1])
        elif item[0] == "rule":
            _rule(pptx_slide, *item[1:])
        else:
            _logo(pptx_slide, *item[1:])


def _footer_runs(text: str, deck, number: int) -> tuple[tuple[str, str], ...]:
    """The footer as text runs and a slide-number field where {slide} stands."""
    runs: list[tuple[str, str]] = []
    pieces = text.split("{slide}")
    for index, piece in enumerate(pieces):
        if index:
            runs.append(("field", str(number)))
        piece = format_footer(piece, deck.title, str(deck.date) if deck.date else None, number)
        if piece:
            runs.append(("text", piece))
    return tuple(runs)


# Field ids are GUIDs; derived from where the field is (not random) so that the same notes give the same file.
_FIELD_IDS = uuid.UUID("6d0e3f4c-8a53-4b8e-9a37-2f1c1f0c0fd5")


def _write_runs(paragraph, runs: tuple[tuple[str, str], ...], rpr_template, shape_id: int) -> None:
    for index, (kind, text) in enumerate(runs):
        if kind == "field":
            element = etree.SubElement(paragraph, qn("a:fld"))
            element.set("id", "{" + str(uuid.uuid5(_FIELD_IDS, f"{shape_id}/{index}/{text}")).upper() + "}")
            element.set("type", "slidenum")
        else:
            element = etree.SubElement(paragraph, qn("a:r"))
        rpr = copy.deepcopy(rpr_template) if rpr_template is not None else etree.Element(qn("a:rPr"))
        rpr.tag = qn("a:rPr")
        rpr.set("lang", rpr.get("lang", "en-US"))
        element.append(rpr)
        etree.SubElement(element, qn("a:t")).text = text


def _fill_placeholder(pptx_slide, layout_ph, runs: tuple[tuple[str, str], ...], body_font: str | None = None,
                      box: Box | None = None) -> None:
    """Copy a layout's footer-type placeholder onto the slide, with our text in it (KEEP_MASTER_TEXT:
    with the master's own text, and nothing when the master has none), at `box` when it must move clear of a logo."""
    keep = isinstance(runs, str) and runs in (KEEP_MASTER_TEXT, KEEP_MASTERS_OWN_TEXT)
    kept = own_paragraphs(layout_ph, build_day(), runs is KEEP_MASTER_TEXT) if keep else None
    source = layout_ph._element
    sp = copy.deepcopy(source)
    c_nv_pr = sp.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}")
    shape_id = _next_shape_id(pptx_slide)
    c_nv_pr.set("id", str(shape_id))
    # The slide inherits position and look from the layout; only the text is its own.
    sp_pr = sp.find(qn("p:spPr"))
    for child in list(sp_pr):
        sp_pr.remove(child)
    if box is not None:
        xfrm = etree.SubElement(sp_pr, qn("a:xfrm"))
        etree.SubElement(xfrm, qn("a:off"), x=str(int(Inches(box.left))), y=str(int(Inches(box.top))))
        etree.SubElement(xfrm, qn("a:ext"), cx=str(int(Inches(box.width))), cy=str(int(Inches(box.height))))
    tx_body = sp.find(qn("p:txBody"))
    if tx_body is None:
        tx_body = etree.SubElement(sp, qn("p:txBody"))
        etree.SubElement(tx_body, qn("a:bodyPr"))
    paragraphs = tx_body.findall(qn("a:p"))
    first = paragraphs[0] if paragraphs else None
    p_pr = first.find(qn("a:pPr")) if first is not None else None
    rpr_template = None
    if first is not None:
        rpr_template = next(first.iter(qn("a:rPr"), qn("a:endParaRPr")), None)
    if body_font and (rpr_template is None or rpr_template.find(qn("a:latin")) is None):
        # Not every program follows a footer's style back to the theme font; name it.
        rpr_template = copy.deepcopy(rpr_template) if rpr_template is not None else etree.Element(qn("a:rPr"))
        etree.SubElement(rpr_template, qn("a:latin")).set("typeface", body_font)
    for paragraph in paragraphs:
        tx_body.remove(paragraph)
    if kept is not None:
        tx_body.extend(kept)
        pptx_slide.shapes._spTree.append(sp)
        return
    paragraph = etree.SubElement(tx_body, qn("a:p"))
    if p_pr is not None:
        paragraph.append(copy.deepcopy(p_pr))
    _write_runs(paragraph, runs, rpr_template, shape_id)
    pptx_slide.shapes._spTree.append(sp)


def _next_shape_id(pptx_slide) -> int:
    ids = [int(e.get("id")) for e in pptx_slide.shapes._spTree.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()]
    return max(ids, default=1) + 1


def _own_footer(look, pptx_slide, runs) -> None:
    box = look.footer_box
    shape = pptx_slide.shapes.add_textbox(Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height))
    shape.name = "Footer"
    frame = shape.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = 0
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = frame.paragraphs[0]
    paragraph.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[
        look.footer_align]
    rpr = etree.Element(qn("a:rPr"))
    rpr.set("sz", str(look.footer_pt * 100))
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", (look.colors.get("text") or "#444444").lstrip("#"))
    if look.fonts.get("body"):
        etree.SubElement(rpr, qn("a:latin")).set("typeface", look.fonts["body"])
    _write_runs(paragraph._p, runs, rpr, shape.shape_id)


def _rule(pptx_slide, box: Box, color: str) -> None:
    """A short solid bar (the accent rule under the agenda's title), no outline."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE

    shape = pptx_slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Inches(v) for v in (box.left, box.top, box.width,
                                                                                    box.height)))
    shape.name = "Accent rule"
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#").upper())
    shape.line.fill.background()
    shape.shadow.inherit = False


def _logo(pptx_slide, path, box: Box, align: str) -> None:
    from PIL import Image as PILImage

    with PILImage.open(path) as picture:
        width_px, height_px = picture.size
    width, height = fit(width_px, height_px, Inches(box.width), Inches(box.height))
    left = Inches(box.left) + (Inches(box.width) - int(width)) // (1 if align == "right" else 2)
    top = Inches(box.top) + (Inches(box.height) - int(height)) // 2
    picture = pptx_slide.shapes.add_picture(str(path), int(left), int(top), int(width), int(height))
    picture.name = "Logo"
    picture._element.nvPicPr.cNvPr.set("descr", "logo")
