"""PlannedDeck → one self-contained reveal.js HTML file (Jinja2, autoescaped)."""
from __future__ import annotations

import base64
import functools
import json
import mimetypes
from dataclasses import replace
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from confdeck.errors import ConfdeckError
from confdeck.design import SLIDE_NUMBER_FIELD, own_box_align, reach, refitted, under_title_box
from confdeck.geometry import PX_PER_IN, Box, Geometry
from confdeck.look import Look, font_stack, resolve_look
from confdeck.model import (
    BulletList, Callout, CodeBlock, Image, Paragraph, PlannedDeck, PlannedSlide, Quote, RawHtml,
    Run, SubHeading, Table, agenda_row,
)
from confdeck.callouts import callout_color, callout_family, callout_icon
from confdeck.render.assets import reveal_asset, talk_clock_script
from confdeck.render.highlight import DEFAULT_STYLE, highlight_lines, style_background, style_text_color
from confdeck.render.base import Renderer
from confdeck.render.images import ImageStore
from confdeck.links import safe_href
from confdeck.templates import Template, format_footer

from confdeck.render.template_sandbox import escape_raw_text, make_environment, read_template_text, render_template
from confdeck.render.sanitise import ALLOWED_TAGS, INLINE_TAGS, sanitise


@functools.lru_cache(maxsize=16)
def _environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    """One sandboxed Jinja2 environment per template chain, kept for the process.

    Compiling deck.html.j2 is most of an HTML build's fixed cost; a preview rebuilds
    many times with the same templates. Jinja's auto_reload still picks up edits.
    Templates by plain name (nearest template first) and by "<template>/<file>" for extending a parent.
    """
    template = Template(dirs[0].name, list(dirs))  # finding files needs only the folders
    env = make_environment(template)
    assets = TemplateAssets(template)
    env.globals["asset_uri"] = assets.uri
    env.globals["asset_text"] = assets.text
    env.filters["font_stack"] = font_stack
    return env


class TemplateAssets:
    """Files of a template chain for deck.html.j2, inlined so the deck stays one self-contained file."""

    def __init__(self, template: Template):
        self.template = template

    def uri(self, name: str) -> str:
        """A template file (image, font) as a data: URI."""
        path = self.find(name)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    def text(self, name: str) -> Markup:
        return Markup(escape_raw_text(read_template_text(self.find(name), self.template)))

    def find(self, name: str) -> Path:
        if not isinstance(name, str) or Path(name).is_absolute() or ".." in Path(name).parts:
            raise ConfdeckError(f"template asset {name!r} is not a file inside the template folder")
        path = self.template.find(name)
        if path is None:
            raise ConfdeckError(f"template asset {name!r} not found in "
                                f"{', '.join(d.name for d in self.template.dirs)}")
        return path


