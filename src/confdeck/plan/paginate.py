"""Plan pass: split content that does not fit the body box into continuation slides.

Text is measured with the template's fonts (plan/measure.py) at the template's
sizes; nothing is ever shrunk. Breaks go between top-level bullets, keeping a
bullet with its sub-bullets; a bullet block taller than a slide is split between
its sub-bullets, a paragraph taller than a slide between its lines, code between
lines and tables between rows (header repeated). Both renderers draw exactly
the pages decided here.
"""
from __future__ import annotations

from collections import deque
from dataclasses import replace

from confdeck.errors import Diagnostic
from confdeck.geometry import DEFAULT, Geometry
from confdeck.model import (
    Block, BulletList, CodeBlock, ListItem, Paragraph, PlannedDeck, PlannedSlide, Quote, Run, SubHeading, Table,
    plain_text,
)
from confdeck.plan.heights import Heights
from confdeck.plan.links import copy_with, shorten_link_labels
from confdeck.plan.measure import Fonts, split_runs_at, text_width, wrap
from confdeck.plan.placement import fit_beside_text, pictures_of, text_of, text_width_in

CONTINUED = " (continued)"  # after a bullet repeated at the top of a page so its sub-bullets keep their context
HEIGHT_SLACK_PT = 4.0  # kept free at the bottom of a page: the last line's descenders stay inside the body box
CODE_CONTINUED = "» "  # starts each piece of a code line too long for the box (in every monospace font)
LIGHTEST_LAST_PAGE = 0.2  # a continuation page holding less than this share of a page takes from the pages before
FILL_STEPS = (0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6)  # the fills tried, fullest first, to spread a light page


def is_lead_in(block: Block) -> bool:
    """A paragraph ending in ":" introduces what follows it (a list, code): they stay on one page."""
    return isinstance(block, Paragraph) and plain_text(block.runs).rstrip().endswith(":")


def top_level_groups(items: list[ListItem]) -> list[list[ListItem]]:
    """A list's items cut into top-level bullets, each with its sub-bullets."""
    groups: list[list[ListItem]] = []
    for item in items:
        if item.level <= (groups[0][0].level if groups else item.level) or not groups:
            groups.append([item])
        else:
            groups[-1].append(item)
    return groups


