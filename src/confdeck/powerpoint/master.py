"""A company's PowerPoint master: opened, emptied of sample slides, its layouts sorted by what they hold.

Real masters rename or delete layouts, use OBJECT placeholders where python-pptx's
own template uses BODY, repeat placeholder indexes, and (when LibreOffice wrote
them) bring one slide master per design page. So layouts are chosen by their
placeholders, with names only as a hint, and a kind the master lacks falls back
to the closest layout with one warning.
"""
from __future__ import annotations

import copy
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn

from confdeck.contrast import blend
from confdeck.design import DRAWN_SHAPES, SLIDE_NUMBER_FIELD, Decor, DecorItem, DecorText, KindLook, TextStyle
from confdeck.errors import ConfdeckError, Diagnostic
from confdeck.geometry import Box
from confdeck.model import Span
from confdeck.powerpoint.master_footer import build_day, master_footer
from confdeck.powerpoint.outlines import custom_outline, preset_outline
from confdeck.powerpoint.package_guard import checked_master

EMU_PER_IN = 914400

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)  # vertical text is no place for bullets
FOOTER_TYPES = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)

KINDS = ("title", "content", "section", "title_only", "picture", "blank")
KIND_NAMES = {"title": "title slide", "content": "title and content", "section": "section header",
              "title_only": "title only", "picture": "picture", "blank": "blank"}
# When a master lacks a kind of layout, the closest kinds to use instead, best first.
FALLBACKS = {
    "title": ("section", "title_only", "content"),
    "section": ("title", "title_only", "content"),
    "content": ("title_only", "section", "title", "blank"),
    "title_only": ("content", "section", "title"),
    "picture": ("title_only", "content", "blank"),
    "blank": ("title_only", "content"),
}
# Layout names real masters use (PowerPoint, Keynote, LibreOffice, Google Slides), as hints only.
NAME_HINTS = {
    "title": re.compile(r"title slide|^title$|cover|titel|opening", re.I),
    "content": re.compile(r"content|text|bullet|inhalt|^title,? content|_body$", re.I),
    "section": re.compile(r"section|header|divider|chapter|abschnitt|break", re.I),
    "title_only": re.compile(r"title only|nur titel|^title$", re.I),
    "picture": re.compile(r"picture|photo|image|bild", re.I),
    "blank": re.compile(r"blank|empty|leer", re.I),
}
# Designed pages without placeholders: names that mark a title page or a section divider.
DESIGNED_NAMES = {"title": re.compile(r"title|cover|titel|opening|capa|tytu", re.I),
                  "section": re.compile(r"section|divider|chapter|abschnitt|sekcja|se[cç][aã]o", re.I)}
DESIGNED_SCORE = 8        # beats a placeholder title layout: the company designed this page as its title page
TOP_TITLE_SHARE = 0.35    # a title whose box ends above this share of the slide height is a top title
MIN_ROOM_SHARE = 0.45     # a fallback layout leaves at least this share of the slide below its title
MIN_BODY_AREA_SHARE = 0.25  # a body (or picture frame) smaller than this share of the slide is a caption box
TYPE_HINTS = {"title": ("title",), "content": ("obj", "tx"), "section": ("secHead",),
              "title_only": ("titleOnly",), "picture": ("picTx",), "blank": ("blank",)}