class HtmlRenderer(Renderer):
    def __init__(self, template: Template, images: ImageStore, geometry: Geometry | None = None,
                 allow_html: bool = False, look: Look | None = None):
        self.template = template
        self.images = images
        self.look = look or resolve_look(template)
        self.geo = geometry or self.look.geometry
        self.allow_html = allow_html
        self.decor = DecorSheet(self.look.decor)
        forced = {key: value for key, value in self.look.colors.items() if key in self.look.forced_colors and value}
        self.kind_sheet = KindSheet(self.look.kinds if self.look.own_design is None else {}, forced, self.look.frames)
        self.code_style = template.config.get("code_style", DEFAULT_STYLE)
        self.code_problems: list = []   # code blocks drawn plain because highlighting failed
        self._columns: dict[int, list[float]] = {}   # id(table) → its column widths from the plan
        self._sections: dict[int, dict] = {}

    def _environment(self) -> jinja2.Environment:
        return _environment(tuple(self.template.dirs))

    def render(self, planned: PlannedDeck) -> str:
        self.deck = planned.deck
        self._sections = section_attributes(planned)
        # The talk clock reads a section from its first slide: its header, or its first content slide
        # when it has no header (section_slides: auto leaves a section of one slide without one).
        self._section_starts: set[int] = set()
        seen: set[int] = set()
        for slide in planned.slides:
            if slide.section_index is not None and slide.section_index not in seen:
                seen.add(slide.section_index)
                self._section_starts.add(id(slide))
        slides = self.render_slides(planned)
        env = self._environment()
        # Every template's deck.css in the chain, the base first: a company's CSS adds to the default one.
        # The master's design per kind of slide comes after the built-in deck.css (so it wins over the
        # built-in title and section slides) and before a company's own deck.css (which wins over it).
        # The template's own fonts come first, as @font-face rules.
        sheets = [read_template_text(css, self.template) for css in self.template.find_all("deck.css")]
        deck_css = font_faces(self.look.own_fonts) + "\n".join(
            [self.decor.css, *sheets[:1], self.kind_sheet.css, *sheets[1:]])
        reveal_config = {
            "width": round(self.geo.width_in * PX_PER_IN),
            "height": round(self.geo.height_in * PX_PER_IN),
            # No frame around the slide: a master's bars, photos and bands run to the page's edges, as in
            # PowerPoint's slide show (the text boxes keep their own distance from the edges).
            "margin": 0,
            "hash": True,
            # The slide number is drawn inside the slide (deck.html.j2), where the template leaves room for it;
            # the arrows sit at the middle of the left and right edges, clear of footer and corner logo.
            "slideNumber": False,
            "controlsLayout": "edges",
            "transition": "none",
            "center": False,
        }
        if planned.total_seconds:
            # The speaker view's pacing timer. reveal.js shares (totalTime - sum of data-timing)
            # among slides timed 0 (title, agenda), so totalTime must be the plan's own total:
            # with the duration instead, a talk planned over its duration would give them negative time.
            reveal_config["totalTime"] = planned.total_seconds
        timer = self.template.config.get("timer", "speaker")
        look = self.look
        logo_uri = None
        if look.logo is not None:
            logo_uri = f"data:{mimetypes.guess_type(look.logo.name)[0] or 'image/png'};base64," \
                       f"{base64.b64encode(look.logo.read_bytes()).decode('ascii')}"
        return render_template(
            env, self.template, "deck.html.j2",
            deck=planned.deck,
            slides=slides,
            colors=look.colors,
            fonts=look.fonts,
            geometry=self.geo,
            look=look,
            logo_uri=logo_uri,
            extra=self.template.config.get("extra", {}),
            template_name=self.template.name,
            reveal_css=Markup(reveal_asset("reveal.css")),
            theme_css=Markup(reveal_asset("theme/white.css")),
            reveal_js=Markup(reveal_asset("reveal.js")),
            notes_js=Markup(reveal_asset("plugin/notes.js")),
            deck_css=Markup(escape_raw_text(deck_css)),
            reveal_config=Markup(json.dumps(reveal_config)),
            talk_clock_js=Markup(talk_clock_script()) if timer != "off" else None,
            talk_plan=Markup(_script_json(talk_plan(planned, timer))) if timer != "off" else None,
        )

    # -- slides ----------------------------------------------------------------

    @staticmethod
    def _layout_kind(slide: PlannedSlide) -> str:
        """The kind of layout a slide is drawn on (as the .pptx chooses it)."""
        return {"agenda": "content", "image": "picture" if slide.title else "blank"}.get(slide.kind, slide.kind)

    def _decor(self, slide: PlannedSlide, number: int) -> Markup:
        """The master's background and pictures behind this slide (their images sit once in the CSS)."""
        return self.decor.markup(self._layout_kind(slide), number)

    def _slide(self, slide: PlannedSlide, body: Markup, classes: str, number: int = 0) -> dict:
        notes = ([slide.pacing] if slide.pacing else []) + slide.notes
        footer = date = None
        own = self.look.master_footer
        if slide.kind != "title":
            if self.look.footer_text:
                footer = format_footer(self.look.footer_text, self.deck.title,
                                       str(self.deck.date) if self.deck.date else None, number)
            elif own is not None:
                footer = own.footer_text      # the master's own footer line, as the .pptx keeps it
            if self.look.date_box is not None:
                date = str(self.deck.date) if self.deck.date else own.date_text
        return {
            "number": number,
            # a footer with {slide} numbers the slide itself: never two numbers
            "show_number": slide.kind != "title" and self.look.number_box is not None
            and "{slide}" not in (self.look.footer_text or ""),
            "footer": footer,
            "date": date,
            "corner_logo": self.look.logo_box is not None and not (
                slide.kind == "title" and self.look.logo_where == "both"),
            "title_logo": slide.kind == "title" and self.look.title_logo_box is not None,
            "decor": self._decor(slide, number),
            "kind": slide.kind,
            "classes": f"{classes} cd-kind-{self._layout_kind(slide)}" if self.kind_sheet.rules else classes,
            "title": slide.title,
            "subtitle": slide.subtitle,
            "body": body,
            "notes": notes,
            "seconds": slide.seconds,
            "section": slide.section_index,
            "section_attributes": self._sections.get(slide.section_index, {}) if id(slide) in self._section_starts
            else {},
            "line": slide.span.line if slide.span else None,
        }

    def _master_kind(self, kind: str):
        """The master's design for this kind of slide, or None for a template without a master."""
        return self.look.kinds.get(kind) if self.look.own_design is None else None

    def _under_style(self, kind: str, design, placed, size_pt: int | None = None) -> Markup:
        """The text under a title or section title, in the box the plan gave it (else the layout's), at the
        size the plan measured it at (a long subtitle is smaller)."""
        box = placed.subtitle if placed is not None and placed.subtitle is not None else \
            under_title_box(kind, design, self.geo.body_rect, self.geo.width_in, self.geo.height_in)
        upright = ";transform:none" if box != design.body_box else ""   # the .pptx placed it, upright
        return Markup(' style="position:absolute;{};font-size:{}pt{}"').format(
            _box_style(box), self.look.pt(size_pt or (22 if kind == "title" else 24)), upright)

    def _master_title(self, tag: str, slide: PlannedSlide, design) -> Markup:
        """A title or section title at the size the plan fitted it to; in the plan's box when that is not
        where the layout has it (the per-kind CSS places it on the layout's own title box)."""
        placed = slide.layout
        style = f"font-size:{placed.title_pt}pt"
        if placed.title != design.title_box:
            style += ";position:absolute;transform:none;" + _box_style(placed.title)
        return Markup('<{} class="cd-title" style="{}">{}</{}>').format(Markup(tag), style, slide.title, Markup(tag))

    def _logo(self, slide: PlannedSlide) -> Markup:
        """The notes' logo where the plan found free room on the title layout (clear of title, subtitle and
        the master's own logo)."""
        placed = slide.layout
        if self.deck.logo is None or placed is None or placed.logo is None:
            return Markup("")
        return Markup('<div class="cd-logo-box" style="position:absolute;{};display:flex;align-items:center;'
                      'justify-content:center">{}</div>').format(_box_style(placed.logo),
                                                                 self.render_image(self.deck.logo, "logo"))

    def _master_title_slide(self, slide: PlannedSlide, number: int, design) -> dict:
        """The title slide in its layout's boxes, as the .pptx has it: title, then subtitle and byline."""
        body = self._logo(slide) + self._master_title("h1", slide, design)
        lines = [escape(line) for line in (slide.subtitle or "").split("\n") if line]
        byline = " · ".join(str(part) for part in (self.deck.author, self.deck.date) if part)
        if byline:
            lines.append(Markup('<span class="byline">{}</span>').format(byline))
        if lines:
            body += Markup('<div class="cd-under subtitle"{}><p>{}</p></div>').format(
                self._under_style("title", design, slide.layout, slide.subtitle_pt), Markup("<br>").join(lines))
        return self._slide(slide, body, "title-slide", number)

    def render_title_slide(self, slide: PlannedSlide, number: int, ctx) -> dict:
        design = self._master_kind("title")
        if design is not None:
            return self._master_title_slide(slide, number, design)
        logo = self._logo(slide)
        byline = " · ".join(part for part in (self.deck.author, self.deck.date) if part)
        body = logo + Markup("<h1>{}</h1>").format(slide.title)
        # A long subtitle is drawn at the smaller size the plan measured it at, as in the .pptx.
        size = Markup(' style="font-size:calc({}pt * var(--cd-scale))"').format(slide.subtitle_pt) \
            if slide.subtitle_pt else Markup("")
        if slide.subtitle:
            # The subtitle's own line breaks, as the .pptx keeps them (one paragraph per line).
            lines = Markup("<br>").join(escape(line) for line in slide.subtitle.split("\n"))
            body += Markup('<p class="subtitle"{}>{}</p>').format(size, lines)
        if byline:
            body += Markup('<p class="byline"{}>{}</p>').format(size, byline)
        return self._slide(slide, body, "title-slide", number)

    def render_section_slide(self, slide: PlannedSlide, number: int, ctx) -> dict:
        design = self._master_kind("section")
        if design is not None:   # the section layout's boxes, the duration under the title as in the .pptx
            body = self._master_title("h2", slide, design)
            if slide.subtitle:
                body += Markup('<div class="cd-under"{}><p class="budget">{}</p></div>').format(
                    self._under_style("section", design, slide.layout), slide.subtitle)
            return self._slide(slide, body, "section-slide", number)
        body = Markup("<h2>{}</h2>").format(slide.title)
        if slide.subtitle:
            body += Markup('<p class="budget">{}</p>').format(slide.subtitle)
        return self._slide(slide, body, "section-slide", number)

    def _title(self, slide: PlannedSlide) -> Markup:
        """The title at the size and in the box the plan decided (smaller when long, elsewhere on some layouts)."""
        placed = slide.layout
        title_style = []
        if placed.title_pt != self.geo.title_pt:  # a long title, smaller so it fits its box (as in the .pptx)
            title_style.append(f"font-size:{placed.title_pt}pt")
        # This kind's layout puts its title elsewhere, or the plan moved it off the layout's box (which the
        # kind's CSS would place it in) to the top, clear of the body: the same box as the deck's content titles.
        if placed.title != self.geo.title_rect or placed.title_moved:
            title_style.append(_box_style(placed.title))
        if placed.title_moved:
            title_style.append("transform:none")   # the .pptx writes the plan's box, upright
        return Markup('<h2 style="{}">{}</h2>').format(";".join(title_style), slide.title) if title_style \
            else Markup("<h2>{}</h2>").format(slide.title)

    def _content(self, slide: PlannedSlide, classes: str, number: int) -> dict:
        placed = slide.layout
        body = self._title(slide)
        if placed.text is not None and placed.groups:
            self._columns = {id(group.blocks[0]): group.column_widths for group in placed.groups
                             if group.column_widths}
            style = Markup(' style="{};right:auto"').format(_box_style(placed.text)) \
                if placed.text != self.geo.body_rect else Markup("")
            body += Markup('<div class="body"{}>').format(style) + Markup("").join(
                self.render_block(block, None) for group in placed.groups for block in group.blocks) \
                + Markup("</div>")
        for picture in placed.pictures:
            box, caption = picture.box, picture.caption
            body += Markup('<div class="picture-box" style="{}">{}</div>').format(
                _box_style(box), self.render_image(picture.image, None))
            if caption is not None:
                body += Markup('<div class="caption" style="{}">{}</div>').format(
                    _box_style(caption), picture.image.caption)
        return self._slide(slide, body, classes, number)

    def render_content_slide(self, slide: PlannedSlide, number: int, ctx) -> dict:
        return self._content(slide, "content-slide", number)

    def render_agenda_slide(self, slide: PlannedSlide, number: int, ctx) -> dict:
        """Rows: the start time in its column, the section's name, its length on the right (plan/agenda.py)."""
        if not slide.agenda_columns[0]:
            return self._content(slide, "agenda-slide", number)
        rows = []
        for item in (item for block in slide.blocks if isinstance(block, BulletList) for item in block.items):
            time, name, length = agenda_row(item)
            length_html = Markup('<span class="length">{}</span>').format(length) if length else Markup("")
            rows.append(Markup('<li><span class="at">{}</span><span class="name">{}</span>{}</li>').format(
                self.runs(time), self.runs(name), length_html))
        # The columns' widths on the body box: style= stays off the tags notes may contain (ol, li, span).
        columns = Markup('<div class="body" style="--cd-agenda-time:{}in;--cd-agenda-length:{}in"><ol class="agenda">'
                         ).format(*slide.agenda_columns)
        body = self._title(slide) + columns + Markup("").join(rows) + Markup("</ol></div>")
        return self._slide(slide, body, "agenda-slide", number)

    def render_image_slide(self, slide: PlannedSlide, number: int, ctx) -> dict:
        return self._content(slide, "image-slide", number)

    # -- blocks ----------------------------------------------------------------

    def runs(self, runs: list[Run]) -> Markup:
        if any(run.html for run in runs):
            return self._runs_with_html(runs)
        return self._runs(runs)

    def _runs_with_html(self, runs: list[Run]) -> Markup:
        """Inline HTML tags from the notes go through the same allowlist as HTML blocks."""
        if self.allow_html:
            return self._runs(runs)
        return Markup(sanitise(str(self._runs(runs)), INLINE_TAGS))

    def _runs(self, runs: list[Run]) -> Markup:
        # Plain strings around escape(): Markup.format per run was most of a large deck's HTML time.
        parts = []
        for run in runs:
            if run.html:
                parts.append(run.text)  # raw tag: sanitised with its paragraph, or --allow-html
                continue
            piece = str(escape(run.text)).replace("\n", "<br>")
            if run.code:
                piece = f"<code>{piece}</code>"
            if run.bold:
                piece = f"<strong>{piece}</strong>"
            if run.italic:
                piece = f"<em>{piece}</em>"
            if run.strike:
                piece = f"<del>{piece}</del>"
            if run.highlight:
                piece = f"<mark>{piece}</mark>"
            href = safe_href(run.href)
            if href:
                piece = f'<a href="{escape(href)}">{piece}</a>'
            parts.append(piece)
        return Markup("".join(parts))

    def render_paragraph(self, block: Paragraph, ctx) -> Markup:
        return Markup("<p>{}</p>").format(self.runs(block.runs))

    def render_sub_heading(self, block: SubHeading, ctx) -> Markup:
        return Markup('<p class="subheading"><strong>{}</strong></p>').format(self.runs(block.runs))

    def render_bullet_list(self, block: BulletList, ctx) -> Markup:
        """Flat items with levels → properly nested <ul>/<ol>.

        Built as plain strings and marked safe once (the items' text is escaped by runs()):
        Markup's own + and format were most of a large deck's list time.
        """
        out: list[str] = []
        stack: list[str] = []  # open list tags
        for item in block.items:
            tag = "ol" if item.ordered else "ul"
            level = item.level
            while len(stack) > level + 1:
                out.append(f"</li></{stack.pop()}>")
            if len(stack) == level + 1:
                out.append("</li>")
            while len(stack) < level + 1:
                start = f' start="{item.number}"' if item.ordered and item.number not in (None, 1) else ""
                out.append(f"<{tag}{start}>")
                stack.append(tag)
                if len(stack) < level + 1:
                    out.append('<li class="gap">')
            out.append('<li class="task">' if item.checked is not None else "<li>")
            out.append(str(self.runs(item.runs)))
        while stack:
            out.append(f"</li></{stack.pop()}>")
        return Markup("".join(out))

    def render_code_block(self, block: CodeBlock, ctx) -> Markup:
        """Pre-highlighted with inline colours: the deck needs no highlighting script."""
        language = Markup(' class="language-{}"').format(block.language) if block.language else Markup("")
        lines = []
        highlighted = highlight_lines(block.code, block.language, self.code_style, block.span, self.code_problems)
        for line in highlighted:
            pieces = []
            for piece in line:
                style = ";".join(part for part in (
                    f"color:{piece.color}" if piece.color else "", "font-weight:bold" if piece.bold else "",
                    "font-style:italic" if piece.italic else "") if part)
                pieces.append(Markup('<span style="{}">{}</span>').format(style, piece.text) if style
                              else escape(piece.text))
            lines.append(Markup("").join(pieces))
        background = Markup(' style="background:{};color:{}"').format(style_background(self.code_style),
                                                                     style_text_color(self.code_style))
        return Markup("<pre{}><code{}>").format(background, language) + Markup("\n").join(lines) \
            + Markup("</code></pre>")

    def render_quote(self, block: Quote, ctx) -> Markup:
        return Markup("<blockquote>") + Markup("").join(
            Markup("<p>{}</p>").format(self.runs(p)) for p in block.paragraphs) + Markup("</blockquote>")

    def render_callout(self, block: Callout, ctx) -> Markup:
        """A box in the colour of the callout's type: its icon and title, then its body."""
        family = callout_family(block.kind)
        title = Markup('<p class="callout-title"><span class="callout-icon">{}</span> {}</p>').format(
            callout_icon(block.kind), self.runs(block.title))
        body = Markup("").join(Markup("<p>{}</p>").format(self.runs(p)) for p in block.paragraphs)
        return Markup('<div class="callout callout-{}" style="--cd-callout:{}">').format(
            family, callout_color(block.kind)) + title + body + Markup("</div>")

    def render_table(self, block: Table, ctx) -> Markup:
        def cells(row, tag):
            return Markup("").join(
                Markup(f"<{tag}{self._align(block, i)}>") + self.runs(cell) + Markup(f"</{tag}>")
                for i, cell in enumerate(row))
        head = Markup("<thead><tr>") + cells(block.header, "th") + Markup("</tr></thead>")
        body = Markup("").join(Markup("<tr>") + cells(row, "td") + Markup("</tr>") for row in block.rows)
        # Column widths from the plan, the same as in the PowerPoint deck.
        widths = self._columns[id(block)]
        columns = Markup("").join(Markup('<col style="width:{}in">').format(round(w, 4)) for w in widths)
        return Markup('<table style="width:{}in"><colgroup>{}</colgroup>').format(
            round(sum(widths), 4), columns) + head + Markup("<tbody>") + body + Markup("</tbody></table>")

    @staticmethod
    def _align(block: Table, index: int) -> str:
        align = block.align[index] if index < len(block.align) else None
        return f' style="text-align:{align}"' if align in ("left", "right", "center") else ""

    def render_raw_html(self, block: RawHtml, ctx) -> Markup:
        if self.allow_html:
            return Markup(block.html)
        return Markup(sanitise(block.html, ALLOWED_TAGS))

    def render_image(self, block: Image, ctx) -> Markup:
        loaded = self.images.load(block)
        css = "logo" if ctx == "logo" else "picture"
        if loaded is None:
            return Markup('<div class="missing-image {}">{}: {}</div>').format(css, self.images.problem(block),
                                                                             block.src)
        # A data: URI is our own mime type and base64 (no character HTML escapes): escaping megabytes
        # of it on every preview rebuild cost more than the rest of the page.
        return Markup('<img class="{}" src="{}" alt="{}">').format(css, Markup(loaded.data_uri()), block.alt)


