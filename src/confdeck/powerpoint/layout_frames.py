"""Each slide kind's frame from the master layout chosen for it: where the title goes, the free body area and
the keep-out areas (the master's logos, pictures, shapes and footers), for the plan to place slides in.

Why here: only the adapter reads a layout's shapes; the plan gets plain boxes (geometry.SlideFrame).
"""
from __future__ import annotations

from pptx.oxml.ns import qn

from confdeck.design import designed_page_title_box
from confdeck.geometry import Box, SlideFrame, shrink_clear_of
from confdeck.powerpoint.master import EMU_PER_IN, LayoutChooser, box_of

BACKGROUND_SHARE = 0.6     # a shape covering more of the slide than this is a background, not a keep-out
LOGO_SHARE = 0.08          # the body keeps clear of drawings up to this share of the slide (logos, badges);
                           # bigger ones are the design the layout's own body is meant to sit on
GAP_IN = 0.12              # kept between the body and the title or a keep-out (7.5 in tall design)
BOTTOM_IN = 0.55           # kept free at the bottom of a body made by us (footer, slide number)
MIN_BODY_SHARE = 0.4       # the body under a layout's own title must keep this share of the slide's height
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
        footers = [box for box in (box_of(ph) for ph in info.footers.values()) if box is not None]
        keep_out = decorations + footers
        sample = chooser.sample_of(info)
        title = box_of(info.title) if info.title is not None else (sample.title if sample else None)
        moved = False
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
            body = shrink_clear_of(body, [_grown(box, GAP_IN * scale) for box in logo_sized(decorations, width, height)
                                          + footers
                                          if not box.inside(title)])
        frames[kind] = SlideFrame(title, body, title_pts.get(kind, title_pts["content"]), subtitle=subtitle,
                                  keep_out=tuple(keep_out), layout=info.name, title_moved=moved,
                                  own_title_box=info.title is None,
                                  decorations=tuple(logo_sized(decorations, width, height)),
                                  title_line_em=kinds[kind].title.line_em if info.title is not None else None)
    return frames


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
