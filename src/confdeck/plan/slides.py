"""First plan pass: opening slides, a header per section that needs one, then the section's slides."""
from __future__ import annotations

from confdeck.model import AgendaEntry, BulletList, ListItem, PlannedDeck, PlannedSlide, Run
from confdeck.read.budgets import format_minutes

from confdeck.plan.agenda import wants_agenda


def agenda_line(entry: AgendaEntry, show_budget: bool = True) -> str:
    line = f"{entry.title} — {format_minutes(entry.budget_seconds)}" if entry.budget_seconds and show_budget \
        else entry.title
    return f"{line} · {entry.speaker}" if entry.speaker else line


def section_subtitle(seconds: int | None, speaker: str | None, show_budget: bool) -> str | None:
    """What a section slide shows under its title: the speaker, and the budget when the audience may see it."""
    parts = ([format_minutes(seconds)] if seconds and show_budget else []) + ([speaker] if speaker else [])
    return " · ".join(parts) or None


def has_header(section, policy: str, agenda_shown: bool = True) -> bool:
    """Whether a section gets a header slide: as the author's deck has it, else by section_slides
    (auto: only a section of several slides, or of none, so no header repeats its only slide's title)."""
    if section.header is not None:
        return section.header
    if policy == "auto":
        # A section someone else gives keeps its header: it is where the talk is handed over. Without an
        # agenda, a one-slide section whose slide has a title of its own keeps its header too: else the
        # section's name (a day, a track) would be on no slide at all.
        named_nowhere = not agenda_shown and section.slides and section.slides[0].title != section.title
        return len(section.slides) != 1 or section.speaker is not None or bool(named_nowhere)
    return policy == "always"


def plan_slides(planned: PlannedDeck, options) -> PlannedDeck:
    deck = planned.deck
    planned.diagnostics.extend(deck.diagnostics)   # the reader's warnings come first, in notes order
    slides = [PlannedSlide("title", deck.title, notes=list(deck.title_notes), span=deck.span,
                           subtitle=deck.subtitle)]
    planned.agenda = [AgendaEntry(section.title, section.budget_seconds, speaker=section.speaker)
                      for section in deck.sections]
    policy = deck.section_slides or getattr(options, "section_slides", "auto")
    # An existing slide deck (Marp, remark, Pandoc …) gets no agenda: its author's slides are the deck.
    agenda_shown = wants_agenda(options.agenda, len(planned.agenda)) and deck.style != "slides"
    if agenda_shown:
        items = [ListItem([Run(agenda_line(entry, deck.show_budgets != "none"))], span=section.span)
                 for entry, section in zip(planned.agenda, deck.sections)]
        slides.append(PlannedSlide("agenda", "Agenda", [BulletList(items)], span=deck.span))
    for index, section in enumerate(deck.sections):
        if not has_header(section, policy, agenda_shown or deck.style == "slides"):
            for slide in section.slides:
                slides.append(PlannedSlide(slide.kind, slide.title, list(slide.blocks), list(slide.notes),
                                           slide.span, index))
            continue
        subtitle = section_subtitle(section.budget_seconds, section.speaker, deck.show_budgets == "sections")
        slides.append(PlannedSlide("section", section.title, span=section.span, section_index=index,
                                   subtitle=subtitle))
        for slide in section.slides:
            slides.append(PlannedSlide(slide.kind, slide.title, list(slide.blocks), list(slide.notes),
                                       slide.span, index))
    planned.slides = slides
    return planned
