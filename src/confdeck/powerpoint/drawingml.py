"""Filling a PowerPoint text frame: paragraphs written as DrawingML text.

A deck's body text is most of its XML. Building each paragraph element by
element (pPr, spacing, bullet, a run with its rPr, fill and font) costs a few
hundred lxml calls per slide; `XmlFrameWriter` writes the same elements as
text instead, and the text goes straight into the slide's serialisation
(replace_paragraphs), or is parsed once per frame, in the order the DrawingML
schema wants (the tests compare with what python-pptx's own paragraph and font
properties write).
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Inches, Pt

_P = qn("a:p")
_OPEN = f"<a:txBody {nsdecls('a', 'r')}>"
_CLOSE = "</a:txBody>"
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_SPECIAL = re.compile(r'[&<>"]')
ALIGN_XML = {"left": "l", "center": "ctr", "right": "r"}


def xml_safe(text: str) -> str:
    """What python-pptx's run.text setter stores: control characters other than tab and newline
    written as _xHHHH_."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda match: "_x%04X_" % ord(match.group()), text)


def _escape(text: str) -> str:
    """Text or an attribute value as XML (quotes too, so one function serves both)."""
    return _SPECIAL.sub(lambda match: _ESCAPES[match.group()], text) if _SPECIAL.search(text) else text


def _points(value_pt: float) -> str:
    """A spacing in points as DrawingML's integer centipoints (what python-pptx writes for Pt(value))."""
    return str(Pt(value_pt).centipoints)


def text_paragraphs_xml(text: str, paragraph_properties: str = "", run_properties: str = "") -> str:
    """What python-pptx's TextFrame.text setter writes, as XML text: a paragraph per line, a:br for
    a vertical tab, a run for each piece; each paragraph and run may get the same properties."""
    paragraphs = []
    for line in text.split("\n"):
        pieces = [f"<a:r>{run_properties}<a:t>{_escape(xml_safe(piece))}</a:t></a:r>" if piece else ""
                  for piece in line.split("\v")]
        paragraphs.append(f"<a:p>{paragraph_properties}{'<a:br/>'.join(pieces)}</a:p>")
    return "".join(paragraphs)


def replace_paragraphs(tx_body, paragraphs_xml: str, later: dict[bytes, bytes] | None) -> None:
    """Put these paragraphs in a text body, in place of the ones it had.

    With `later` (a dict the slide's save fills in, see SlideAdder.finished) the body gets an
    XML comment naming the text, and the text itself is put where the comment is in the slide's
    serialisation: no parse at all. Text never serialises as a comment (its `<` is escaped), so
    the marker cannot be mistaken for the user's words. Without it, one parse.
    """
    for old in tx_body.findall(_P):
        tx_body.remove(old)
    # A text body must hold at least one paragraph (PowerPoint's schema): text that came out empty is one empty one.
    paragraphs_xml = paragraphs_xml or "<a:p/>"
    if later is None:
        tx_body.extend(parse_xml(_OPEN + paragraphs_xml + _CLOSE))
        return
    name = f"confdeck text {len(later)}"
    tx_body.append(etree.Comment(name))
    later[f"<!--{name}-->".encode()] = paragraphs_xml.encode("utf-8")


def title_run_properties(size_pt: float | None, font: str | None, color, bold: bool | None,
                         cap_none: bool = False) -> str:
    """A title run's a:rPr, as python-pptx's font setters write it."""
    attributes = ' cap="none"' if cap_none else ""
    if bold is not None:
        attributes += f' b="{1 if bold else 0}"'
    if size_pt:
        attributes += f' sz="{int(Pt(size_pt).centipoints)}"'
    children = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color is not None else ""
    if font:
        children += f'<a:latin typeface="{_escape(font)}"/>'
    return f"<a:rPr{attributes}>{children}</a:rPr>"


class Indent(NamedTuple):
    """A paragraph's left margin and hanging indent (inches) and what stands in the hang."""
    left_in: float = 0.0
    hang_in: float = 0.0
    bullet: str | None = None
    number: int | None = None
    right_in: float = 0.0   # a right margin: text wraps this far before the box's right edge