PPTX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
OTHER_MAIN_TYPES = ("application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
                    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
                    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
                    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml")


def open_master(path: Path, shown: str):
    """The master as a python-pptx Presentation; a .potx saved as master.pptx is accepted too."""
    try:
        data = checked_master(path, shown).data  # bounded, cleaned and checked before python-pptx reads it
        data = _as_presentation(data)
        prs = Presentation(io.BytesIO(data))
        if not len(prs.slide_masters) or not len(prs.slide_layouts):
            raise ValueError("no slide master")
    except ConfdeckError:
        raise
    except Exception:  # python-pptx raises many kinds on a damaged or foreign file
        raise ConfdeckError("not a PowerPoint file", Span(shown)) from None
    return prs


def master_copy(path: Path, shown: str) -> tuple[bytes, list[Diagnostic]]:
    """The master as `template new` copies it: a presentation with nothing to repair or clean as it is,
    else checked, repaired and cleaned, and a template (.potx, .potm) or show made a presentation, so
    that master.pptx opens in PowerPoint as the .pptx it is called."""
    checked = checked_master(path, shown)
    warnings = list(checked.warnings)
    with zipfile.ZipFile(io.BytesIO(checked.data)) as archive:
        types = archive.read("[Content_Types].xml").decode("utf-8")
    other = next((t for t in OTHER_MAIN_TYPES if t in types), None)
    if other is not None:
        what = "template" if ".template." in other else "show" if "slideshow" in other else "macro-enabled presentation"
        warnings.append(Diagnostic(f"a PowerPoint {what}: copied as a presentation (master.pptx)", Span(shown)))
        if "macroEnabled" in other:
            warnings.append(Diagnostic("its macros (VBA project) are left out of the copy", Span(shown)))
    if not warnings:
        return path.read_bytes(), warnings
    return _as_presentation(checked.data), warnings


def _as_presentation(data: bytes) -> bytes:
    """Templates and shows differ from a presentation only in their declared content type."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode("utf-8")
        if not any(t in types for t in OTHER_MAIN_TYPES):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for item in archive.infolist():
                content = archive.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    for other in OTHER_MAIN_TYPES:
                        types = types.replace(other, PPTX_CONTENT_TYPE)
                    content = types.encode("utf-8")
                copy.writestr(item, content)
        return out.getvalue()


@dataclass
class SampleTexts:
    """Where a sample slide has its title and subtitle: a designed page without placeholders gets ours there."""
    title: Box | None = None
    subtitle: Box | None = None


def sample_texts(prs) -> dict:
    """Layout partname → SampleTexts of the first sample slide on it that shows text."""
    found: dict = {}
    for slide in prs.slides:
        try:
            name = str(slide.slide_layout.part.partname)
        except (KeyError, AttributeError):
            continue
        if name in found:
            continue
        titles, others = [], []
        for shape in slide.shapes:
            if not getattr(shape, "has_text_frame", False) or not shape.text_frame.text.strip():
                continue
            box = box_of(shape)
            if box is None:
                continue
            ph = shape._element.find(f".//{qn('p:ph')}")
            kind = ph.get("type", "body") if ph is not None else None
            size = max((int(r.get("sz")) for r in shape._element.iter(qn("a:rPr"), qn("a:defRPr"))
                        if (r.get("sz") or "").isdigit()), default=0)
            (titles if kind in ("title", "ctrTitle") else others).append((size, box))
        if not titles and others:   # plain text boxes: the biggest type is the title
            others.sort(key=lambda item: -item[0])
            titles, others = others[:1], others[1:]
        if titles:
            title = titles[0][1]
            below = sorted((box for _, box in others if box.top >= title.top), key=lambda box: box.top)
            found[name] = SampleTexts(title, below[0] if below else None)
    return found


def remove_sample_slides(prs) -> list:
    """Drop every slide the master file came with; returns the layouts they used, in order."""
    used = []
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        rel_id = slide_id.get(qn("r:id"))
        try:
            used.append(prs.part.related_part(rel_id).slide_layout)
        except (KeyError, AttributeError):
            pass
        prs.part.drop_rel(rel_id)
        id_list.remove(slide_id)
    return used


def repair_placeholder_indexes(prs) -> None:
    """Give every placeholder of a layout its own idx, so slides inherit from the right one.

    LibreOffice writes the title and the content placeholder both with idx 0;
    PowerPoint and python-pptx then match a slide's body to the layout's title.
    """
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            seen: set[int] = set()
            phs = [sp for sp in layout.shapes._spTree.iter(qn("p:ph"))]
            taken = {int(ph.get("idx", "0")) for ph in phs}
            next_idx = max(taken | {9}) + 1
            for ph in phs:
                idx = int(ph.get("idx", "0"))
                is_title = ph.get("type") in ("title", "ctrTitle")
                if idx in seen or (idx == 0 and not is_title and any(
                        p.get("type") in ("title", "ctrTitle") for p in phs)):
                    ph.set("idx", str(next_idx))
                    idx = next_idx
                    next_idx += 1
                seen.add(idx)


def written_by_libreoffice(prs) -> bool:
    for part in prs.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            return b"LibreOffice" in part.blob or b"OpenOffice" in part.blob
    return False


def realign_libreoffice_layouts(prs) -> None:
    """Put each layout's title and body where its own master has them.

    LibreOffice lays out a slide from its master page's title and object areas,
    but writes every master's layouts with the boxes of one master; copying the
    master's boxes back gives the layouts LibreOffice itself shows.
    """
    for master in prs.slide_masters:
        title_box = _xfrm_of(_master_placeholder(master, ("title", "ctrTitle")))
        body_box = _xfrm_of(_master_placeholder(master, ("body",)))
        for layout in master.slide_layouts:
            info = describe_layout(layout, 0, 0)
            if info.title is not None and title_box is not None:
                _set_xfrm(info.title._element, title_box)
            single = info.bodies if len(info.bodies) == 1 and info.subtitle is None else (
                [info.subtitle] if info.subtitle is not None and not info.bodies else [])
            if single and body_box is not None:
                _set_xfrm(single[0]._element, body_box)
            for key, ph_type in (("ftr", "ftr"), ("sldNum", "sldNum"), ("dt", "dt")):
                box = _xfrm_of(_master_placeholder(master, (ph_type,)))
                if key in info.footers and box is not None:
                    _set_xfrm(info.footers[key]._element, box)


def _xfrm_of(sp):
    if sp is None:
        return None
    xfrm = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
    return copy.deepcopy(xfrm) if xfrm is not None else None


def _set_xfrm(sp, xfrm) -> None:
    sp_pr = sp.find(qn("p:spPr"))
    if sp_pr is None:
        return
    old = sp_pr.find(qn("a:xfrm"))
    if old is not None:
        sp_pr.replace(old, copy.deepcopy(xfrm))
    else:
        sp_pr.insert(0, copy.deepcopy(xfrm))


@dataclass
class LayoutInfo:
    """What one layout holds."""
    layout: object
    master_index: int
    order: int
    name: str
    type: str
    title: object | None = None
    center_title: bool = False
    subtitle: object | None = None
    bodies: list = field(default_factory=list)     # BODY/OBJECT placeholders, biggest first
    pictures: list = field(default_factory=list)
    footers: dict = field(default_factory=dict)    # "ftr"/"sldNum"/"dt" → layout placeholder
    others: int = 0                                # charts, tables, vertical text … we do not fill
    clear_footers: dict | None = None              # footer key → its box moved clear of a logo (decorate.py)

    @property
    def body(self):
        return self.bodies[0] if self.bodies else None


def describe_layouts(prs) -> list[LayoutInfo]:
    infos = []
    order = 0
    for master_index, master in enumerate(prs.slide_masters):
        for layout in master.slide_layouts:
            infos.append(describe_layout(layout, master_index, order))
            order += 1
    return infos


def describe_layout(layout, master_index: int, order: int) -> LayoutInfo:
    info = LayoutInfo(layout, master_index, order, layout.name or "", layout._element.get("type", ""))
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if ph._element.ph.get("orient") == "vert":
            info.others += 1  # vertical text is no place for a title or bullets
        elif kind in TITLE_TYPES and info.title is None:
            info.title = ph
            info.center_title = kind == PP_PLACEHOLDER.CENTER_TITLE
        elif kind == PP_PLACEHOLDER.SUBTITLE and info.subtitle is None:
            info.subtitle = ph
        elif kind in BODY_TYPES:
            info.bodies.append(ph)
        elif kind == PP_PLACEHOLDER.PICTURE:
            info.pictures.append(ph)
        elif kind == PP_PLACEHOLDER.FOOTER:
            info.footers.setdefault("ftr", ph)
        elif kind == PP_PLACEHOLDER.SLIDE_NUMBER:
            info.footers.setdefault("sldNum", ph)
        elif kind == PP_PLACEHOLDER.DATE:
            info.footers.setdefault("dt", ph)
        else:
            info.others += 1
    info.bodies.sort(key=lambda ph: -_area(ph))
    return info


def _area(shape) -> int:
    try:
        return int(shape.width or 0) * int(shape.height or 0)
    except (TypeError, AttributeError):
        return 0


def _score(info: LayoutInfo, kind: str, slide_height: int, slide_width: int = 0) -> float | None:
    """How well a layout fits a kind of slide, or None when it cannot hold that kind at all."""
    has_title = info.title is not None
    bodies = len(info.bodies)
    extra = bodies + len(info.pictures) + (1 if info.subtitle is not None else 0) + info.others
    if kind == "title":
        if not has_title or not (info.center_title or info.subtitle is not None or info.type == "title"):
            return None
        score = 3 + (2 if info.center_title else 0) + (2 if info.subtitle is not None else 0) - bodies
    elif kind == "content":
        if not has_title or not bodies:
            return None
        score = 4 - (bodies - 1) - (2 if info.subtitle is not None else 0) - len(info.pictures) - info.others
        score += min(1.0, _area(info.body) / max(1, _area(info.title) * 3))  # a big body beats a caption
        if _area(info.body) < MIN_BODY_AREA_SHARE * slide_width * slide_height:
            score -= 3   # its biggest body is a badge or a caption box (Keynote's layouts have many): no room
    elif kind == "section":
        small_body = bodies == 1 and int(info.body.height or 0) < 0.3 * slide_height
        if not has_title or not (info.type == "secHead" or NAME_HINTS["section"].search(info.name) or
                                 (small_body and info.subtitle is None and not info.pictures)):
            return None
        score = 3 - max(0, bodies - 1) - len(info.pictures)
    elif kind == "title_only":
        if not has_title or extra:
            return None
        score = 4
    elif kind == "picture":
        if not has_title or not info.pictures:
            return None
        score = 4 - max(0, len(info.pictures) - 1)
    else:  # blank
        if has_title or extra:
            return None
        score = 4
    if info.type in TYPE_HINTS[kind]:
        score += 1
    if NAME_HINTS[kind].search(info.name):
        score += 1
    return score


class LayoutChooser:
    """Picks one layout per kind of slide, remembering which kinds had to fall back."""

    def __init__(self, prs, sample_layouts: list, shown: str | None, samples: dict | None = None):
        self.prs = prs
        self.shown = shown
        self.infos = describe_layouts(prs)
        self.sample_layouts = sample_layouts
        self.samples = samples or {}   # layout partname → SampleTexts (where its sample slide had the title)
        self.diagnostics: list[Diagnostic] = []
        self._chosen: dict[str, LayoutInfo] = {}
        self._best: dict[str, LayoutInfo | None] = {}
        self._warned: set[str] = set()
        content = self._best_of("content")
        self.design_master = content.master_index if content else 0

    def _bonus(self, info: LayoutInfo, kind: str) -> float:
        """Prefer the content design's master (so slides look alike), then layouts the samples show in use."""
        bonus = 0.0
        if info.layout in self.sample_layouts:
            bonus += 0.5
            if kind == "title" and self.sample_layouts[0] is info.layout:
                bonus += 0.75  # decks open with their title slide
        if kind != "content" and info.master_index == getattr(self, "design_master", info.master_index):
            bonus += 0.75
        return bonus

    def _best_of(self, kind: str) -> LayoutInfo | None:
        if kind not in self._best:
            height = self.prs.slide_height
            scored = [(s + self._bonus(info, kind), -info.order, info) for info in self.infos
                      if (s := _score(info, kind, height, self.prs.slide_width)) is not None]
            if kind in ("title", "section"):
                scored += [(DESIGNED_SCORE + self._bonus(info, kind), -info.order, info) for info in self.infos
                           if self.designed_for(info, kind)]
            if kind == "blank":   # a designed title page is no place for a picture
                scored = [entry for entry in scored if not self.designed_for(entry[2], "title")] or scored
            self._best[kind] = max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None
        return self._best[kind]

    def designed_for(self, info: LayoutInfo, kind: str) -> bool:
        """A designed page without placeholders (LibreOffice masters, some PowerPoint ones) marked as this
        kind's page: by its name, or (title pages) by the first sample slide showing it."""
        if info.title is not None or info.bodies or info.subtitle is not None or info.pictures or info.others:
            return False   # placeholders of any sort (vertical text too) make a layout, not a designed page
        if kind == "title":
            opens = bool(self.sample_layouts) and self.sample_layouts[0] is info.layout
            return opens or bool(DESIGNED_NAMES["title"].search(info.name))
        return kind == "section" and bool(DESIGNED_NAMES["section"].search(info.name))

    def sample_of(self, info: LayoutInfo) -> SampleTexts | None:
        return self.samples.get(str(info.layout.part.partname))

    def _room_under_title(self, info: LayoutInfo) -> float:
        """The share of the slide left below the layout's title when that title sits at the top (0 if not)."""
        if info.title is None:
            return 0.0
        top, height = int(info.title.top or 0), int(info.title.height or 0)
        slide = int(self.prs.slide_height)
        if top + height > TOP_TITLE_SHARE * slide:
            return 0.0
        return (slide - top - height) / slide

    def _roomy(self, info: LayoutInfo, kind: str) -> bool:
        """Whether a layout's body (content) or picture frame (picture) covers enough of the slide to use."""
        holder = info.body if kind == "content" else info.pictures[0] if kind == "picture" and info.pictures \
            else None
        if holder is None:
            return True
        return _area(holder) >= MIN_BODY_AREA_SHARE * int(self.prs.slide_width) * int(self.prs.slide_height)

    def _fallback(self, kind: str) -> LayoutInfo | None:
        """For a missing body kind: the layout that leaves the most room below a top title (a content or title-only
        layout of another master, a title slide whose title sits high …), never a centred-title page while one of
        those exists; else the old order of kinds (the plan then puts the body under the title or moves it up).
        Pictures and title-only slides go on the master's own content layout when it has room: the page its
        designer drew for slides with a title and something under it."""
        if kind in ("title_only", "picture"):
            content = self._best_of("content")
            if content is not None and self._roomy(content, "content") \
                    and self._room_under_title(content) >= MIN_ROOM_SHARE:
                return content
        if kind in ("content", "title_only", "picture"):
            scored = [(room + self._bonus(info, kind) / 10, -info.order, info) for info in self.infos
                      if (room := self._room_under_title(info)) >= MIN_ROOM_SHARE]
            if scored:
                return max(scored, key=lambda t: (t[0], t[1]))[2]
        for other in FALLBACKS[kind]:
            info = self._best_of(other)
            if info is not None:
                return info
        return None

    def layout_for(self, kind: str) -> LayoutInfo:
        if kind in self._chosen:
            return self._chosen[kind]
        info = self._best_of(kind)
        if info is not None and not self._roomy(info, kind):
            # A section header's small text box is no body for bullets: a layout with room under a top title is.
            roomy = self._fallback(kind)
            info = roomy if roomy is not None and self._room_under_title(roomy) >= MIN_ROOM_SHARE else info
        if info is None:
            info = self._fallback(kind)
            if info is None:
                info = next((i for i in self.infos if i.master_index == self.design_master), self.infos[0])
            if self.shown and kind not in self._warned:
                self._warned.add(kind)
                self.diagnostics.append(Diagnostic(
                    f"no {KIND_NAMES[kind]} layout; using \"{info.name or 'unnamed layout'}\" instead",
                    Span(self.shown)))
        self._chosen[kind] = info
        return info


# -- geometry, theme ------------------------------------------------------------

def box_of(shape) -> Box | None:
    try:
        left, top, width, height = (int(v) for v in (shape.left, shape.top, shape.width, shape.height))
    except (TypeError, AttributeError):
        return None
    if width <= 0 or height <= 0:
        return None
    return Box(left / EMU_PER_IN, top / EMU_PER_IN, width / EMU_PER_IN, height / EMU_PER_IN)


SCHEME_SLOTS = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                "hlink", "folHlink")