def _box_style(box) -> str:
    """CSS placing an absolutely positioned element on a plan's box (inches)."""
    return (f"left:{round(box.left, 4)}in;top:{round(box.top, 4)}in;width:{round(box.width, 4)}in;"
            f"height:{round(box.height, 4)}in")


def talk_plan(planned: PlannedDeck, timer: str) -> dict:
    """What the talk clock (talk_clock.js) needs about the whole talk.

    Sections and slides are read from the slides themselves (data-timing, data-cd-section …), so a
    preview that swaps new slides in place hands the clock the new plan without a reload.
    """
    deck = planned.deck
    return {
        "title": deck.title,
        "notes": Path(deck.source).name,
        "timer": timer,
        # The talk's length: the duration when there is one, else the plan's own total.
        "talkSeconds": deck.duration_seconds or planned.total_seconds,
        "startOfDay": deck.start_of_day,
    }


def section_attributes(planned: PlannedDeck) -> dict[int, dict]:
    """Per section, what its header slide tells the talk clock: title, owner, planned seconds and start."""
    deck = planned.deck
    starts = [entry.start_seconds or 0 for entry in planned.agenda]
    seconds = [0] * len(deck.sections)
    for slide in planned.slides:
        if slide.section_index is not None:
            seconds[slide.section_index] += slide.seconds
    return {index: {"data-cd-section-title": section.title, "data-cd-speaker": section.speaker or "",
                    "data-cd-section-seconds": seconds[index],
                    "data-cd-section-start": starts[index] if index < len(starts) else 0}
            for index, section in enumerate(deck.sections)}


