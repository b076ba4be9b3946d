"""Markdown notes → Deck, through marko and its GFM extension.

Two outline styles are detected from the document:
* list outline: each top-level list item is a section, its nested items the bullets;
* heading notes: H2 = section, H3 = slide, H4+ = bold sub-headings inside a slide.
"""
from __future__ import annotations

import bisect
import itertools
import re
from typing import Any

from marko import block, inline
from marko.ext.gfm import elements as gfm

from confdeck.errors import ConfdeckError
from confdeck.gc_pause import gc_paused
from confdeck.inline_html import resolve_inline_html
from confdeck.html_text import html_to_text
from confdeck.model import (
    Block, BulletList, CodeBlock, Deck, Image, ListItem, Paragraph, Quote, RawHtml, Run,
    Section, Slide, Span, SubHeading, Table, plain_text,
)
from confdeck.read import fast_markdown
from confdeck.read.budgets import parse_duration, parse_time_of_day, split_budget, split_owner
from confdeck.read.frontmatter import split_front_matter
from confdeck.read.limits import (
    MAX_NESTING, PARSE_SECONDS, ParseTimeout, check_lines, check_table_size, within_time_limit,
)

_NOTES_START = re.compile(r"^\s*notes?:\s*", re.IGNORECASE)
_CODE_NOTES_START = re.compile(r"^\s*([*_]{1,2})?notes?:\1?\s*", re.IGNORECASE)  # Markdown left as typed
_NOTES_ANYWHERE = re.compile(r"notes?:", re.IGNORECASE)   # a cheap first look before splitting into lines
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def parse_document(text: str) -> block.Document:
    """marko's element tree for the text, parsed by pulldown-cmark (much faster than marko's own parser)."""
    return fast_markdown.parse(text)


def join_spaced_table_rows(text: str) -> str:
    """Make a table whose rows are separated by blank lines one GFM table again.

    Some editors write a blank line after every row; GFM then sees single-line
    paragraphs. The blank lines are moved after the table so later line numbers hold.
    """
    if "|" not in text:
        return text   # no table row anywhere: nothing to join (and no need to look line by line)
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _TABLE_ROW.match(lines[i]):
            rows, blanks, j = [lines[i]], 0, i + 1
            while j < len(lines):
                if _TABLE_ROW.match(lines[j]):
                    rows.append(lines[j])
                    j += 1
                elif not lines[j].strip() and j + 1 < len(lines) and _TABLE_ROW.match(lines[j + 1]):
                    blanks += 1
                    j += 1
                else:
                    break
            if blanks and len(rows) >= 2 and _TABLE_DELIMITER.match(rows[1]):
                out.extend(rows)
                out.extend([""] * blanks)
            else:
                out.extend(lines[i:j])
            i = j
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