def _theme_element(master):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = master.part.part_related_by(RT.THEME)
    return part, etree.fromstring(part.blob)


def theme_colors(master) -> dict[str, str]:
    """Scheme slot (dk1, lt1, accent1, …) → #RRGGBB."""
    _, theme = _theme_element(master)
    scheme = theme.find(f".//{qn('a:clrScheme')}")
    colors = {}
    if scheme is None:
        return colors
    for slot in SCHEME_SLOTS:
        element = scheme.find(qn(f"a:{slot}"))
        if element is None or not len(element):
            continue
        color = element[0]
        value = color.get("val") if color.tag == qn("a:srgbClr") else color.get("lastClr")
        if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
            colors[slot] = "#" + value.upper()
    return colors


def theme_fonts(master) -> dict[str, str]:
    _, theme = _theme_element(master)
    fonts = {}
    for key, tag in (("major", "a:majorFont"), ("minor", "a:minorFont")):
        latin = theme.find(f".//{qn(tag)}/{qn('a:latin')}")
        if latin is not None and latin.get("typeface"):
            fonts[key] = latin.get("typeface")
    return fonts


def color_map(master) -> dict[str, str]:
    clr_map = master._element.find(qn("p:clrMap"))
    mapping = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
    if clr_map is not None:
        mapping.update({k: v for k, v in clr_map.attrib.items()})
    return mapping


def _resolve(color_element, scheme: dict[str, str], mapping: dict[str, str]) -> str | None:
    if color_element is None:
        return None
    color = None
    if color_element.tag == qn("a:srgbClr"):
        color = "#" + color_element.get("val", "000000").upper()
    elif color_element.tag == qn("a:sysClr"):
        color = "#" + color_element.get("lastClr", "000000").upper()
    elif color_element.tag == qn("a:schemeClr"):
        slot = color_element.get("val", "")
        color = scheme.get(mapping.get(slot, slot))
    if color is None or not re.fullmatch(r"#[0-9A-F]{6}", color):
        return None
    return _apply_modifiers(color, color_element)


def _pattern_color(pattern, scheme, mapping) -> str | None:
    """A pattern fill (a grid, stripes) as one colour: its lines' and its gaps' half and half (as it reads from
    a distance)."""
    background, lines = (_resolve(next(iter(part), None), scheme, mapping) if part is not None else None
                         for part in (pattern.find(qn("a:bgClr")), pattern.find(qn("a:fgClr"))))
    return blend(background, lines, 0.5) if background and lines else background or lines


def _alpha(color_element) -> float:
    """A colour's opacity (its a:alpha, 0–1)."""
    found = color_element.find(qn("a:alpha")) if color_element is not None else None
    try:
        return min(1.0, max(0.0, int(found.get("val")) / 100000)) if found is not None else 1.0
    except (TypeError, ValueError):
        return 1.0


def _first_fill_color(element, scheme, mapping) -> str | None:
    if element is None:
        return None
    for fill in element.iter(qn("a:solidFill"), qn("a:gs")):
        for child in fill:
            color = _resolve(child, scheme, mapping)
            if color:
                return color
    return None


