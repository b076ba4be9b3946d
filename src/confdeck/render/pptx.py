"""PlannedDeck → editable PowerPoint deck: python-pptx's public API plus the adapter in powerpoint/."""
from __future__ import annotations

import datetime
import io
from dataclasses import replace

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from confdeck.callouts import callout_title_runs
from confdeck.design import own_box_align, under_title_box
from confdeck.geometry import CALLOUT_INDENT_IN, QUOTE_INDENT_IN, Box, fit, list_indents
from confdeck.html_text import raw_html_runs
from confdeck.inline_html import resolve_inline_html
from confdeck.links import safe_href
from confdeck.model import (
    BulletList, Callout, CodeBlock, Image, Paragraph, PlannedDeck, PlannedSlide, Quote, RawHtml, Run,
    SubHeading, Table, TextBlock, agenda_row,
)
from confdeck.callouts import callout_color
from confdeck.contrast import blend
from confdeck.render.base import Renderer
from confdeck.render.highlight import (
    DEFAULT_STYLE, Piece, highlight_lines, style_background, style_text_color,
)
from confdeck.render.images import ImageStore
from confdeck.look import Look, resolve_look
from confdeck.powerpoint.builtin_layouts import design_builtin_layouts
from confdeck.powerpoint.decorate import draw_decorations, slide_decorations
from confdeck.powerpoint.master import LayoutChooser, prepare_master, resize_deck, set_theme
from confdeck.powerpoint.package import SlideAdder, SlideExtras, source_date
from confdeck.powerpoint.properties import set_document_properties
from confdeck.powerpoint.sections import set_sections
from confdeck.powerpoint.shapes import add_title_placeholder, set_advance_after, set_description
from confdeck.powerpoint.frames import place_shape, set_frame, title_paragraphs_xml
from confdeck.powerpoint.drawingml import ALIGN_XML, Indent
from confdeck.templates import Template

BULLETS = ("•", "–", "•", "–", "»")  # by list level
ANCHORS = {"t": MSO_ANCHOR.TOP, "ctr": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}


def _deck_date(deck) -> datetime.datetime:
    """The package's created and modified date, naive UTC to the second: SOURCE_DATE_EPOCH's, else when the
    notes were last saved (so rebuilding unchanged notes gives the same bytes), else now."""
    when = source_date()
    if when is not None:
        return when
    moment = datetime.datetime.fromtimestamp(deck.saved_at, datetime.timezone.utc) if deck.saved_at is not None \
        else datetime.datetime.now(datetime.timezone.utc)
    return moment.replace(tzinfo=None, microsecond=0)


def _rgb(value: str) -> RGBColor:
    return RGBColor.from_string(value.lstrip("#").upper())


