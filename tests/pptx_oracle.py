"""python-pptx's own public calls, the oracle the PowerPoint writer's quick paths are compared with.

The product writes slides, notes, text frames and the package as bytes and XML text
(render/pptx_*.py); these stand-ins do the same through python-pptx's public API
(slides.add_slide, notes_slide, paragraph and font properties, Presentation.save).
`use_python_pptx(monkeypatch)` makes the renderer draw with them, so a test can build
the same deck both ways and compare the packages part by part.
"""
from __future__ import annotations

from lxml import etree
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Inches, Pt

from confdeck.powerpoint.drawingml import HIGHLIGHT_RGB


class PythonPptxSlideAdder:
    """SlideAdder's interface, through python-pptx's own slide, notes and save calls."""

    def __init__(self, prs):
        from confdeck.powerpoint.package import SlideLinks

        self.prs = prs
        self.links = SlideLinks()

    def add_slide(self, layout, prepare=None):
        slide = self.prs.slides.add_slide(layout)
        if prepare is not None:
            prepare(slide)
        return slide

    def set_notes(self, slide, text: str) -> None:
        slide.notes_slide.notes_text_frame.text = text

    def placeholders_by_idx(self, slide) -> dict:
        return {ph.placeholder_format.idx: ph for ph in slide.placeholders}

    def idx_of(self, placeholder) -> int:
        return placeholder.placeholder_format.idx

    def drop_placeholders(self, slide, keep) -> None:
        kept = {shape.shape_id for shape in keep if shape is not None}
        for shape in list(slide.placeholders):
            if shape.shape_id not in kept:
                shape._element.getparent().remove(shape._element)

    def add_text_slide(self, info, notes, extras, texts) -> bool:
        return False    # every slide drawn with python-pptx's calls, none written from a stamp

    def finished(self, slide, info=None, extras=None, texts=None) -> None:
        pass

    def set_title_text(self, shape, *args, **kwargs) -> None:
        set_title_text(shape.text_frame, *args, **kwargs)

    def set_plain_text(self, shape, *args) -> None:
        set_plain_text(shape.text_frame, *args)

    def frame_writer(self, frame, slide, font=None, color=None):
        return PythonPptxFrameWriter(frame, slide.part, self.links, font, color)

    def save(self, out) -> None:
        # What confdeck adds to every package (notes master list, property parts), then python-pptx's save.
        from confdeck.powerpoint.package import complete_package

        self.links.resolve([slide.part for slide in self.prs.slides])
        complete_package(self.prs.part)
        self.prs.save(out)