def master_look(master, content: LayoutInfo, look: KindLook, trust_layout: bool = True
                ) -> tuple[dict[str, str], dict[str, str], bool, str, str]:
    """Colours, fonts, title boldness, anchoring and alignment a master gives its content slides (`look`:
    the content layout's, kind_look)."""
    scheme = theme_colors(master)
    mapping = color_map(master)
    fonts_theme = theme_fonts(master)
    element = master._element
    colors = {}
    background = element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
    # The content slides' background as their layout inherits it (a theme style's tint included), else the
    # master's first fill colour (a gradient's first stop), else the theme's background slot.
    colors["background"] = look.decor.background_color or _first_fill_color(background, scheme, mapping) \
        or scheme.get(mapping.get("bg1", "lt1"))
    colors["text"] = look.body.color or scheme.get(mapping.get("tx1", "dk1"))
    colors["heading"] = look.title.color or colors["text"]
    colors["accent"] = scheme.get(mapping.get("accent1", "accent1"))
    colors["link"] = scheme.get(mapping.get("hlink", "hlink"))
    title_style = element.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}")
    body_style = element.find(f"{qn('p:txStyles')}/{qn('p:bodyStyle')}")
    title_element = content.title._element if content.title is not None and trust_layout else None
    body_element = content.body._element if content.body is not None and trust_layout else None
    master_title = _master_placeholder(master, TITLE_PH)
    master_body = _master_placeholder(master, ("body",))
    # LibreOffice writes no text styles, and its master placeholders' sample paragraphs are not inherited:
    # PowerPoint and LibreOffice set such a master's slides in the theme's fonts (its sample paragraphs name
    # other fonts, in colours for its own sample slides).
    fonts = {}
    fonts["heading"] = (_typeface(_defrpr(title_element), fonts_theme) or _typeface(_defrpr(master_title), fonts_theme)
                        or _typeface(title_style, fonts_theme) or fonts_theme.get("major"))
    fonts["body"] = (_typeface(_defrpr(body_element), fonts_theme) or _typeface(_defrpr(master_body), fonts_theme)
                     or _typeface(body_style, fonts_theme) or fonts_theme.get("minor"))
    return ({k: v for k, v in colors.items() if v and re.fullmatch(r"#[0-9A-F]{6}", v)},
            {k: v for k, v in fonts.items() if v}, bool(look.title.bold), look.title.anchor, look.title.align)


def _master_placeholder(master, types: tuple[str, ...]):
    for ph in master._element.iter(qn("p:ph")):
        if ph.get("type") in types:
            return ph.getparent().getparent().getparent()
    return None


def _defrpr(shape_element):
    """A placeholder's own list style: what slides inherit (its sample paragraphs are not)."""
    if shape_element is None:
        return None
    return shape_element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")


def _typeface(element, theme_fonts_: dict[str, str]) -> str | None:
    if element is None:
        return None
    for latin in element.iter(qn("a:latin")):
        face = latin.get("typeface")
        if not face:
            continue
        if face.startswith("+mj"):
            return theme_fonts_.get("major")
        if face.startswith("+mn"):
            return theme_fonts_.get("minor")
        return face
    return None


# -- writing a template's own colours and fonts into the theme -----------------------

def set_theme(prs, colors: dict[str, str], fonts: dict[str, str]) -> None:
    """Write overridden colours and fonts into every master's theme, so slides a user adds later match."""
    for master in prs.slide_masters:
        part, theme = _theme_element(master)
        mapping = color_map(master)
        scheme = theme.find(f".//{qn('a:clrScheme')}")
        slots = {"background": mapping.get("bg1", "lt1"), "text": mapping.get("tx1", "dk1"),
                 "heading": mapping.get("tx2", "dk2"), "accent": "accent1", "link": "hlink"}
        if scheme is not None:
            for key, slot in slots.items():
                if key in colors:
                    element = scheme.find(qn(f"a:{slot}"))
                    if element is None:
                        continue
                    for child in list(element):
                        element.remove(child)
                    etree.SubElement(element, qn("a:srgbClr")).set("val", colors[key].lstrip("#").upper())
        for key, tag in (("heading", "a:majorFont"), ("body", "a:minorFont")):
            latin = theme.find(f".//{qn(tag)}/{qn('a:latin')}")
            if key in fonts and latin is not None:
                latin.set("typeface", fonts[key])
        part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
        if "background" in colors:
            for holder in [master, *master.slide_layouts]:
                if holder is master or holder._element.find(f"{qn('p:cSld')}/{qn('p:bg')}") is not None:
                    set_background(holder, colors["background"])