def _script_json(data: dict) -> str:
    """JSON for a <script type="application/json">: `<` escaped so no text can close the element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


CLIP_PATHS = {
    "triangle": "polygon(50% 0, 100% 100%, 0 100%)",
    "diamond": "polygon(50% 0, 100% 50%, 50% 100%, 0 50%)",
    "hexagon": "polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%)",
    "pentagon": "polygon(50% 0, 100% 38%, 82% 100%, 18% 100%, 0 38%)",
    "homePlate": "polygon(0 0, 80% 0, 100% 50%, 80% 100%, 0 100%)",
    "flowChartOffpageConnector": "polygon(0 0, 100% 0, 100% 80%, 50% 100%, 0 80%)",
    "snip1Rect": "polygon(0 0, 84% 0, 100% 16%, 100% 100%, 0 100%)",
    "parallelogram": "polygon(25% 0, 100% 0, 75% 100%, 0 100%)",
}
RADII = {"ellipse": "50%"}
ROUND_CORNER = 0.16667   # a rounded rectangle's corner: this share of its shorter side (DrawingML's default adj)
ALIGN_CSS = {"l": "left", "ctr": "center", "r": "right"}
ANCHOR_CSS = {"t": "flex-start", "ctr": "center", "b": "flex-end"}


def _box_css(box) -> str:
    return f"left: {box.left:.4f}in; top: {box.top:.4f}in; width: {box.width:.4f}in; height: {box.height:.4f}in;"


def background_css(decor) -> str | None:
    """A layout's own solid or gradient background as a CSS background value."""
    if decor.gradient is not None:
        return gradient_css(decor.gradient)
    return decor.background_color