class MarkdownReader:
    """Reads one Markdown notes file into a Deck."""

    def __init__(self, text: str, path: str):
        self.path = path
        self.meta, body = split_front_matter(text, path)
        self.body = join_spaced_table_rows(body)
        # Where each line starts: running sums of the line lengths (in C, not a match object per line).
        self._line_starts = [0, *itertools.accumulate(len(line) + 1 for line in self.body.split("\n")[:-1])]
        self._inline_comments: list[str] = []   # HTML comments met while collecting runs (see _split_note)

    # -- positions -------------------------------------------------------

    def span(self, element: Any) -> Span:
        source_span = getattr(element, "source_span", None)
        if not source_span:
            return Span(self.path)
        return Span(self.path, bisect.bisect_right(self._line_starts, source_span[0]))

    # -- document --------------------------------------------------------

    def read(self) -> Deck:
        document = parse_document(self.body)
        blocks = [child for child in document.children
                  if not isinstance(child, (block.BlankLine, block.LinkRefDef))]
        deck = Deck(title="", source=self.path, meta=dict(self.meta), span=Span(self.path, 1))
        self._apply_front_matter(deck)

        title_index = next((i for i, b in enumerate(blocks) if _is_heading(b, 1)), None)
        if title_index is not None:
            if not deck.title:
                deck.title = self.inline_text(blocks[title_index])
            deck.span = self.span(blocks[title_index])
            before, blocks = blocks[:title_index], blocks[title_index + 1:]
        else:
            before = []
        if not deck.title:
            deck.title = _title_from_path(self.path)

        if any(_is_heading(b) and b.level <= 2 for b in blocks):
            preamble, rest = _split_at(blocks, lambda b: _is_heading(b) and b.level <= 2)
            self._read_preamble(deck, before + preamble)
            deck.sections += self._read_heading_sections(rest)
        else:
            preamble, rest = _split_at(blocks, lambda b: isinstance(b, block.List))
            self._read_preamble(deck, before + preamble)
            deck.sections += self._read_list_sections(rest)
        if not deck.sections:
            if not self.body.strip():
                raise ConfdeckError(f"nothing after the front matter {_EXPECTED_OUTLINE}",
                                    Span(self.path, self.body.count("\n") + 1))
            raise ConfdeckError(f"no outline found {_EXPECTED_OUTLINE}", Span(self.path))
        return deck

    def _apply_front_matter(self, deck: Deck) -> None:
        meta = self.meta
        for key in ("title", "subtitle", "author", "template"):
            if meta.get(key) is not None:
                setattr(deck, key, str(meta[key]))
        if meta.get("date") is not None:
            deck.date = str(meta["date"])
        if meta.get("duration") is not None:
            seconds = parse_duration(str(meta["duration"]))
            if not seconds:
                raise ConfdeckError(f"duration: expected a duration such as 25 min, 1h or 00:25:00, "
                                    f"got {meta['duration']!r}", Span(self.path, 2))
            deck.duration_seconds = seconds
        self._apply_talk_keys(deck)

    def split_title(self, text: str) -> tuple[str, int | None, str | None]:
        """A section title, its budget and, when the notes list `speakers:`, its `@owner`.

        Without `speakers:` an `@name` stays in the title: `Thanks @pycon` is a title, not an owner.
        """
        if self.meta.get("speakers"):
            return split_owner(text)
        return (*split_budget(text), None)

    def _apply_talk_keys(self, deck: Deck) -> None:
        """`speakers:`, `start:` and `show_budgets:`: who gives the talk, when, and what the audience sees."""
        meta = self.meta
        speakers = meta.get("speakers")
        if isinstance(speakers, str):
            speakers = speakers.split(",")
        deck.speakers = [str(name).strip().lstrip("@") for name in speakers or [] if str(name).strip()]
        if meta.get("start") is not None:
            start = parse_time_of_day(str(meta["start"]))
            if start is None:
                raise ConfdeckError(f"start: expected a time of day such as 14:00, got {meta['start']!r}",
                                    Span(self.path, 2))
            deck.start_of_day = start
        if meta.get("show_budgets") is not None:
            value = str(meta["show_budgets"]).strip().lower()
            if value not in ("agenda", "sections", "none"):
                raise ConfdeckError(f"show_budgets: expected agenda, sections or none, got {meta['show_budgets']!r}",
                                    Span(self.path, 2))
            deck.show_budgets = value

    def _read_preamble(self, deck: Deck, blocks: list) -> None:
        """Blocks before the outline: logo, subtitle, a lead-in line, anything else."""
        leftovers: list[Block] = []
        for index, element in enumerate(blocks):
            image = self.lone_image(element)
            if image and deck.logo is None:
                deck.logo = image
                continue
            if isinstance(element, block.HTMLBlock):
                deck.title_notes.extend(_comment_texts(element.body) or [])
                continue
            if isinstance(element, block.Paragraph) and self.lone_image(element) is None:
                runs, private, _ = self._split_note(element)
                deck.title_notes.extend(private)
                text = plain_text(resolve_inline_html(runs)).strip()
                if not text:
                    continue
                is_last = index == len(blocks) - 1
                if is_last and text.rstrip().endswith(":"):
                    # A lead-in such as `Categories:` only introduces the outline.
                    deck.title_notes.append(text)
                    continue
                if deck.subtitle is None:
                    deck.subtitle = text
                    continue
            leftovers.extend(self.convert_block(element, 0, deck.title_notes))
        if leftovers:
            deck.sections.append(Section(title=deck.title, span=deck.span,
                                         slides=[Slide(deck.title, leftovers, span=deck.span)]))

    # -- heading notes -----------------------------------------------------

    def _read_heading_sections(self, blocks: list) -> list[Section]:
        sections: list[Section] = []
        slide: Slide | None = None
        in_notes = False
        for element in blocks:
            if _is_heading(element) and element.level <= 3:
                title, budget, speaker = self.split_title(self.inline_text(element))
                if element.level <= 2:
                    sections.append(Section(title, budget, span=self.span(element), speaker=speaker))
                    slide = Slide(title, span=self.span(element))
                    sections[-1].slides.append(slide)
                else:
                    if not sections:
                        sections.append(Section(title, budget, span=self.span(element)))
                    slide = Slide(title, span=self.span(element))
                    sections[-1].slides.append(slide)
                in_notes = False
                continue
            assert slide is not None  # blocks start with a heading (see _split_at)
            in_notes = self._add_to_slide(slide, element, in_notes)
        for section in sections:
            # The H2's own slide only exists when something sits between it and the first H3.
            if len(section.slides) > 1 and _is_empty(section.slides[0]):
                first = section.slides.pop(0)
                section.slides[0].notes[:0] = first.notes
            if len(section.slides) == 1 and _is_empty(section.slides[0]) and not section.slides[0].notes:
                section.slides.clear()
        return sections

    def _add_to_slide(self, slide: Slide, element: Any, in_notes: bool) -> bool:
        """Add a block to a slide or to its notes; return whether we are now in notes."""
        if isinstance(element, block.HTMLBlock):
            comments = _comment_texts(element.body)
            if comments is not None:
                slide.notes.extend(comments)
                return in_notes
        if isinstance(element, block.Paragraph) and not in_notes and self.lone_image(element) is None:
            # A `Note:` line starts the notes, also in the middle of a paragraph (a lazy continuation line).
            runs, private, noted = self._split_note(element)
            if runs or not noted:
                slide.blocks.append(self._paragraph(element, runs))
            slide.notes.extend(private)
            return noted
        if in_notes:
            slide.notes.append(self.block_text(element))
            return in_notes
        slide.blocks.extend(self.convert_block(element, 0, slide.notes))
        return in_notes

    # -- list outline ------------------------------------------------------

    def _read_list_sections(self, blocks: list) -> list[Section]:
        sections: list[Section] = []
        for element in blocks:
            if isinstance(element, block.List):
                for item in element.children:
                    sections.append(self._section_from_item(item))
                continue
            image = self.lone_image(element)
            if image is not None and sections:
                sections[-1].slides.append(Slide(image.alt or "", [image], span=image.span, kind="image"))
                continue
            if not sections:
                continue
            section = sections[-1]
            if not section.slides or section.slides[-1].kind == "image":
                section.slides.append(Slide(section.title, span=self.span(element)))
            self._add_to_slide(section.slides[-1], element, False)
        return sections

    def _section_from_item(self, item: block.ListItem) -> Section:
        children = [c for c in item.children if not isinstance(c, block.BlankLine)]
        heading = children[0] if children and isinstance(children[0], block.Paragraph) else None
        runs, private, in_notes = self._split_note(heading) if heading else ([], [], False)
        title, budget, speaker = self.split_title(plain_text(resolve_inline_html(runs)).strip())
        section = Section(title, budget, span=self.span(item), speaker=speaker)
        slide = Slide(title, span=self.span(item))
        slide.notes.extend(private)
        for child in children[1 if heading else 0:]:
            in_notes = self._add_to_slide(slide, child, in_notes)
        if slide.blocks or slide.notes:
            section.slides.append(slide)
        return section

    # -- blocks ------------------------------------------------------------

    def convert_block(self, element: Any, level: int, notes: list[str] | None = None) -> list[Block]:
        """The slide blocks for one element; the speaker notes found inside it go to `notes` (never to a slide)."""
        notes = [] if notes is None else notes
        span = self.span(element)
        if isinstance(element, block.Paragraph):
            image = self.lone_image(element)
            if image is not None:
                return [image]
            runs, private, noted = self._split_note(element)
            notes.extend(private)
            return [self._paragraph(element, runs)] if runs or not noted else []
        if isinstance(element, block.List):
            return [BulletList(self.list_items(element, 0, notes), span)]
        if isinstance(element, (block.Heading, block.SetextHeading)):
            return [SubHeading(self.runs(element), element.level, span)]
        if isinstance(element, block.FencedCode):
            return [CodeBlock(_code_text(element), element.lang or None, span)]
        if isinstance(element, block.CodeBlock):
            code, private = _split_indented_code(_code_text(element))
            notes.extend(private)
            return [CodeBlock(code, None, span)] if code else []
        if isinstance(element, gfm.Table):
            return [self.table(element)]
        if isinstance(element, block.Quote):
            return [Quote([[Run(text)] for text in self.block_text(element).split("\n") if text], span)]
        if isinstance(element, block.HTMLBlock):
            return [RawHtml(element.body, span)]
        if isinstance(element, block.ThematicBreak):
            return []
        return [Paragraph([Run(self.block_text(element))], span)] if self.block_text(element) else []

    def list_items(self, element: block.List, level: int, notes: list[str]) -> list[ListItem]:
        """The items of a list, flattened with their levels; speaker notes inside them go to `notes`.

        Within one item, a `Note:` line (its own paragraph or a continuation line, at any
        indentation) and everything after it in that item are notes, as are HTML comments.
        """
        items: list[ListItem] = []
        number = element.start if element.ordered else None
        for item in element.children:
            runs: list[Run] = []
            checked = None
            nested: list[ListItem] = []
            in_notes = False
            for child in item.children:
                if isinstance(child, block.BlankLine):
                    continue
                if isinstance(child, block.HTMLBlock) and _comment_texts(child.body) is not None:
                    notes.extend(_comment_texts(child.body))
                elif in_notes:
                    notes.append(self.block_text(child))
                elif isinstance(child, block.Paragraph):
                    shown, private, in_notes = self._split_note(child)
                    notes.extend(private)
                    if shown and not runs:
                        runs = shown
                        checked = getattr(child, "checked", None)
                    elif shown:
                        runs.append(Run(" "))
                        runs.extend(shown)
                elif isinstance(child, block.List):
                    nested.extend(self.list_items(child, level + 1, notes))
                elif isinstance(child, block.CodeBlock):
                    code, private = _split_indented_code(_code_text(child))
                    notes.extend(private)
                    if code:
                        runs.append(Run((" " if runs else "") + code, code=True))
                elif isinstance(child, block.HTMLBlock):
                    # Raw HTML in a bullet: kept as markup for the renderers to sanitise or resolve.
                    runs.extend([Run(" "), Run(child.body.strip(), html=True)] if runs else
                                [Run(child.body.strip(), html=True)])
                else:
                    text = self.block_text(child)
                    if text:
                        runs.append(Run((" " if runs else "") + text, code=isinstance(child, block.CodeBlock)))
            if checked is not None:
                runs.insert(0, Run("☑ " if checked else "☐ "))
            if runs or nested or not in_notes:   # an item that is only a note is no bullet
                items.append(ListItem(runs, level, element.ordered, number, checked, self.span(item)))
            items.extend(nested)
            if number is not None:
                number += 1
        return items

    def table(self, element: gfm.Table) -> Table:
        check_table_size(len(element.children), max((len(row.children) for row in element.children), default=0),
                         self.span(element))
        rows = [[self.runs(cell) for cell in row.children] for row in element.children]
        align = [cell.align for cell in element.children[0].children] if element.children else []
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        return Table(header, body, align, self.span(element))

    def lone_image(self, element: Any) -> Image | None:
        """An image that is a paragraph on its own (possibly wrapped in a link)."""
        if not isinstance(element, block.Paragraph):
            return None
        children = [c for c in element.children
                    if not (isinstance(c, inline.RawText) and not c.children.strip())]
        if len(children) == 1 and isinstance(children[0], inline.Image):
            image = children[0]
            return Image(image.dest, self._inline_plain(image.children), self.span(element))
        return None

    # -- speaker notes inside a paragraph -----------------------------------

    def _split_note(self, paragraph: Any) -> tuple[list[Run], list[str], bool]:
        """The runs to show, the private texts, and whether a `Note:` line was met.

        A paragraph is shown up to its first line that starts with `Note:`; that line and the
        lines after it (lazy continuation lines join a paragraph, so a note typed under a
        bullet lands here) are speaker notes, as are the paragraph's HTML comments.
        """
        self._inline_comments = []
        runs = self.runs(paragraph)
        private, self._inline_comments = self._inline_comments, []
        if not _NOTES_ANYWHERE.search(plain_text(runs)):
            return runs, private, False
        children = paragraph.children
        breaks = [index for index, child in enumerate(children) if isinstance(child, inline.LineBreak)]
        for start in [0, *(index + 1 for index in breaks)]:
            end = next((index for index in breaks if index >= start), len(children))
            if _NOTES_START.match(self._inline_plain(children[start:end])):
                note = _NOTES_START.sub("", self._inline_plain(children[start:]), count=1)
                shown = self._merged_runs(children[:start - 1]) if start else []
                self._inline_comments = []   # already counted in `private`
                return shown, private + ([note] if note else []), True
        self._inline_comments = []
        # A line break inside emphasis or a link: split the plain text (formatting is lost, the note is not shown).
        lines = _line_texts(children, [""])
        for index, line in enumerate(lines):
            if _NOTES_START.match(line):
                shown = " ".join(lines[:index]).strip()
                note = _NOTES_START.sub("", " ".join(lines[index:]), count=1).strip()
                return [Run(shown)] if shown else [], private + ([note] if note else []), True
        return runs, private, False

    def _paragraph(self, element: Any, runs: list[Run]) -> Paragraph:
        if getattr(element, "checked", None) is not None:
            runs.insert(0, Run("☑ " if element.checked else "☐ "))
        return Paragraph(runs, self.span(element))

    # -- inline ------------------------------------------------------------

    def runs(self, element: Any) -> list[Run]:
        children = element.children
        if len(children) == 1 and type(children[0]) is inline.RawText:
            text = children[0].children.strip()   # one plain text (most headings and notes): no merging
            return [Run(text)] if text else []
        return self._merged_runs(children)

    def _merged_runs(self, children: list) -> list[Run]:
        """runs() for any inline children."""
        pieces: list[tuple[str, tuple]] = []
        self._collect_runs(children, pieces, _PLAIN)
        # Neighbours with the same style become one run (texts joined once, not run by run); trim the ends.
        runs: list[Run] = []
        group: list[str] = []
        group_style = _PLAIN
        for text, style in pieces:
            if style is group_style or style == group_style:
                group.append(text)
                continue
            if group:
                runs.append(Run(group[0] if len(group) == 1 else "".join(group), *group_style))
            group, group_style = [text], style
        if group:
            runs.append(Run(group[0] if len(group) == 1 else "".join(group), *group_style))
        if runs:
            runs[0].text = runs[0].text.lstrip()
            runs[-1].text = runs[-1].text.rstrip()
        return [run for run in runs if run.text]

    def _collect_runs(self, children: Any, out: list[tuple[str, tuple]], style: tuple) -> None:
        """Append (text, style) for every piece of inline text; style is Run's fields after text (_PLAIN)."""
        if isinstance(children, str):
            out.append((children, style))
            return
        for child in children:
            kind = _INLINE_KINDS.get(type(child)) or _inline_kind(type(child))
            if kind == "text":
                out.append((child.children, style))
            elif kind == "literal":
                out.append((child.children, style))
            elif kind == "break":
                out.append(("\n" if not child.soft else " ", style))
            elif kind == "code":
                out.append((child.children, _styled(style, _CODE, True)))
            elif kind == "strong":
                self._collect_runs(child.children, out, _styled(style, _BOLD, True))
            elif kind == "emphasis":
                self._collect_runs(child.children, out, _styled(style, _ITALIC, True))
            elif kind == "strike":
                self._collect_runs(child.children, out, _styled(style, _STRIKE, True))
            elif kind == "link":
                self._collect_runs(child.children, out, _styled(style, _HREF, child.dest))
            elif kind == "image":
                alt = self._inline_plain(child.children)
                out.append((f"[image: {alt or child.dest}]", style))
            elif kind == "html":
                comments = _comment_texts(child.children)
                if comments is None:
                    out.append((child.children, _styled(style, _HTML, True)))
                else:
                    self._inline_comments.extend(comments)
            elif hasattr(child, "children"):
                self._collect_runs(child.children, out, style)

    def _inline_plain(self, children: Any) -> str:
        pieces: list[tuple[str, tuple]] = []
        self._collect_runs(children, pieces, _PLAIN)
        runs = [Run(text, *style) for text, style in pieces]
        return plain_text(resolve_inline_html(runs)).strip()

    def inline_text(self, element: Any) -> str:
        return plain_text(resolve_inline_html(self.runs(element))).strip()

    def block_text(self, element: Any) -> str:
        """The visible text of any block, for notes and fallbacks."""
        if isinstance(element, (block.FencedCode, block.CodeBlock)):
            return _code_text(element)
        if isinstance(element, block.HTMLBlock):
            comments = _comment_texts(element.body)
            return "\n".join(comments) if comments is not None else html_to_text(element.body)
        if isinstance(element, block.Paragraph) or isinstance(element, (block.Heading, block.SetextHeading)):
            return self.inline_text(element)
        if isinstance(element, block.List):
            notes: list[str] = []
            items = self.list_items(element, 0, notes)
            return "\n".join(["  " * item.level + "- " + plain_text(item.runs) for item in items] + notes)
        if isinstance(element, gfm.Table):
            table = self.table(element)
            return "\n".join(" | ".join(plain_text(cell) for cell in row)
                             for row in [table.header, *table.rows])
        children = getattr(element, "children", None)
        if isinstance(children, list):
            return "\n".join(text for text in (self.block_text(c) for c in children) if text)
        return ""