def set_background(holder, color: str) -> None:
    c_sld = holder._element.find(qn("p:cSld"))
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    bg = etree.Element(qn("p:bg"))
    bg_pr = etree.SubElement(bg, qn("p:bgPr"))
    fill = etree.SubElement(bg_pr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", color.lstrip("#").upper())
    etree.SubElement(bg_pr, qn("a:effectLst"))
    c_sld.insert(0, bg)


# PowerPoint's own sizes (EMU) and labels; a size within a few hundred EMU of one (13.333 in) is that one.
POWERPOINT_SIZES = ((12192000, 6858000, None), (9144000, 6858000, "screen4x3"))


def powerpoint_size(width: int, height: int) -> tuple[int, int, str | None]:
    """The slide size PowerPoint writes for this one, with its sldSz type (None: no label, a custom size)."""
    for exact_width, exact_height, label in POWERPOINT_SIZES:
        if abs(width - exact_width) <= 1000 and abs(height - exact_height) <= 1000:
            return exact_width, exact_height, label
    return width, height, None


def resize_deck(prs, width: int, height: int) -> None:
    """Resize the slide and stretch every master and layout shape to match.

    Only positions written in the XML are scaled: a layout placeholder without one inherits
    its master's, which is scaled already (reading it through python-pptx and writing it back
    would scale it twice, and follows the inheritance with XPath for every shape).
    """
    width, height, label = powerpoint_size(width, height)
    scale_x = width / prs.slide_width
    scale_y = height / prs.slide_height
    prs.slide_width, prs.slide_height = width, height
    size = prs.part._element.find(qn("p:sldSz"))
    if (width, height, label) in POWERPOINT_SIZES:   # the label goes with the size (python-pptx's says 4:3)
        if label is None:
            size.attrib.pop("type", None)
        else:
            size.set("type", label)
    if abs(scale_x - 1) < 1e-6 and abs(scale_y - 1) < 1e-6:
        return
    for master in prs.slide_masters:
        for holder in [master, *master.slide_layouts]:
            for shape in holder._element.cSld.spTree.iterchildren():
                for xfrm in _own_xfrms(shape):
                    _scale(xfrm.find(_OFF), "x", "y", scale_x, scale_y)
                    _scale(xfrm.find(_EXT), "cx", "cy", scale_x, scale_y)


_XFRM_A, _XFRM_P, _OFF, _EXT = qn("a:xfrm"), qn("p:xfrm"), qn("a:off"), qn("a:ext")
_SP_PR, _GRP_SP_PR, _GRAPHIC_FRAME = qn("p:spPr"), qn("p:grpSpPr"), qn("p:graphicFrame")


def _own_xfrms(shape) -> list:
    """The position elements a shape has in the XML (none when it inherits its position)."""
    if shape.tag == _GRAPHIC_FRAME:
        return shape.findall(_XFRM_P)
    return [xfrm for properties in shape.iterchildren(_SP_PR, _GRP_SP_PR) for xfrm in properties.iterchildren(_XFRM_A)]


def _scale(element, x_name: str, y_name: str, scale_x: float, scale_y: float) -> None:
    if element is None:
        return
    for name, scale in ((x_name, scale_x), (y_name, scale_y)):
        value = element.get(name)
        if value is not None and value.lstrip("-").isdigit():
            element.set(name, str(int(int(value) * scale)))


# -- one entry point for the renderer and for the look both decks share ------------------

def prepare_master(path: Path, shown: str, size_in: tuple[float, float] | None = None):
    """The master ready to add slides to, and its layout chooser."""
    prs = open_master(path, shown)
    texts = sample_texts(prs)
    samples = remove_sample_slides(prs)
    repair_placeholder_indexes(prs)
    if written_by_libreoffice(prs):
        realign_libreoffice_layouts(prs)
    if size_in is not None:
        resize_deck(prs, int(size_in[0] * EMU_PER_IN), int(size_in[1] * EMU_PER_IN))
    else:   # the master's own size, exactly PowerPoint's when it is one of its sizes give or take a rounding
        resize_deck(prs, prs.slide_width, prs.slide_height)
    return prs, LayoutChooser(prs, samples, shown, texts)


@dataclass
class MasterLook:
    width_in: float
    height_in: float
    title_box: Box | None
    body_box: Box | None
    colors: dict[str, str]
    fonts: dict[str, str]
    heading_bold: bool
    title_anchor: str
    title_align: str
    footer_boxes: list[Box]
    footer_box: Box | None
    footer_align: str
    kinds: dict = field(default_factory=dict)  # slide kind → KindLook
    theme: dict = field(default_factory=dict)  # the theme's colour slots (dk1, lt1, accent1 …)
    prepared: tuple | None = None              # (presentation, chooser) from prepare_master, for the writer
    frames: dict = field(default_factory=dict)  # slide kind → geometry.SlideFrame (layout_frames.kind_frames)
    own_footer: object | None = None           # master_footer.MasterFooter: the master's footer, date, number
    subtitle_box: Box | None = None            # where the title layout puts the subtitle (the plan measures it)
    footer_styles: dict = field(default_factory=dict)  # "ftr", "dt", "sldNum" → TextStyle the placeholder gives


def read_master_look(path: Path, shown: str, size_in: tuple[float, float] | None) -> MasterLook:
    prs, chooser = prepare_master(path, shown, size_in)
    content = chooser.layout_for("content")
    master = content.layout.slide_master
    trust_layout = not written_by_libreoffice(prs)
    # One look per layout, read once: kinds without a layout of their own share another kind's.
    by_layout: dict[int, KindLook] = {}
    kinds: dict[str, KindLook] = {}
    for kind in KINDS:
        info = chooser.layout_for(kind)
        if id(info.layout) not in by_layout:
            by_layout[id(info.layout)] = kind_look(info)
        kinds[kind] = by_layout[id(info.layout)]
    colors, fonts, bold, anchor, align = master_look(master, content, kinds["content"], trust_layout)
    # The footers where both decks put them: moved clear of a corner logo as the .pptx writer moves them.
    from confdeck.powerpoint.layout_frames import footers_clear_of_logos, kind_frames

    moved = footers_clear_of_logos(content, prs.slide_width / EMU_PER_IN, prs.slide_height / EMU_PER_IN)
    placed = {key: moved.get(key) or box_of(ph) for key, ph in content.footers.items()}
    footer_boxes = [box for box in placed.values() if box]
    footer_box = placed.get("ftr")
    footer_align = "center"
    if footer_box is not None:
        middle = footer_box.left + footer_box.width / 2
        width_in = prs.slide_width / EMU_PER_IN
        footer_align = "left" if middle < width_in * 0.35 else "right" if middle > width_in * 0.65 else "center"
    scale = prs.slide_height / EMU_PER_IN / 7.5
    frames = kind_frames(chooser, {"content": max(12, round(36 * scale)), "title": max(12, round(44 * scale)),
                                   "section": max(12, round(40 * scale))}, kinds)
    # The content frame is the geometry pagination measures with: its body is clear of the title and keep-outs.
    own_footer = master_footer(content, build_day(), placed, trust_layout=trust_layout)
    title = chooser.layout_for("title")
    subtitle = title.subtitle if title.subtitle is not None else title.body   # as the writer picks it
    scheme, mapping = theme_colors(master), color_map(master)
    # The content layout's footer, date and slide number as the slides' placeholders inherit them.
    footer_styles = {key: _text_style(ph._element, master, scheme, mapping) for key, ph in content.footers.items()}
    return MasterLook(prs.slide_width / EMU_PER_IN, prs.slide_height / EMU_PER_IN,
                      frames["content"].title, frames["content"].body,
                      colors, fonts, bold, anchor, align, footer_boxes, footer_box, footer_align,
                      kinds, scheme, (prs, chooser), frames=frames, own_footer=own_footer,
                      subtitle_box=box_of(subtitle) if subtitle is not None else None, footer_styles=footer_styles)


# -- each kind of slide's design, as PowerPoint inherits it ------------------------------------

WEB_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif"}
MAX_DECOR_ITEMS = 120   # a honeycomb band is dozens of hexagons; every slide of the kind repeats them
TITLE_PH = ("title", "ctrTitle")


def _image_of(part, blip, crop=None) -> tuple[str, bytes] | None:
    """The picture a blip shows, as (mime type, bytes), cut as the blip fill's a:srcRect (`crop`) cuts it."""
    rel_id = blip.get(qn("r:embed")) if blip is not None else None
    if not rel_id:
        return None
    try:
        image = part.related_part(rel_id)
    except (KeyError, AttributeError):
        return None
    if image.content_type not in WEB_IMAGE_TYPES:
        return None  # EMF, WMF, TIFF: not something every browser shows
    sides = tuple(int(crop.get(side, "0") or 0) / 100000 for side in ("l", "t", "r", "b")) if crop is not None \
        else (0.0, 0.0, 0.0, 0.0)
    if any(sides):
        return _cropped(image.content_type, image.blob, sides)
    return image.content_type, image.blob


@functools.lru_cache(maxsize=8)
def _faded(mime: str, data: bytes, opacity: float) -> tuple[str, bytes] | None:
    """A see-through background picture (a:alphaModFix) as the slide shows it: over white, at that opacity."""
    from PIL import Image, UnidentifiedImageError

    if opacity >= 1.0:
        return mime, data
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture = picture.convert("RGBA")
            white = Image.new("RGBA", picture.size, (255, 255, 255, 255))
            flat = Image.blend(white, Image.alpha_composite(white, picture), opacity).convert("RGB")
            out = io.BytesIO()
            flat.save(out, "JPEG" if mime == "image/jpeg" else "PNG", quality=90)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return mime if mime == "image/jpeg" else "image/png", out.getvalue()


@functools.lru_cache(maxsize=16)
def _cropped(mime: str, data: bytes, sides: tuple[float, float, float, float]) -> tuple[str, bytes] | None:
    """A picture cut by fractions of its size from each side (left, top, right, bottom), as PNG; a master's
    logo is often a larger picture cropped to the mark. Each kind's layout asks again: kept."""
    from PIL import Image, UnidentifiedImageError

    left, top, right, bottom = (min(max(side, 0.0), 1.0) for side in sides)
    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            box = (round(width * left), round(height * top), round(width * (1 - right)), round(height * (1 - bottom)))
            if box[2] <= box[0] or box[3] <= box[1]:
                return None
            out = io.BytesIO()
            picture.crop(box).save(out, "PNG")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return "image/png", out.getvalue()


def _presentation_default_style(master):
    """Level 1 of presentation.xml's p:defaultTextStyle, or None."""
    try:
        presentation = master.part.package.presentation_part._element
    except AttributeError:
        return None
    return presentation.find(f"{qn('p:defaultTextStyle')}/{qn('a:lvl1pPr')}")


def _master_ph_for(master, ph_type: str):
    """The master placeholder a layout placeholder of this type inherits from."""
    if ph_type in TITLE_PH:
        return _master_placeholder(master, TITLE_PH)
    if ph_type in ("dt", "ftr", "sldNum"):
        return _master_placeholder(master, (ph_type,))
    return _master_placeholder(master, ("body",))


AUTOFITS = (qn("a:spAutoFit"), qn("a:normAutofit"), qn("a:noAutofit"))


def grows_with_text(placeholder, master) -> bool:
    """Whether a layout placeholder's box grows with its text (a:spAutoFit: Google Slides' files and some
    masters): its height is then one line of sample text, not the room the design gives it. Its own setting,
    else its master placeholder's."""
    element = placeholder._element
    ph = element.find(f".//{qn('p:ph')}")
    for sp in (element, _master_ph_for(master, ph.get("type", "obj") if ph is not None else "obj")):
        body_pr = sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}") if sp is not None else None
        fit = next((child for child in body_pr if child.tag in AUTOFITS), None) if body_pr is not None else None
        if fit is not None:
            return fit.tag == AUTOFITS[0]
    return False


