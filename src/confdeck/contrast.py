"""Readable on every background: each kind of slide's text checked against what is behind it (WCAG 2).

Titles, subtitles and the section's duration are large text (3:1); body text, links and table text
need 4.5:1. Behind a box is the placeholder's own fill, else the topmost decoration covering most of
it, else the layout's background: a colour, every stop of a gradient, or for a picture the average
colour of each region of the picture under the box (the worst region counts). Where a master's
colour fails, a readable colour of the master's own theme is used in both decks; a colour the
template's `colors:` sets is kept and only reported.
"""
from __future__ import annotations

import functools
import io
from dataclasses import dataclass, replace

from confdeck.design import KindLook, designed_page_title_box, duration_box
from confdeck.geometry import Box

LARGE_TEXT = 3.0
BODY_TEXT = 4.5
KIND_NAMES = {"title": "title", "section": "section", "content": "content", "title_only": "title-only",
              "picture": "picture", "blank": "blank"}


def blend(first: str, second: str, share: float) -> str:
    """`share` of the second colour over the first ("#RRGGBB")."""
    a, b = first.lstrip("#"), second.lstrip("#")
    mixed = [round(int(a[i:i + 2], 16) * (1 - share) + int(b[i:i + 2], 16) * share) for i in (0, 2, 4)]
    return "#" + "".join(f"{channel:02X}" for channel in mixed)


def luminance(color: str) -> float:
    """WCAG relative luminance of "#RRGGBB"."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def worst_ratio(color: str, behind: list[str]) -> float:
    return min((ratio(color, b) for b in behind), default=21.0)


@dataclass(frozen=True)
class ContrastProblem:
    """A colour that is hard to read where it is drawn, and what confdeck uses instead (None: kept)."""
    kind: str
    part: str               # "title", "body text", "links", "duration", "table header"
    color: str
    behind: str
    ratio: float
    needed: float
    replacement: str | None

    @property
    def message(self) -> str:
        where = f"{self.part} on {KIND_NAMES.get(self.kind, self.kind)} slides"
        said = f"{where}: {self.color} on {self.behind} gives {self.ratio:.1f}:1 (needs {self.needed:g}:1)"
        if self.replacement is None:
            return said + "; kept, as template.yaml's colors: sets it"
        if self.part == "table header":
            return said + f"; using {self.replacement}"
        if self.part == "links":
            return said + f"; links use the text colour {self.replacement}, underlined"
        return said + f"; using the theme's {self.replacement}"


def _overlap(a: Box, b: Box) -> float:
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    return max(0.0, width) * max(0.0, height)


@functools.lru_cache(maxsize=32)
def _cells(data: bytes, crop: tuple[float, float, float, float]) -> tuple[tuple[str, float], ...]:
    """The average colour and opacity of each of 4×4 regions of a picture's part (crop as fractions 0–1). The
    colour counts each pixel by its opacity: the colour a transparent pixel happens to hold is never seen."""
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(data)) as picture:
        picture.draft("RGB", (256, 256))
        rgba = picture.convert("RGBA")   # palette pictures with transparency too
    w, h = rgba.size
    left, top, right, bottom = (int(v * s) for v, s in zip(crop, (w, h, w, h)))
    part = rgba.crop((left, top, max(left + 1, right), max(top + 1, bottom)))
    *channels, alpha = part.split()
    weighted = Image.merge("RGBA", [*(ImageChops.multiply(c, alpha) for c in channels), alpha])
    small = weighted.resize((4, 4), Image.BOX).tobytes()
    cells = []
    for i in range(0, len(small), 4):
        opacity = small[i + 3]
        color = (min(255, round(small[i + c] * 255 / opacity)) for c in range(3)) if opacity else (0, 0, 0)
        cells.append(("#{:02X}{:02X}{:02X}".format(*color), opacity / 255))
    return tuple(cells)


def _picture_under(data: bytes, picture: Box, box: Box) -> list[tuple[str, float]]:
    """The picture's tones (colour, opacity) where the box lies on it."""
    crop = tuple(min(1.0, max(0.0, v)) for v in (
        (box.left - picture.left) / picture.width, (box.top - picture.top) / picture.height,
        (box.right - picture.left) / picture.width, (box.bottom - picture.top) / picture.height))
    return list(_cells(data, crop))


MASK_SIZE = 48   # a freeform's filled area is judged on a grid this fine


