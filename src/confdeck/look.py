"""A template resolved into what both renderers draw with: colours, fonts, slide geometry, logo, footer.

With a company master.pptx, its theme colours and fonts, slide size and
title/body boxes win over values inherited from the default template; values
the company's own template.yaml sets win over the master.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from confdeck.errors import ConfdeckError, Diagnostic
from confdeck.geometry import DEFAULT, SLIDE_SIZES, Box, Geometry, SlideFrame
from confdeck.model import Span
from confdeck.templates import COLOR_KEYS, FONT_KEYS, Template

LOGO_HEIGHT_IN = 0.42     # a corner logo on a 7.5 in tall slide
TITLE_LOGO_HEIGHT_IN = 0.9
MAX_LOGO_PIXELS = 50_000_000  # as for pictures in the notes (render/images.py): more is a decompression bomb


@dataclass(frozen=True)
class OwnDesign:
    """The built-in title and section slides of a template without a master: a band down the left edge in
    the heading colour, a short accent rule under the title (and the agenda's), the section slides on a pale panel. Both
    renderers draw from these boxes (inches) so the two decks agree."""
    band: Box
    title: Box
    title_rule: Box
    subtitle: Box
    section_title: Box
    section_rule: Box
    section_budget: Box
    agenda_rule: Box                 # under the agenda's title
    panel_color: str                 # the section slides' background

    @classmethod
    def for_geometry(cls, geometry: Geometry, colors: dict[str, str]) -> "OwnDesign":
        s = geometry.height_in / DEFAULT.height_in
        left, width = 1.0 * s, geometry.width_in - 2.0 * s
        return cls(band=Box(0, 0, 0.3 * s, geometry.height_in),
                   title=Box(left, 1.9 * s, width, 2.3 * s), title_rule=Box(left, 4.36 * s, 1.6 * s, 0.08 * s),
                   subtitle=Box(left, 4.65 * s, width, 1.8 * s),
                   section_title=Box(left, 2.1 * s, width, 2.1 * s),
                   section_rule=Box(left, 4.36 * s, 1.2 * s, 0.08 * s),
                   section_budget=Box(left, 4.62 * s, width, 0.8 * s),
                   agenda_rule=Box(geometry.title_rect.left, geometry.title_rect.bottom + 0.02 * s, 1.2 * s, 0.06 * s),
                   panel_color=_tint(colors.get("background") or "#FFFFFF", colors.get("heading") or "#1F3A5F", 0.06))


def _tint(base: str, toward: str, share: float) -> str:
    """`share` of one "#RRGGBB" colour over another."""
    a, b = base.lstrip("#"), toward.lstrip("#")
    return "#" + "".join(f"{round(int(a[i:i + 2], 16) * (1 - share) + int(b[i:i + 2], 16) * share):02X}"
                         for i in (0, 2, 4))


@dataclass
class Look:
    colors: dict[str, str]
    fonts: dict[str, str]
    geometry: Geometry
    forced_colors: frozenset[str] = frozenset()  # colours the .pptx must set itself (not left to a master)
    forced_fonts: frozenset[str] = frozenset()
    # Of the forced colours, those the .pptx sets on its own text but not in the master's theme: the body text
    # colour made readable (contrast.py) shares the theme's text slot with the master's titles, not to repaint.
    runs_only_colors: frozenset[str] = frozenset()
    master: Path | None = None
    master_shown: str | None = None
    heading_bold: bool = True
    title_anchor: str = "b"                      # t / ctr / b: where a content title sits in its box
    title_align: str = "l"                       # l / ctr / r
    logo: Path | None = None
    logo_where: str = "corner"
    logo_box: Box | None = None                  # the corner logo
    title_logo_box: Box | None = None            # the logo on the title slide
    footer_text: str | None = None
    footer_box: Box | None = None
    footer_align: str = "left"
    footer_pt: int = 12
    footer_styles: dict = field(default_factory=dict)  # a master's "ftr", "dt", "sldNum" → design.TextStyle
    number_box: Box | None = None                # the HTML deck's slide number, clear of logo and controls
    master_footer: object | None = None          # the master's own footer text, date and number (master_footer)
    date_box: Box | None = None                  # the master's date, where it has one
    own_design: OwnDesign | None = None          # title and section slides of a template without a master
    master_size_in: tuple[float, float] | None = None  # the size to give the master; None keeps its own
    frames: dict = field(default_factory=dict)   # slide kind → geometry.SlideFrame: where the plan places slides
    kinds: dict = field(default_factory=dict)    # slide kind → KindLook: its layout's design (design.py)
    contrast: list = field(default_factory=list)  # ContrastProblem: colours made readable, or kept and reported
    master_subtitle_box: Box | None = None       # the master's title-slide subtitle placeholder
    own_fonts: list = field(default_factory=list)  # (family, bold, italic, file) the template ships: embedded in HTML
    # The master as opened and prepared for the look, (presentation, layout chooser): the PowerPoint
    # writer adds its slides to it, so a build opens the master once. Taken by one render only.
    prepared_master: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def decor(self) -> dict:
        """Slide kind → its layout's background and decorations."""
        return {kind: look.decor for kind, look in self.kinds.items() if not look.decor.empty}

    def table_colors(self) -> tuple[str, str]:
        """(fill, text) of a table's header row: the heading colour with the background's, unless unreadable."""
        return (self.colors.get("table_header") or self.colors.get("heading") or "#1F3A5F",
                self.colors.get("table_header_text") or self.colors.get("background") or "#FFFFFF")

    def take_prepared_master(self) -> tuple | None:
        prepared, self.prepared_master = self.prepared_master, None
        return prepared

    @property
    def subtitle_box(self) -> Box | None:
        """Where the title slide's subtitle is drawn: the template's own design, or the master's layout."""
        if self.own_design is not None:
            return self.own_design.subtitle    # its text sits flush in the box (no insets)
        box = self.master_subtitle_box
        # Inside PowerPoint's default insets, which a master's placeholder keeps unless it sets its own.
        return Box(box.left + 0.1, box.top + 0.05, box.width - 0.2, box.height) if box is not None else None

    @property
    def scale(self) -> float:
        return self.geometry.height_in / DEFAULT.height_in

    def pt(self, size: float) -> int:
        """A type size of the 7.5 in tall design, scaled to this slide."""
        return max(8, round(size * self.scale))


def missing_fonts(template: Template, fonts: dict[str, str | None], from_template: frozenset[str]) -> list[Diagnostic]:
    """One warning per font family the template asks for that is not installed and has no
    metric-compatible twin: pages are then measured with a stand-in and may differ elsewhere."""
    from confdeck.plan.fonts import stand_in

    found, warned = [], set()
    for key in ("body", "heading", "code"):   # the body first: the line most text is measured with
        family = fonts.get(key)
        if not family or family.lower() in warned:
            continue
        used = stand_in(family, monospace=key == "code")
        if used is None:
            continue
        warned.add(family.lower())
        where = template.span_of(f"fonts.{key}") if key in from_template else \
            Span(template.shown(template.master)) if template.master else None
        found.append(Diagnostic(f'font "{family}" is not installed; measuring with "{used}" '
                                f"— pages may differ on other machines", where))
    return found


def own_fonts(template: Template, diagnostics: list) -> list[tuple[str, bool, bool, Path]]:
    """The font files the template ships (fonts/*.ttf|otf), made the ones measured for their families;
    one warning names those this machine lacks: the .pptx only names them, PowerPoint needs them installed."""
    from confdeck.plan.fonts import installed, use_template_fonts

    found = use_template_fonts(template.font_files())
    lacking = sorted({family for family, _, _, _ in found if not installed(family)})
    if lacking:
        names = ", ".join(f'"{family}"' for family in lacking)
        folder = template.shown(found[0][3].parent)
        diagnostics.append(Diagnostic(
            f"{names} come with the template: the HTML deck embeds them; the .pptx names them "
            "and shows them only where they are installed", Span(folder)))
    return found


def resolve_look(template: Template, warnings: list | None = None) -> Look:
    """The look both decks share; what is wrong with the template's settings goes to `warnings`."""
    config = template.config
    colors = {key: config.get("colors", {}).get(key) for key in COLOR_KEYS}
    fonts = {key: config.get("fonts", {}).get(key) for key in FONT_KEYS}
    size = config.get("slide_size", "16:9")
    diagnostics = warnings if warnings is not None else []
    master = template.master
    look_kwargs: dict = {}
    footer_boxes: list[Box] = []
    if master is None:
        if size == "master":
            origin = template.dirs[template.origins.get("slide_size", 0)] / "template.yaml"
            diagnostics.append(Diagnostic("slide_size: master, but the template has no master.pptx; using 16:9",
                                          Span(template.shown(origin))))
            size = "16:9"
        width, height = SLIDE_SIZES[size]
        geometry = DEFAULT.scaled_to(width, height)
        forced_colors, forced_fonts = frozenset(COLOR_KEYS), frozenset(FONT_KEYS)
    else:
        from confdeck.powerpoint.master import read_master_look

        keep_size = size == "master" or not template.overrides_master("slide_size")
        from confdeck.powerpoint.package_guard import checked_master

        shown = template.shown(master)
        diagnostics += checked_master(master, shown).warnings
        try:
            info = read_master_look(master, shown, None if keep_size else SLIDE_SIZES[size])
        except ConfdeckError:
            raise
        except Exception as exc:  # a master that passed every check and still breaks python-pptx: its fault, not ours
            why = f"{type(exc).__name__}: {exc}"
            raise ConfdeckError(f"not a PowerPoint file ({why[:200]})", Span(shown)) from None
        geometry = DEFAULT.scaled_to(info.width_in, info.height_in, info.title_box, info.body_box)
        forced_colors = frozenset(k for k in COLOR_KEYS if template.overrides_master(f"colors.{k}"))
        forced_fonts = frozenset(k for k in FONT_KEYS if template.overrides_master(f"fonts.{k}"))
        for key in COLOR_KEYS:
            if key not in forced_colors and info.colors.get(key):
                colors[key] = info.colors[key]
        for key in ("heading", "body"):
            if key not in forced_fonts and info.fonts.get(key):
                fonts[key] = info.fonts[key]
        look_kwargs.update(master=master, master_shown=template.shown(master), heading_bold=info.heading_bold,
                           master_size_in=None if keep_size else SLIDE_SIZES[size],
                           title_anchor=info.title_anchor, title_align=info.title_align,
                           prepared_master=info.prepared)
        footer_boxes = info.footer_boxes
        look_kwargs["frames"] = info.frames
        problems = make_readable(info, colors, forced_colors)
        look_kwargs["runs_only_colors"] = frozenset(problems[1] & {"text"})
        forced_colors = forced_colors | problems[1]
        look_kwargs.update(kinds=info.kinds, contrast=problems[0])
        diagnostics += [Diagnostic(problem.message, Span(shown)) for problem in problems[0]]
        look_kwargs["master_subtitle_box"] = info.subtitle_box
        look_kwargs["master_footer"] = info.own_footer
        look_kwargs["footer_styles"] = info.footer_styles
        look_kwargs["date_box"] = info.own_footer.date_box if info.own_footer is not None else None
        if info.footer_box is not None:
            look_kwargs["footer_box"] = info.footer_box
            look_kwargs["footer_align"] = info.footer_align
    look_kwargs["own_fonts"] = own_fonts(template, diagnostics)
    diagnostics += missing_fonts(template, fonts, forced_fonts)
    look = Look(colors, fonts, geometry, forced_colors, forced_fonts, **look_kwargs)
    look.footer_pt = look.pt(12)
    look.footer_text = template.footer_text
    if look.footer_text and look.footer_box is None:
        look.footer_box = _own_footer_box(geometry)
    if template.logo is not None:
        look.logo = template.logo
        look.logo_where = template.logo_where
        aspect = _aspect(template.logo, template.shown(template.logo))
        if look.logo_where in ("corner", "both"):
            obstacles = [geometry.title_rect, geometry.body_rect, *footer_boxes]
            if look.footer_text and look.footer_box is not None:
                obstacles.append(look.footer_box)
            look.logo_box = _corner_box(geometry, aspect, obstacles)
        if look.logo_where in ("title", "both"):
            height = TITLE_LOGO_HEIGHT_IN * look.scale
            width = min(geometry.width_in / 3, height * aspect)
            look.title_logo_box = Box((geometry.width_in - width) / 2, geometry.height_in - height - 0.3 * look.scale,
                                      width, height)
    if look.master_footer is not None:
        # Where the master numbers its slides (clear of its corner logo, as in the .pptx); nowhere when it
        # does not: the .pptx has no number there either.
        look.number_box = look.master_footer.number_box
    else:
        content = look.frames.get("content")
        look.number_box = _number_box(geometry, [look.logo_box, *(content.decorations if content else ())])
    if master is None:
        look.own_design = OwnDesign.for_geometry(geometry, colors)
        look.frames = own_frames(geometry, look.own_design, look.scale)
    return look


def own_frames(geometry: Geometry, design: OwnDesign, scale: float) -> dict[str, SlideFrame]:
    """The slide kinds' frames without a master: the built-in title and section pages, the geometry's boxes."""
    content = SlideFrame(geometry.title_rect, geometry.body_rect, geometry.title_pt)
    return {"content": content, "picture": content, "blank": content,
            "title": SlideFrame(design.title, design.subtitle, max(12, round(44 * scale)), subtitle=design.subtitle),
            "section": SlideFrame(design.section_title, design.section_budget, max(12, round(40 * scale)),
                                  subtitle=design.section_budget)}


def contrast_problems(template: Template) -> list:
    """The master's colours that are hard to read on its own backgrounds (ContrastProblem, contrast.py):
    what `template check` reports; a build warns about the same ones once."""
    return resolve_look(template, []).contrast


def make_readable(info, colors: dict, forced: frozenset[str]) -> tuple[list, set[str]]:
    """Check every kind's text against what is behind it; fix what fails (see contrast.py)."""
    from confdeck.contrast import ContrastCheck

    check = ContrastCheck(info.kinds, colors, forced, info.theme, Box(0, 0, info.width_in, info.height_in))
    return check.run()


SERIF = ("georgia", "cambria", "times", "garamond", "palatino", "book antiqua", "constantia", "baskerville",
         "caslon", "minion", "serif")
MONO = ("consolas", "courier", "mono", "menlo", "monaco", "lucida console", "inconsolata", "code")


def font_stack(name: str | None):
    """A CSS font-family list: the template's font, then look-alikes a Linux, Mac or Windows machine has."""
    from markupsafe import Markup

    # A master's font name goes into a <style> element: keep only what a font name needs.
    name = re.sub(r"[^\w .+-]", "", name or "").strip() or None
    lowered = (name or "").lower()
    if any(word in lowered for word in MONO):
        fallbacks = ['"Liberation Mono"', '"DejaVu Sans Mono"', "monospace"]
    elif any(word in lowered for word in SERIF) and "sans" not in lowered:
        fallbacks = ['"Liberation Serif"', '"DejaVu Serif"', "Georgia", "serif"]
    elif "calibri" in lowered or not lowered:
        fallbacks = ['"Carlito"', '"Helvetica Neue"', "Arial", '"Liberation Sans"', "sans-serif"]
    else:
        fallbacks = ['"Liberation Sans"', '"Helvetica Neue"', "Arial", '"Carlito"', "sans-serif"]
    quoted = '"' + name.replace('"', "") + '"' if name else None
    if not quoted:
        return Markup(", ".join(fallbacks))
    # Where the font is missing, the family the planner measured with (and LibreOffice draws with) comes next.
    from confdeck.plan.fonts import stand_in

    measured = stand_in(name, monospace=any(word in lowered for word in MONO))
    chosen = [quoted, *([f'"{measured}"'] if measured else []), *fallbacks]
    return Markup(", ".join(dict.fromkeys(chosen)))


def _own_footer_box(geometry: Geometry) -> Box:
    """Our footer line in the free strip under the body box."""
    body = geometry.body_rect
    strip_top = body.bottom
    strip = max(0.3, geometry.height_in - strip_top)
    height = min(0.4, strip * 0.8)
    return Box(body.left, strip_top + (strip - height) / 2, body.width * 0.6, height)


def _number_box(geometry: Geometry, logos: list[Box | None]) -> Box:
    """The slide number at the right end of the strip under the body (where masters put theirs),
    moved left of a corner logo (ours or the master's) that sits there."""
    scale = geometry.height_in / DEFAULT.height_in
    body = geometry.body_rect
    width, height = 1.2 * scale, 0.36 * scale
    strip = max(height, geometry.height_in - body.bottom)
    box = Box(body.right - width, body.bottom + (strip - height) / 2, width, height)
    for logo in sorted((logo for logo in logos if logo is not None), key=lambda logo: -logo.left):
        if box.overlaps(logo):
            box = Box(logo.left - 0.2 * scale - width, box.top, width, height)
    return box


def _corner_box(geometry: Geometry, aspect: float, obstacles: list[Box]) -> Box:
    """The first slide corner where the logo covers neither title, body nor footer."""
    scale = geometry.height_in / DEFAULT.height_in
    pad = 0.12 * scale
    height = LOGO_HEIGHT_IN * scale
    width = min(2.2 * scale, height * aspect)
    w, h = geometry.width_in, geometry.height_in
    corners = [Box(w - pad - width, h - pad - height, width, height),   # bottom right
               Box(w - pad - width, pad, width, height),                # top right
               Box(pad, h - pad - height, width, height),               # bottom left
               Box(pad, pad, width, height)]                            # top left
    for corner in corners:
        if not any(corner.overlaps(obstacle) for obstacle in obstacles):
            return corner
    return corners[0]


def _aspect(path: Path, shown: str) -> float:
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        # Only the header is read here; the pixel count is checked before anything decodes the picture.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                if picture.format not in ("PNG", "JPEG", "GIF"):
                    raise ConfdeckError(f"logo must be a PNG, JPEG or GIF image, not {picture.format}", Span(shown))
                width, height = picture.size
    except Image.DecompressionBombError:
        width = height = MAX_LOGO_PIXELS  # Pillow refused to open it at all: far too many pixels
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        raise ConfdeckError("logo is not an image (PNG, JPEG or GIF)", Span(shown)) from None
    if width * height > MAX_LOGO_PIXELS:
        raise ConfdeckError(f"logo has more than {MAX_LOGO_PIXELS:,} pixels (too large to decode safely); "
                            "a logo needs a few hundred pixels a side", Span(shown))
    return width / max(1, height)
