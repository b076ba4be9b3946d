"""Markdown notes → Deck, through marko and its GFM extension.

Two outline styles are detected from the document:
* list outline: each top-level list item is a section, its nested items the bullets;
* heading notes: H2 = section, H3 = slide, H4+ = bold sub-headings inside a slide.
"""
from __future__ import annotations

import bisect
import copy
from dataclasses import replace
import itertools
import re
from typing import Any

from marko import block, inline
from marko.ext.gfm import elements as gfm

from confdeck.errors import ConfdeckError, Diagnostic
from confdeck.gc_pause import gc_paused
from confdeck.inline_html import resolve_inline_html
from confdeck.html_text import html_to_text
from confdeck.model import (
    Block, BulletList, Callout, CodeBlock, Deck, Image, ListItem, Paragraph, Quote, RawHtml, Run,
    Section, Slide, Span, SubHeading, Table, plain_text,
)
from confdeck.read import fast_markdown
from confdeck.read.budgets import parse_duration, parse_time_of_day, split_budget_total, split_owner
from confdeck.read.dialects import prepare
from confdeck.read.html_blocks import escape_unknown_tags, is_unknown_tag, pre_block
from confdeck.read.frontmatter import leading_rule_warning, split_front_matter
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
        # Obsidian, Pandoc, remark and Marp marks rewritten line for line into plain Markdown.
        self.prepared = prepare(body, path, self.meta)
        self.body = join_spaced_table_rows(self.prepared.text)
        self.diagnostics = [Diagnostic(message, Span(path, line)) for line, message in self.prepared.warnings]
        rule = leading_rule_warning(text, path) if not self.meta else None
        if rule is not None:
            self.diagnostics.insert(0, rule)
        self.level_shift = 0   # 1 when the file's several `#` headings are its sections
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
        blocks = self._top_blocks(document)
        deck = Deck(title="", source=self.path, meta=dict(self.meta), span=Span(self.path, 1))
        deck.tags = list(self.prepared.tags)
        self._apply_front_matter(deck)
        existing = self._existing_deck(blocks)
        if existing:
            deck.style = "slides"
            if existing == "separated":
                self._read_separated_slides(deck, blocks)
            else:
                self._read_heading_slides(deck, blocks)
        else:
            self._read_notes(deck, blocks)
        if not deck.sections:
            if not self.body.strip():
                raise ConfdeckError(f"nothing after the front matter {_EXPECTED_OUTLINE}",
                                    Span(self.path, self.body.count("\n") + 1))
            raise ConfdeckError(f"no outline found {_EXPECTED_OUTLINE}", Span(self.path))
        deck.diagnostics = self.diagnostics
        return deck

    def _top_blocks(self, document: Any) -> list:
        """The document's blocks; a `<pre>` block holding notes (not code) is read as the notes it holds."""
        blocks: list = []
        for child in document.children:
            if isinstance(child, (block.BlankLine, block.LinkRefDef)):
                continue
            if isinstance(child, block.HTMLBlock):
                inner = self._pre_notes(child)
                if inner is not None:
                    blocks.extend(inner)
                    continue
            blocks.append(child)
        return blocks

    def _pre_notes(self, element: Any) -> list | None:
        pre = pre_block(element.body)
        if pre is None or pre[1] or not _looks_like_notes(pre[0]):
            return None
        inner = [child for child in parse_document(pre[0]).children
                 if not isinstance(child, (block.BlankLine, block.LinkRefDef))]
        # Positions inside the <pre>'s text → lines of the notes (its text starts on the line after `<pre>`
        # when that line holds nothing else).
        first_line = self.span(element).line or 1
        if not element.body.split("\n", 1)[0].strip().lower().endswith(">") or "\n" not in element.body:
            skip = 0
        else:
            first = re.sub(r"<[^>]*>", "", element.body.split("\n", 1)[0]).strip()
            skip = 0 if first else 1
        inner_starts = [0, *itertools.accumulate(len(line) + 1 for line in pre[0].split("\n")[:-1])]

        def relocate(node: Any) -> None:
            source_span = getattr(node, "source_span", None)
            if source_span:
                inner_line = bisect.bisect_right(inner_starts, source_span[0])
                line = min(first_line + skip + inner_line - 1, len(self._line_starts))
                node.source_span = (self._line_starts[line - 1], None)
            children = getattr(node, "children", None)
            if isinstance(children, list):
                for child in children:
                    relocate(child)
        for child in inner:
            relocate(child)
        return inner

    def _apply_front_matter(self, deck: Deck) -> None:
        meta = self.meta
        for key in ("title", "subtitle", "author", "template"):
            if meta.get(key) is not None:
                setattr(deck, key, str(meta[key]))
        if deck.author is None and meta.get("speaker") is not None:
            deck.author = str(meta["speaker"])
        if meta.get("section_slides") is not None:
            value = str(meta["section_slides"]).lower()
            if value not in _SECTION_SLIDES:
                raise ConfdeckError(f"section_slides: expected auto, always or never, got {meta['section_slides']!r}",
                                    Span(self.path, 2))
            deck.section_slides = value
        if meta.get("date") is not None:
            deck.date = str(meta["date"])
        if meta.get("duration") is not None:
            seconds = parse_duration(str(meta["duration"]))
            if not seconds:
                raise ConfdeckError(f"duration: expected a duration such as 25 min, 1h or 00:25:00, "
                                    f"got {meta['duration']!r}", Span(self.path, 2))
            deck.duration_seconds = seconds
        self._apply_talk_keys(deck)

    def split_title(self, text: str) -> tuple[str, int | None, int | None, str | None]:
        """A section title, its budget, the running total it states (`(3 min, 12 minutes total)`) and,
        when the notes list `speakers:`, its `@owner`.

        Without `speakers:` an `@name` stays in the title: `Thanks @pycon` is a title, not an owner.
        """
        speaker = None
        if self.meta.get("speakers"):
            text, budget, speaker = split_owner(text)
            if budget is not None:
                return text, budget, None, speaker
        title, budget, total = split_budget_total(text)
        return title, budget, total, speaker

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

    # -- notes (an outline to plan) -----------------------------------------

    def _read_notes(self, deck: Deck, blocks: list) -> None:
        """Heading notes or a list outline: the deck title, a speaker line, the preamble, then sections."""
        firsts = [i for i, b in enumerate(blocks) if _is_heading(b, 1)]
        if deck.title and firsts and self.inline_text(blocks[firsts[0]]) == deck.title:
            deck.span = self.span(blocks[firsts[0]])
            blocks = blocks[:firsts[0]] + blocks[firsts[0] + 1:]
            firsts = [i for i, b in enumerate(blocks) if _is_heading(b, 1)]
            title_index = None
        else:
            title_index = firsts[0] if len(firsts) == 1 else None
        if len(firsts) > 1:
            # Several `#`: they are the sections (`##` their slides), not the title and a section too.
            self.level_shift = 1
        elif title_index is not None:
            if not deck.title:
                deck.title = self.inline_text(blocks[title_index])
            deck.span = self.span(blocks[title_index])
        if not deck.title:
            deck.title = _title_from_path(self.path)

        before: list = []
        if title_index is not None:
            before, blocks = blocks[:title_index], blocks[title_index + 1:]
            blocks = self._speaker_line(deck, blocks)

        if any(_is_heading(b) and self._level(b) <= 2 for b in blocks):
            preamble, rest = _split_at(blocks, lambda b: _is_heading(b) and self._level(b) <= 2)
            self._read_preamble(deck, before + preamble)
            deck.sections += self._read_heading_sections(rest, section_level=2, slide_level=3)
        else:
            preamble, rest = _split_at(blocks, lambda b: isinstance(b, block.List))
            self._read_preamble(deck, before + preamble)
            deck.sections += self._read_list_sections(rest)

    def _level(self, element: Any) -> int:
        return element.level + self.level_shift

    def _speaker_line(self, deck: Deck, blocks: list) -> list:
        """A heading right under the title with nothing of its own (`## Jane Doe, Core Developer`,
        `#### Session ABC123`) is the title slide's subtitle or speaker line."""
        if len(blocks) < 2 or not _is_heading(blocks[0]) or not _is_heading(blocks[1]):
            return blocks
        level, next_level = self._level(blocks[0]), self._level(blocks[1])
        if not (next_level <= level or (level >= 4 and next_level <= 3)):
            return blocks
        text = self.inline_text(blocks[0])
        if deck.subtitle is None:
            deck.subtitle = text
        elif deck.author is None:
            deck.author = text
        else:
            deck.subtitle += "\n" + text
        return blocks[1:]

    def _read_preamble(self, deck: Deck, blocks: list) -> None:
        """Blocks before the outline: logo, subtitle, a lead-in line, then a little text for the
        title slide or, when there is more, one intro slide."""
        leftovers: list[Block] = []
        notes: list[str] = []
        in_notes = False
        for index, element in enumerate(blocks):
            image = self.lone_image(element)
            if image and deck.logo is None and not image.caption and not leftovers:
                deck.logo = image   # a picture right under the title, before any text of its own
                continue
            if isinstance(element, block.HTMLBlock) and _comment_texts(element.body) is not None:
                deck.title_notes.extend(_comment_texts(element.body) or [])
                continue
            if isinstance(element, block.Paragraph) and self.lone_image(element) is None:
                if in_notes:
                    notes.append(self.block_text(element))
                    continue
                runs, private, in_notes = self._split_note(element)
                deck.title_notes.extend(private)
                text = plain_text(resolve_inline_html(runs)).strip()
                if not text:
                    continue
                is_last = index == len(blocks) - 1
                if is_last and text.rstrip().endswith(":") and not leftovers:
                    # A lead-in such as `Categories:` only introduces the outline.
                    deck.title_notes.append(text)
                    continue
                if deck.subtitle is None and not leftovers:
                    deck.subtitle = text
                    continue
                leftovers.append(self._paragraph(element, runs))
                continue
            if in_notes:
                notes.append(self.block_text(element))
                continue
            leftovers.extend(self.convert_block(element, 0, deck.title_notes))
        deck.title_notes.extend(notes)
        if not leftovers:
            return
        if _short_text(leftovers):
            deck.subtitle = "\n".join([line for line in [deck.subtitle] if line] +
                                      [plain_text(b.runs) for b in leftovers])
            return
        title = "Introduction"
        deck.sections.append(Section(title, span=leftovers[0].span,
                                     slides=[Slide(title, leftovers, span=leftovers[0].span)]))

    # -- heading notes -----------------------------------------------------

    def _read_heading_sections(self, blocks: list, section_level: int, slide_level: int,
                               author_sections: bool = False, implicit_title: str | None = None) -> list[Section]:
        """Headings up to section_level start sections, slide_level headings start slides, deeper ones are
        sub-headings; a `---`/`***`/`===` line starts a new slide with the same title."""
        sections: list[Section] = []
        slide: Slide | None = None
        in_notes = False
        for element in blocks:
            if _is_heading(element) and self._level(element) <= slide_level:
                title, budget, total, speaker = self.split_title(self.inline_text(element))
                span = self.span(element)
                if self._level(element) <= section_level:
                    sections.append(Section(title, budget, span=span, stated_end_seconds=total,
                                            header=True if author_sections else None, speaker=speaker))
                elif not sections:
                    if implicit_title is not None:
                        sections.append(Section(implicit_title, span=span, header=False))
                    else:
                        sections.append(Section(title, budget, span=span, stated_end_seconds=total))
                slide = Slide(title, span=span)
                sections[-1].slides.append(slide)
                in_notes = False
                continue
            if isinstance(element, block.ThematicBreak):
                if slide is not None and (slide.blocks or slide.notes):
                    slide = Slide(slide.title, span=self.span(element))
                    sections[-1].slides.append(slide)
                in_notes = False
                continue
            if slide is None:
                sections.append(Section(implicit_title or "", span=self.span(element), header=False))
                slide = Slide("", span=self.span(element))
                sections[-1].slides.append(slide)
            in_notes = self._add_to_slide(slide, element, in_notes)
        for section in sections:
            # The heading's own slide only exists when something sits between it and the first slide heading.
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
            if runs:
                slide.blocks.append(self._paragraph(element, runs))
            slide.notes.extend(private)
            return noted
        if in_notes:
            slide.notes.append(self.block_text(element))
            return in_notes
        slide.blocks.extend(self.convert_block(element, 0, slide.notes))
        return in_notes

    # -- existing slide decks ------------------------------------------------

    def _existing_deck(self, blocks: list) -> str | None:
        """"separated" for a deck with `---` between its slides (Marp, remark, reveal-md, Slidev),
        "headings" for a Pandoc slide show, None for notes."""
        dialects = self.prepared.dialects
        chunks = _chunks(blocks, self.span)
        if dialects & {"marp", "remark", "slidev"}:
            return "separated"
        if len(chunks) >= 3:
            headings = [sum(1 for b in chunk if _is_heading(b) and b.level <= 3) for chunk, _ in chunks]
            crowded = sum(1 for count in headings if count > 1)
            led = sum(1 for chunk, _ in chunks if _is_heading(_first_content(chunk)))
            if crowded * 4 <= len(chunks) and led * 5 >= len(chunks) * 3:
                return "separated"
        if "pandoc" in dialects and any(_is_heading(b) for b in blocks):
            return "headings"
        return None

    def _read_separated_slides(self, deck: Deck, blocks: list) -> None:
        """One slide per `---`-separated part; the first is the title slide when it looks like one."""
        chunks = _chunks(blocks, self.span)
        if chunks and self._is_title_part(deck, chunks[0][0]):
            self._read_title_part(deck, chunks[0][0])
            chunks = chunks[1:]
        if not deck.title:
            deck.title = _title_from_path(self.path)
        section = Section(deck.title, span=deck.span, header=False)
        for chunk, (first_line, last_line) in chunks:
            # The slide's title: its first heading, when only comments and pictures (Marp's `![bg]`) come before.
            first = next((b for b in chunk if not _is_comment(b) and self.lone_image(b) is None), None)
            title = ""
            if _is_heading(first):
                title = split_budget_total(self.inline_text(first))[0]
                chunk = [b for b in chunk if b is not first]
            span = self.span(first) if first is not None else Span(self.path, first_line)
            slide = Slide(title, span=span)
            in_notes = False
            for element in chunk:
                in_notes = self._add_to_slide(slide, element, in_notes)
            for line, src in self.prepared.backgrounds.items():
                if first_line <= line <= last_line:
                    slide.blocks.append(Image(src, "", Span(self.path, line)))
            if slide.blocks and all(isinstance(b, Image) for b in slide.blocks) and len(slide.blocks) == 1:
                slide.kind = "image"
            if slide.blocks or slide.title or slide.notes:
                section.slides.append(slide)
        deck.sections.append(section)

    def _is_title_part(self, deck: Deck, chunk: list) -> bool:
        first = _first_content(chunk)
        if not _is_heading(first):
            return False
        if deck.title and self.inline_text(first) != deck.title:
            return False
        rest = [b for b in chunk if b is not first and not _is_comment(b)]
        return len(rest) <= 4 and all(isinstance(b, (block.Paragraph, block.Heading, block.SetextHeading))
                                      for b in rest)

    def _read_title_part(self, deck: Deck, chunk: list) -> None:
        first = _first_content(chunk)
        deck.title = deck.title or self.inline_text(first)
        deck.span = self.span(first)
        lines: list[str] = []
        in_notes = False
        for element in chunk:
            if element is first:
                continue
            if _is_comment(element):
                deck.title_notes.extend(_comment_texts(element.body) or [])
                continue
            image = self.lone_image(element)
            if image is not None:
                if deck.logo is None:
                    deck.logo = image   # a picture on the title slide (Marp's `![bg]` too) is shown there
                else:
                    self.diagnostics.append(Diagnostic(f"a second picture on the title slide is not shown: "
                                                       f"{image.src}", image.span))
                continue
            text = self.inline_text(element)
            if in_notes or _NOTES_START.match(text):
                in_notes = True
                rest = _NOTES_START.sub("", text, count=1)
                if rest:
                    deck.title_notes.append(rest)
                continue
            lines.append(text)
        if lines and deck.subtitle is None:
            deck.subtitle = lines.pop(0)
        if lines and deck.author is None:
            deck.author = lines.pop(0)
        if lines:
            deck.subtitle = "\n".join([deck.subtitle or "", *lines]).strip("\n")

    def _read_heading_slides(self, deck: Deck, blocks: list) -> None:
        """A Pandoc slide show: the slide level is the highest heading level with content right under it;
        headings above it are the author's section slides."""
        if not deck.title:
            deck.title = _title_from_path(self.path)
        levels = [b.level for i, b in enumerate(blocks) if _is_heading(b)
                  and i + 1 < len(blocks) and not _is_heading(blocks[i + 1])
                  and not isinstance(blocks[i + 1], block.ThematicBreak)]
        slide_level = min(levels) if levels else 1
        sections = self._read_heading_sections(blocks, section_level=slide_level - 1, slide_level=slide_level,
                                               author_sections=True, implicit_title=deck.title)
        for slide in (slide for section in sections for slide in section.slides):
            # `## Title {data-background-image="stage.png"}`: the picture is shown on the slide.
            src = self.prepared.backgrounds.get(slide.span.line if slide.span else 0)
            if src:
                slide.blocks.append(Image(src, "", slide.span))
        deck.sections += sections

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
        title, budget, total, speaker = self.split_title(plain_text(resolve_inline_html(runs)).strip())
        section = Section(title, budget, span=self.span(item), stated_end_seconds=total, speaker=speaker)
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
            return [self._paragraph(element, runs)] if runs else []
        if isinstance(element, block.List):
            return self.list_blocks(element, notes)
        if isinstance(element, (block.Heading, block.SetextHeading)):
            return [SubHeading(self.runs(element), element.level + self.level_shift, span)]
        if isinstance(element, block.FencedCode):
            return [CodeBlock(_code_text(element), element.lang or None, span)]
        if isinstance(element, block.CodeBlock):
            code, private = _split_indented_code(_code_text(element))
            notes.extend(private)
            return [CodeBlock(code, None, span)] if code else []
        if isinstance(element, gfm.Table):
            return [self.table(element)]
        if isinstance(element, block.Quote):
            return [self.quote(element, notes)]
        if isinstance(element, block.HTMLBlock):
            return self.html_block(element, notes)
        if isinstance(element, block.ThematicBreak):
            return []
        return [Paragraph([Run(self.block_text(element))], span)] if self.block_text(element) else []

    def html_block(self, element: Any, notes: list[str] | None = None) -> list[Block]:
        """`<pre>` is code (or notes); other HTML is kept for the renderers to sanitise, unknown tags as text."""
        span = self.span(element)
        pre = pre_block(element.body)
        if pre is not None:
            text, language, _ = pre
            if not language and _looks_like_notes(text):
                inner = parse_document(text)
                return [b for child in inner.children for b in self.convert_block(child, 0, notes)]
            return [CodeBlock(text, language, span)] if text.strip() else []
        hidden = _HIDDEN_HTML.findall(element.body)
        if hidden:
            self.diagnostics.append(Diagnostic(
                f"raw HTML <{hidden[0].lower()}> is not shown on a slide (only formatting HTML is)", span))
        return [RawHtml(escape_unknown_tags(element.body), span)]

    def quote(self, element: block.Quote, notes: list[str]) -> Quote | Callout:
        """A quote with its lines' formatting; `> [!type] Title` makes it an Obsidian callout."""
        span = self.span(element)
        children = [c for c in element.children if not isinstance(c, block.BlankLine)]
        if children and isinstance(children[0], block.Paragraph):
            head = self._callout_head(children[0])
            if head is not None:
                kind, title_runs, body_children = head
                first_body: list[Run] = []
                if body_children:
                    # The body's first lines share the head's paragraph: a `Note:` line typed under
                    # them (a lazy continuation) is a speaker note there too.
                    body = copy.copy(children[0])
                    body.children = body_children
                    first_body, private, _ = self._split_note(body)
                    notes.extend(private)
                lines = ([first_body] if first_body else []) + self.quote_lines(children[1:], notes)
                return Callout(kind, title_runs or [Run(kind.capitalize())], lines, span)
        return Quote(self.quote_lines(children, notes), span)

    def _callout_head(self, paragraph: Any) -> tuple[str, list[Run], list] | None:
        """(kind, title runs, the inline elements of the body's first lines) if the paragraph opens with `[!type]`."""
        children = list(paragraph.children)
        first = children[0] if children else None
        text = first.children if isinstance(first, inline.RawText) and isinstance(first.children, str) else ""
        match = _CALLOUT.match(text)
        if not match:
            return None
        # The title is the rest of the first line; the lines after it are the body.
        cut = next((i for i, c in enumerate(children) if isinstance(c, inline.LineBreak)), len(children))
        rest = _new_raw_text(text[match.end():])
        title = self._merged_runs([rest, *children[1:cut]])
        return match.group(1).lower(), title, children[cut + 1:]

    def quote_lines(self, children: list, notes: list[str]) -> list[list[Run]]:
        """Each paragraph, list item and code block of a quote as a line that keeps its formatting
        (speaker notes in it go to `notes`)."""
        lines: list[list[Run]] = []
        for child in children:
            if isinstance(child, block.BlankLine):
                continue
            if isinstance(child, block.HTMLBlock) and _comment_texts(child.body) is not None:
                notes.extend(_comment_texts(child.body))
            elif isinstance(child, block.Paragraph):
                runs, private, _ = self._split_note(child)
                notes.extend(private)
                if runs:
                    lines.append(runs)
            elif isinstance(child, block.List):
                for item in self.list_items(child, 0, notes):
                    marker = f"{item.number}. " if item.ordered and item.number is not None else "• "
                    lines.append([Run("    " * item.level + marker), *item.runs])
            elif isinstance(child, (block.FencedCode, block.CodeBlock)):
                code = _code_text(child)
                if code:
                    lines.append([Run(code, code=True)])
            elif isinstance(child, (block.Heading, block.SetextHeading)):
                lines.append([replace(run, bold=True) for run in self.runs(child)])
            elif isinstance(child, block.Quote):
                lines.extend(self.quote_lines(list(child.children), notes))
            else:
                text = self.block_text(child)
                if text:
                    lines.extend([Run(line)] for line in text.split("\n") if line.strip())
        return lines

    def list_blocks(self, element: block.List, notes: list[str]) -> list[Block]:
        """A list as bullets, cut where an item holds a picture, a table or code: those are drawn as
        themselves between the bullets around them."""
        extracted: list[tuple[int, Block]] = []
        items: list[ListItem | None] = []
        self.list_items(element, 0, notes, extracted, items)
        span = self.span(element)
        if not extracted:
            return [BulletList([item for item in items if item is not None], span)]
        blocks: list[Block] = []
        start = 0
        for position, inner in sorted(extracted, key=lambda pair: pair[0]):
            kept = [item for item in items[start:position]
                    if item is not None and (item.runs or item.checked is not None)]
            if kept:
                blocks.append(BulletList(kept, kept[0].span or span))
            blocks.append(inner)
            start = max(start, position)
        kept = [item for item in items[start:] if item is not None and (item.runs or item.checked is not None)]
        if kept:
            blocks.append(BulletList(kept, kept[0].span or span))
        return blocks

    def list_items(self, element: block.List, level: int, notes: list[str],
                   extracted: list[tuple[int, Block]] | None = None, out: list | None = None) -> list[ListItem]:
        """The items of a list, flattened with their levels; speaker notes inside them go to `notes`.

        Within one item, a `Note:` line (its own paragraph or a continuation line, at any
        indentation) and everything after it in that item are notes, as are HTML comments.
        With `extracted`, pictures, tables and code in an item are taken out as blocks, each with
        its position in `out` (the items, None where an item turned out to be no bullet).
        """
        items = [] if out is None else out
        number = element.start if element.ordered else None
        for item in element.children:
            runs: list[Run] = []
            checked = None
            index = len(items)
            items.append(None)   # this item's place, before its sub-items
            taken: list[Block] = []
            in_notes = False
            for child in item.children:
                if isinstance(child, block.BlankLine):
                    continue
                if isinstance(child, block.HTMLBlock) and _comment_texts(child.body) is not None:
                    notes.extend(_comment_texts(child.body))
                elif in_notes:
                    notes.append(self.block_text(child))
                elif isinstance(child, block.Paragraph) and extracted is not None and self._has_image(child):
                    runs_here, pictures = self._runs_and_pictures(child)
                    if runs_here:
                        runs.extend([Run(" "), *runs_here] if runs else runs_here)
                    taken.extend(pictures)
                    if checked is None and getattr(child, "checked", None) is not None:
                        checked = child.checked
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
                    self.list_items(child, level + 1, notes, extracted, items)
                elif isinstance(child, block.CodeBlock):
                    code, private = _split_indented_code(_code_text(child))
                    notes.extend(private)
                    if code and extracted is not None:
                        taken.append(CodeBlock(code, None, self.span(child)))
                    elif code:
                        runs.append(Run((" " if runs else "") + code, code=True))
                elif extracted is not None and isinstance(child, (gfm.Table, block.FencedCode)):
                    taken.extend(self.convert_block(child, level + 1, notes))
                elif extracted is not None and isinstance(child, block.HTMLBlock) and pre_block(child.body):
                    taken.extend(self.html_block(child, notes))
                elif isinstance(child, block.HTMLBlock):
                    # Raw HTML in a bullet: kept as markup for the renderers to sanitise or resolve.
                    body = escape_unknown_tags(child.body.strip())
                    runs.extend([Run(" "), Run(body, html=True)] if runs else [Run(body, html=True)])
                else:
                    text = self.block_text(child)
                    if text:
                        runs.append(Run((" " if runs else "") + text, code=isinstance(child, block.CodeBlock)))
            if checked is not None:
                runs.insert(0, Run("☑ " if checked else "☐ "))
            nested = len(items) > index + 1   # sub-items were added after this item's place
            if runs or nested or taken or not in_notes:   # an item that is only a note is no bullet
                items[index] = ListItem(runs, level, element.ordered, number, checked, self.span(item))
            for inner in taken:
                extracted.append((index + 1, inner))
            if number is not None:
                number += 1
        return items if out is not None else [item for item in items if item is not None]

    @staticmethod
    def _has_image(paragraph: Any) -> bool:
        return any(isinstance(child, inline.Image) for child in paragraph.children)

    def _runs_and_pictures(self, paragraph: Any) -> tuple[list[Run], list[Image]]:
        """A bullet's text without its pictures, and the pictures (an attribute list after one is its size)."""
        image = self.lone_image(paragraph)
        if image is not None:
            return [], [image]
        span = self.span(paragraph)
        pictures: list[Image] = []
        rest: list = []
        after_picture = False
        for child in paragraph.children:
            if isinstance(child, inline.Image):
                pictures.append(self._image(child, span))
                after_picture = True
                continue
            if after_picture and isinstance(child, inline.RawText) and isinstance(child.children, str):
                attributes = _ATTRIBUTE_LIST.match(child.children)
                if attributes:
                    _apply_attributes(pictures[-1], attributes.group(1))
                    child = _new_raw_text(child.children[attributes.end():])
            after_picture = False
            rest.append(child)
        return self._merged_runs(rest), pictures

    def table(self, element: gfm.Table) -> Table:
        check_table_size(len(element.children), max((len(row.children) for row in element.children), default=0),
                         self.span(element))
        rows = [[self.runs(cell) for cell in row.children] for row in element.children]
        align = [cell.align for cell in element.children[0].children] if element.children else []
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        return Table(header, body, align, self.span(element))

    def lone_image(self, element: Any) -> Image | None:
        """An image that is a paragraph on its own, maybe followed by an attribute list `{: width="50%"}`
        (kramdown) or `{width=50%}` (Pandoc) and by a caption."""
        if not isinstance(element, block.Paragraph):
            return None
        children = [c for c in element.children
                    if not (isinstance(c, inline.RawText) and not c.children.strip())]
        if not children or not isinstance(children[0], inline.Image):
            return None
        if any(isinstance(child, inline.Image) for child in children[1:]):
            return None
        image = self._image(children[0], self.span(element))
        if len(children) > 1:
            trailing = self._inline_plain(children[1:])
            attributes = _ATTRIBUTE_LIST.match(trailing)
            if attributes:
                _apply_attributes(image, attributes.group(1))
                trailing = trailing[attributes.end():]
            image.caption = trailing.strip() or None
        return image

    def _image(self, element: Any, span: Span) -> Image:
        alt = self._inline_plain(element.children)
        image = Image(element.dest, alt, span)
        words = alt.split()
        if words and words[0].lower() == "bg":
            image.alt = ""   # Marp's background picture: `![bg](…)`, `![bg left 40%](…)`
        else:
            # Marp's sizes in the alt text: `![w:300 h:200](…)`
            sizes = [word for word in words if _MARP_SIZE.match(word)]
            for word in sizes:
                name, value = _MARP_SIZE.match(word).groups()
                if name.startswith("w"):
                    image.width = value.removesuffix("px")
                else:
                    image.height = value.removesuffix("px")
            if sizes:
                image.alt = " ".join(word for word in words if word not in sizes)
        return image

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
        outer = style
        for child in children:
            kind = _INLINE_KINDS.get(type(child)) or _inline_kind(type(child))
            if kind == "html" and child.children in _MARK_TAGS:
                # <mark> … </mark> (from ==text==) between siblings: the text between is highlighted.
                style = _styled(outer, _HIGHLIGHT, True) if _MARK_TAGS[child.children] else outer
                continue
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
                if comments is None and is_unknown_tag(child.children):
                    out.append((child.children, style))   # `<applause>` is text the author typed
                elif comments is None:
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