def _list_level(sp, level: int = 1):
    """A placeholder's own list style at that level (a:lvlNpPr), or None."""
    return None if sp is None else sp.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn(f'a:lvl{level}pPr')}")


def _bullet_colors(layout_sp, master_sp, style_name: str, master, scheme, mapping) -> tuple[str | None, ...]:
    """The bullets' colours at levels 1 and 2 (a:buClr), each from the nearest list style that sets one."""
    colors = []
    for level in (1, 2):
        style = master._element.find(f"{qn('p:txStyles')}/{qn(style_name)}/{qn(f'a:lvl{level}pPr')}")
        holders = (_list_level(layout_sp, level), _list_level(master_sp, level), style)
        found = next((bu for bu in (p.find(qn("a:buClr")) for p in holders if p is not None)
                      if bu is not None and len(bu)), None)
        colors.append(_resolve(found[0], scheme, mapping) if found is not None else None)
    return tuple(colors)


INSET_SIDES = ("lIns", "tIns", "rIns", "bIns")


def _text_style(layout_sp, master, scheme, mapping) -> TextStyle:
    """A placeholder's text as a slide inherits it: its own list style, its master placeholder's, then
    the master's title, body or other text style (level 1). Sample paragraphs are not inherited."""
    ph = layout_sp.find(f".//{qn('p:ph')}") if layout_sp is not None else None
    ph_type = ph.get("type", "obj") if ph is not None else "obj"
    master_sp = _master_ph_for(master, ph_type)
    style_name = "p:titleStyle" if ph_type in TITLE_PH else "p:bodyStyle" if ph_type not in (
        "dt", "ftr", "sldNum") else "p:otherStyle"
    style = master._element.find(f"{qn('p:txStyles')}/{qn(style_name)}/{qn('a:lvl1pPr')}")
    # (paragraph properties, run properties) from the nearest to the farthest.
    levels = [(lvl, lvl.find(qn("a:defRPr"))) for lvl in (_list_level(layout_sp), _list_level(master_sp), style)
              if lvl is not None]
    if style is None:
        # LibreOffice writes no text styles; then the presentation's default text style applies (not the master
        # placeholders' sample paragraphs, which neither PowerPoint nor LibreOffice gives a slide).
        default = _presentation_default_style(master)
        if default is not None:
            levels.append((default, default.find(qn("a:defRPr"))))
    align = next((p.get("algn") for p, _ in levels if p is not None and p.get("algn")), None)
    spacing = next((s for s in (p.find(f"{qn('a:lnSpc')}/{qn('a:spcPct')}") for p, _ in levels if p is not None)
                    if s is not None and (s.get("val") or "").isdigit()), None)
    color = bold = size = caps = None
    for _, run in levels:
        if run is None:
            continue
        if caps is None and run.get("cap") is not None:
            caps = run.get("cap") == "all"
        fill = run.find(qn("a:solidFill"))
        if color is None and fill is not None and len(fill):
            color = _resolve(fill[0], scheme, mapping)
        if bold is None and run.get("b") is not None:
            bold = run.get("b") in ("1", "true")
        if size is None and (run.get("sz") or "").isdigit():
            size = int(run.get("sz")) / 100
    anchor = centred_block = None
    insets = dict(zip(INSET_SIDES, TextStyle().insets))
    found: set[str] = set()
    for sp in (layout_sp, master_sp):
        body_pr = sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}") if sp is not None else None
        for side in INSET_SIDES:   # each side from the nearest box that sets it (LibreOffice writes 0)
            value = body_pr.get(side) if body_pr is not None else None
            if side not in found and value is not None and value.isdigit():
                insets[side] = min(int(value) / EMU_PER_IN, 2.0)
                found.add(side)
        if body_pr is not None and anchor is None and body_pr.get("anchor"):
            anchor = body_pr.get("anchor")
        if body_pr is not None and centred_block is None and body_pr.get("anchorCtr") is not None:
            centred_block = body_pr.get("anchorCtr") in ("1", "true")
    if align is None:
        # No paragraph alignment: left, unless the box centres its block of text (anchorCtr, as LibreOffice
        # writes its centred titles), which shows a title line centred.
        align = "ctr" if centred_block else "l"
    if color is None:
        color = scheme.get(mapping.get("tx1", "dk1"))
    line = min(2.0, max(0.5, int(spacing.get("val")) / 100000)) if spacing is not None else 1.0
    margin = next((p.get("marL") for p, _ in levels if p is not None and (p.get("marL") or "").isdigit()), "0")
    indent = min(int(margin) / EMU_PER_IN, 2.0)   # a stray huge margin must not squeeze the title to nothing
    return TextStyle(color, align if align in ("l", "ctr", "r") else "l", anchor or "t", bold, size, bool(caps), line,
                     indent, tuple(insets[side] for side in INSET_SIDES),
                     _bullet_colors(layout_sp, master_sp, style_name, master, scheme, mapping))


def _own_fill(layout_sp, master) -> tuple[str | None, tuple[str, float] | None]:
    """A placeholder's own fill ("#RRGGBB", "#RRGGBBAA" when see-through) and outline, its layout's or else its
    master placeholder's."""
    scheme, mapping = theme_colors(master), color_map(master)
    ph = layout_sp.find(f".//{qn('p:ph')}")
    master_sp = _master_ph_for(master, ph.get("type", "obj") if ph is not None else "obj")
    fill = outline = None
    fill_done = line_done = False
    for sp in (layout_sp, master_sp):
        sp_pr = sp.find(qn("p:spPr")) if sp is not None else None
        if sp_pr is None:
            continue
        if not fill_done:
            if sp_pr.find(qn("a:noFill")) is not None:
                fill_done = True
            elif (solid := sp_pr.find(qn("a:solidFill"))) is not None and len(solid):
                fill, fill_done = _resolve(solid[0], scheme, mapping), True
                alpha = _alpha(solid[0])
                if fill and alpha < 1:   # see-through: "#RRGGBBAA" (a pale panel over a picture)
                    fill += f"{round(alpha * 255):02X}"
        line = sp_pr.find(qn("a:ln"))
        if not line_done and line is not None:
            line_done = True
            solid = line.find(qn("a:solidFill"))
            if solid is not None and len(solid) and line.find(qn("a:noFill")) is None:
                color = _resolve(solid[0], scheme, mapping)
                width = int(line.get("w", "9525")) / 12700
                outline = (color, width) if color else None
    return fill, outline


def kind_look(info: LayoutInfo) -> KindLook:
    """The design one layout gives the slides of a kind."""
    layout = info.layout
    master = layout.slide_master
    scheme, mapping = theme_colors(master), color_map(master)
    title_sp = info.title._element if info.title is not None else None
    under = info.subtitle if info.subtitle is not None else info.body
    under_sp = under._element if under is not None else None
    title = _text_style(title_sp if title_sp is not None else _master_placeholder(master, TITLE_PH),
                        master, scheme, mapping)
    if title_sp is None:   # the title goes in a text box of ours, which no title style sets in
        title = replace(title, indent_in=0.0, insets=TextStyle().insets)
    body = _text_style(under_sp if under_sp is not None else _master_placeholder(master, ("body",)),
                       master, scheme, mapping)
    fill, outline = _own_fill(title_sp, master) if title_sp is not None else (None, None)
    return KindLook(info.name, box_of(info.title) if info.title is not None else None, title,
                    box_of(under) if under is not None else None, body, fill, outline, layout_decor(layout),
                    picture_box=box_of(info.pictures[0]) if info.pictures else None,
                    title_rotation=_rotation(title_sp, master), body_rotation=_rotation(under_sp, master),
                    body_fill=_own_fill(under_sp, master)[0] if under_sp is not None else None)


