"""PlannedDeck → editable PowerPoint deck. The only module that imports python-pptx."""
from __future__ import annotations

import copy
import io
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from confdeck.geometry import DEFAULT, Geometry
from confdeck.links import safe_href
from confdeck.model import (
    BulletList, CodeBlock, Image, Paragraph, PlannedDeck, PlannedSlide, Quote, RawHtml, Run,
    SubHeading, Table, plain_text,
)
from confdeck.plan.paginate import block_height
from confdeck.render.base import Renderer
from confdeck.render.images import ImageStore, fit
from confdeck.templates import Template

# Layout indexes of python-pptx's built-in master, which the default template starts from.
LAYOUT_TITLE, LAYOUT_CONTENT, LAYOUT_SECTION, LAYOUT_TITLE_ONLY = 0, 1, 2, 5

TEXT_BLOCKS = (Paragraph, BulletList, SubHeading, CodeBlock, Quote, RawHtml)


def _rgb(value: str) -> RGBColor:
    return RGBColor.from_string(value.lstrip("#").upper())


def widen_master(prs, width: int, height: int) -> None:
    """Resize the slide and stretch every master and layout shape to match."""
    scale_x = width / prs.slide_width
    scale_y = height / prs.slide_height
    prs.slide_width, prs.slide_height = width, height
    for master in prs.slide_masters:
        for holder in [master, *master.slide_layouts]:
            for shape in holder.shapes:
                if shape.left is None:
                    continue
                shape.left, shape.width = int(shape.left * scale_x), int(shape.width * scale_x)
                shape.top, shape.height = int(shape.top * scale_y), int(shape.height * scale_y)