def path_data(outline, width_px: float, height_px: float, filled_only: bool = False) -> str:
    """An outline (powerpoint/outlines.py) as SVG path data in a box of this many pixels; only its filled
    subpaths when asked (a clip path)."""
    parts = []
    for commands, filled in outline:
        if filled_only and not filled:
            continue
        for letter, values in commands:
            if letter == "A":
                rx, ry, large, sweep, x, y = values
                parts.append(f"A {rx * width_px:.1f} {ry * height_px:.1f} 0 {int(large)} {int(sweep)} "
                             f"{x * width_px:.1f} {y * height_px:.1f}")
            else:
                scaled = (value * (width_px if i % 2 == 0 else height_px) for i, value in enumerate(values))
                parts.append(" ".join([letter, *(f"{value:.1f}" for value in scaled)]))
    return " ".join(parts)


def fill_css(color: str, opacity: float = 1.0) -> str:
    """A "#RRGGBB" colour, see-through when its opacity is below 1."""
    if opacity >= 1.0:
        return color
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {opacity:.3f})"


def gradient_css(gradient) -> str:
    angle, stops = gradient[:2]
    listed = ", ".join(f"{color} {position * 100:.1f}%" for position, color in stops)
    if len(gradient) > 2:   # a path gradient: from its centre outwards
        x, y = gradient[2]
        return f"radial-gradient(farthest-corner at {x * 100:.1f}% {y * 100:.1f}%, {listed})"
    # DrawingML measures the angle clockwise from "left to right"; CSS from "bottom to top".
    return f"linear-gradient({(angle + 90) % 360:.1f}deg, {listed})"