class PptxRenderer(Renderer):
    auto_advance = False  # write each slide's planned time as "advance after" (render_pptx sets it)

    def __init__(self, template: Template, images: ImageStore, look: Look | None = None):
        self.template = template
        self.images = images
        self.look = look or resolve_look(template)
        self.geo = self.look.geometry
        colors, fonts = self.look.colors, self.look.fonts
        forced_colors, forced_fonts = self.look.forced_colors, self.look.forced_fonts

        # None: leave it to the company's master (its theme or its placeholder styles).
        def color(key):
            return _rgb(colors[key]) if key in forced_colors and colors.get(key) else None

        def font(key):
            return fonts[key] if key in forced_fonts and fonts.get(key) else None
        self.text_color = color("text")
        self.heading_color = color("heading")
        self.accent_color = color("accent")
        self.link_color = color("link")
        self.body_font = font("body")
        # A text box or table of ours takes no master text style (PowerPoint sets it in the theme's minor font and
        # its default colour): its text is set in the body font the plan measured with, in the body's colour.
        own = self.look.master is not None
        self.box_font = self.body_font or (fonts.get("body") if own else None)
        self.box_color = self.text_color or (_rgb(colors["text"]) if own and colors.get("text") else None)
        self.heading_font = font("heading")
        self.code_font = fonts.get("code") or "Courier New"
        self.diagnostics: list = []
        self._agenda_columns = (0.0, 0.0)   # while an agenda slide is drawn: its columns (plan/agenda.py)
        self.code_problems: list = []   # code blocks drawn plain because highlighting failed
        # Code boxes and tables always get colours of their own (a master has no style for them).
        self.background_color = _rgb(colors.get("background") or "#FFFFFF")
        header_fill, header_text = self.look.table_colors()
        self.table_header_color, self.table_header_text = _rgb(header_fill), _rgb(header_text)
        self.code_style = template.config.get("code_style", DEFAULT_STYLE)
        self.code_background = _rgb(style_background(self.code_style))
        self.code_text_color = _rgb(style_text_color(self.code_style))
        # Every other table row a shade towards the text colour: light on light decks, dark on dark ones.
        self.band_color = _rgb(blend(colors.get("background") or "#FFFFFF", colors.get("text") or "#222222", 0.08))
        self._preparers: dict = {}                           # slide kind → its _preparer

    # -- deck ----------------------------------------------------------------

    def _open(self):
        """The deck to add slides to: the company's master, or python-pptx's own sized to the template."""
        look = self.look
        if look.master is not None:
            prepared = look.take_prepared_master()
            if prepared is None:
                prs, chooser = prepare_master(look.master, look.master_shown, look.master_size_in)
            else:
                # The look asked for every kind of layout; the deck warns only about those its slides use.
                prs, chooser = prepared[0], LayoutChooser(prepared[0], prepared[1].sample_layouts, look.master_shown,
                                                          prepared[1].samples)
        else:
            prs = Presentation()
            resize_deck(prs, Inches(self.geo.width_in), Inches(self.geo.height_in))
            chooser = LayoutChooser(prs, [], None)
            self._fit_builtin_layouts(chooser)
        forced_colors = {k: v for k, v in look.colors.items()
                         if k in look.forced_colors and k not in look.runs_only_colors and v}
        forced_fonts = {k: v for k, v in look.fonts.items() if k in look.forced_fonts and v}
        set_theme(prs, forced_colors, forced_fonts)
        return prs, chooser

    def _fit_builtin_layouts(self, chooser) -> None:
        """Move python-pptx's own title and body placeholders to the shared geometry, so new slides match."""
        geo = self.geo
        for kind in ("content", "title_only", "picture"):
            info = chooser.layout_for(kind)
            if info.title is not None:
                _place(info.title, geo.title_rect)
                info.title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            if kind == "content" and info.body is not None:
                _place(info.body, geo.body_rect)
        design_builtin_layouts(chooser, self.look)

    def render(self, planned: PlannedDeck) -> bytes:
        prs, self.chooser = self._open()
        self.prs = prs
        self.slide_adder = SlideAdder(prs)
        self.planned_slides = planned.slides
        self.render_slides(planned, prs)
        set_sections(prs, deck_sections(planned))
        # Not the master's authors, dates and sample-slide titles: the notes' own.
        set_document_properties(prs, planned.deck.title, planned.deck.author, _deck_date(planned.deck),
                                [slide.title for slide in planned.slides])
        self.diagnostics = list(self.chooser.diagnostics) + self.code_problems
        out = io.BytesIO()
        self.slide_adder.save(out)
        return out.getvalue()

    def _new_slide(self, kind: str, slide: PlannedSlide):
        """A slide from the layout for this kind; returns it and its placeholders by role."""
        info = self.chooser.layout_for(kind)
        pptx_slide = self.slide_adder.add_slide(info.layout, self._preparer(kind, info))
        notes = _notes_text(slide)
        if notes is not None:
            self.slide_adder.set_notes(pptx_slide, notes)
        return pptx_slide, self._roles(pptx_slide, info), info

    def _roles(self, pptx_slide, info) -> dict:
        """The slide's placeholders by the role the layout gives them."""
        by_idx = self.slide_adder.placeholders_by_idx(pptx_slide)

        def on_slide(layout_ph):
            return by_idx.get(self.slide_adder.idx_of(layout_ph)) if layout_ph is not None else None
        return {
            "title": on_slide(info.title),
            "subtitle": on_slide(info.subtitle) or on_slide(info.body),
            "body": on_slide(info.body),
            "picture": on_slide(info.pictures[0]) if info.pictures else None,
        }

    def _preparer(self, kind: str, info):
        """What every content or picture slide on this layout gets before its own content: the title
        placed and the body's text-frame settings. The fast path does it once, on the slide the others
        are copied from (python-pptx's element proxies make each of these settings costly)."""
        if kind not in ("content", "picture") or info.title is None:
            return None
        prepare = self._preparers.get(kind)
        if prepare is None:
            frame = self.look.frames.get(kind)
            moved_to = frame.title if frame is not None and frame.title_moved else None

            def prepare(pptx_slide):
                roles = self._roles(pptx_slide, info)
                self._place_title(roles["title"], moved_to)
                self._title_insets(roles["title"], kind, info)
                if kind == "content" and roles["body"] is not None:
                    # Each slide moves the body where its text goes; a position already there is
                    # cheaper to change than to add. (An unused body is removed.)
                    place_shape(roles["body"], *_emu_box(self.geo.body_rect))
                    self._text_frame(roles["body"].text_frame)
            self._preparers[kind] = prepare
        return prepare

    def _drop_unused(self, pptx_slide, keep) -> None:
        """Remove placeholders left empty, so no "Click to add text" prompt shows."""
        self.slide_adder.drop_placeholders(pptx_slide, keep)

    def _title_shape(self, pptx_slide, roles, box: Box):
        title = roles.get("title")
        if title is None:  # a layout without a title placeholder: our own box where titles go
            title = add_title_placeholder(pptx_slide, *_emu_box(box))
            # Wrapped, never grown or shrunk: the plan sized the title to this box (with single line spacing).
            set_frame(title.text_frame, wrap=True, no_autofit=True)
            roles["title"] = title
        return title

    def _set_title(self, title, text: str, size: int | None = None, align=None, kind: str = "content") -> None:
        font, color, bold, align, cap_none = self._title_style(align, kind)
        self.slide_adder.set_title_text(title, text, size, font, color, bold, align, cap_none=cap_none)

    def _title_style(self, align, kind: str = "content") -> tuple:
        """(font, colour, bold, alignment, cap_none) of titles: a company's master decides alignment and case,
        and each kind's layout its weight; a colour made readable (contrast.py) is written on the title.
        The built-in section layout shouts in capitals, so cap="none" on ours."""
        ours = self.look.master is None
        color, bold = self.heading_color, self.look.heading_bold
        design = self.look.kinds.get(kind) if not ours else None
        if design is not None:
            bold = design.title.bold if design.title.bold is not None else bold
            if design.title_color_changed and color is None:
                color = _rgb(design.title.color)
        return self.heading_font, color, bold, align if ours else None, ours

    def _title_insets(self, title, kind: str, info) -> None:
        """A master's title text kept clear of its logo or stamp over an end of the title box (the plan's side
        insets, layout_frames.title_clearance); the box and its fill stay where the layout has them."""
        frame, design = self.look.frames.get(kind), self.look.kinds.get(kind)
        if frame is None or design is None or info.title is None:
            return
        own = design.title.insets
        if frame.title_insets != (own[0], own[2]):
            set_frame(title.text_frame, sides=tuple(Inches(side) for side in frame.title_insets))

    def _place_title(self, title, moved_to: Box | None = None) -> None:
        """A master's title stays where its layout has it, unless the plan moved it (a layout whose own title
        box leaves no room for the body); ours goes to the geometry's title box."""
        set_frame(title.text_frame, no_autofit=True)
        if moved_to is not None:
            place_shape(title, *_emu_box(moved_to))
        elif self.look.master is None:
            place_shape(title, *_emu_box(self.geo.title_rect))
            set_frame(title.text_frame, anchor=ANCHORS.get(self.look.title_anchor, MSO_ANCHOR.BOTTOM))

    def _extras(self, info, kind: str, number: int) -> SlideExtras:
        """Everything the slide gets besides its title, body text and notes (drawn by _finish from this only)."""
        return SlideExtras(
            decorations=slide_decorations(self.look, self.deck, info, kind, number),
            advance_seconds=self._advance_seconds(number),
        )

    def _advance_seconds(self, number: int) -> int:
        """PowerPoint's "advance after": rehearsed times (build --timings rehearsed), else the plan's with
        --auto-advance; title and agenda wait for the speaker."""
        planned = self.planned_slides[number - 1]
        if planned.rehearsed_seconds:
            return planned.rehearsed_seconds
        return planned.seconds if self.auto_advance and planned.seconds > 0 else 0

    def _finish(self, pptx_slide, roles, info, kind: str, number: int, extras: SlideExtras | None = None,
                texts: list | None = None) -> None:
        """Drop unused placeholders, draw the extras, and hand the slide back to the adapter (kept as bytes
        from here on); `extras` and `texts` as given to add_text_slide, for a content slide."""
        extras = extras if extras is not None else self._extras(info, kind, number)
        self._drop_unused(pptx_slide, roles.values())
        draw_decorations(pptx_slide, extras.decorations, self.look)
        if extras.advance_seconds:
            set_advance_after(pptx_slide, extras.advance_seconds)
        self.slide_adder.finished(pptx_slide, info, extras, texts)

    # -- slides --------------------------------------------------------------

    def render_title_slide(self, slide: PlannedSlide, number: int, prs) -> None:
        pptx_slide, roles, info = self._new_slide("title", slide)
        placed = slide.layout
        title = self._title_shape(pptx_slide, roles, placed.title)
        if placed.title_moved and info.title is not None:
            place_shape(title, *_emu_box(placed.title))
        self._title_insets(title, "title", info)
        self._set_title(title, slide.title, placed.title_pt, kind="title")
        subtitle_lines = [line for line in (slide.subtitle, self._byline()) if line]
        subtitle = roles.get("subtitle")
        design = self.look.kinds.get("title") if self.look.master is not None else None
        align = None
        if subtitle_lines:
            if subtitle is not None and design is not None and placed.subtitle is not None \
                    and placed.subtitle != design.body_box:
                place_shape(subtitle, *_emu_box(placed.subtitle))   # the plan kept it on the page
            if subtitle is None:
                align = own_box_align(design)
                rect = self.geo.body_rect
                box = placed.subtitle or (Box(rect.left, rect.top, rect.width, 1.5) if design is None else
                                          under_title_box("title", design, rect, self.geo.width_in, self.geo.height_in))
                subtitle = pptx_slide.shapes.add_textbox(*_emu_box(box))
                subtitle.name = "Subtitle"
                roles["subtitle"] = subtitle
            color = self.text_color
            if design is not None and design.body_color_changed and color is None:
                color = _rgb(design.body.color)   # the layout's subtitle colour was unreadable (contrast.py)
            # The size the plan measured the lines at (smaller for a long subtitle, see plan/title_slide.py).
            self._plain_text(subtitle, "\n".join(subtitle_lines), slide.subtitle_pt or 22, color, align)
            subtitle.text_frame.word_wrap = True
        else:
            roles["subtitle"] = None
        roles["body"] = roles["subtitle"] if roles.get("body") is roles.get("subtitle") else None
        if self.deck.logo is not None and placed.logo is not None:
            self._picture(pptx_slide, self.deck.logo, *_emu_box(placed.logo))
        self._finish(pptx_slide, roles, info, "title", number)

    def _plain_text(self, shape, text: str, size_pt: float, color, align: str | None = None) -> None:
        """Unbulleted lines in the body font (subtitles, a section's budget); None colour keeps the master's,
        None alignment the placeholder's."""
        font = self.body_font if shape.is_placeholder else self.box_font
        color = color if color is not None or shape.is_placeholder else self.box_color
        self.slide_adder.set_plain_text(shape, text, self.look.pt(size_pt), font, color, align)

    def _byline(self) -> str | None:
        parts = [part for part in (self.deck.author, self.deck.date) if part]
        return " · ".join(parts) if parts else None

    def render_agenda_slide(self, slide: PlannedSlide, number: int, prs) -> None:
        """Rows (plan/agenda.py): render_bullet_list draws them while the time column is set."""
        self._agenda_columns = slide.agenda_columns
        try:
            self._content_slide(slide, number, "agenda")
        finally:
            self._agenda_columns = (0.0, 0.0)

    def render_section_slide(self, slide: PlannedSlide, number: int, prs) -> None:
        pptx_slide, roles, info = self._new_slide("section", slide)
        title = self._title_shape(pptx_slide, roles, slide.layout.title)
        self._title_insets(title, "section", info)
        self._set_title(title, slide.title, slide.layout.title_pt, PP_ALIGN.LEFT, kind="section")
        body = roles.get("subtitle")
        design = self.look.kinds.get("section") if self.look.master is not None else None
        align = None
        if slide.subtitle and body is None and design is not None:
            align = own_box_align(design)
            # A section layout without a body: the duration in a box of our own, where the HTML has it.
            box = slide.layout.subtitle or under_title_box("section", design, self.geo.body_rect,
                                                           self.geo.width_in, self.geo.height_in)
            body = pptx_slide.shapes.add_textbox(*_emu_box(box))
            body.name = "Duration"
            body.text_frame.word_wrap = True
        elif slide.subtitle and body is not None and design is not None and slide.layout.subtitle is not None \
                and slide.layout.subtitle != design.body_box:
            place_shape(body, *_emu_box(slide.layout.subtitle))   # the plan kept it on the page
        if slide.subtitle and body is not None:
            # The duration in the colour both decks use (the accent, or a readable one: contrast.py).
            color = _rgb(design.accent) if design is not None and design.accent else self.accent_color
            self._plain_text(body, slide.subtitle, 24, color, align)
            roles["subtitle"] = body
        else:
            roles["subtitle"] = None
        roles["body"] = None
        self._finish(pptx_slide, roles, info, "section", number)

    def render_image_slide(self, slide: PlannedSlide, number: int, prs) -> None:
        kind = "picture" if slide.title else "blank"
        pptx_slide, roles, info = self._new_slide(kind, slide)
        placed = slide.layout
        if slide.title:
            title = self._title_shape(pptx_slide, roles, placed.title)
            if info.title is None:   # otherwise placed already (see _preparer)
                self._place_title(title, placed.title if placed.title_moved else None)
            self._set_title(title, slide.title, placed.title_pt, PP_ALIGN.LEFT, kind="picture")
        else:
            roles["title"] = None
        for key in ("picture", "body", "subtitle"):
            roles[key] = None
        self._pictures(pptx_slide, placed)
        self._finish(pptx_slide, roles, info, kind, number)

    def render_content_slide(self, slide: PlannedSlide, number: int, prs) -> None:
        self._content_slide(slide, number, "content")

    def _content_slide(self, slide: PlannedSlide, number: int, kind: str) -> None:
        info = self.chooser.layout_for("content")
        extras = self._extras(info, kind, number)
        texts = self._stamp_texts(slide) if kind == "content" else None   # an agenda draws its lengths too
        if self.slide_adder.add_text_slide(info, _notes_text(slide), extras, texts):
            return
        pptx_slide, roles, info = self._new_slide("content", slide)
        prepared = info.title is not None   # title placed and body frame set already (see _preparer)
        placed = slide.layout
        title = self._title_shape(pptx_slide, roles, placed.title)
        if not prepared:
            self._place_title(title, placed.title if placed.title_moved else None)
        self._set_title(title, slide.title, placed.title_pt, PP_ALIGN.LEFT)
        body = roles.get("body")
        roles["subtitle"] = None
        used_body = False
        for index, group in enumerate(placed.groups):   # stacked at the plan's measured heights
            box = group.box
            if isinstance(group.blocks[0], Table):
                self.render_table(group, (pptx_slide, *_emu_box(box)))
            elif isinstance(group.blocks[0], CodeBlock):
                self.render_code_block(group.blocks[0], (pptx_slide, *_emu_box(box)))
            else:
                if not used_body and body is not None:
                    shape, used_body = body, True
                else:
                    shape = pptx_slide.shapes.add_textbox(*_emu_box(box))
                # The last text box reaches down to the body's bottom: room to type when editing.
                if index == len(placed.groups) - 1:
                    box = Box(box.left, box.top, box.width, placed.text.bottom - box.top)
                place_shape(shape, *_emu_box(box))
                frame = shape.text_frame if prepared and shape is body else self._text_frame(shape.text_frame)
                writer = self.slide_adder.frame_writer(frame, pptx_slide, *((None, None) if shape.is_placeholder
                                                                            else (self.box_font, self.box_color)))
                for block in group.blocks:
                    self.render_block(block, writer)
                writer.finish()
        if not used_body:
            roles["body"] = None
        if slide.kind == "agenda" and slide.agenda_columns[1] and placed.text is not None:
            self._agenda_lengths(pptx_slide, slide, placed.text)
        self._pictures(pptx_slide, placed)
        self._finish(pptx_slide, roles, info, "content", number, extras, texts)

    def _stamp_texts(self, slide: PlannedSlide) -> list | None:
        """The title's and the body's XML as functions of the slide part, when the slide's whole content is
        text for one body frame (what SlideAdder may write from a stamp); else None."""
        if not slide.blocks or not all(isinstance(block, TextBlock) for block in slide.blocks):
            return None

        def title(part) -> str:
            return title_paragraphs_xml(slide.title, slide.layout.title_pt,
                                        *self._title_style(PP_ALIGN.LEFT, "content"))

        def body(part) -> str:
            writer = self.slide_adder.text_writer(part)
            for block in slide.blocks:
                self.render_block(block, writer)
            return writer.xml()
        return [title, body]

    def _pictures(self, pptx_slide, placed) -> None:
        for picture in placed.pictures:
            self._picture(pptx_slide, picture.image, *_emu_box(picture.box))
            if picture.caption is not None:
                shape = pptx_slide.shapes.add_textbox(*_emu_box(picture.caption))
                shape.name = "Caption"
                shape.text_frame.word_wrap = True
                self._plain_text(shape, picture.image.caption, 14, self.text_color)

    @staticmethod
    def _text_frame(frame, inset_pt: float = 0):
        """Insets, wrapping and anchoring exactly as the planner measured; never autofit."""
        set_frame(frame, wrap=True, no_autofit=True, anchor=MSO_ANCHOR.TOP, inset=Pt(inset_pt))
        return frame

    # -- text blocks -----------------------------------------------------------

    def _paragraph(self, writer, gap: float, size: float, indent: Indent | None = None, level: int = 0) -> None:
        """A new paragraph with the planner's spacing: fixed line height, gap above unless first."""
        if not writer.paragraphs_started:
            gap = 0
        writer.paragraph(gap, self.geo.line_pt(size), indent, level)

    def _runs(self, writer, runs: list[Run], size: int, bold: bool = False, font: str | None = None,
              color=None) -> None:
        """The runs of a paragraph, a line break for each newline; `color` overrides every run's."""
        for run in resolve_inline_html(runs):
            href = safe_href(run.href)
            for index, piece in enumerate(run.text.split("\n")):
                if index:
                    writer.line_break()
                if not piece:
                    continue
                writer.run(piece, size, self.code_font if run.code else (font or self.body_font),
                           color or self.text_color, bold or run.bold, run.italic, run.strike, href,
                           color or self.link_color, run.highlight)

    def render_paragraph(self, block: Paragraph, writer) -> None:
        size = self.geo.body_size(0)
        self._paragraph(writer, self.geo.paragraph_gap_pt, size, Indent())
        self._runs(writer, block.runs, size)

    def render_sub_heading(self, block: SubHeading, writer) -> None:
        size = self.geo.body_size(0)
        self._paragraph(writer, self.geo.block_gap_pt, size, Indent())
        self._runs(writer, block.runs, size, bold=True)

    def render_bullet_list(self, block: BulletList, writer) -> None:
        if self._agenda_columns[0]:
            return self._agenda_rows(block, writer)
        for item, (left, hang) in zip(block.items, list_indents(self.geo, block.items)):
            size = self.geo.body_size(item.level)
            if item.checked is not None:
                indent = Indent(left)  # the ☐/☑ in the text stands where a bullet would
            elif item.ordered:
                indent = Indent(left, hang, number=item.number or 1)
            else:
                indent = Indent(left, hang, bullet=BULLETS[item.level % len(BULLETS)])
            self._paragraph(writer, self.geo.paragraph_gap_pt, size, indent, min(item.level, 8))
            self._runs(writer, item.runs, size)

    def _agenda_rows(self, block: BulletList, writer) -> None:
        """Each row one paragraph: the start time (bold, a link to the section) in the hanging indent, a tab
        to the section's name, which wraps short of the length column (drawn by _agenda_lengths)."""
        size = self.geo.body_size(0)
        time_column, length_column = self._agenda_columns
        indent = Indent(time_column, time_column, right_in=length_column)
        for item in block.items:
            time, name, _ = agenda_row(item)
            self._paragraph(writer, self.geo.paragraph_gap_pt, size, indent)
            self._runs(writer, time, size, bold=True)
            self._runs(writer, [Run("\t"), *name], size)

    def _agenda_lengths(self, pptx_slide, slide: PlannedSlide, text_box: Box) -> None:
        """The lengths, right-aligned in their column, each on its row's first line (rows as tall as the
        planner measured their names)."""
        time_column, length_column = slide.agenda_columns
        size = self.geo.body_size(0)
        line = self.geo.line_pt(size)
        shape = pptx_slide.shapes.add_textbox(Inches(text_box.right - length_column), Inches(text_box.top),
                                              Inches(length_column), Inches(text_box.height))
        shape.name = "Agenda lengths"
        writer = self.slide_adder.frame_writer(self._text_frame(shape.text_frame), pptx_slide, self.box_font,
                                               self.box_color)
        above = 0.0   # the lines of the row above below its first
        items = [i for b in slide.blocks if isinstance(b, BulletList) for i in b.items]
        for index, (item, lines) in enumerate(zip(items, slide.agenda_lines)):
            _, name, length = agenda_row(item)
            writer.paragraph(self.geo.paragraph_gap_pt + above if index else 0, line, Indent(), align="right")
            self._runs(writer, [Run(length or " ")], size)
            above = (lines - 1) * line
        writer.finish()

    def render_quote(self, block: Quote, writer) -> None:
        size = self.geo.body_size(0)
        for runs in block.paragraphs:
            self._paragraph(writer, self.geo.paragraph_gap_pt, size, Indent(QUOTE_INDENT_IN))
            # Italic, as the measure has it; raw inline tags stay raw so _runs resolves them.
            self._runs(writer, [r if r.html else replace(r, italic=True) for r in runs], size)

    def render_callout(self, block: Callout, writer) -> None:
        """The title line (icon, bold title) in the colour of the callout's type, the body indented under it."""
        size = self.geo.body_size(0)
        self._paragraph(writer, self.geo.block_gap_pt, size, Indent())
        self._runs(writer, callout_title_runs(block), size, bold=True, color=_rgb(callout_color(block.kind)))
        for runs in block.paragraphs:
            self._paragraph(writer, self.geo.paragraph_gap_pt, size, Indent(CALLOUT_INDENT_IN))
            self._runs(writer, runs, size)

    def render_raw_html(self, block: RawHtml, writer) -> None:
        runs = raw_html_runs(block)
        if runs[0].text:
            self.render_paragraph(Paragraph(runs, block.span), writer)

    def render_code_block(self, block: CodeBlock, ctx) -> None:
        """A shaded box of monospace lines coloured by Pygments."""
        pptx_slide, left, top, width, height = ctx
        shape = pptx_slide.shapes.add_textbox(left, top, width, height)
        shape.name = f"Code: {block.language}" if block.language else "Code"
        shape.fill.solid()
        shape.fill.fore_color.rgb = self.code_background
        writer = self.slide_adder.frame_writer(self._text_frame(shape.text_frame, self.geo.code_pad_pt), pptx_slide)
        size = self.geo.code_pt
        highlighted = highlight_lines(block.code, block.language, self.code_style, block.span, self.code_problems)
        for line in highlighted:
            self._paragraph(writer, 0, size, Indent())
            for piece in line or [Piece(" ")]:
                writer.run(piece.text, size, self.code_font,
                           _rgb(piece.color) if piece.color else self.code_text_color, piece.bold, piece.italic)
        writer.finish()

    # -- tables and pictures ----------------------------------------------------

    def render_table(self, group, ctx) -> None:
        """Column widths and row heights from the plan (a PlacedGroup); header row in the template's colours."""
        pptx_slide, left, top, width, height = ctx
        geo = self.geo
        block = group.blocks[0]
        rows = [block.header, *block.rows]
        widths, heights = group.column_widths, group.row_heights
        shape = pptx_slide.shapes.add_table(len(rows), len(widths), left, top, width, Pt(sum(heights)))
        shape.name = "Table"
        table = shape.table
        table.first_row = True
        table.horz_banding = False
        for c, column_width in enumerate(widths):
            table.columns[c].width = Inches(column_width)
        for r, row in enumerate(rows):
            table.rows[r].height = Pt(heights[r])
            for c in range(len(widths)):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = Pt(geo.cell_pad_x_pt)
                cell.margin_top = cell.margin_bottom = Pt(geo.cell_pad_y_pt)
                cell.vertical_anchor = MSO_ANCHOR.TOP
                cell.fill.solid()
                cell.fill.fore_color.rgb = self.table_header_color if r == 0 else (
                    self.band_color if r % 2 == 0 else self.background_color)
                cell.text_frame.word_wrap = True
                align = block.align[c] if c < len(block.align) else None
                writer = self.slide_adder.frame_writer(cell.text_frame, pptx_slide, self.box_font)
                writer.paragraph(0, geo.line_pt(geo.table_pt), align=align if align in ALIGN_XML else None,
                                 after_pt=None)
                self._runs(writer, row[c] if c < len(row) else [], geo.table_pt, bold=(r == 0),
                           color=self.table_header_text if r == 0 else None)
                writer.finish()

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
            set_description(picture, image.alt)

    def _placeholder(self, pptx_slide, image: Image, left: int, top: int, box_w: int, box_h: int) -> None:
        """A visible box where an image that cannot be shown would be, saying why."""
        shape = pptx_slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, box_w, box_h)
        shape.name = "Missing image"
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor(0xF2, 0xF2, 0xF2)
        shape.line.color.rgb = RGBColor(0x99, 0x99, 0x99)
        shape.line.dash_style = 4  # dash
        frame = shape.text_frame
        frame.word_wrap = True
        frame.text = f"{self.images.problem(image)}: {image.src}"
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.CENTER
            for run in paragraph.runs:
                run.font.size = Pt(18)
                run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)

    def render_slides(self, planned: PlannedDeck, ctx=None) -> list:
        self.deck = planned.deck
        return super().render_slides(planned, ctx)