# A run's style: Run's fields after its text, in order (bold, italic, code, strike, href, html).
_PLAIN = (False, False, False, False, None, False)
_BOLD, _ITALIC, _CODE, _STRIKE, _HREF, _HTML = range(6)


def _styled(style: tuple, field: int, value: Any) -> tuple:
    return style[:field] + (value,) + style[field + 1:]


# Which branch of _collect_runs an inline element takes, by class. The order of the checks matters
# (gfm's Url is an AutoLink, its Paragraph a Paragraph): classes are classified once, then looked up.
_INLINE_CHECKS = [
    ("text", inline.RawText), ("literal", inline.Literal), ("break", inline.LineBreak), ("code", inline.CodeSpan),
    ("strong", inline.StrongEmphasis), ("emphasis", inline.Emphasis), ("strike", gfm.Strikethrough),
    ("link", (inline.Link, inline.AutoLink)), ("image", inline.Image), ("html", inline.InlineHTML),
]
_INLINE_KINDS: dict[type, str] = {}


def _inline_kind(cls: type) -> str:
    kind = next((kind for kind, classes in _INLINE_CHECKS if issubclass(cls, classes)), "other")
    if len(_INLINE_KINDS) < 1000:   # bounded: element classes, a few dozen at most
        _INLINE_KINDS[cls] = kind
    return kind


