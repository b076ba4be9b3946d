"""First plan pass: opening slides, a header per section, then the section's slides."""
from __future__ import annotations

from confdeck.model import AgendaEntry, BulletList, ListItem, PlannedDeck, PlannedSlide, Run
from confdeck.read.budgets import format_minutes


def agenda_line(entry: AgendaEntry) -> str:
    return f"{entry.title} — {format_minutes(entry.budget_seconds)}" if entry.budget_seconds else entry.title


def plan_slides(planned: PlannedDeck, options) -> PlannedDeck:
    deck = planned.deck
    slides = [PlannedSlide("title", deck.title, notes=list(deck.title_notes), span=deck.span,
                           subtitle=deck.subtitle)]
    planned.agenda = [AgendaEntry(section.title, section.budget_seconds) for section in deck.sections]
    if options.agenda and planned.agenda:
        items = [ListItem([Run(agenda_line(entry))], span=section.span)
                 for entry, section in zip(planned.agenda, deck.sections)]
        slides.append(PlannedSlide("agenda", "Agenda", [BulletList(items)], span=deck.span))
    for index, section in enumerate(deck.sections):
        slides.append(PlannedSlide("section", section.title, span=section.span, section_index=index,
                                   subtitle=format_minutes(section.budget_seconds) if section.budget_seconds else None))
        for slide in section.slides:
            slides.append(PlannedSlide(slide.kind, slide.title, list(slide.blocks), list(slide.notes),
                                       slide.span, index))
    planned.slides = slides
    return planned
