"""A Deck written back as an editable Markdown outline that `confdeck build` reads the same way.

H1 title, a subtitle paragraph, H2 per section and H3 per slide with `(~N mins)`
budgets, blocks as Markdown, and speaker notes as `Note:` paragraphs. Text is
escaped so that reading the outline gives back exactly the words written.
"""
from __future__ import annotations

import re

from confdeck.model import (
    BulletList, CodeBlock, Deck, Image, Paragraph, Quote, Run, Slide, SubHeading, Table,
)

WRAP = 100  # columns for long note paragraphs; lines stay editable in any editor

# Only what Markdown could read as markup is escaped, so notes stay readable to edit:
# `snake_case`, `a < b`, `C&A` and `C:\\temp` are left as they are.
_ESCAPE = re.compile(
    r"[`*\[\]~|]"                        # code, emphasis, links, strikethrough, table cells
    r"|\\(?=[!-/:-@\[-`{-~]|\s|$)"       # a backslash that would escape or end a line (hard break)
    r"|(?<![^\W_])_|_(?![^\W_])"          # an underscore at a word's edge (inside a word it is text)
    r"|<(?=[A-Za-z/!?])"                  # what could open HTML or an autolink
    r"|&(?=#?\w+;)"                       # what could be an entity such as &amp;
    # what other tools' notes read as markup (read/dialects.py): #tags, ==marks==, %% comments, :emoji:
    r"|(?<![\w&#])#(?=[^\W\d])|=(?==)|%|:(?=[a-z0-9_+-]+:)")
# A line starting like this would open a block (list, heading, setext underline, quote …).
_BLOCK_START = re.compile(r"^([-+=>#:?]|\d{1,9}[.)])")


def escape(text: str) -> str:
    """Markdown-escape text so it reads back as the same characters."""
    return _ESCAPE.sub(lambda match: "\\" + match.group(), text)


_ESCAPE_HEADING = re.compile(_ESCAPE.pattern + "|#")


def escape_heading(text: str) -> str:
    """In a heading a `#` anywhere may close it, so every one is escaped."""
    return _ESCAPE_HEADING.sub(lambda match: "\\" + match.group(), text)


def _protect_start(line: str) -> str:
    match = _BLOCK_START.match(line)
    if not match:
        return line
    marker = match.group(1)
    escaped = marker[:-1] + "\\" + marker[-1] if marker[-1] in ".)" else "\\" + marker
    return escaped + line[len(marker):]


def budget(seconds: int | None) -> str:
    """` (~2 mins)`, ` (~1 min)`, ` (~2.5 mins)`, ` (45s)`: the spelling read/budgets.py reads."""
    if not seconds:
        return ""
    if seconds < 60:
        return f" ({seconds}s)"
    minutes = seconds / 60
    shown = f"{minutes:g}" if (seconds % 30 == 0) else f"{minutes:.1f}"
    return f" (~{shown} min{'s' if minutes != 1 else ''})"


def inline(runs: list[Run]) -> str:
    out: list[str] = []
    for run in runs:
        if not run.text:
            continue
        lead = run.text[: len(run.text) - len(run.text.lstrip())]
        trail = run.text[len(run.text.rstrip()):]
        core = run.text.strip()
        if not core:
            out.append(" " if run.text else "")
            continue
        text = _code_span(core) if run.code else escape(core).replace("\n", " ")
        if run.strike:
            text = f"~~{text}~~"
        if run.italic:
            text = f"*{text}*"
        if run.bold:
            text = f"**{text}**"
        if run.href:
            text = f"[{text}]({_destination(run.href)})"
        out.append(lead.replace("\n", " ") + text + trail.replace("\n", " "))
    return "".join(out)


def _code_span(code: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def _destination(href: str) -> str:
    if re.search(r"[\s()<>]", href):
        return "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
    return href


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Wrap at spaces, never before a word that would start a block at the start of a line."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not word:
            continue
        # Nor after an escaped backslash: marko then keeps the newline as text, not a soft break.
        if current and len(current) + 1 + len(word) > width and not _BLOCK_START.match(word) \
                and not current.endswith("\\"):
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def paragraph(text: str) -> str:
    return "\n".join(wrap(text))


def block_markdown(block) -> str:
    if isinstance(block, Paragraph):
        return _protect_start(inline(block.runs))
    if isinstance(block, SubHeading):
        text = inline(block.runs)
        # A `#` run at the end would be read as the heading's closing sequence.
        return "#### " + (text[:-1] + "\\#" if text.endswith("#") else text)
    if isinstance(block, BulletList):
        lines = []
        for item in block.items:
            marker = f"{item.number or 1}." if item.ordered else "-"
            indent = "  " * item.level if not item.ordered else "   " * item.level
            box = "" if item.checked is None else ("[x] " if item.checked else "[ ] ")
            lines.append(f"{indent}{marker} {box}{_protect_start(inline(item.runs))}")
        return "\n".join(lines)
    if isinstance(block, Quote):
        return "\n>\n".join("> " + _protect_start(inline(runs)) for runs in block.paragraphs)
    if isinstance(block, CodeBlock):
        fence = "`" * max(3, max((len(m) for m in re.findall(r"`{3,}", block.code)), default=0) + 1)
        return f"{fence}{block.language or ''}\n{block.code}\n{fence}"
    if isinstance(block, Image):
        return f"![{escape(block.alt)}]({_destination(block.src)})"
    if isinstance(block, Table):
        def row(cells):
            return "| " + " | ".join(inline(cell).replace("|", "\\|") for cell in cells) + " |"
        lines = [row(block.header), "|" + "|".join(" --- " for _ in block.header) + "|"]
        return "\n".join(lines + [row(cells) for cells in block.rows])
    raise TypeError(f"cannot write {type(block).__name__} as Markdown")


def notes_markdown(notes: list[str]) -> list[str]:
    """Speaker notes: the first paragraph opens with `Note:`, the following ones stay notes."""
    texts = [" ".join(text.split()) for note in notes for text in note.split("\n\n")]
    texts = [text for text in texts if text]
    out = []
    for index, text in enumerate(texts):
        escaped = escape(text)
        out.append(paragraph(("Note: " if index == 0 else "") + (escaped if index == 0
                                                                  else _protect_start(escaped))))
    return out


def slide_markdown(slide: Slide, seconds: int | None) -> str:
    parts = [f"### {escape_heading(slide.title)}{budget(seconds)}"]
    parts.extend(block_markdown(block) for block in slide.blocks)
    parts.extend(notes_markdown(slide.notes))
    return "\n\n".join(part for part in parts if part)


def deck_markdown(deck: Deck, slide_budgets: dict[tuple[int, int], int] | None = None) -> str:
    """The whole outline; the title slide's notes become HTML comments, as the reader expects."""
    slide_budgets = slide_budgets or {}
    parts = [f"# {escape_heading(deck.title)}"]
    if deck.subtitle:
        parts.append(_protect_start(escape(deck.subtitle)))
    for note in deck.title_notes:
        parts.append("<!-- " + note.replace("-->", "- ->") + " -->")
    for section_index, section in enumerate(deck.sections):
        parts.append(f"## {escape_heading(section.title)}{budget(section.budget_seconds)}")
        for slide_index, slide in enumerate(section.slides):
            parts.append(slide_markdown(slide, slide_budgets.get((section_index, slide_index))))
    return "\n\n".join(parts) + "\n"