def _rotation(layout_sp, master) -> float:
    """A placeholder's turn in degrees (its own a:xfrm's rot, else its master placeholder's, as it inherits)."""
    if layout_sp is None:
        return 0.0
    xfrm = layout_sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
    if xfrm is None:
        ph = layout_sp.find(f".//{qn('p:ph')}")
        master_sp = _master_ph_for(master, ph.get("type", "obj")) if ph is not None else None
        xfrm = master_sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}") if master_sp is not None else None
    try:
        return int(xfrm.get("rot", "0") or 0) / 60000 % 360 if xfrm is not None else 0.0
    except ValueError:
        return 0.0


def _apply_modifiers(color: str, element) -> str:
    """lumMod / lumOff / satMod / tint / shade of a scheme colour (darker and lighter colours of a theme),
    applied in the order they are written, as PowerPoint applies them."""
    import colorsys

    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    for child in element:
        name = child.tag.split("}")[1]
        try:
            value = int(child.get("val", "0")) / 100000
        except ValueError:
            continue
        if name in ("lumMod", "lumOff", "satMod"):
            h, light, sat = colorsys.rgb_to_hls(r, g, b)
            if name == "lumMod":
                light *= value
            elif name == "lumOff":
                light += value
            else:
                sat *= value
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, light)), min(1.0, max(0.0, sat)))
        elif name in ("shade", "tint"):   # PowerPoint tints and shades in linear light, not in sRGB
            linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in (r, g, b)]
            linear = [v * value if name == "shade" else v * value + (1 - value) for v in linear]
            r, g, b = (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055 for v in linear)
    return "#" + "".join(f"{round(min(1, max(0, v)) * 255):02X}" for v in (r, g, b))


def _background(holder, decor: Decor, scheme, mapping) -> bool:
    """The holder's own background into decor; False when it has none (the master's shows)."""
    bg = holder._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
    if bg is None:
        return False
    bg_pr = bg.find(qn("p:bgPr"))
    if bg_pr is None:   # a reference to the theme's background styles, in the colour it names
        ref = bg.find(qn("p:bgRef"))
        if ref is not None and len(ref):
            color = _resolve(ref[0], scheme, mapping)
            style = _background_style(holder, ref.get("idx", "0"))
            # The style sets the fill (a tint of the colour, a gradient of it): its phClr is that colour.
            with_colour = {**scheme, "phClr": color} if color else scheme
            if style is not None and style.tag == qn("a:gradFill") and color:
                decor.gradient = _gradient(style, with_colour, mapping)
            elif style is not None and style.tag == qn("a:solidFill") and len(style) and color:
                decor.background_color = _resolve(style[0], with_colour, mapping)
            else:
                decor.background_color = color
        return True
    blip = next(bg_pr.iter(qn("a:blip")), None)
    if blip is not None:
        decor.background = _image_of(holder.part, blip)
        fade = blip.find(qn("a:alphaModFix"))
        if decor.background is not None and fade is not None and (fade.get("amt") or "").isdigit():
            decor.background = _faded(*decor.background, min(1.0, int(fade.get("amt")) / 100000))
        return True
    gradient = bg_pr.find(qn("a:gradFill"))
    if gradient is not None:
        decor.gradient = _gradient(gradient, scheme, mapping)
        return True
    solid = bg_pr.find(qn("a:solidFill"))
    if solid is not None and len(solid):
        decor.background_color = _resolve(solid[0], scheme, mapping)
    return True


def _background_style(holder, idx: str):
    """The theme's background fill style a p:bgRef names (idx 1001 is the first of a:bgFillStyleLst), or None
    (idx 0 and 1000 mean no fill)."""
    try:
        index = int(idx) - 1001
    except ValueError:
        return None
    master = holder.slide_master if hasattr(holder, "slide_master") else holder
    _, theme = _theme_element(master)
    styles = theme.find(f".//{qn('a:bgFillStyleLst')}")
    return styles[index] if styles is not None and 0 <= index < len(styles) else None


def _gradient(grad_fill, scheme, mapping) -> tuple | None:
    """A gradient fill as (angle°, ((position 0–1, colour) …)) for a linear one, and (angle°, stops, (x, y))
    for a path gradient spreading from (x, y), fractions of the box (a:path's a:fillToRect); a see-through
    stop's colour is "#RRGGBBAA"."""
    stops = []
    for stop in grad_fill.iter(qn("a:gs")):
        color = _resolve(stop[0], scheme, mapping) if len(stop) else None
        if color:
            alpha = _alpha(stop[0])
            stops.append((int(stop.get("pos", "0") or 0) / 100000,
                          color if alpha >= 1 else f"{color}{round(alpha * 255):02X}"))
    if not stops:
        return None
    linear = grad_fill.find(qn("a:lin"))
    angle = int(linear.get("ang", "0") or 0) / 60000 if linear is not None else 90.0
    path = grad_fill.find(qn("a:path"))
    if path is None:
        return angle, tuple(sorted(stops))
    to_rect = path.find(qn("a:fillToRect"))
    sides = [int(to_rect.get(side, "0") or 0) / 100000 if to_rect is not None else 0.5 for side in "ltrb"]
    centre = ((sides[0] + 1 - sides[2]) / 2, (sides[1] + 1 - sides[3]) / 2)
    return angle, tuple(sorted(stops)), centre


def _run_text(run) -> str:
    """A run's text; a slide-number field is the slide's number (shown per slide), not its sample text."""
    if run.tag == qn("a:fld") and (run.get("type") or "").lower() == "slidenum":
        return SLIDE_NUMBER_FIELD
    found = run.find(qn("a:t"))
    return found.text or "" if found is not None else ""


def _decor_text(shape, master, scheme, mapping) -> DecorText | None:
    body = shape.find(qn("p:txBody"))
    if body is None:
        return None
    lines = ["".join(_run_text(run) for run in p.iter(qn("a:r"), qn("a:fld"))) for p in body.iter(qn("a:p"))]
    text = "\n".join(lines).strip()
    if not text:
        return None
    other = master._element.find(f"{qn('p:txStyles')}/{qn('p:otherStyle')}/{qn('a:lvl1pPr')}")
    color = size = None
    bold = False
    for run in [*body.iter(qn("a:rPr")), *body.iter(qn("a:defRPr")),
                *(other.iter(qn("a:defRPr")) if other is not None else [])]:
        fill = run.find(qn("a:solidFill"))
        if color is None and fill is not None and len(fill):
            color = _resolve(fill[0], scheme, mapping)
        if size is None and (run.get("sz") or "").isdigit():
            size = int(run.get("sz")) / 100
        bold = bold or run.get("b") in ("1", "true")
    p_pr = next((e for e in body.iter(qn("a:pPr"), qn("a:lvl1pPr")) if e.get("algn")), None)
    body_pr = body.find(qn("a:bodyPr"))
    return DecorText(text, color or scheme.get(mapping.get("tx1", "dk1")) or "#000000", size or 18.0,
                     p_pr.get("algn") if p_pr is not None and p_pr.get("algn") in ("l", "ctr", "r") else "l",
                     body_pr.get("anchor", "t") if body_pr is not None else "t", bold)


def layout_decor(layout) -> Decor:
    """A layout's background and decorations (its master's, unless it hides them, then its own)."""
    decor = Decor()
    master = layout.slide_master
    scheme, mapping = theme_colors(master), color_map(master)
    for holder in (layout, master):
        if _background(holder, decor, scheme, mapping):
            break  # the layout's own background, whatever it is, hides the master's
    holders = [master, layout] if layout._element.get("showMasterSp", "1") not in ("0", "false") else [layout]
    for holder in holders:
        for shape, place, shown in _flattened(holder._element.find(qn("p:cSld")).find(qn("p:spTree")), _inches, ""):
            item = _decor_item(holder, shape, place, master, scheme, mapping)
            if item is None or len(decor.items) >= MAX_DECOR_ITEMS:
                decor.undrawn.append(shown)
            else:
                decor.items.append(item)
    return decor


