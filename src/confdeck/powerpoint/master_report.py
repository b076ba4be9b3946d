"""What `confdeck template check` says about a master: why each slide kind got its layout, and which of
the master's decorations the HTML deck cannot draw. Read from the same chooser and decor the build uses."""
from __future__ import annotations

from dataclasses import dataclass

from pptx.oxml.ns import qn

from confdeck.geometry import Box
from confdeck.powerpoint import master as master_module
from confdeck.powerpoint.master import EMU_PER_IN, KIND_NAMES, LayoutChooser, layout_decor, shape_key


@dataclass(frozen=True)
class LayoutChoice:
    kind: str
    layout: str            # the layout's name as the master names it
    reason: str            # how it was chosen: its type, its name, its placeholders, or a fallback
    fallback: bool         # the master has no layout of this kind


def layout_choices(chooser: LayoutChooser) -> list[LayoutChoice]:
    choices = []
    for kind in master_module.KINDS:
        info = chooser.layout_for(kind)
        name = info.name or "unnamed layout"
        best = chooser._best_of(kind)
        if best is None:
            choices.append(LayoutChoice(kind, name, f"fallback: the master has no {KIND_NAMES[kind]} layout", True))
            continue
        reasons = []
        if info.type in master_module.TYPE_HINTS[kind]:
            reasons.append(f"type {info.type}")
        if master_module.NAME_HINTS[kind].search(info.name):
            reasons.append("its name")
        reasons.append(_placeholders(info))
        score = master_module._score(info, kind, chooser.prs.slide_height, chooser.prs.slide_width)
        if score is not None:
            reasons.append(f"score {score + chooser._bonus(info, kind):g}")
        choices.append(LayoutChoice(kind, name, ", ".join(reasons), False))
    return choices


def _placeholders(info) -> str:
    held = (["title"] if info.title is not None else []) + (["subtitle"] if info.subtitle is not None else [])
    held += [f"{len(info.bodies)} body"] if info.bodies else []
    held += [f"{len(info.pictures)} picture"] if info.pictures else []
    return "holds " + (" + ".join(held) if held else "no placeholders")


@dataclass(frozen=True)
class Decoration:
    holder: str            # "master" or the layout's name
    name: str              # the shape's name in the master
    what: str              # picture, text box, shape, group …
    box: Box | None
    drawn_in_html: bool


def decorations(layout) -> list[Decoration]:
    """The layout's and (when shown) its master's shapes that are not placeholders, and whether the
    HTML deck draws each (layout_decor names those it cannot draw)."""
    undrawn = layout_decor(layout).undrawn    # by name and id; a group's shapes as "group/shape"
    master = layout.slide_master
    holders = [("master", master), (layout.name or "layout", layout)]
    if layout._element.get("showMasterSp", "1") in ("0", "false"):
        holders = holders[1:]
    found = []
    for holder_name, holder in holders:
        for shape in holder._element.find(qn("p:cSld")).find(qn("p:spTree")):
            if shape.tag not in _WHAT or shape.find(f".//{qn('p:ph')}") is not None:
                continue
            box = _box(shape)
            what = _WHAT[shape.tag]
            if shape.tag == qn("p:sp"):
                if shape.find(f"{qn('p:spPr')}/{qn('a:blipFill')}") is not None:
                    what = "picture-filled shape"
                elif "".join(shape.itertext()).strip():
                    what = "text box"
            c_nv_pr = next(shape.iter(qn("p:cNvPr")), None)
            name = c_nv_pr.get("name", "") if c_nv_pr is not None else ""
            key = shape_key(shape)
            found.append(Decoration(holder_name, name, what, box,
                                    not any(u == key or u.startswith(key + "/") for u in undrawn)))
    return found


_WHAT = {qn("p:pic"): "picture", qn("p:sp"): "shape", qn("p:grpSp"): "group of shapes",
         qn("p:cxnSp"): "line", qn("p:graphicFrame"): "table or chart"}


def _box(shape) -> Box | None:
    xfrm = next((e for e in shape.iter(qn("a:xfrm"), qn("p:xfrm"))), None)
    off = xfrm.find(qn("a:off")) if xfrm is not None else None
    ext = xfrm.find(qn("a:ext")) if xfrm is not None else None
    if off is None or ext is None:
        return None
    return Box(int(off.get("x")) / EMU_PER_IN, int(off.get("y")) / EMU_PER_IN,
               int(ext.get("cx")) / EMU_PER_IN, int(ext.get("cy")) / EMU_PER_IN)

