"""The deck model: plain dataclasses shared by readers, plan passes and renderers.

No I/O and no third-party imports here. Every node keeps a Span so any
message can point back at the notes.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Span:
    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Run:
    """A piece of inline text with one formatting."""
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    href: str | None = None
    html: bool = False  # text is a raw inline HTML tag from the notes (see inline_html.py)
    highlight: bool = False  # ==marked== text (Obsidian) or <mark>


def plain_text(runs: list[Run]) -> str:
    return "".join([run.text for run in runs if not run.html])


# -- blocks ---------------------------------------------------------------------
#
# A new kind of block is one class here (a TextBlock or a BoxedBlock), one measure entry in
# plan/heights.py (MEASURES) and one `render_<snake_name>` method per renderer. What the plan does
# with every block's words (timing, link labels, bounds, the run sheet) works from text_lines().


class TextBlock:
    """A block drawn as lines of text in the slide's body; neighbours share one text frame in .pptx."""

    def text_lines(self) -> list[list[Run]]:
        """The runs of every line of text the block shows (words and links live in runs)."""
        return [self.runs]

    def with_text_lines(self, lines: list[list[Run]]):
        """A copy showing `lines` (as many as text_lines() gave) in place of its own."""
        return replace(self, runs=lines[0])


class BoxedBlock:
    """A block drawn in a box of its own (code, tables, pictures)."""

    def text_lines(self) -> list[list[Run]]:
        return []


@dataclass
class Paragraph(TextBlock):
    runs: list[Run]
    span: Span | None = None


@dataclass
class ListItem:
    runs: list[Run]
    level: int = 0
    ordered: bool = False
    number: int | None = None
    checked: bool | None = None  # None: not a task item
    span: Span | None = None


@dataclass
class BulletList(TextBlock):
    """A list flattened to items with nesting levels (0 = top)."""
    items: list[ListItem]
    span: Span | None = None

    def text_lines(self) -> list[list[Run]]:
        return [item.runs for item in self.items]

    def with_text_lines(self, lines: list[list[Run]]):
        return replace(self, items=[replace(item, runs=runs) for item, runs in zip(self.items, lines)])


@dataclass
class SubHeading(TextBlock):
    """H4 and deeper inside a slide: a bold line, not a new slide."""
    runs: list[Run]
    level: int = 4
    span: Span | None = None


@dataclass
class CodeBlock(BoxedBlock):
    code: str
    language: str | None = None
    span: Span | None = None


@dataclass
class Table(BoxedBlock):
    header: list[list[Run]]
    rows: list[list[list[Run]]]
    align: list[str | None] = field(default_factory=list)
    span: Span | None = None
    # Fractions of the available width per column, fixed by pagination so a continued table lines up.
    column_shares: list[float] | None = None

    def text_lines(self) -> list[list[Run]]:
        return [*self.header, *(cell for row in self.rows for cell in row)]


@dataclass
class Quote(TextBlock):
    """A block quote: its lines keep their formatting; list items and code lines are lines too."""
    paragraphs: list[list[Run]]
    span: Span | None = None

    def text_lines(self) -> list[list[Run]]:
        return list(self.paragraphs)

    def with_text_lines(self, lines: list[list[Run]]):
        return replace(self, paragraphs=list(lines))


@dataclass
class Callout(TextBlock):
    """An Obsidian callout (`> [!tip] Title`): a titled box whose colour and icon follow its kind."""
    kind: str                    # the type as written, lower case: note, tip, warning …
    title: list[Run]
    paragraphs: list[list[Run]]  # the body, lines with their formatting (as in Quote)
    span: Span | None = None

    def text_lines(self) -> list[list[Run]]:
        return [self.title, *self.paragraphs]

    def with_text_lines(self, lines: list[list[Run]]):
        return replace(self, title=lines[0], paragraphs=list(lines[1:]))


@dataclass
class RawHtml(TextBlock):
    """Raw HTML from the notes; the HTML renderer sanitises it, pptx shows its text."""
    html: str
    span: Span | None = None

    def text_lines(self) -> list[list[Run]]:
        return []  # markup, not runs: its text comes out of html_text when it is drawn

    def with_text_lines(self, lines: list[list[Run]]):
        return self


@dataclass
class Image(BoxedBlock):
    src: str
    alt: str = ""
    span: Span | None = None
    width: str | None = None    # as the notes say it: `300` (pixels) or `50%` of the body width
    height: str | None = None
    caption: str | None = None  # text written after the picture on its line


Block = Paragraph | BulletList | SubHeading | CodeBlock | Table | Quote | Callout | RawHtml | Image


@dataclass
class Slide:
    title: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    span: Span | None = None
    kind: str = "content"  # "content" or "image"


@dataclass
class Section:
    title: str
    budget_seconds: int | None = None
    slides: list[Slide] = field(default_factory=list)
    span: Span | None = None
    stated_end_seconds: int | None = None  # "(3 min, 12 minutes total)": the talk should be at 12:00 here
    header: bool | None = None  # a header slide: True/False as the author's deck has it, None: section_slides
    speaker: str | None = None  # whose part it is when several people give the talk