class PptxRenderer(Renderer):
    def __init__(self, template: Template, images: ImageStore, geometry: Geometry = DEFAULT):
        self.template = template
        self.images = images
        self.geo = geometry
        colors = template.config.get("colors", {})
        fonts = template.config.get("fonts", {})
        self.text_color = _rgb(colors.get("text", "#222222"))
        self.heading_color = _rgb(colors.get("heading", "#1F3A5F"))
        self.accent_color = _rgb(colors.get("accent", "#2E7D32"))
        self.link_color = _rgb(colors.get("link", "#1565C0"))
        self.body_font = fonts.get("body", "Calibri")
        self.heading_font = fonts.get("heading", "Calibri")
        self.code_font = fonts.get("code", "Courier New")

    # -- deck ----------------------------------------------------------------

    def render(self, planned: PlannedDeck) -> bytes:
        prs = Presentation()
        widen_master(prs, Inches(self.geo.width_in), Inches(self.geo.height_in))
        prs.core_properties.title = planned.deck.title
        if planned.deck.author:
            prs.core_properties.author = planned.deck.author
        self.prs = prs
        self.render_slides(planned, prs)
        out = io.BytesIO()
        prs.save(out)
        return out.getvalue()

    def _new_slide(self, layout_index: int, slide: PlannedSlide):
        pptx_slide = self.prs.slides.add_slide(self.prs.slide_layouts[layout_index])
        if slide.notes or slide.pacing:
            lines = ([slide.pacing] if slide.pacing else []) + slide.notes
            pptx_slide.notes_slide.notes_text_frame.text = "\n".join(lines)
        return pptx_slide

    def _set_title(self, pptx_slide, text: str, size: int | None = None, align=None) -> None:
        title = pptx_slide.shapes.title
        title.text_frame.text = text
        title.text_frame.word_wrap = True
        for paragraph in title.text_frame.paragraphs:
            if align is not None:
                paragraph.alignment = align
            for run in paragraph.runs:
                run._r.get_or_add_rPr().set("cap", "none")  # the built-in section layout shouts in capitals
                run.font.name = self.heading_font
                run.font.color.rgb = self.heading_color
                run.font.bold = True
                if size:
                    run.font.size = Pt(size)

    def _place_title(self, pptx_slide) -> None:
        geo = self.geo
        title = pptx_slide.shapes.title
        title.left, title.top = Inches(geo.margin_in), Inches(geo.title_top_in)
        title.width, title.height = Inches(geo.body_width_in), Inches(geo.title_height_in)
        title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        title.text_frame.auto_size = MSO_AUTO_SIZE.NONE

    # -- slides --------------------------------------------------------------

    def render_title_slide(self, slide: PlannedSlide, number: int, prs) -> None:
        pptx_slide = self._new_slide(LAYOUT_TITLE, slide)
        self._set_title(pptx_slide, slide.title, 44)
        subtitle_lines = [line for line in (slide.subtitle, self._byline()) if line]
        subtitle = pptx_slide.placeholders[1]
        if subtitle_lines:
            subtitle.text_frame.text = "\n".join(subtitle_lines)
            subtitle.text_frame.word_wrap = True
            for paragraph in subtitle.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.name = self.body_font
                    run.font.size = Pt(22)
                    run.font.color.rgb = self.text_color
        else:
            subtitle.element.getparent().remove(subtitle.element)
        logo = self.deck.logo
        if logo is not None:
            box_w, box_h = Inches(4), Inches(1.7)
            left = (self.prs.slide_width - box_w) // 2
            self._picture(pptx_slide, logo, left, Inches(0.4), box_w, box_h)

    def _byline(self) -> str | None:
        parts = [part for part in (self.deck.author, self.deck.date) if part]
        return " · ".join(parts) if parts else None

    def render_agenda_slide(self, slide: PlannedSlide, number: int, prs) -> None:
        self.render_content_slide(slide, number, prs)

    def render_section_slide(self, slide: PlannedSlide, number: int, prs) -> None:
        pptx_slide = self._new_slide(LAYOUT_SECTION, slide)
        self._set_title(pptx_slide, slide.title, 40, PP_ALIGN.LEFT)
        body = pptx_slide.placeholders[1]
        if slide.subtitle:
            body.text_frame.text = slide.subtitle
            for run in body.text_frame.paragraphs[0].runs:
                run.font.name = self.body_font
                run.font.size = Pt(24)
                run.font.color.rgb = self.accent_color
        else:
            body.element.getparent().remove(body.element)

    def render_image_slide(self, slide: PlannedSlide, number: int, prs) -> None:
        pptx_slide = self._new_slide(LAYOUT_TITLE_ONLY, slide)
        self._place_title(pptx_slide)
        self._set_title(pptx_slide, slide.title or " ", self.geo.title_pt, PP_ALIGN.LEFT)
        geo = self.geo
        for block in slide.blocks:
            self._picture(pptx_slide, block, Inches(geo.margin_in), Inches(geo.body_top_in),
                          Inches(geo.body_width_in), Inches(geo.body_height_in))

    def render_content_slide(self, slide: PlannedSlide, number: int, prs) -> None:
        pptx_slide = self._new_slide(LAYOUT_CONTENT, slide)
        self._place_title(pptx_slide)
        self._set_title(pptx_slide, slide.title, self.geo.title_pt, PP_ALIGN.LEFT)
        body = pptx_slide.placeholders[1]
        geo = self.geo
        left, width = Inches(geo.margin_in), Inches(geo.body_width_in)
        top = Inches(geo.body_top_in)
        bottom = Inches(geo.body_top_in + geo.body_height_in)
        groups = _group_blocks(slide.blocks)
        used_body = False
        for index, group in enumerate(groups):
            last = index == len(groups) - 1
            height = bottom - top if last else Emu(int(sum(block_height(b, geo) for b in group) * 12700))
            if isinstance(group[0], Table):
                self.render_table(group[0], (pptx_slide, left, top, width, height))
            elif isinstance(group[0], Image):
                self._picture(pptx_slide, group[0], left, top, width, max(height, Inches(2.5)))
            else:
                if not used_body:
                    frame_shape, used_body = body, True
                else:
                    frame_shape = pptx_slide.shapes.add_textbox(left, top, width, height)
                frame_shape.left, frame_shape.top, frame_shape.width, frame_shape.height = left, top, width, height
                frame = frame_shape.text_frame
                frame.word_wrap = True
                frame.auto_size = MSO_AUTO_SIZE.NONE
                frame.vertical_anchor = MSO_ANCHOR.TOP
                first = [True]
                for block in group:
                    self.render_block(block, (frame, first))
            top += height
        if not used_body:
            body.element.getparent().remove(body.element)

    # -- text blocks -----------------------------------------------------------

    def _paragraph(self, ctx):
        frame, first = ctx
        if first[0]:
            first[0] = False
            paragraph = frame.paragraphs[0]
        else:
            paragraph = frame.add_paragraph()
        return paragraph

    def _runs(self, paragraph, runs: list[Run], size: int, bold: bool = False, font: str | None = None) -> None:
        for run in runs:
            for index, piece in enumerate(run.text.split("\n")):
                if index:
                    paragraph.add_line_break()
                if not piece:
                    continue
                pptx_run = paragraph.add_run()
                pptx_run.text = piece
                font_obj = pptx_run.font
                font_obj.size = Pt(size)
                font_obj.name = self.code_font if run.code else (font or self.body_font)
                font_obj.bold = bold or run.bold or None
                font_obj.italic = run.italic or None
                font_obj.color.rgb = self.text_color
                if run.strike:
                    pptx_run._r.get_or_add_rPr().set("strike", "sngStrike")
                href = safe_href(run.href)
                if href:
                    pptx_run.hyperlink.address = href
                    font_obj.color.rgb = self.link_color
                    font_obj.underline = True

    @staticmethod
    def _no_bullet(paragraph, indent_emu: int = 0) -> None:
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.set("marL", str(indent_emu))
        p_pr.set("indent", "0")
        for old in p_pr.findall(qn("a:buNone")) + p_pr.findall(qn("a:buChar")) + p_pr.findall(qn("a:buAutoNum")):
            p_pr.remove(old)
        p_pr.insert(0, etree.SubElement(p_pr, qn("a:buNone")))

    def _spacing(self, paragraph, before: int | None = None) -> None:
        paragraph.space_before = Pt(self.geo.paragraph_gap_pt if before is None else before)
        paragraph.line_spacing = self.geo.line_spacing * 0.83  # PowerPoint's "1.0" is already ~1.2 em

    def render_paragraph(self, block: Paragraph, ctx) -> None:
        paragraph = self._paragraph(ctx)
        self._no_bullet(paragraph)
        self._spacing(paragraph)
        self._runs(paragraph, block.runs, self.geo.body_size(0))

    def render_sub_heading(self, block: SubHeading, ctx) -> None:
        paragraph = self._paragraph(ctx)
        self._no_bullet(paragraph)
        self._spacing(paragraph, 10)
        self._runs(paragraph, block.runs, self.geo.body_size(0), bold=True)

    def render_bullet_list(self, block: BulletList, ctx) -> None:
        for item in block.items:
            paragraph = self._paragraph(ctx)
            paragraph.level = min(item.level, 8)
            self._spacing(paragraph)
            if item.checked is not None:
                self._no_bullet(paragraph, Inches(0.4 * item.level + 0.1))
            elif item.ordered:
                p_pr = paragraph._p.get_or_add_pPr()
                number = etree.SubElement(p_pr, qn("a:buAutoNum"))
                number.set("type", "arabicPeriod")
                if item.number and item.number != 1:
                    number.set("startAt", str(item.number))
            self._runs(paragraph, item.runs, self.geo.body_size(item.level))

    def render_code_block(self, block: CodeBlock, ctx) -> None:
        for line in block.code.split("\n"):
            paragraph = self._paragraph(ctx)
            self._no_bullet(paragraph, Inches(0.2))
            paragraph.space_before = Pt(0)
            self._runs(paragraph, [Run(line or " ", code=True)], self.geo.code_pt)

    def render_quote(self, block: Quote, ctx) -> None:
        for runs in block.paragraphs:
            paragraph = self._paragraph(ctx)
            self._no_bullet(paragraph, Inches(0.5))
            self._spacing(paragraph)
            self._runs(paragraph, [Run(r.text, r.bold, True, r.code, r.strike, r.href) for r in runs],
                       self.geo.body_size(0))

    def render_raw_html(self, block: RawHtml, ctx) -> None:
        from confdeck.render.html_text import html_to_text

        text = html_to_text(block.html)
        if text:
            self.render_paragraph(Paragraph([Run(text)], block.span), ctx)

    # -- tables and pictures ----------------------------------------------------

    def render_table(self, block: Table, ctx) -> None:
        pptx_slide, left, top, width, height = ctx
        rows = [block.header, *block.rows]
        columns = max(len(row) for row in rows)
        row_height = Pt(16 * 1.2 + 10)
        shape = pptx_slide.shapes.add_table(len(rows), columns, left, top, width, row_height * len(rows))
        table = shape.table
        for r, row in enumerate(rows):
            table.rows[r].height = row_height
            for c in range(columns):
                cell = table.cell(r, c)
                frame = cell.text_frame
                frame.word_wrap = True
                runs = row[c] if c < len(row) else []
                self._runs(frame.paragraphs[0], runs, 16, bold=(r == 0))

    def _picture(self, pptx_slide, image: Image, left: int, top: int, box_w: int, box_h: int) -> None:
        loaded = self.images.load(image)
        if loaded is None:
            self._placeholder(pptx_slide, image, left, top, box_w, box_h)
            return
        width, height = fit(loaded.width, loaded.height, box_w, box_h)
        x = left + (box_w - int(width)) // 2
        y = top + (box_h - int(height)) // 2
        picture = pptx_slide.shapes.add_picture(io.BytesIO(loaded.data), x, y, int(width), int(height))
        picture.name = f"Picture: {image.alt or loaded.name}"
        if image.alt:
            picture._element.nvPicPr.cNvPr.set("descr", image.alt)

    def _placeholder(self, pptx_slide, image: Image, left: int, top: int, box_w: int, box_h: int) -> None:
        """A visible box where a missing image would be, naming the path."""
        shape = pptx_slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, box_w, box_h)
        shape.name = "Missing image"
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor(0xF2, 0xF2, 0xF2)
        shape.line.color.rgb = RGBColor(0x99, 0x99, 0x99)
        shape.line.dash_style = 4  # dash
        frame = shape.text_frame
        frame.word_wrap = True
        frame.text = f"Image not found: {image.src}"
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.CENTER
            for run in paragraph.runs:
                run.font.size = Pt(18)
                run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)

    def render_slides(self, planned: PlannedDeck, ctx=None) -> list:
        self.deck = planned.deck
        return super().render_slides(planned, ctx)


def _group_blocks(blocks: list) -> list[list]:
    """Neighbouring text blocks share a text frame; tables and images stand alone."""
    groups: list[list] = []
    for block in blocks:
        if isinstance(block, TEXT_BLOCKS) and groups and isinstance(groups[-1][0], TEXT_BLOCKS):
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def render_pptx(planned: PlannedDeck, template: Template, images: ImageStore) -> bytes:
    return PptxRenderer(template, images).render(planned)