class DecorSheet:
    """CSS for a master's backgrounds, pictures, shapes and text boxes; each distinct image once, as a data: URI."""

    def __init__(self, decor: dict):
        self.images: dict[bytes, int] = {}
        self.rules: list[str] = []
        self.backgrounds: dict[str, str] = {}          # slide kind → classes of its background
        self.items: dict[str, list[tuple[str, str]]] = {}   # slide kind → (classes, text) of each item, in order
        for kind, layout_decor in decor.items():
            classes = ""
            if layout_decor.background is not None:
                classes += f" cd-decor-image-{self._image(*layout_decor.background)}"
            plain = background_css(layout_decor)
            if plain is not None and layout_decor.background is None:
                self.rules.append(f".reveal .cd-decor-bg-{kind} {{ background: {plain}; }}")
                classes += f" cd-decor-bg-{kind}"
            if classes:
                self.backgrounds[kind] = classes
            for index, item in enumerate(layout_decor.items):
                self._item(kind, index, item)

    def _item(self, kind: str, index: int, item) -> None:
        name = f"cd-decor-{kind}-{index}"
        if item.path is not None:
            # An outline that runs out of its box (a bubble's tail) gets a box it fits in, or nothing paints there.
            left, top, right, bottom = reach(item.path)
            box = item.box
            item = replace(item, path=refitted(item.path, left, top, right, bottom),
                           box=Box(box.left + left * box.width, box.top + top * box.height,
                                   (right - left) * box.width, (bottom - top) * box.height))
        rule = f".reveal .{name} {{ {_box_css(item.box)}"
        classes = name
        if item.image is not None:
            classes += f" cd-decor-image-{self._image(*item.image)}"
        elif item.fill:
            rule += f" background: {fill_css(item.fill, item.opacity)};"
        elif item.gradient is not None:
            rule += f" background: {gradient_css(item.gradient)};"
        # About the box's centre, as DrawingML turns a shape: flipped, then turned (CSS applies the functions
        # right to left). A text box's text is never mirrored (PowerPoint keeps it readable).
        flips = item.flip if item.text is None else (False, False)
        turns = ([f"rotate({item.rotation:g}deg)"] if item.rotation else []) + \
            (["scaleX(-1)"] if flips[0] else []) + (["scaleY(-1)"] if flips[1] else [])
        if turns:
            rule += f" transform: {' '.join(turns)};"
        if item.shape in RADII:
            rule += f" border-radius: {RADII[item.shape]};"
        elif item.shape == "roundRect":   # circular corners, however long the box
            rule += f" border-radius: {ROUND_CORNER * min(item.box.width, item.box.height):.3g}in;"
        if item.shape in CLIP_PATHS:
            rule += f" clip-path: {CLIP_PATHS[item.shape]};"
        stroke = Markup("")
        if item.path is not None:
            # A freeform or a bubble: its filled subpaths cut the box's fill (as the presets above), its outline
            # an SVG stroke over it; both in the box's own pixels (96 an inch, as the slide is laid out).
            width_px, height_px = item.box.width * PX_PER_IN, item.box.height * PX_PER_IN
            filled = path_data(item.path, width_px, height_px, filled_only=True)
            rule += f' clip-path: path("{filled}");' if filled else " background: none;"
            if item.outline is not None:
                color, width = item.outline
                stroke = Markup('<svg class="cd-decor-stroke" viewBox="0 0 {:.1f} {:.1f}"><path d="{}" fill="none" '
                                'stroke="{}" stroke-width="{:.2f}"/></svg>').format(
                    width_px, height_px, path_data(item.path, width_px, height_px), color, max(1.0, width * 4 / 3))
        elif item.outline is not None and item.shape not in CLIP_PATHS:
            color, width = item.outline
            rule += f" box-shadow: inset 0 0 0 {max(1.0, width * 4 / 3):.1f}px {color};"
        text = ""
        if item.text is not None:
            t = item.text
            rule += (f" color: {t.color}; font-size: {t.size_pt:g}pt; text-align: {ALIGN_CSS[t.align]};"
                     f" justify-content: {ANCHOR_CSS.get(t.anchor, 'flex-start')};"
                     f" font-weight: {'bold' if t.bold else 'normal'};")
            classes += " cd-decor-text"
            text = t.text
        self.rules.append(rule + " }")
        self.items.setdefault(kind, []).append((classes, text, stroke))

    def _image(self, mime: str, data: bytes) -> int:
        if data not in self.images:
            self.images[data] = len(self.images)
            self.rules.append(f".reveal .cd-decor-image-{self.images[data]} {{ background: url(data:{mime};base64,"
                              f"{base64.b64encode(data).decode('ascii')}) 0 0 / 100% 100% no-repeat; }}")
        return self.images[data]

    @property
    def css(self) -> str:
        return "\n".join(self.rules) + ("\n" if self.rules else "")

    def markup(self, kind: str, number: int) -> Markup:
        """The decorations of one slide of this kind; a slide-number field shows `number`."""
        if kind not in self.backgrounds and kind not in self.items:
            return Markup("")
        parts = [Markup('<div class="cd-decor{}">').format(self.backgrounds.get(kind, ""))]
        for classes, text, stroke in self.items.get(kind, []):
            text = text.replace(SLIDE_NUMBER_FIELD, str(number))
            lines = Markup("<br>").join(escape(line) for line in text.split("\n")) if text else Markup("")
            parts.append(Markup('<div class="cd-decor-picture {}">{}{}</div>').format(classes, stroke, lines))
        return Markup("").join(parts) + Markup("</div>")


