"""First plan pass: opening slides, a header per section that needs one, then the section's slides."""
from __future__ import annotations

from confdeck.model import AgendaEntry, BulletList, ListItem, PlannedDeck, PlannedSlide, Run
from confdeck.read.budgets import format_minutes


def agenda_line(entry: AgendaEntry) -> str:
    return f"{entry.title} — {format_minutes(entry.budget_seconds)}" if entry.budget_seconds else entry.title


def has_header(section, policy: str) -> bool:
    """Whether a section gets a header slide: as the author's deck has it, else by section_slides
    (auto: only a section of several slides, or of none, so no header repeats its only slide's title)."""
    if section.header is not None:
        return section.header
    if policy == "auto":
        return len(section.slides) != 1
    return policy == "always"


def plan_slides(planned: PlannedDeck, options) -> PlannedDeck:
    deck = planned.deck
    planned.diagnostics.extend(deck.diagnostics)   # the reader's warnings come first, in notes order
    slides = [PlannedSlide("title", deck.title, notes=list(deck.title_notes), span=deck.span,
                           subtitle=deck.subtitle)]
    planned.agenda = [AgendaEntry(section.title, section.budget_seconds) for section in deck.sections]
    policy = deck.section_slides or getattr(options, "section_slides", "auto")
    # An existing slide deck (Marp, remark, Pandoc …) gets no agenda: its author's slides are the deck.
    if options.agenda and planned.agenda and deck.style != "slides":
        items = [ListItem([Run(agenda_line(entry))], span=section.span)
                 for entry, section in zip(planned.agenda, deck.sections)]
        slides.append(PlannedSlide("agenda", "Agenda", [BulletList(items)], span=deck.span))
    for index, section in enumerate(deck.sections):
        if not has_header(section, policy):
            for slide in section.slides:
                slides.append(PlannedSlide(slide.kind, slide.title, list(slide.blocks), list(slide.notes),
                                           slide.span, index))
            continue
        slides.append(PlannedSlide("section", section.title, span=section.span, section_index=index,
                                   subtitle=format_minutes(section.budget_seconds) if section.budget_seconds else None))
        for slide in section.slides:
            slides.append(PlannedSlide(slide.kind, slide.title, list(slide.blocks), list(slide.notes),
                                       slide.span, index))
    planned.slides = slides
    return planned