@functools.lru_cache(maxsize=64)
def _path_mask(path: tuple):
    """The filled subpaths of an outline (powerpoint/outlines.py, fractions of its box) as a MASK_SIZE² mask;
    each subpath is taken as the polygon through its points (curves through their control points)."""
    from PIL import Image, ImageDraw

    mask = Image.new("L", (MASK_SIZE, MASK_SIZE), 0)
    draw = ImageDraw.Draw(mask)
    for commands, filled in path:
        if not filled:
            continue
        points: list[tuple[float, float]] = []
        for letter, values in commands:
            if letter == "M" and len(points) > 2:
                draw.polygon(points, fill=255)
            if letter == "M":
                points = []
            pairs = values[4:] if letter == "A" else values   # an arc: only its end point is a point
            points += [(pairs[i] * MASK_SIZE, pairs[i + 1] * MASK_SIZE) for i in range(0, len(pairs) - 1, 2)]
        if len(points) > 2:
            draw.polygon(points, fill=255)
    return mask


def _covered(item, box: Box) -> float:
    """How much of the text box the item covers: its box's overlap, or for a freeform (arrows, swirls drawn
    over the whole slide) the part of that overlap its filled outline really paints."""
    shared = _overlap(item.box, box)
    if item.path is None or shared <= 0:
        return shared
    part = _within(box, item.box)
    region = _path_mask(item.path).crop(tuple(round(v * MASK_SIZE) for v in part))
    if region.width == 0 or region.height == 0:
        return 0.0
    painted = sum(region.histogram()[128:]) / (region.width * region.height)
    return shared * painted


def colors_behind(kind: KindLook, box: Box, slide: Box, page_background: str, fill: str | None = None) -> list[str]:
    """The colours a text box is drawn on (several for pictures and gradients): the topmost decoration covering
    it, a see-through one blended over what lies under it, down to the layout's background."""
    covering = [item for item in reversed(kind.decor.items)
                if not (item.shape == "text" and item.fill is None)
                and _covered(item, box) >= 0.6 * box.width * box.height]
    if fill:   # the placeholder's own fill, over the rest when see-through ("#RRGGBBAA")
        alpha = int(fill[7:9], 16) / 255 if len(fill) == 9 else 1.0
        return _over([(fill[:7], alpha)], lambda: _layers(covering, kind.decor, box, slide, page_background))
    return _layers(covering, kind.decor, box, slide, page_background)


def title_band(kind: KindLook, slide: Box, page_background: str) -> str | None:
    """The one opaque colour a kind's titles sit on when it is not the page's: the title placeholder's own
    fill, or a band the master draws under the title box; None for titles on the page or on a picture."""
    if kind.title_box is None:
        return None
    if kind.title_fill and len(kind.title_fill) == 7:
        return kind.title_fill
    behind = set(colors_behind(kind, kind.title_box, slide, page_background))
    return behind.pop() if len(behind) == 1 and page_background not in behind else None


def _layers(covering: list, decor, box: Box, slide: Box, page_background: str) -> list[str]:
    for index, item in enumerate(covering):
        if item.image is not None:   # over what lies under it where it is see-through
            return _over(_picture_under(item.image[1], item.box, box),
                         lambda: _layers(covering[index + 1:], decor, box, slide, page_background))
        tones = _tones(item.fill, item.opacity, item.gradient, _within(box, item.box))
        if tones:
            return _over(tones, lambda: _layers(covering[index + 1:], decor, box, slide, page_background))
    if decor.background is not None:
        return _over(_picture_under(decor.background[1], slide, box), lambda: [page_background])
    tones = _tones(decor.background_color, 1.0, decor.gradient, _within(box, slide)) or [(page_background, 1.0)]
    return _over(tones, lambda: [page_background])


def _within(box: Box, area: Box) -> tuple[float, float, float, float]:
    """The box as fractions of an area (left, top, right, bottom), clipped to it."""
    return tuple(min(1.0, max(0.0, v)) for v in (
        (box.left - area.left) / area.width, (box.top - area.top) / area.height,
        (box.right - area.left) / area.width, (box.bottom - area.top) / area.height))


def _tones(fill: str | None, opacity: float, gradient, part: tuple[float, float, float, float]
           ) -> list[tuple[str, float]]:
    """(colour, opacity) of a fill, or of a gradient where it lies under `part` of its box (sampled on a 3 × 3
    grid; a see-through stop is "#RRGGBBAA")."""
    if fill:
        return [(fill, opacity)]
    if gradient is None:
        return []
    left, top, right, bottom = part
    samples = {_gradient_at(gradient, left + (right - left) * i / 2, top + (bottom - top) * j / 2)
               for i in range(3) for j in range(3)}
    return [(color[:7], int(color[7:9], 16) / 255 if len(color) == 9 else 1.0) for color in sorted(samples)]