class KindSheet:
    """CSS giving each kind of slide its own layout's title box, colours, alignment, fill and outline."""

    def __init__(self, kinds: dict, forced: dict[str, str] | None = None, frames: dict | None = None):
        self.rules: list[str] = []
        self.forced = forced or {}   # colours template.yaml sets: they win over every layout's, as in the .pptx
        for kind, look in kinds.items():
            frame = (frames or {}).get(kind)
            insets = look.title.insets
            # The title text's side insets as the plan fitted it (widened clear of a logo over an end of the box).
            sides = frame.title_insets if frame is not None and look.title_box is not None else (insets[0], insets[2])
            self._kind(kind, look, sides)

    def _kind(self, kind: str, look, sides: tuple[float, float]) -> None:
        scope = f".reveal section.cd-kind-{kind}"
        title = look.title
        rule = (f"{scope} > h1, {scope} > h2 {{ color: {self.forced.get('heading', title.color)}; text-align: {ALIGN_CSS[title.align]};"
                f" justify-content: {ANCHOR_CSS.get(title.anchor, 'flex-start')}; line-height: {title.line_em:.3g};")
        # Title and section titles stack their lines in a column; the others are a row, as content titles. A
        # layout without a title placeholder gets the plan's box inline (HtmlRenderer._master_title).
        direction = "column" if kind in ("title", "section") else "row"
        flex = f" margin: 0; display: flex; flex-direction: {direction}; box-sizing: border-box;"
        if look.title_box is not None and kind in ("title", "section", "picture", "title_only"):
            rule += f" position: absolute; {_box_css(look.title_box)}" + flex
        elif kind in ("title", "section"):
            rule += flex
        # The title box's text insets, as the .pptx sets them (LibreOffice's layouts have none), the title
        # style's left margin inside them.
        top, bottom = title.insets[1], title.insets[3]
        rule += (f" padding: {top:.3g}in {sides[1]:.3g}in {bottom:.3g}in {sides[0] + title.indent_in:.3g}in;")
        if look.title_fill:
            rule += f" background: {look.title_fill};"
        if look.title_outline is not None:
            color, width = look.title_outline
            rule += f" box-shadow: inset 0 0 0 {max(1.0, width * 4 / 3):.1f}px {color};"
        if title.bold is not None:
            rule += f" font-weight: {'bold' if title.bold else 'normal'};"
        if title.caps:
            rule += " text-transform: uppercase;"
        if look.title_rotation:   # a slanted title placeholder (the plan's own box, inline, stays upright)
            rule += f" transform: rotate({look.title_rotation:g}deg);"
        self.rules.append(rule + " }")
        if kind in ("content", "title_only", "picture"):   # a flex row: the alignment moves the text itself
            justify = {"l": "flex-start", "ctr": "center", "r": "flex-end"}[title.align]
            self.rules.append(f"{scope} > h2 {{ align-items: {ANCHOR_CSS.get(title.anchor, 'flex-start')};"
                              f" justify-content: {justify}; }}")
        else:
            self.rules.append(f"{scope} > h1, {scope} > h2 {{ align-items: stretch; }}")
        under = look.body_box
        if kind in ("title", "section"):
            # The layout's subtitle or body placeholder; else a box of our own (placed inline), top-anchored and
            # aligned as the title, as the .pptx writes its text box (design.own_box_align).
            box, anchor, align = (_box_css(under), look.body.anchor, look.body.align) if under is not None \
                else ("", "t", own_box_align(look))
            turn = f" transform: rotate({look.body_rotation:g}deg);" if look.body_rotation and under is not None else ""
            self.rules.append(f"{scope} > .cd-under {{ position: absolute; {box} margin: 0;{turn}"
                              f" box-sizing: border-box; padding: 0.05in 0.1in; display: flex; flex-direction: column;"
                              f" justify-content: {ANCHOR_CSS.get(anchor, 'flex-start')};"
                              f" text-align: {ALIGN_CSS[align]}; color: {self.forced.get('text', look.body.color)}; }}")
            self.rules.append(f"{scope} > .cd-under p {{ margin: 0; color: inherit; }}")
        if look.body_fill and look.body_box is not None:   # the body placeholder's own panel, as the .pptx has it
            self.rules.append(f"{scope} > {'.cd-under' if kind in ('title', 'section') else '.body'}"
                              f" {{ background: {look.body_fill}; }}")
        for selector, color in zip(("li", "li li"), look.body.bullets):   # the master's bullet colours
            if color and kind in ("content", "picture"):
                self.rules.append(f"{scope} .body {selector}::marker {{ color: {color}; }}")
        if kind == "section" and look.accent:
            self.rules.append(f"{scope} > .cd-under p.budget {{ color: {look.accent}; }}")

    @property
    def css(self) -> str:
        return "\n".join(self.rules) + ("\n" if self.rules else "")


def render_html(planned: PlannedDeck, template: Template, images: ImageStore, allow_html: bool = False,
                look: Look | None = None, diagnostics: list | None = None) -> str:
    renderer = HtmlRenderer(template, images, allow_html=allow_html, look=look)
    html = renderer.render(planned)
    if diagnostics is not None:
        diagnostics.extend(renderer.code_problems)
    return html


FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf"}


def font_faces(own_fonts: list) -> str:
    """@font-face rules with the template's own font files as data: URIs, so the deck draws with the
    fonts the plan measured with, offline, on any machine."""
    import re

    rules = []
    for family, bold, italic, path in own_fonts:
        name = re.sub(r"[^\w .+-]", "", family).strip()   # as font_stack writes the name
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        rules.append(f'@font-face {{ font-family: "{name}"; font-weight: {700 if bold else 400}; '
                     f'font-style: {"italic" if italic else "normal"}; '
                     f'src: url(data:{FONT_TYPES.get(path.suffix.lower(), "font/ttf")};base64,{data}); }}\n')
    return "".join(rules)