# A run's style: Run's fields after its text, in order (bold, italic, code, strike, href, html, highlight).
_PLAIN = (False, False, False, False, None, False, False)
_BOLD, _ITALIC, _CODE, _STRIKE, _HREF, _HTML, _HIGHLIGHT = range(7)
_MARK_TAGS = {"<mark>": True, "</mark>": False}   # what ==text== becomes (see dialects.py)


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


def _first_content(chunk: list) -> Any:
    """The first block that is not an HTML comment (Marp directives and notes come before titles)."""
    return next((b for b in chunk if not _is_comment(b)), None)


def _is_comment(element: Any) -> bool:
    return isinstance(element, block.HTMLBlock) and _comment_texts(element.body) is not None


def _chunks(blocks: list, span) -> list[tuple[list, tuple[int, float]]]:
    """Blocks cut at `---` lines, each part with the lines it spans (from its separator to the next)."""
    parts: list[tuple[list, tuple[int, float]]] = []
    current: list = []
    start = 1
    for element in blocks:
        if isinstance(element, block.ThematicBreak):
            line = span(element).line or 0
            if current:
                parts.append((current, (start, line)))
            current, start = [], line
            continue
        current.append(element)
    if current:
        parts.append((current, (start, float("inf"))))
    return parts


_CODE_LIKE = re.compile(r"[{};]\s*$|^\s*(def|class|import|from|return|function|var|let|const|public|#include)\b|=>|::|\)\s*$")