@dataclass
class Deck:
    title: str
    source: str
    subtitle: str | None = None
    author: str | None = None
    date: str | None = None
    duration_seconds: int | None = None
    template: str | None = None
    logo: Image | None = None
    title_notes: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    span: Span | None = None
    tags: list[str] = field(default_factory=list)  # inline #tags of the notes: kept, never shown
    # "notes" (an outline: confdeck plans sections), or "slides" (an existing deck, e.g. Marp or
    # remark: each of the author's slides is one slide, no section headers or agenda are added).
    style: str = "notes"
    section_slides: str | None = None   # front matter's auto|always|never (the template's otherwise)
    diagnostics: list = field(default_factory=list)  # the reader's warnings (errors.Diagnostic)
    speakers: list[str] = field(default_factory=list)  # front matter `speakers:`, in order
    start_of_day: int | None = None  # `start: 14:00` as seconds after midnight: times are shown as clock times
    show_budgets: str = "agenda"     # where the audience sees budgets: "agenda", "sections" or "none"
    # When the notes file was last saved (seconds since the epoch): the .pptx's date. Not content: two
    # decks read from the same text are equal whenever their files were saved.
    saved_at: float | None = field(default=None, compare=False)


@dataclass
class AgendaEntry:
    title: str
    budget_seconds: int | None = None
    start_seconds: int | None = None
    speaker: str | None = None


@dataclass
class PlacedGroup:
    """Blocks drawn in one box: neighbouring text blocks share a frame; a code block or table stands alone."""
    blocks: list[Block]
    box: Any                                   # geometry.Box, inches: top and measured height
    column_widths: list[float] | None = None   # a table's columns, inches
    row_heights: list[float] | None = None     # a table's rows (header first), points


@dataclass
class PlacedPicture:
    image: Image
    box: Any                  # geometry.Box the picture is fitted into
    caption: Any = None       # geometry.Box of its caption line, or None


@dataclass
class PageLayout:
    """Where everything on one slide goes, decided by the plan (plan/placement.py); renderers only draw it."""
    title: Any                                  # geometry.Box of the title
    title_pt: int                               # the title's type size (a long title is smaller)
    body: Any                                   # geometry.Box: the free body area of the slide's layout
    text: Any = None                            # geometry.Box of the text column, or None (pictures only)
    groups: list[PlacedGroup] = field(default_factory=list)
    pictures: list[PlacedPicture] = field(default_factory=list)
    subtitle: Any = None                        # title slides: the subtitle's box
    logo: Any = None                            # title slides: the notes' logo, in free area of the layout
    title_moved: bool = False                   # the title is not where the master's layout has it


@dataclass
class PlannedSlide:
    """One slide as both renderers draw it, in deck order."""
    kind: str  # "title", "agenda", "section", "content", "image"
    title: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    span: Span | None = None
    section_index: int | None = None  # index into Deck.sections; None for opening slides
    subtitle: str | None = None
    page: int = 1    # continuation page of the source slide (1-based)
    pages: int = 1   # how many pages the source slide was split into
    seconds: int = 0  # planned speaking time
    pacing: str | None = None  # the pacing line shown first in the speaker notes
    rehearsed_seconds: int | None = None  # `build --timings rehearsed`: the median rehearsed time
    layout: PageLayout | None = None  # the boxes the plan decided (place_slides, the last pass)
    agenda_columns: tuple[float, float] = (0.0, 0.0)  # an agenda's time and length columns, inches (plan/agenda.py)
    subtitle_pt: int | None = None  # a title slide's subtitle shrunk to fit (on a 7.5 in tall slide); None: 22
    agenda_lines: tuple[int, ...] = ()  # an agenda's rows: the lines each name takes (plan/agenda.py)


@dataclass
class PlannedDeck:
    deck: Deck
    slides: list[PlannedSlide]
    agenda: list[AgendaEntry] = field(default_factory=list)
    diagnostics: list = field(default_factory=list)  # errors.Diagnostic, kept untyped to avoid a cycle
    total_seconds: int = 0


LENGTH_MARK = " — "   # starts the run that holds a section's length (plan/timing.py writes it)


def agenda_row(item: ListItem) -> tuple[list[Run], list[Run], str | None]:
    """An agenda item as its row: the start time (the first, bold run), the section's name with its
    speaker, and its length (the run after LENGTH_MARK) or None."""
    time, rest = item.runs[:1], item.runs[1:]
    length = next((run for run in rest if run.text.startswith(LENGTH_MARK)), None)
    name = [run for run in rest if run is not length]
    if name:
        name[0] = replace(name[0], text=name[0].text.lstrip())
    return time, name, length.text[len(LENGTH_MARK):] if length is not None else None


def pictures_of(blocks: list) -> list[Image]:
    return [block for block in blocks if isinstance(block, Image)]


def text_of(blocks: list) -> list:
    return [block for block in blocks if not isinstance(block, Image)]