class _Pager:
    """Fills pages with blocks, splitting blocks that do not fit."""

    def __init__(self, heights: Heights, first_width: float, width: float, limit: float):
        self.heights = heights
        self.geo = heights.geo
        self.limit = limit
        self.widths = (first_width, width)
        self.pages: list[list[Block]] = [[]]
        self.used = 0.0
        self.origin: dict[int, int] = {}  # id(list piece) → id(source list), to join pieces again
        self.context: dict[int, list[ListItem]] = {}  # id(list piece) → the bullets it hangs under
        self.oversized: list[Block] = []
        # (id(block), width) → (block, height): run() asks for a block's height several times
        # (does it fit, add it, on a fresh page). The block is kept so its id is not reused.
        self.measured: dict[tuple[int, float], tuple[Block, float]] = {}

    @property
    def width(self) -> float:
        return self.widths[0] if len(self.pages) == 1 else self.widths[1]

    def block_height(self, block: Block, width: float) -> float:
        """Heights.block_height, measured once per block and width."""
        known = self.measured.get((id(block), width))
        if known is not None and known[0] is block:
            return known[1]
        height = self.heights.block_height(block, width)
        self.measured[id(block), width] = (block, height)
        return height

    def height(self, block: Block, on_fresh_page: bool = False) -> float:
        width = self.widths[1] if on_fresh_page and self.pages[-1] else self.width
        first = on_fresh_page or not self.pages[-1]
        return (0.0 if first else self.heights.gap_before(block)) + self.block_height(block, width)

    def room(self, block: Block) -> float:
        """Height left for the block's own content on the current page."""
        gap = self.heights.gap_before(block) if self.pages[-1] else 0.0
        return self.limit - self.used - gap

    def new_page(self) -> None:
        self.pages.append([])
        self.used = 0.0

    def add(self, block: Block) -> None:
        if not self.pages[-1] and id(block) in self.context:
            self.add_context(block)
        self.used += self.height(block)
        self.pages[-1].append(block)

    def add_context(self, block: BulletList) -> None:
        """Sub-bullets starting a page: repeat the bullets they belong to, marked (continued), if room allows."""
        context = self.piece(block, [replace(item, runs=[*item.runs, Run(CONTINUED, italic=True)])
                                     for item in self.context[id(block)]])
        together = self.block_height(context, self.width) + self.heights.gap_before(block) \
            + self.block_height(block, self.width)
        if together <= self.limit:
            self.used += self.height(context)
            self.pages[-1].append(context)

    def run(self, blocks: list[Block]) -> list[list[Block]]:
        whole = self.one_page(blocks)
        if whole is not None:
            return [whole]
        queue = deque(self.units(blocks))
        while queue:
            block = queue.popleft()
            if self.used + self.height(block) <= self.limit:
                if (isinstance(block, SubHeading) or is_lead_in(block)) and queue and self.pages[-1] \
                        and self.used + self.height(block) + self._next_min(queue[0]) > self.limit:
                    self.new_page()  # a sub-heading or a lead-in ending in ":" never ends a page alone
                self.add(block)
                continue
            if self.pages[-1] and self.height(block, on_fresh_page=True) <= self.limit:
                self.new_page()  # keep it whole: a bullet stays with its sub-bullets
                self.add(block)
                continue
            parts = self.split(block)
            if parts:
                queue.extendleft(reversed(parts))
            elif self.pages[-1]:
                self.new_page()
                queue.appendleft(block)
            else:
                self.oversized.append(block)
                self.add(block)
        return [self.join_lists(page) for page in self.pages if page] or [[]]

    def one_page(self, blocks: list[Block]) -> list[Block] | None:
        """The page run() makes when bullet lists and paragraphs all fit on one; None otherwise.

        Why: most slides fit. This adds up the same heights and makes the same comparisons as
        run() (same arithmetic, same order) without cutting lists into pieces and joining them
        again. Sub-headings, tables, code, quotes and anything that does not fit go to run().
        """
        if len({id(block) for block in blocks}) != len(blocks):
            return None  # run() would join the pieces of a list given twice into one
        heights, width = self.heights, self.widths[0]
        used, started, page = 0.0, False, []
        for block in blocks:
            if isinstance(block, BulletList):
                unit_heights = [heights.list_height(group, width) for group in top_level_groups(block.items)]
                if block.items:
                    page.append(BulletList(list(block.items), block.span))  # as join_lists rejoins the pieces
            elif isinstance(block, Paragraph):
                unit_heights = [heights.block_height(block, width)]
                page.append(block)
            else:
                return None
            gap = heights.gap_before(block)
            for unit_height in unit_heights:
                height = (gap if started else 0.0) + unit_height
                if not used + height <= self.limit:
                    return None
                used += height
                started = True
        return page

    def _next_min(self, block: Block) -> float:
        """The least of the next block that must follow a sub-heading on the same page."""
        if isinstance(block, BulletList) and block.items:
            return self.heights.geo.paragraph_gap_pt + self.heights.item_height(block.items[0], self.width)
        return self.height(block) if not isinstance(block, Table) else self.geo.block_gap_pt + 60

    # -- units and splitting ---------------------------------------------------

    def units(self, blocks: list[Block]) -> list[Block]:
        """Blocks, with lists cut into top-level bullets that each carry their sub-bullets."""
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, BulletList):
                out.extend(self.piece(block, group) for group in top_level_groups(block.items))
            elif isinstance(block, Table) and not block.column_shares:
                # Widths from the whole table, kept by every piece so a continued table lines up.
                widths = self.heights.column_widths(block, self.widths[1])
                out.append(replace(block, column_shares=[w / sum(widths) for w in widths]))
            elif isinstance(block, CodeBlock):
                out.append(self.wrap_code(block))
            elif isinstance(block, Quote) and len(block.paragraphs) > 1:
                out.extend(replace(block, paragraphs=[p]) for p in block.paragraphs)
            else:
                out.append(block)
        return out

    def wrap_code(self, block: CodeBlock) -> CodeBlock:
        """Code lines too long for the box cut into lines that fit, each later piece marked with CODE_CONTINUED.

        Why here: both decks then draw the same lines, counted by pagination; the .pptx box never
        wraps on its own (and runs off the slide) and the HTML never clips on the right.
        """
        from confdeck.plan.heights import WIDTH_SLACK

        heights, width_in = self.heights, min(self.widths)
        fonts, size = heights.fonts, self.geo.code_pt
        width_pt = heights.code_text_width(width_in) * 72 * WIDTH_SLACK \
            - text_width(CODE_CONTINUED, size, fonts.code, False, True)
        lines, changed = [], False
        for line in block.code.split("\n"):
            if heights.code_line_lines(line, width_in) == 1:
                lines.append(line)
                continue
            starts = [start.offset for start in wrap([Run(line, code=True)], size, width_pt, fonts)] + [len(line)]
            pieces = [line[start:end] for start, end in zip(starts, starts[1:]) if end > start]
            lines += [pieces[0], *(CODE_CONTINUED + piece for piece in pieces[1:])]
            changed = True
        return replace(block, code="\n".join(lines)) if changed else block

    def piece(self, source: BulletList, items: list[ListItem]) -> BulletList:
        piece = BulletList(items, source.span)
        self.origin[id(piece)] = self.origin.get(id(source), id(source))
        return piece

    def split(self, block: Block) -> list[Block] | None:
        """Smaller pieces, the first of which fits the current page if it can; None if not splittable here."""
        if isinstance(block, BulletList):
            if len(block.items) > 1:
                # A bullet block taller than a page: break between its sub-bullets.
                pieces, ancestors = [], list(self.context.get(id(block), []))
                for item in block.items:
                    while ancestors and ancestors[-1].level >= item.level:
                        ancestors.pop()
                    piece = self.piece(block, [item])
                    if ancestors:
                        self.context[id(piece)] = list(ancestors)
                    pieces.append(piece)
                    ancestors.append(item)
                return pieces
            return self.split_item(block)
        if isinstance(block, (Paragraph, SubHeading)):
            return self.split_text(block)
        if isinstance(block, CodeBlock):
            return self.split_code(block)
        if isinstance(block, Table):
            return self.split_table(block)
        return None

    def _fitting_lines(self, block: Block, line_height: float) -> int:
        return int((self.room(block) + 0.01) // line_height)

    def split_item(self, block: BulletList) -> list[Block] | None:
        item = block.items[0]
        size = self.geo.body_size(item.level)
        def make(runs):
            piece = self.piece(block, [replace(item, runs=runs)])
            if id(block) in self.context:
                self.context[id(piece)] = self.context[id(block)]
            return piece
        return self._split_runs(block, item.runs, size, self.heights.item_width(item, self.width), make)

    def split_text(self, block: Paragraph | SubHeading) -> list[Block] | None:
        return self._split_runs(block, block.runs, self.geo.body_size(0), self.width,
                                lambda runs: replace(block, runs=runs))

    def _per_fresh_page(self, line_height: float) -> int:
        """Lines of a continued piece on each following page (a fresh page: no gap above, full width)."""
        return int((self.limit + 0.01) // line_height)

    def _split_runs(self, block, runs, size, width_in, make) -> list[Block] | None:
        """The text cut into every page it needs at once: measured once, cut once (linear in its length).

        The first piece fills the room left on this page, each later one a fresh page. Cutting one
        page at a time re-measured and copied the rest each time: quadratic for a long paragraph.
        """
        from confdeck.plan.heights import WIDTH_SLACK

        starts = wrap(runs, size, width_in * 72 * WIDTH_SLACK, self.heights.fonts)
        line_height = self.geo.line_pt(size)
        fitting = self._fitting_lines(block, line_height)
        if fitting < 1 or fitting >= len(starts):
            return None
        cuts = [fitting]
        # Later pages are as wide as this one unless this is the first page beside pictures: then the
        # rest is cut once more, measured at the full width, when it comes up.
        if self.width == self.widths[1]:
            per_page = self._per_fresh_page(line_height)
            while per_page >= 1 and cuts[-1] + per_page < len(starts):
                cuts.append(cuts[-1] + per_page)
        pieces = [piece for piece in split_runs_at(runs, [starts[cut] for cut in cuts]) if piece]
        if len(pieces) < 2:
            return None
        return [make(piece) for piece in pieces]

    def split_code(self, block: CodeBlock) -> list[Block] | None:
        """Code cut between lines into every page it needs, each line measured once."""
        line_height = self.geo.line_pt(self.geo.code_pt)
        lines = block.code.split("\n")
        heights = [self.heights.code_line_lines(line, self.width) * line_height for line in lines]
        pad = 2 * self.geo.code_pad_pt
        counts = self._cut(heights, self.room(block) - pad, self.limit - pad)
        if counts is None:
            return None
        pieces, start = [], 0
        for count in counts:
            pieces.append(replace(block, code="\n".join(lines[start:start + count])))
            start += count
        return pieces

    def split_table(self, block: Table) -> list[Block] | None:
        """A table cut between rows into every page it needs (header repeated), each row measured once."""
        heights = self.heights
        widths = heights.column_widths(block, self.width)
        header = heights.row_height(block.header, widths, header=True)
        row_heights = [heights.row_height(row, widths) for row in block.rows]
        counts = self._cut(row_heights, self.room(block) - header, self.limit - header)
        if counts is None:
            return None
        pieces, start = [], 0
        for count in counts:
            pieces.append(replace(block, rows=block.rows[start:start + count]))
            start += count
        return pieces

    def _cut(self, heights: list[float], room: float, fresh_room: float) -> list[int] | None:
        """How many items go on each page: as many as fit the room here, then as many as fit each fresh page.

        None when not even one fits here or everything does (nothing to cut). Widths of later pages are
        this page's: when they differ (the first page beside pictures) only the first cut is made.
        """
        counts: list[int] = []
        space, count = room, 0
        for height in heights:
            if count and height > space + 0.01:  # this page is full: the next one
                counts.append(count)
                if self.width != self.widths[1]:
                    break
                space, count = fresh_room, 0
            elif not count and not counts and height > space + 0.01:
                return None  # not even one item fits the room left here
            space -= height  # an item taller than a fresh page goes alone (reported as oversized later)
            count += 1
        if not counts:
            return None
        counts.append(len(heights) - sum(counts))
        return counts if counts[-1] > 0 else None

    def join_lists(self, page: list[Block]) -> list[Block]:
        """Neighbouring pieces of the same list become one list again."""
        joined: list[Block] = []
        for block in page:
            previous = joined[-1] if joined else None
            if isinstance(block, BulletList) and isinstance(previous, BulletList) \
                    and self.origin.get(id(block)) is not None \
                    and self.origin.get(id(block)) == self.origin.get(id(previous)):
                merged = BulletList(previous.items + block.items, block.span)
                self.origin[id(merged)] = self.origin[id(block)]
                joined[-1] = merged
            else:
                joined.append(block)
        return joined


class _Frame:
    """What pagination needs of the slide geometry, worked out once per deck rather than per slide."""

    def __init__(self, geo: Geometry, fonts: Fonts):
        self.heights = Heights(geo, fonts)
        self.limit = geo.body_height_in * 72 - HEIGHT_SLACK_PT
        self.widths = {with_pictures: text_width_in(geo, with_pictures) for with_pictures in (False, True)}
        self.beside = _PicturesBeside(geo)


class _PicturesBeside(dict):
    """count of pictures → whether they fit beside text (placement.fit_beside_text), worked out once."""

    def __init__(self, geo: Geometry):
        super().__init__()
        self.geo = geo

    def __missing__(self, count: int) -> bool:
        self[count] = fit_beside_text(count, self.geo)
        return self[count]


def split_blocks(blocks: list[Block], geo: Geometry = DEFAULT, fonts: Fonts | None = None) -> list[list[Block]]:
    """The pages a slide's blocks need; pictures go on the first page, beside the text."""
    pages, _ = _split(blocks, _Frame(geo, fonts or Fonts()))
    return pages


def _split(blocks: list[Block], frame: _Frame) -> tuple[list[list[Block]], list[Block]]:
    """The pages: pictures beside the text of the first, or on a page of their own after the text when
    beside it they would shrink below a third of the body box (three photos stacked in the column)."""
    pictures, text = pictures_of(blocks), text_of(blocks)
    own_page = bool(pictures and text) and not frame.beside[len(pictures)]
    beside = bool(pictures) and not own_page
    pager = _Pager(frame.heights, frame.widths[beside], frame.widths[False], frame.limit)
    pages = pager.run(text) if text else [[]]
    if len(pages) > 1 and pager.used < LIGHTEST_LAST_PAGE * frame.limit:
        pages, pager = _spread(text, frame, beside, pages, pager)
    if own_page:
        pages.append(pictures)
    else:
        pages[0] = pages[0] + pictures
    return pages, pager.oversized


def _spread(text: list[Block], frame: _Frame, pictures: bool, pages: list[list[Block]], pager: _Pager):
    """The same number of pages, each filled a little less, until the last holds about a fifth of a page.

    Why: a continuation slide with one short sentence looks like a mistake. Filling every page a
    little less moves content forward evenly; the first fill that works is kept, else the pages as they were.
    """
    for fill in FILL_STEPS:
        trial = _Pager(frame.heights, frame.widths[pictures], frame.widths[False], frame.limit * fill)
        trial_pages = trial.run(text)
        if len(trial_pages) == len(pages) and len(trial.oversized) <= len(pager.oversized) \
                and trial.used >= LIGHTEST_LAST_PAGE * frame.limit:
            return trial_pages, trial
    return pages, pager


def paginate(planned: PlannedDeck, options) -> PlannedDeck:
    geo = getattr(options, "geometry", None) or DEFAULT
    fonts = Fonts.from_config(getattr(options, "fonts", None))
    frame = _Frame(geo, fonts)
    slides: list[PlannedSlide] = []
    for slide in planned.slides:
        # The agenda is paginated by plan/agenda.py once timing has written its final text.
        if slide.kind not in ("content", "image") or not slide.blocks:
            slides.append(slide)
            continue
        blocks = shorten_link_labels(slide.blocks, geo, fonts)
        pages, oversized = _split(blocks, frame)
        for block in oversized:
            planned.diagnostics.append(Diagnostic(
                "a block is taller than a slide and cannot be split; it may run off the slide",
                getattr(block, "span", None) or slide.span))
        for number, page_blocks in enumerate(pages, start=1):
            title = f"{slide.title} ({number}/{len(pages)})" if len(pages) > 1 else slide.title
            slides.append(copy_with(slide, title=title, blocks=page_blocks, page=number, pages=len(pages),
                                    notes=slide.notes if number == 1 else []))
    planned.slides = slides
    return planned