def deck_sections(planned: PlannedDeck) -> list[tuple[str, int]]:
    """The deck's sections as PowerPoint shows them: (name, how many slides), in order. The slides
    before the first section (title, agenda) make a section named after the talk."""
    sections: list[tuple[str, int]] = []
    current = object()
    for slide in planned.slides:
        if slide.section_index != current:
            current = slide.section_index
            name = planned.deck.title if current is None else planned.deck.sections[current].title
            sections.append((name or "Untitled", 0))
        sections[-1] = (sections[-1][0], sections[-1][1] + 1)
    return sections


def _notes_text(slide: PlannedSlide) -> str | None:
    """The speaker notes: the pacing line, then the notes, a line each; None when there are none."""
    if not (slide.notes or slide.pacing):
        return None
    return "\n".join(([slide.pacing] if slide.pacing else []) + slide.notes)


def _emu_box(box: Box) -> tuple[int, int, int, int]:
    return Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)


def _place(shape, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = _emu_box(box)


def render_pptx(planned: PlannedDeck, template: Template, images: ImageStore, look: Look | None = None,
                diagnostics: list | None = None, auto_advance: bool = False) -> bytes:
    renderer = PptxRenderer(template, images, look)
    renderer.auto_advance = auto_advance
    data = renderer.render(planned)
    if diagnostics is not None:
        diagnostics.extend(renderer.diagnostics)
    return data