def _gradient_at(gradient, x: float, y: float) -> str:
    """The gradient's colour at (x, y), fractions of its box (design.Decor.gradient's form)."""
    import math

    angle, stops = gradient[0], gradient[1]
    if len(gradient) > 2:       # a path gradient: from its centre to the farthest corner
        cx, cy = gradient[2]
        reach = max(math.hypot(cx - a, cy - b) for a in (0, 1) for b in (0, 1)) or 1.0
        t = math.hypot(x - cx, y - cy) / reach
    else:                       # along the direction, 0 at the box's first corner that way and 1 at the last
        dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        ends = [a * dx + b * dy for a in (0, 1) for b in (0, 1)]
        t = ((x * dx + y * dy) - min(ends)) / ((max(ends) - min(ends)) or 1.0)
    t = min(1.0, max(0.0, t))
    before = max((stop for stop in stops if stop[0] <= t), default=stops[0])
    after = min((stop for stop in stops if stop[0] >= t), default=stops[-1])
    if after[0] == before[0]:
        return before[1]
    share = (t - before[0]) / (after[0] - before[0])
    color = blend(before[1][:7], after[1][:7], share)
    alphas = [int(c[7:9], 16) if len(c) == 9 else 255 for c in (before[1], after[1])]
    alpha = round(alphas[0] + (alphas[1] - alphas[0]) * share)
    return color if alpha >= 255 else f"{color}{alpha:02X}"


def _over(tones: list[tuple[str, float]], below) -> list[str]:
    """The tones as seen over what lies below (asked only when one of them lets it through)."""
    if all(alpha >= 1.0 for _, alpha in tones):
        return [color for color, _ in tones]
    under = below()
    return [blend(base, color, alpha) for color, alpha in tones for base in under]


def _describe(behind: list[str]) -> str:
    return behind[0] if len(set(behind)) == 1 else f"a picture ({len(set(behind))} tones, worst counted)"


def _pick(candidates: list[str], behind: list[str], needed: float) -> str:
    """The first candidate readable enough, else the most readable one."""
    seen = [c for i, c in enumerate(candidates) if c and c not in candidates[:i]]
    for candidate in seen:
        if worst_ratio(candidate, behind) >= needed:
            return candidate
    return max(seen, key=lambda c: worst_ratio(c, behind))