class PythonPptxFrameWriter:
    """XmlFrameWriter's paragraphs through python-pptx's paragraph, run and font properties."""

    def __init__(self, frame, part=None, links=None, font=None, color=None):
        self.frame = frame
        self.part = part
        self.font, self.color = font, color   # for runs that name none (a text box of ours)
        self.links = links     # SlideLinks: "#/N" links are jumps to slides (python-pptx has no call for it)
        self.first = True
        self.current = None

    @property
    def paragraphs_started(self) -> bool:
        return not self.first

    def paragraph(self, before_pt, line_pt, indent=None, level=0, align=None, after_pt=0) -> None:
        if self.first:
            self.first = False
            paragraph = self.frame.paragraphs[0]
        else:
            paragraph = self.frame.add_paragraph()
        self.current = paragraph
        paragraph._p.get_or_add_pPr().set("hangingPunct", "0")
        if before_pt is not None:
            paragraph.space_before = Pt(before_pt)
        if after_pt is not None:
            paragraph.space_after = Pt(after_pt)
        paragraph.line_spacing = Pt(line_pt)
        paragraph.level = level
        if align:
            paragraph.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[align]
        if indent is not None:
            _indent(paragraph, indent)

    def run(self, text, size_pt, font, color, bold=False, italic=False, strike=False, href=None,
            link_color=None, highlight=False) -> None:
        font, color = font or self.font, color if color is not None else self.color
        pptx_run = self.current.add_run()
        pptx_run.text = text
        font_obj = pptx_run.font
        font_obj.size = Pt(size_pt)
        if font:
            font_obj.name = font
        font_obj.bold = bold or None
        font_obj.italic = italic or None
        if color is not None:
            font_obj.color.rgb = color
        if strike:   # python-pptx has no strike-through property
            pptx_run._r.get_or_add_rPr().set("strike", "sngStrike")
        if highlight:   # nor a highlight one: <a:highlight> goes before the run's fonts, as the schema orders
            r_pr = pptx_run._r.get_or_add_rPr()
            marker = parse_xml(f'<a:highlight {nsdecls("a")}><a:srgbClr val="{HIGHLIGHT_RGB}"/></a:highlight>')
            fonts = [child for child in r_pr if child.tag in (qn("a:latin"), qn("a:ea"), qn("a:cs"), qn("a:sym"))]
            if fonts:
                fonts[0].addprevious(marker)
            else:
                r_pr.append(marker)
        if href and href.startswith("#/"):
            link = pptx_run._r.get_or_add_rPr().add_hlinkClick(self.links.reserve(self.part, int(href[2:])))
            link.set("action", "ppaction://hlinksldjump")
        elif href:
            pptx_run.hyperlink.address = href
        if href:
            if link_color is not None:
                font_obj.color.rgb = link_color
            font_obj.underline = True

    def line_break(self) -> None:
        self.current.add_line_break()

    def finish(self) -> None:
        pass


def _indent(paragraph, indent) -> None:
    """Indents and bullet on the paragraph's pPr (python-pptx has no bullet properties)."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", str(Inches(indent.left_in)))
    p_pr.set("indent", str(-Inches(indent.hang_in)))
    if indent.right_in:
        p_pr.set("marR", str(Inches(indent.right_in)))
    if indent.bullet is not None:
        etree.SubElement(p_pr, qn("a:buFont")).set("typeface", "Arial")
        etree.SubElement(p_pr, qn("a:buChar")).set("char", indent.bullet)
    elif indent.number is not None:
        auto = etree.SubElement(p_pr, qn("a:buAutoNum"))
        auto.set("type", "arabicPeriod")
        if indent.number != 1:
            auto.set("startAt", str(indent.number))
    else:
        etree.SubElement(p_pr, qn("a:buNone"))


def set_title_text(frame, text, size_pt, font, color, bold, align=None, cap_none=False) -> None:
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


def set_plain_text(frame, text, size_pt, font, color, align=None) -> None:
    frame.text = text
    for paragraph in frame.paragraphs:
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.set("marL", "0")
        p_pr.set("indent", "0")
        if align:
            p_pr.set("algn", align)   # python-pptx's paragraph.alignment writes the same attribute
        etree.SubElement(p_pr, qn("a:buNone"))
        for run in paragraph.runs:
            if font:
                run.font.name = font
            run.font.size = Pt(size_pt)
            if color is not None:
                run.font.color.rgb = color


def set_frame(frame, wrap=False, no_autofit=False, anchor=None, inset=None) -> None:
    if wrap:
        frame.word_wrap = True
    if no_autofit:
        frame.auto_size = MSO_AUTO_SIZE.NONE
    if anchor is not None:
        frame.vertical_anchor = anchor
    if inset is not None:
        frame.margin_left = frame.margin_right = inset
        frame.margin_top = frame.margin_bottom = inset


def place_shape(shape, left, top, width, height) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def use_python_pptx(monkeypatch) -> None:
    """Make the PowerPoint renderer draw through python-pptx's own calls for the rest of the test."""
    from confdeck.render import pptx

    monkeypatch.setattr(pptx, "SlideAdder", PythonPptxSlideAdder)
    for name in ("set_frame", "place_shape"):
        monkeypatch.setattr(pptx, name, globals()[name])
