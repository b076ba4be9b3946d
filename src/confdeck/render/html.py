"""PlannedDeck → one self-contained reveal.js HTML file (Jinja2, autoescaped)."""
from __future__ import annotations

import json

import jinja2
import nh3
from markupsafe import Markup, escape

from confdeck.geometry import DEFAULT, PX_PER_IN, Geometry
from confdeck.model import (
    BulletList, CodeBlock, Image, ListItem, Paragraph, PlannedDeck, PlannedSlide, Quote, RawHtml,
    Run, SubHeading, Table,
)
from confdeck.render.assets import reveal_asset
from confdeck.render.base import Renderer
from confdeck.render.images import ImageStore
from confdeck.links import safe_href
from confdeck.templates import Template

# Formatting tags kept from raw HTML in notes; everything else is dropped by nh3.
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "br",
                "code", "kbd", "span", "p", "ul", "ol", "li", "a", "abbr", "q", "cite"}


class HtmlRenderer(Renderer):
    def __init__(self, template: Template, images: ImageStore, geometry: Geometry = DEFAULT,
                 allow_html: bool = False):
        self.template = template
        self.images = images
        self.geo = geometry
        self.allow_html = allow_html

    def render(self, planned: PlannedDeck) -> str:
        self.deck = planned.deck
        slides = self.render_slides(planned)
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.template.dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        css = self.template.find("deck.css")
        reveal_config = {
            "width": round(self.geo.width_in * PX_PER_IN),
            "height": round(self.geo.height_in * PX_PER_IN),
            "margin": 0.04,
            "hash": True,
            "slideNumber": "c/t",
            "transition": "none",
            "center": False,
        }
        if planned.total_seconds and planned.deck.duration_seconds:
            reveal_config["totalTime"] = planned.deck.duration_seconds
        return env.get_template("deck.html.j2").render(
            deck=planned.deck,
            slides=slides,
            colors=self.template.config.get("colors", {}),
            fonts=self.template.config.get("fonts", {}),
            geometry=self.geo,
            reveal_css=Markup(reveal_asset("reveal.css")),
            theme_css=Markup(reveal_asset("theme/white.css")),
            reveal_js=Markup(reveal_asset("reveal.js")),
            notes_js=Markup(reveal_asset("plugin/notes.js")),
            deck_css=Markup(css.read_text(encoding="utf-8")) if css else "",
            reveal_config=Markup(json.dumps(reveal_config)),
        )

    # -- slides ----------------------------------------------------------------

    def _slide(self, slide: PlannedSlide, body: Markup, classes: str) -> dict:
        notes = ([slide.pacing] if slide.pacing else []) + slide.notes
        return {
            "kind": slide.kind,
            "classes": classes,
            "title": slide.title,
            "subtitle": slide.subtitle,
            "body": body,
            "notes": notes,
            "seconds": slide.seconds,
            "line": slide.span.line if slide.span else None,
        }

    def render_title_slide(self, slide: PlannedSlide, number: int, ctx) -> dict:
        logo = Markup("")
        if self.deck.logo is not None:
            logo = self.render_image(self.deck.logo, "logo")
        byline = " · ".join(part for part in (self.deck.author, self.deck.date) if part)
        body = logo + Markup("<h1>{}</h1>").format(slide.title)
        if slide.subtitle:
            body += Markup('<p class="subtitle">{}</p>').format(slide.subtitle)
        if byline:
            body += Markup('<p class="byline">{}</p>').format(byline)
        return self._slide(slide, body, "title-slide")

    def render_section_slide(self, slide: PlannedSlide, number: int, ctx) -> dict:
        body = Markup("<h2>{}</h2>").format(slide.title)
        if slide.subtitle:
            body += Markup('<p class="budget">{}</p>').format(slide.subtitle)
        return self._slide(slide, body, "section-slide")

    def _content(self, slide: PlannedSlide, classes: str) -> dict:
        body = Markup("<h2>{}</h2>").format(slide.title)
        body += Markup('<div class="body">') + Markup("").join(
            self.render_block(block, None) for block in slide.blocks) + Markup("</div>")
        return self._slide(slide, body, classes)

    def render_content_slide(self, slide: PlannedSlide, number: int, ctx) -> dict:
        return self._content(slide, "content-slide")

    def render_agenda_slide(self, slide: PlannedSlide, number: int, ctx) -> dict:
        return self._content(slide, "agenda-slide")

    def render_image_slide(self, slide: PlannedSlide, number: int, ctx) -> dict:
        return self._content(slide, "image-slide")

    # -- blocks ----------------------------------------------------------------

    def runs(self, runs: list[Run]) -> Markup:
        out = Markup("")
        for run in runs:
            piece = escape(run.text).replace("\n", Markup("<br>"))
            if run.code:
                piece = Markup("<code>{}</code>").format(piece)
            if run.bold:
                piece = Markup("<strong>{}</strong>").format(piece)
            if run.italic:
                piece = Markup("<em>{}</em>").format(piece)
            if run.strike:
                piece = Markup("<del>{}</del>").format(piece)
            href = safe_href(run.href)
            if href:
                piece = Markup('<a href="{}">{}</a>').format(href, piece)
            out += piece
        return out

    def render_paragraph(self, block: Paragraph, ctx) -> Markup:
        return Markup("<p>{}</p>").format(self.runs(block.runs))

    def render_sub_heading(self, block: SubHeading, ctx) -> Markup:
        return Markup('<p class="subheading"><strong>{}</strong></p>').format(self.runs(block.runs))

    def render_bullet_list(self, block: BulletList, ctx) -> Markup:
        """Flat items with levels → properly nested <ul>/<ol>."""
        out: list[Markup] = []
        stack: list[str] = []  # open list tags
        for item in block.items:
            tag = "ol" if item.ordered else "ul"
            level = item.level
            while len(stack) > level + 1:
                out.append(Markup("</li></{}>").format(stack.pop()))
            if len(stack) == level + 1:
                out.append(Markup("</li>"))
            while len(stack) < level + 1:
                start = f' start="{item.number}"' if item.ordered and item.number not in (None, 1) else ""
                out.append(Markup(f"<{tag}{start}>"))
                stack.append(tag)
                if len(stack) < level + 1:
                    out.append(Markup('<li class="gap">'))
            out.append(self._item(item))
        while stack:
            out.append(Markup("</li></{}>").format(stack.pop()))
        return Markup("").join(out)

    def _item(self, item: ListItem) -> Markup:
        classes = ' class="task"' if item.checked is not None else ""
        return Markup(f"<li{classes}>") + self.runs(item.runs)

    def render_code_block(self, block: CodeBlock, ctx) -> Markup:
        language = f' class="language-{escape(block.language)}"' if block.language else ""
        return Markup(f"<pre><code{language}>") + escape(block.code) + Markup("</code></pre>")

    def render_quote(self, block: Quote, ctx) -> Markup:
        return Markup("<blockquote>") + Markup("").join(
            Markup("<p>{}</p>").format(self.runs(p)) for p in block.paragraphs) + Markup("</blockquote>")

    def render_table(self, block: Table, ctx) -> Markup:
        def cells(row, tag):
            return Markup("").join(
                Markup(f"<{tag}{self._align(block, i)}>") + self.runs(cell) + Markup(f"</{tag}>")
                for i, cell in enumerate(row))
        head = Markup("<thead><tr>") + cells(block.header, "th") + Markup("</tr></thead>")
        body = Markup("").join(Markup("<tr>") + cells(row, "td") + Markup("</tr>") for row in block.rows)
        return Markup("<table>") + head + Markup("<tbody>") + body + Markup("</tbody></table>")

    @staticmethod
    def _align(block: Table, index: int) -> str:
        align = block.align[index] if index < len(block.align) else None
        return f' style="text-align:{align}"' if align in ("left", "right", "center") else ""

    def render_raw_html(self, block: RawHtml, ctx) -> Markup:
        if self.allow_html:
            return Markup(block.html)
        return Markup(nh3.clean(block.html, tags=ALLOWED_TAGS, url_schemes={"http", "https", "mailto"},
                                attributes={"a": {"href", "title"}, "abbr": {"title"}}))

    def render_image(self, block: Image, ctx) -> Markup:
        loaded = self.images.load(block)
        css = "logo" if ctx == "logo" else "picture"
        if loaded is None:
            return Markup('<div class="missing-image {}">Image not found: {}</div>').format(css, block.src)
        return Markup('<img class="{}" src="{}" alt="{}">').format(css, loaded.data_uri(), block.alt)


def render_html(planned: PlannedDeck, template: Template, images: ImageStore, allow_html: bool = False) -> str:
    return HtmlRenderer(template, images, allow_html=allow_html).render(planned)