_DRAWN_TAGS = (qn("p:pic"), qn("p:sp"), qn("p:cxnSp"), qn("p:graphicFrame"))


def _inches(x: float, y: float, cx: float, cy: float) -> Box:
    return Box(x / EMU_PER_IN, y / EMU_PER_IN, cx / EMU_PER_IN, cy / EMU_PER_IN)


def _flattened(tree, place, group: str):
    """(shape, place, key) of every shape in a shape tree that is not a placeholder, a group's shapes in its
    place: `place` maps the shape's own position (EMU) to a Box on the slide, through each group's scaling
    (a company logo drawn as a group of shapes). The key names the shape by its name and id ("Logo#7", a
    group's shapes after it: "Logo#7/Piece#8"): LibreOffice leaves every name empty."""
    for shape in tree:
        if shape.tag not in _DRAWN_TAGS and shape.tag != qn("p:grpSp"):
            continue
        if shape.find(f".//{qn('p:ph')}") is not None:
            continue
        shown = group + shape_key(shape)
        if shape.tag != qn("p:grpSp"):
            yield shape, place, shown
            continue
        inner = _group_place(shape, place)
        if inner is None:
            yield shape, place, shown    # a group without a position of its own: reported, not drawn
        else:
            yield from _flattened(shape, inner, shown + "/")


def shape_key(shape) -> str:
    """A shape's name and id within its master or layout (see _flattened)."""
    c_nv_pr = next(shape.iter(qn("p:cNvPr")), None)
    return f"{c_nv_pr.get('name', '')}#{c_nv_pr.get('id', '')}" if c_nv_pr is not None else "#"


def _group_place(group, place):
    """How a group places its shapes: their offsets from the group's child offset, scaled from its child extent
    to its own extent, then placed as the group itself is."""
    xfrm = group.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
    parts = [xfrm.find(qn(tag)) if xfrm is not None else None for tag in ("a:off", "a:ext", "a:chOff", "a:chExt")]
    if any(part is None for part in parts):
        return None
    try:
        (x, y), (cx, cy), (ch_x, ch_y), (ch_cx, ch_cy) = [
            (int(part.get(a)), int(part.get(b))) for part, (a, b) in
            zip(parts, (("x", "y"), ("cx", "cy"), ("x", "y"), ("cx", "cy")))]
    except (TypeError, ValueError):
        return None
    scale_x, scale_y = (cx / ch_cx if ch_cx else 1.0), (cy / ch_cy if ch_cy else 1.0)
    return lambda sx, sy, scx, scy: place(x + (sx - ch_x) * scale_x, y + (sy - ch_y) * scale_y,
                                          scx * scale_x, scy * scale_y)


def _style_color(shape, ref: str, scheme, mapping) -> str | None:
    """The colour a shape's theme style gives it (p:style fillRef or lnRef), as PowerPoint's own drawn shapes
    carry it instead of a fill of their own; index 0 means none."""
    found = shape.find(f"{qn('p:style')}/{qn(ref)}")
    if found is None or found.get("idx", "0") == "0" or not len(found):
        return None
    return _resolve(found[0], scheme, mapping)


def _decor_item(holder, shape, place, master, scheme, mapping) -> DecorItem | None:
    """One picture, shape, line or text box as data; None for what the HTML deck cannot draw (charts, custom
    outlines, rotated or slanted shapes …)."""
    if shape.tag not in (qn("p:pic"), qn("p:sp"), qn("p:cxnSp")):
        return None
    sp_pr = shape.find(qn("p:spPr"))
    xfrm = sp_pr.find(qn("a:xfrm")) if sp_pr is not None else None
    if xfrm is None or xfrm.find(qn("a:off")) is None or xfrm.find(qn("a:ext")) is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    box = place(int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
    turn = {"rotation": int(xfrm.get("rot", "0") or 0) / 60000 % 360,
            "flip": (xfrm.get("flipH") in ("1", "true"), xfrm.get("flipV") in ("1", "true"))}
    if shape.tag == qn("p:pic"):
        blip_fill = shape.find(qn("p:blipFill"))
        image = _image_of(holder.part, next(shape.iter(qn("a:blip")), None),
                          blip_fill.find(qn("a:srcRect")) if blip_fill is not None else None)
        return DecorItem(box, "picture", image=image, **turn) if image else None
    geometry = sp_pr.find(qn("a:prstGeom"))
    kind = geometry.get("prst") if geometry is not None else None
    path = None
    if kind is None and (custom := sp_pr.find(qn("a:custGeom"))) is not None:
        path = custom_outline(custom, int(ext.get("cx")), int(ext.get("cy")))
        if path is None:
            return None
        kind = "freeform"
    elif kind is not None and kind not in DRAWN_SHAPES:
        path = preset_outline(kind, _adjust_values(geometry))
    fill = image = outline = gradient = None
    opacity = 1.0
    fills = [sp_pr.find(qn(tag)) for tag in ("a:solidFill", "a:noFill", "a:gradFill", "a:blipFill", "a:pattFill")]
    solid, pattern = fills[0], fills[4]
    if solid is not None and len(solid):
        fill, opacity = _resolve(solid[0], scheme, mapping), _alpha(solid[0])
    elif fills[2] is not None:
        gradient = _gradient(fills[2], scheme, mapping)
    elif pattern is not None:
        fill = _pattern_color(pattern, scheme, mapping)
    elif all(f is None for f in fills):
        fill = _style_color(shape, "a:fillRef", scheme, mapping)
    blip_fill = fills[3]
    if blip_fill is not None:
        image = _image_of(holder.part, blip_fill.find(qn("a:blip")), blip_fill.find(qn("a:srcRect")))
        if image is None:
            return None
    line = sp_pr.find(qn("a:ln"))
    line_fill = line.find(qn("a:solidFill")) if line is not None else None
    width = int(line.get("w", "9525") or 9525) / 12700 if line is not None else 0.75
    color = _resolve(line_fill[0], scheme, mapping) if line_fill is not None and len(line_fill) else \
        _style_color(shape, "a:lnRef", scheme, mapping) if line is None or line.find(qn("a:noFill")) is None else None
    if kind in ("line", "straightConnector1") or shape.tag == qn("p:cxnSp"):
        return _rule(box, color, width) if not turn["rotation"] % 180 else None
    outline = (color, width) if color else None
    text = _decor_text(shape, master, scheme, mapping)
    if (kind is None and not text) or (kind is not None and kind not in DRAWN_SHAPES and path is None):
        return None   # an outline of guides' formulas or an unusual preset: not something drawn here
    if fill is None and gradient is None and image is None and outline is None and text is None:
        return None
    return DecorItem(box, "text" if kind is None else kind, fill, image, text, outline, gradient, path=path,
                     opacity=opacity, **turn)


def _adjust_values(geometry) -> dict[str, int]:
    """A preset's adjust values (a:avLst's a:gd fmla="val N"), by name."""
    values = {}
    for guide in geometry.iter(qn("a:gd")):
        formula = (guide.get("fmla") or "").split()
        if len(formula) == 2 and formula[0] == "val" and formula[1].lstrip("-").isdigit():
            values[guide.get("name")] = int(formula[1])
    return values


def _rule(box: Box, color: str | None, width_pt: float) -> DecorItem | None:
    """A straight line across or down the slide (a rule under a band) as a thin filled box; a slanted one
    is not drawn."""
    if color is None:
        return None
    thickness = max(width_pt, 0.75) / 72
    if box.height <= 0.01:
        return DecorItem(Box(box.left, box.top - thickness / 2, box.width, thickness), "rect", color)
    if box.width <= 0.01:
        return DecorItem(Box(box.left - thickness / 2, box.top, thickness, box.height), "rect", color)
    return None
