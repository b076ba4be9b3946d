"""Plan: ordered passes that turn a Deck into the slides both renderers draw.

Each pass takes the PlannedDeck and returns it; problems go into
PlannedDeck.diagnostics as data, never to the terminal.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from confdeck.gc_pause import gc_paused
from confdeck.geometry import DEFAULT, Box, Geometry
from confdeck.model import Deck, PlannedDeck
from confdeck.plan.agenda import fit_agenda
from confdeck.plan.agenda_links import link_agenda
from confdeck.plan.bounds import check_deck_bounds
from confdeck.plan.clean_text import clean_text
from confdeck.plan.paginate import paginate
from confdeck.plan.slides import plan_slides
from confdeck.plan.speakers import plan_handoffs, plan_speakers
from confdeck.plan.timing import plan_timing
from confdeck.plan.title_slide import fit_title_slide
from confdeck.plan.totals import check_stated_totals


@dataclass
class PlanOptions:
    duration_seconds: int | None = None  # --duration; wins over the notes' front matter
    agenda: bool | str = "auto"  # template.yaml `agenda:` on (True), off (False) or auto
    section_slides: str = "auto"               # template.yaml: a header slide per section auto|always|never
    geometry: Geometry = DEFAULT               # the slide geometry both renderers draw with
    fonts: dict = field(default_factory=dict)  # the template's fonts: pagination measures with them
    subtitle_box: Box | None = None            # where a template's own title slide draws its subtitle


# clean_text first, so every later pass and both renderers see XML-safe text.
# Owners before the slides (a `speaker:` line never reaches one); the title slide measured once it
# exists, before pagination (an introduction slide it makes is paginated like any other); the deck's bounds are checked before
# pagination spends any work on it; timing after pagination: continuation pages share their source
# slide's time; stated running totals are checked against it; the agenda's pages once timing has written
# its final text; hand-offs need the section start times; the agenda's links last, once every slide has its
# place and the agenda its final text.
PASSES = [clean_text, plan_speakers, plan_slides, fit_title_slide, check_deck_bounds, paginate, plan_timing,
          check_stated_totals, fit_agenda, plan_handoffs, link_agenda]


def plan_deck(deck: Deck, options: PlanOptions | None = None) -> PlannedDeck:
    options = options or PlanOptions()
    planned = PlannedDeck(deck=deck, slides=[])
    # The passes build copies, pieces and pages that stay alive until the deck is drawn: the
    # cyclic collector would walk the whole deck again and again for no garbage (see gc_pause).
    with gc_paused():
        for plan_pass in PASSES:
            planned = plan_pass(planned, options)
    return planned
