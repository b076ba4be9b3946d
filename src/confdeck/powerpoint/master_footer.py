"""The footer text, date and slide number a company typed into its master, kept on the deck's slides.

PowerPoint does not show a layout's footer placeholders on a slide by themselves: a slide carries its
own copy (what "Header & Footer" makes). So where template.yaml sets no footer, each slide gets a copy
of its layout's footer and date placeholders with the master's own text (the layout's text, else the
master's), and the HTML deck shows the same text in the same boxes. A date field keeps being a field
(PowerPoint shows the day the deck is opened); its stale text from the master's day is replaced by the
build's date, which the HTML deck shows.
"""
from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass

from pptx.oxml.ns import qn

from confdeck.geometry import Box


@dataclass(frozen=True)
class MasterFooter:
    """What the content layout's footer placeholders hold and where they are (inches)."""
    footer_text: str | None     # the master's own footer line, None when it has none
    footer_box: Box | None
    date_text: str | None       # a fixed date text, or a date field's text on the build's day
    date_box: Box | None
    number_box: Box | None      # where the master numbers its slides; None: it does not


def build_day() -> datetime.date:
    """The day the deck is built: SOURCE_DATE_EPOCH's when set (as the package's dates)."""
    from confdeck.powerpoint.package import source_date

    return (source_date() or datetime.datetime.now(datetime.timezone.utc)).date()


def date_field_text(day: datetime.date) -> str:
    """A date field's text as PowerPoint's first date format (datetime1) writes it: 12/2/2026."""
    return f"{day.month}/{day.day}/{day.year}"


def own_paragraphs(layout_ph, day: datetime.date):
    """The paragraphs (a:p elements, copies) of a layout's footer-type placeholder with the master's own
    text: the layout's when it has some, else its master placeholder's; None when neither has text."""
    for holder in (layout_ph, _master_placeholder_of(layout_ph)):
        if holder is None:
            continue
        body = holder._element.find(qn("p:txBody"))
        paragraphs = [copy.deepcopy(p) for p in body.findall(qn("a:p"))] if body is not None else []
        if "".join(t.text or "" for p in paragraphs for t in p.iter(qn("a:t"))).strip():
            for field in (f for p in paragraphs for f in p.iter(qn("a:fld"))):
                if (field.get("type") or "").startswith("datetime"):
                    text = field.find(qn("a:t"))
                    if text is None:
                        text = field.makeelement(qn("a:t"), {})
                        field.append(text)
                    text.text = date_field_text(day)
            return paragraphs
    return None


def own_text(layout_ph, day: datetime.date) -> str | None:
    paragraphs = own_paragraphs(layout_ph, day)
    if paragraphs is None:
        return None
    lines = ["".join(t.text or "" for t in p.iter(qn("a:t"))) for p in paragraphs]
    return "\n".join(line for line in lines if line.strip()) or None


def master_footer(info, day: datetime.date, box_of) -> MasterFooter:
    """The content layout's footer, date and number placeholders (`info`: its LayoutInfo)."""
    footers = info.footers

    def box(key):
        return box_of(footers[key]) if key in footers else None

    return MasterFooter(own_text(footers["ftr"], day) if "ftr" in footers else None, box("ftr"),
                        own_text(footers["dt"], day) if "dt" in footers else None, box("dt"), box("sldNum"))


def _master_placeholder_of(layout_ph):
    """The master's placeholder a layout placeholder inherits from (by type), or None."""
    try:
        return layout_ph._base_placeholder
    except (AttributeError, KeyError, ValueError):
        return None