@dataclass
class ContrastCheck:
    """What both renderers need: colours per kind and the deck's colours, changed where unreadable."""
    kinds: dict[str, KindLook]
    colors: dict[str, str]
    forced: frozenset[str]       # keys template.yaml's colors: set
    theme: dict[str, str]        # the master's theme: dk1, lt1, dk2, lt2, accent1 …
    slide: Box

    def run(self) -> tuple[list[ContrastProblem], set[str]]:
        """Check and fix; returns the problems and the deck colours changed (the .pptx writes those)."""
        problems: list[ContrastProblem] = []
        changed: set[str] = set()
        page = self.colors.get("background") or "#FFFFFF"
        neutrals = [self.theme.get(s) for s in ("dk1", "lt1", "dk2", "lt2")]
        accents = [self.theme.get(f"accent{i}") for i in range(1, 7)]
        for name, kind in self.kinds.items():
            if name == "blank" or kind.title_box is None:
                continue
            behind = colors_behind(kind, kind.title_box, self.slide, page, kind.title_fill)
            color = self.colors["heading"] if "heading" in self.forced else kind.title.color or page
            found = worst_ratio(color, behind)
            if found < LARGE_TEXT:
                replacement = None if "heading" in self.forced else _pick(neutrals, behind, LARGE_TEXT)
                problems.append(ContrastProblem(name, "title", color, _describe(behind), found, LARGE_TEXT,
                                                replacement))
                if replacement:
                    self.kinds[name] = kind = replace(kind, title=replace(kind.title, color=replacement),
                                                      title_color_changed=True)
            self._under_title(name, kind, page, neutrals, accents, problems, changed)
        self._links_and_tables(page, problems, changed)
        return _once(problems), changed

    def _under_box(self, name: str, kind: KindLook) -> Box | None:
        if kind.body_box is not None:
            return kind.body_box
        if name == "section":   # under the layout's title, else under where the plan puts it (layout_frames)
            title = kind.title_box or designed_page_title_box(name, self.slide.width, self.slide.height)
            return duration_box(title, self.slide.width, self.slide.height)
        return None

    def _under_title(self, name, kind, page, neutrals, accents, problems, changed) -> None:
        """The subtitle (title slide), the duration (section) or the body text (content, picture)."""
        box = self._under_box(name, kind)
        if box is None:
            return
        behind = colors_behind(kind, box, self.slide, page, kind.body_fill if kind.body_box is not None else None)
        if name == "section":
            # The duration: in the section layout's body style when it has a body (as the .pptx inherits
            # it), else in the accent colour; a colour template.yaml sets wins.
            accent = (self.colors.get("accent") if "accent" in self.forced or kind.body_box is None
                      else kind.body.color) or self.colors.get("accent") or page
            found = worst_ratio(accent, behind)
            if found < LARGE_TEXT:
                replacement = None if "accent" in self.forced else _pick(
                    [*accents, kind.body.color, *neutrals], behind, LARGE_TEXT)
                problems.append(ContrastProblem(name, "duration", accent, _describe(behind), found, LARGE_TEXT,
                                                replacement))
                accent = replacement or accent
            self.kinds[name] = replace(kind, accent=accent)
            return
        needed = LARGE_TEXT if name == "title" else BODY_TEXT
        color = self.colors["text"] if "text" in self.forced else kind.body.color or self.colors.get("text") or page
        found = worst_ratio(color, behind)
        if found >= needed:
            return
        # The deck's text colour or the slide's title colour first: what the design already sets text in.
        replacement = None if "text" in self.forced else _pick(
            [self.colors.get("text"), kind.title.color, *neutrals], behind, needed)
        part = "subtitle" if name == "title" else "body text"
        problems.append(ContrastProblem(name, part, color, _describe(behind), found, needed, replacement))
        if replacement:
            self.kinds[name] = replace(kind, body=replace(kind.body, color=replacement), body_color_changed=True)
            if name == "content" and "text" not in self.forced:
                self.colors["text"] = replacement
                changed.add("text")

    def _links_and_tables(self, page, problems, changed) -> None:
        content = self.kinds.get("content")
        if content is None or content.body_box is None:
            return
        behind = colors_behind(content, content.body_box, self.slide, page, content.body_fill)
        text = content.body.color or self.colors.get("text") or "#000000"
        link = self.colors.get("link") or text
        found = worst_ratio(link, behind)
        if found < BODY_TEXT:
            keep = "link" in self.forced
            problems.append(ContrastProblem("content", "links", link, _describe(behind), found, BODY_TEXT,
                                            None if keep else text))
            if not keep:
                self.colors["link"] = text
                changed.add("link")
        # The table header: the background colour on the heading colour, as both decks draw it; on a
        # master whose titles sit on a band (the title's own fill or a shape of the master's), the band's colour.
        heading = self.colors.get("heading") or "#1F3A5F"
        band = title_band(content, self.slide, page)
        fill = heading if "heading" in self.forced else band or heading
        header_text = self.colors.get("background") or page
        if fill == heading and ratio(header_text, fill) >= BODY_TEXT:
            return
        if ratio(fill, page) < LARGE_TEXT and fill != band:   # a header the page would hide
            fill = _pick([*accents_of(self.theme), *neutrals_of(self.theme)], [page], LARGE_TEXT)
        better = _pick([header_text, heading, text, *neutrals_of(self.theme)], [fill], BODY_TEXT)
        if fill != band and ratio(header_text, heading) < BODY_TEXT:   # the title band's colour is by design
            problems.append(ContrastProblem("content", "table header", header_text, heading,
                                            ratio(header_text, heading), BODY_TEXT, f"{better} on {fill}"))
        self.colors["table_header"], self.colors["table_header_text"] = fill, better
        changed.update({"table_header", "table_header_text"})


def accents_of(theme: dict[str, str]) -> list[str]:
    return [theme[f"accent{i}"] for i in range(1, 7) if theme.get(f"accent{i}")]


def neutrals_of(theme: dict[str, str]) -> list[str]:
    return [theme[s] for s in ("dk1", "lt1", "dk2", "lt2") if theme.get(s)]


def _once(problems: list[ContrastProblem]) -> list[ContrastProblem]:
    """One problem per part and colour pair: two layouts with the same fault are told once."""
    seen, out = set(), []
    for problem in problems:
        key = (problem.part, problem.color, problem.behind)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out