def _looks_like_notes(text: str) -> bool:
    """Whether a `<pre>` block's text is notes (phone notes pasted into a page) rather than code."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return False
    code = sum(1 for line in lines if _CODE_LIKE.search(line))
    return code * 5 <= len(lines)


SHORT_INTRO_WORDS = 30


def _short_text(blocks: list[Block]) -> bool:
    """A line or two of text, which fits on the title slide under the subtitle."""
    return (len(blocks) <= 2 and all(isinstance(b, Paragraph) for b in blocks)
            and not any(run.href or run.code for b in blocks for run in b.runs)   # links stay clickable
            and sum(len(plain_text(b.runs).split()) for b in blocks) <= SHORT_INTRO_WORDS)


_SECTION_SLIDES = ("auto", "always", "never")
_CALLOUT = re.compile(r"^\s*\[!([A-Za-z][\w-]*)\][-+]?[ \t]*")
_ATTRIBUTE_LIST = re.compile(r"^\s*\{:?\s*([^{}]*)\}")
_ATTRIBUTE = re.compile(r"([A-Za-z-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s}]+)")
_MARP_SIZE = re.compile(r"^(w|width|h|height):(\d+(?:\.\d+)?(?:px|%)?)$", re.IGNORECASE)
_HIDDEN_HTML = re.compile(r"<(script|style|iframe|object|embed|form|svg|math)\b", re.IGNORECASE)


def _apply_attributes(image: Image, attributes: str) -> None:
    """`width="50%" height=200` from an attribute list onto the picture; classes and ids mean nothing here."""
    for name, value in _ATTRIBUTE.findall(attributes):
        value = value.strip("\"'")
        if name.lower() == "width":
            image.width = value
        elif name.lower() == "height":
            image.height = value


def _new_raw_text(text: str) -> Any:
    element = inline.RawText.__new__(inline.RawText)
    element.__dict__.update(children=text, escape=False)
    return element


def _split_at(blocks: list, predicate) -> tuple[list, list]:
    for index, element in enumerate(blocks):
        if predicate(element):
            return blocks[:index], blocks[index:]
    return blocks, []


def _title_from_path(path: str) -> str:
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    title = " ".join(stem.replace("_", " ").replace("-", " ").split()) or "Untitled"
    # `team-report` reads as a title once it starts with a capital; `iOS notes` is left as written.
    return title[0].upper() + title[1:] if title.islower() else title


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
