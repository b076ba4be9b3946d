"""Each slide kind's frame from the master layout chosen for it: where the title goes, the free body area and
the keep-out areas (the master's logos, pictures, shapes and footers), for the plan to place slides in.

Why here: only the adapter reads a layout's shapes; the plan gets plain boxes (geometry.SlideFrame).
"""
from __future__ import annotations

from pptx.oxml.ns import qn

from confdeck.design import designed_page_title_box
from confdeck.geometry import TITLE_INSET_X_IN, Box, SlideFrame, shrink_clear_of
from confdeck.powerpoint.master import EMU_PER_IN, LayoutChooser, box_of, grows_with_text

BACKGROUND_SHARE = 0.6     # a shape covering more of the slide than this is a background, not a keep-out
LOGO_SHARE = 0.08          # the body keeps clear of drawings up to this share of the slide (logos, badges);
                           # bigger ones are the design the layout's own body is meant to sit on
GAP_IN = 0.12              # kept between the body and the title or a keep-out (7.5 in tall design)
BOTTOM_IN = 0.55           # kept free at the bottom of a body made by us (footer, slide number)
MIN_BODY_SHARE = 0.4       # the body under a layout's own title must keep this share of the slide's height
MIN_TITLE_IN = 0.45        # a title box lower than this (7.5 in tall design) cannot hold one line of a title
PLAN_KINDS = ("title", "section", "content", "picture", "blank")
_SHAPES = (qn("p:sp"), qn("p:pic"), qn("p:grpSp"), qn("p:graphicFrame"), qn("p:cxnSp"))


def decoration_boxes(layout, width_in: float, height_in: float) -> list[Box]:
    """Boxes of the shapes a layout (and its master, when shown) draws that are not placeholders and not
    backgrounds: logos, pictures, bands, captions; each an area nothing of ours may cover."""
    holders = [layout.slide_master, layout] if layout._element.get("showMasterSp", "1") not in ("0", "false") \
        else [layout]
    boxes = []
    for holder in holders:
        for shape in holder._element.find(qn("p:cSld")).find(qn("p:spTree")):
            if shape.tag not in _SHAPES or shape.find(f".//{qn('p:ph')}") is not None:
                continue
            xfrm = next((x for x in shape.iter(qn("a:xfrm"), qn("p:xfrm"))), None)
            off = xfrm.find(qn("a:off")) if xfrm is not None else None
            ext = xfrm.find(qn("a:ext")) if xfrm is not None else None
            if off is None or ext is None:
                continue
            try:
                box = Box(int(off.get("x")) / EMU_PER_IN, int(off.get("y")) / EMU_PER_IN,
                          int(ext.get("cx")) / EMU_PER_IN, int(ext.get("cy")) / EMU_PER_IN)
            except (TypeError, ValueError):
                continue
            if box.area > BACKGROUND_SHARE * width_in * height_in:
                continue
            boxes.append(Box(box.left, box.top, max(box.width, 0.01), max(box.height, 0.01)))
    return boxes


def logo_sized(boxes: list[Box], width_in: float, height_in: float) -> list[Box]:
    """The drawings small enough to be logos or badges: keep-outs for the body and the footer line."""
    return [box for box in boxes if box.area <= LOGO_SHARE * width_in * height_in]


def footers_clear_of_logos(info, width_in: float, height_in: float) -> dict[str, Box]:
    """The layout's footer placeholders ("ftr", "dt", "sldNum") that run under one of its logos or pictures,
    each with its box moved clear of it (left of it, else above it): a slide number is never drawn under the
    company logo. A band across the slide is not in the way: a footer on the master's bottom bar is meant to
    sit on it. Both decks place the footers from this (worked out once per layout)."""
    if info.clear_footers is None:
        from confdeck.geometry import beside

        drawings = logo_sized(decoration_boxes(info.layout, width_in, height_in), width_in, height_in)
        logos = [box for box in drawings if box.width < 0.5 * width_in and box.height < 0.5 * height_in]
        scale = height_in / 7.5
        info.clear_footers = {}
        for key, placeholder in info.footers.items():
            box = box_of(placeholder)
            moved = beside(box, logos, 0.1 * scale, 0.4 * scale) if box is not None else None
            if moved is not None and moved != box:
                info.clear_footers[key] = moved
    return info.clear_footers