def _split_indented_code(code: str) -> tuple[str, list[str]]:
    """An indented code block is mostly notes indented too far, not code (fenced code is always code):
    from its first `Note:` line on it is private, and so are its HTML comments."""
    lines = code.split("\n")
    start = next((i for i, line in enumerate(lines) if _CODE_NOTES_START.match(line)), len(lines))
    shown = "\n".join(lines[:start])
    private = [text.strip() for text in _HTML_COMMENT.findall(shown) if text.strip()]
    shown = _HTML_COMMENT.sub("", shown).rstrip()
    note = _HTML_COMMENT.sub(lambda match: match.group(1).strip(), "\n".join(lines[start:]))
    note = _CODE_NOTES_START.sub("", note, count=1).strip()
    return ("" if not shown.strip() else shown), private + ([note] if note else [])


def _line_texts(children: Any, lines: list[str]) -> list[str]:
    """The plain text of inline elements, one string per line (soft and hard breaks at any depth)."""
    for child in children:
        if isinstance(child, inline.LineBreak):
            lines.append("")
        elif isinstance(child, inline.InlineHTML):
            continue
        elif isinstance(child.children, str):
            lines[-1] += child.children
        else:
            _line_texts(child.children, lines)
    return lines


def _comment_texts(html: str) -> list[str] | None:
    """The texts of HTML comments if the HTML is nothing but comments, else None."""
    if not _HTML_COMMENT.search(html) or _HTML_COMMENT.sub("", html).strip():
        return None
    return [text.strip() for text in _HTML_COMMENT.findall(html) if text.strip()]