class XmlFrameWriter:
    """Collects a text frame's paragraphs as XML text and puts them in the frame on finish()."""

    def __init__(self, frame, part, later: dict[bytes, bytes] | None = None, slide_link=None,
                 font: str | None = None, color=None):
        self.frame = frame
        self.font = font            # for runs without a font of their own (None: the template's)
        self.color = color          # the same for their colour
        self.part = part            # the slide part: hyperlinks are its relationships
        self.later = later          # marker → text, put in when the slide is serialised
        self.slide_link = slide_link   # (part, slide index) → rId of a link to that slide of the deck
        self.paragraphs: list[str] = []
        self.current: list[str] | None = None

    @property
    def paragraphs_started(self) -> bool:
        return bool(self.paragraphs) or self.current is not None

    def paragraph(self, before_pt: float | None, line_pt: float, indent: Indent | None = None,
                  level: int = 0, align: str | None = None, after_pt: float | None = 0) -> None:
        """Start a paragraph: space before/after (None leaves it unset), a fixed line height, and the
        indent and bullet (None leaves them to the frame's list style)."""
        self._close()
        self.current = [_paragraph_start(before_pt, line_pt, indent, level, align, after_pt)]

    def run(self, text: str, size_pt: float, font: str | None, color, bold: bool = False, italic: bool = False,
            strike: bool = False, href: str | None = None, link_color=None, highlight: bool = False) -> None:
        """One run; font or colours None leave them to the template."""
        fill = link_color if href and link_color is not None else color if color is not None else self.color
        start = _run_start(size_pt, font or self.font, str(fill) if fill is not None else None, bold, italic, strike,
                           bool(href), highlight)
        link = ""
        if href and self.slide_link is not None and href.startswith("#/") and href[2:].isdigit():
            # "#/N": a jump to the deck's slide N (counted from 0), as reveal.js reads the same link
            link = f'<a:hlinkClick r:id="{self.slide_link(self.part, int(href[2:]))}" action="ppaction://hlinksldjump"/>'
        elif href:
            link = f'<a:hlinkClick r:id="{self.part.relate_to(href, RT.HYPERLINK, is_external=True)}"/>'
        self.current.append(f"{start}{link}</a:rPr><a:t>{_escape(xml_safe(text))}</a:t></a:r>")

    def line_break(self) -> None:
        self.current.append("<a:br/>")

    def _close(self) -> None:
        if self.current is not None:
            self.current.append("</a:p>")
            self.paragraphs.append("".join(self.current))
            self.current = None

    def xml(self) -> str:
        """The paragraphs written, as XML text."""
        self._close()
        return "".join(self.paragraphs)

    def finish(self) -> None:
        """Put the paragraphs written in the frame, in place of the ones it had."""
        paragraphs = self.xml()
        if paragraphs:
            replace_paragraphs(self.frame._txBody, paragraphs, self.later)


@functools.lru_cache(maxsize=1024)
def _paragraph_start(before_pt: float | None, line_pt: float, indent: Indent | None, level: int, align: str | None,
                     after_pt: float | None) -> str:
    """A paragraph's opening and properties: a deck has a handful of kinds of paragraph, written thousands of times."""
    # No hanging punctuation: LibreOffice (and PowerPoint for East Asian text) would otherwise let a
    # closing 。or ，hang past the box's right edge where the planner wrapped the line before it.
    attributes = ' hangingPunct="0"'
    if level:
        attributes += f' lvl="{level}"'
    if align:
        attributes += f' algn="{ALIGN_XML[align]}"'
    children = f'<a:lnSpc><a:spcPts val="{_points(line_pt)}"/></a:lnSpc>'
    if before_pt is not None:
        children += f'<a:spcBef><a:spcPts val="{_points(before_pt)}"/></a:spcBef>'
    if after_pt is not None:
        children += f'<a:spcAft><a:spcPts val="{_points(after_pt)}"/></a:spcAft>'
    if indent is not None:
        attributes += f' marL="{int(Inches(indent.left_in))}" indent="{-int(Inches(indent.hang_in))}"'
        if indent.right_in:
            attributes += f' marR="{int(Inches(indent.right_in))}"'
        if indent.bullet is not None:
            children += f'<a:buFont typeface="Arial"/><a:buChar char="{_escape(indent.bullet)}"/>'
        elif indent.number is not None:
            start = f' startAt="{indent.number}"' if indent.number != 1 else ""
            children += f'<a:buAutoNum type="arabicPeriod"{start}/>'
        else:
            children += "<a:buNone/>"
    return f"<a:p><a:pPr{attributes}>{children}</a:pPr>"


HIGHLIGHT_RGB = "FFF176"   # ==marked== text: the yellow of a highlighter pen (deck.css <mark> too)
_HIGHLIGHT_XML = f'<a:highlight><a:srgbClr val="{HIGHLIGHT_RGB}"/></a:highlight>'


@functools.lru_cache(maxsize=1024)
def _run_start(size_pt: float, font: str | None, fill: str | None, bold: bool, italic: bool, strike: bool,
               underline: bool, highlight: bool = False) -> str:
    """A run's opening and its properties up to the hyperlink: the same few styles recur all through a deck."""
    attributes = f' sz="{int(Pt(size_pt).centipoints)}"'
    if bold:
        attributes += ' b="1"'
    if italic:
        attributes += ' i="1"'
    if underline:
        attributes += ' u="sng"'
    if strike:
        attributes += ' strike="sngStrike"'
    children = ""
    if fill is not None:
        children += f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>'
    if highlight:   # after the fill, before the fonts: the schema's order
        children += _HIGHLIGHT_XML
    if font:
        children += f'<a:latin typeface="{_escape(font)}"/>'
    return f"<a:r><a:rPr{attributes}>{children}"