def on_page(box: Box, width: float, height: float) -> Box:
    """The part of a box that lies on the slide (the box itself when it does not run off)."""
    left, top = max(0.0, box.left), max(0.0, box.top)
    right, bottom = min(width, box.right), min(height, box.bottom)
    if right - left < 0.5 * box.width or bottom - top < 0.3 * box.height:
        return box        # mostly off the page: a design choice to leave alone, not a box to shrink
    return box if (left, top, right, bottom) == (box.left, box.top, box.right, box.bottom) else \
        Box(left, top, right - left, bottom - top)


def _grown(box: Box, by: float) -> Box:
    return Box(box.left - by, box.top - by, box.width + 2 * by, box.height + 2 * by)


def kind_frames(chooser: LayoutChooser, title_pts: dict[str, int], kinds: dict) -> dict[str, SlideFrame]:
    """kind → SlideFrame for the kinds the plan places: title, section, content (and agenda), picture, blank;
    `kinds` is each kind's KindLook (its title's line spacing)."""
    prs = chooser.prs
    width, height = prs.slide_width / EMU_PER_IN, prs.slide_height / EMU_PER_IN
    scale = height / 7.5
    top_title = designed_page_title_box("content", width, height)
    frames: dict[str, SlideFrame] = {}
    for kind in PLAN_KINDS:
        info = chooser.layout_for({"blank": "blank"}.get(kind, kind))
        decorations = decoration_boxes(info.layout, width, height)
        logos = logo_sized(decorations, width, height)
        placed = footers_clear_of_logos(info, width, height)   # where the footers go, as both decks put them
        footers = [box for box in (placed.get(key) or box_of(ph) for key, ph in info.footers.items()) if box]
        keep_out = decorations + footers
        sample = chooser.sample_of(info)
        title = box_of(info.title) if info.title is not None else (sample.title if sample else None)
        moved = False
        if title is not None and info.title is not None and (title.height < MIN_TITLE_IN * scale or
                                                              grows_with_text(info.title, info.layout.slide_master)):
            # A title box that grows with its text, or too low for one line of a title (Google Slides' files
            # have such boxes, shrinking the text): the room above what comes next, in both decks.
            grown = _grown_title(info, title, height, scale)
            title, moved = grown, grown != title
        if title is None:
            title = designed_page_title_box(kind, width, height)
            moved = kind != "blank"
        subtitle = None
        if kind in ("title", "section"):
            holder = info.subtitle if info.subtitle is not None else info.body
            subtitle = box_of(holder) if holder is not None else (sample.subtitle if sample else None)
            if subtitle is not None:   # a box running off the page (some LibreOffice masters): the part on it
                subtitle = on_page(subtitle, width, height)
            if subtitle is None:
                below = title.bottom + GAP_IN * scale
                subtitle = Box(title.left, below, title.width, max(0.5 * scale, min(1.5 * scale,
                                                                                     height - below - 0.6 * scale)))
            body = subtitle
        else:
            body, title, moved = _body_box(info, kind, title, moved, top_title, width, height, scale)
            body = shrink_clear_of(body, [_grown(box, GAP_IN * scale) for box in logos + footers
                                          if not box.inside(title)])
        style = kinds[kind].title if info.title is not None else None   # None: a text box of ours
        frames[kind] = SlideFrame(title, body, title_pts.get(kind, title_pts["content"]), subtitle=subtitle,
                                  keep_out=tuple(keep_out), layout=info.name, title_moved=moved,
                                  own_title_box=info.title is None,
                                  decorations=tuple(logos),
                                  title_line_em=style.line_em if style is not None else None,
                                  title_indent_in=style.indent_in if style is not None else 0.0,
                                  title_caps=style.caps if style is not None else False,
                                  title_bold=style.bold if style is not None else None,
                                  title_insets=_title_insets(style, title_clearance(title, logos, GAP_IN * scale)))
    return frames