def _code_text(element: Any) -> str:
    return "".join(child.children for child in element.children).rstrip("\n")


def _same_style(a: Run, b: Run) -> bool:
    return (a.bold, a.italic, a.code, a.strike, a.href, a.html) == (b.bold, b.italic, b.code, b.strike, b.href, b.html)


def _is_heading(element: Any, level: int | None = None) -> bool:
    if not isinstance(element, (block.Heading, block.SetextHeading)):
        return False
    return level is None or element.level == level


def _is_empty(slide: Slide) -> bool:
    return not slide.blocks


def _split_at(blocks: list, predicate) -> tuple[list, list]:
    for index, element in enumerate(blocks):
        if predicate(element):
            return blocks[:index], blocks[index:]
    return blocks, []


def _title_from_path(path: str) -> str:
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("_", " ").replace("-", " ").strip() or "Untitled"


_EXPECTED_OUTLINE = "(expected a top-level list of sections or ## headings)"


def _read_paused(text: str, path: str) -> Deck:
    with gc_paused():
        return MarkdownReader(text, path).read()


def read_markdown(text: str, path: str) -> Deck:
    """Read Markdown notes; inputs beyond the parser's limits become a ConfdeckError, never a crash."""
    if not text.strip():
        raise ConfdeckError(f"the notes file is empty {_EXPECTED_OUTLINE}", Span(path))
    check_lines(text, path)
    try:
        return within_time_limit(lambda: _read_paused(text, path), PARSE_SECONDS)
    except RecursionError:
        raise ConfdeckError("emphasis, links, lists or quotes nested too deeply to read "
                            f"(expected at most {MAX_NESTING} levels)", Span(path)) from None
    except ParseTimeout:
        raise ConfdeckError(f"the notes took more than {PARSE_SECONDS} s to read: very long runs of "
                            "unmatched brackets or emphasis marks?", Span(path)) from None
