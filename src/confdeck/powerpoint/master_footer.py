"""The footer text, date and slide number a company typed into its master, kept on the deck's slides.

PowerPoint does not show a layout's footer placeholders on a slide by themselves: a slide carries its
own copy (what "Header & Footer" makes). So where template.yaml sets no footer, each slide gets a copy
of its layout's footer and date placeholders with the master's own text (the layout's text, else the
master's), and the HTML deck shows the same text in the same boxes. A date field beside typed text keeps
being a field (PowerPoint shows the day the deck is opened); its stale text from the master's day is
replaced by the build's date, which the HTML deck shows.
"""
from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass

from pptx.oxml.ns import qn

from confdeck.geometry import Box


# LibreOffice writes its placeholders' prompts as text: "<footer>", "<date/time>", "<Fußzeile>" …
PROMPT = re.compile(r"<[^<>]+>")


@dataclass(frozen=True)
class MasterFooter:
    """What the content layout's footer placeholders hold and where they are (inches)."""
    footer_text: str | None     # the master's own footer line, None when it has none
    footer_box: Box | None
    date_text: str | None       # a fixed date text, or a date field's text on the build's day
    date_box: Box | None
    number_box: Box | None      # where the master numbers its slides; None: it does not
    trust_layout: bool = True   # whether the layouts' own footer text counts (not in LibreOffice's files)


def build_day() -> datetime.date:
    """The day the deck is built: SOURCE_DATE_EPOCH's when set (as the package's dates)."""
    from confdeck.powerpoint.package import source_date

    return (source_date() or datetime.datetime.now(datetime.timezone.utc)).date()


def date_field_text(day: datetime.date) -> str:
    """A date field's text as PowerPoint's first date format (datetime1) writes it: 12/2/2026."""
    return f"{day.month}/{day.day}/{day.year}"


def own_paragraphs(layout_ph, day: datetime.date, trust_layout: bool = True):
    """The paragraphs (a:p elements, copies) of a layout's footer-type placeholder with text the company
    typed: the layout's when it has some, else its master placeholder's; None when neither has any.
    A placeholder holding nothing but a field (PowerPoint's own date and ‹#› in every new master) or a
    prompt has none: PowerPoint shows those on a slide only when Header & Footer is switched on."""
    holders = (layout_ph, _master_placeholder_of(layout_ph)) if trust_layout else (_master_placeholder_of(layout_ph),)
    for holder in holders:
        if holder is None:
            continue
        body = holder._element.find(qn("p:txBody"))
        paragraphs = [copy.deepcopy(p) for p in body.findall(qn("a:p"))] if body is not None else []
        typed = "".join(t.text or "" for p in paragraphs for run in p.iter(qn("a:r")) for t in run.iter(qn("a:t")))
        if typed.strip() and not PROMPT.fullmatch(typed.strip()):
            for field in (f for p in paragraphs for f in p.iter(qn("a:fld"))):
                if (field.get("type") or "").startswith("datetime"):
                    text = field.find(qn("a:t"))
                    if text is None:
                        text = field.makeelement(qn("a:t"), {})
                        field.append(text)
                    text.text = date_field_text(day)
            return paragraphs
    return None


def own_text(layout_ph, day: datetime.date, trust_layout: bool = True) -> str | None:
    paragraphs = own_paragraphs(layout_ph, day, trust_layout)
    if paragraphs is None:
        return None
    lines = ["".join(t.text or "" for t in p.iter(qn("a:t"))) for p in paragraphs]
    return "\n".join(line for line in lines if line.strip()) or None


def master_footer(info, day: datetime.date, boxes: dict[str, Box | None], trust_layout: bool = True) -> MasterFooter:
    """The content layout's footer, date and number placeholders (`info`: its LayoutInfo), at `boxes`. LibreOffice
    writes "Footer" into every layout's footer placeholder: for its files (`trust_layout` False) only the
    master's own text counts, and the whole deck keeps the master's footer and date only when the
    content layout has them (the decorations follow what this finds)."""
    footers = info.footers

    def text(key):
        return own_text(footers[key], day, trust_layout) if key in footers else None

    return MasterFooter(text("ftr"), boxes.get("ftr"), text("dt"), boxes.get("dt"), boxes.get("sldNum"), trust_layout)


def _master_placeholder_of(layout_ph):
    """The master's placeholder a layout placeholder inherits from (by type), or None."""
    try:
        return layout_ph._base_placeholder
    except (AttributeError, KeyError, ValueError):
        return None