def _title_insets(style, clear: tuple[float, float]) -> tuple[float, float]:
    """The title text's side insets: the layout's own (ours, the default, for a text box of ours), widened."""
    left, right = (style.insets[0], style.insets[2]) if style is not None else (TITLE_INSET_X_IN, TITLE_INSET_X_IN)
    return left + clear[0], right + clear[1]


def title_clearance(title: Box, logos: list[Box], gap: float) -> tuple[float, float]:
    """How far in from its left and right ends the title's text must keep, clear of the master's logos and
    stamps ("Confidential") drawn over the ends of the title box: the box and its fill stay where the
    layout has them, only the text keeps off. A drawing over the middle of the box is the design's own
    business (a band, a rule), and a clearance taking more than a third of the box is not worth the title."""
    left = right = 0.0
    for logo in logos:
        overlap_v = min(title.bottom, logo.bottom) - max(title.top, logo.top)
        if not logo.overlaps(title) or overlap_v < 0.25 * min(title.height, logo.height):
            continue
        middle = logo.left + logo.width / 2
        if middle >= title.left + 0.75 * title.width:
            right = max(right, title.right - logo.left + gap)
        elif middle <= title.left + 0.25 * title.width:
            left = max(left, logo.right - title.left + gap)
    if left + right > title.width / 3:
        return 0.0, 0.0
    return max(0.0, left), max(0.0, right)


def _grown_title(info, title: Box, height: float, scale: float) -> Box:
    """A growing title's room: down to the first placeholder under it (less a gap), else a quarter of the slide,
    never more than a third of it nor less than its own box."""
    below = [box.top for box in (box_of(ph) for ph in [info.subtitle, *info.bodies, *info.pictures] if ph is not None)
             if box is not None and box.top > title.top + 0.5 * title.height]
    limit = (min(below) - GAP_IN * scale) if below else title.top + 0.25 * height
    return Box(title.left, title.top, title.width, max(title.height, min(limit - title.top, height / 3)))


def _body_box(info, kind: str, title: Box, moved: bool, top_title: Box, width: float, height: float,
              scale: float) -> tuple[Box, Box, bool]:
    """(body, title, moved): the layout's body (or picture) placeholder when it stays clear of the title, else
    the free area under the title; a title that leaves too little room under it moves to the top. A picture
    layout's text placeholder is its caption, never the picture's place."""
    if kind == "picture" and info.pictures:
        holders = [info.pictures[0]]
    else:
        holders = [info.body] if info.body is not None else []
    for holder in holders:
        box = box_of(holder)
        if box is not None and holder is info.body and (box.height < MIN_BODY_SHARE / 2 * height or
                                                        grows_with_text(holder, info.layout.slide_master)):
            # a text body growing with its text, or too low for a list: the room down to the bottom (keep-outs
            # cut it back)
            box = Box(box.left, box.top, box.width, max(box.height, height - BOTTOM_IN * scale - box.top))
        if box is not None and (kind == "blank" or not box.overlaps(title)):
            return box, title, moved
    margin = 0.6 * scale
    bottom = height - BOTTOM_IN * scale
    top = title.bottom + GAP_IN * scale
    if kind != "blank" and bottom - top < MIN_BODY_SHARE * height:
        title, moved = top_title, True
        top = title.bottom + GAP_IN * scale
    if kind == "blank":
        top = top_title.bottom + GAP_IN * scale
    return Box(margin, top, width - 2 * margin, bottom - top), title, moved
