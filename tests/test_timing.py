"""The timing plan pass: budgets kept, remainders shared, slides adding up to their sections."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from confdeck.model import plain_text
from confdeck.plan import PlanOptions, plan_deck
from confdeck.plan.timing import apportion
from confdeck.read import read_notes
from confdeck.read.markdown import read_markdown

NOTES = Path(__file__).resolve().parents[1] / "notes"

# Every budget spelling but the ones in pwc2020, a `duration:`, and one section without a budget.
SPELLINGS = (Path(__file__).parent / "fixtures" / "budget_spellings.md").read_text(encoding="utf-8")


def plan(text: str, duration: int | None = None, path: str = "talk.md"):
    deck = read_markdown(text, path)
    return plan_deck(deck, PlanOptions(duration_seconds=duration if duration is not None else deck.duration_seconds))


def section_seconds(planned) -> list[int]:
    return [sum(s.seconds for s in planned.slides if s.section_index == i) for i in range(len(planned.deck.sections))]


def messages(planned) -> list[str]:
    return [str(d) for d in planned.diagnostics]


def check_adds_up(planned) -> None:
    """Properties every plan has: whole seconds, opening slides untimed, totals consistent."""
    assert all(isinstance(s.seconds, int) and s.seconds >= 0 for s in planned.slides)
    assert all(s.seconds == 0 for s in planned.slides if s.section_index is None)
    assert planned.total_seconds == sum(s.seconds for s in planned.slides) == sum(section_seconds(planned))
    starts = [entry.start_seconds for entry in planned.agenda]
    assert starts[0] == 0
    assert starts == [sum(section_seconds(planned)[:i]) for i in range(len(starts))]

# Slides the budgets give more than MAX_SLIDE_SECONDS (3 min): the sample's one-slide sections (the two
# pages of "Sharing experiences" share its 5 min, 3:00 and 2:00).
LONG = " (more than 3 min on one slide: split it, or give its section less time)"
PWC_LONG_SLIDES = [f"notes/pwc2020.md:9: slide “Conference overview” gets 5:00{LONG}",
                   f"notes/pwc2020.md:13: slide “Tools/libraries/techniques from talks” gets 10:00{LONG}"]


def test_pwc2020_budgets_are_kept_and_the_unbudgeted_section_gets_the_default_pace():
    planned = plan_deck(read_notes(NOTES / "pwc2020.md", "notes/pwc2020.md"))
    check_adds_up(planned)
    assert [s.budget_seconds for s in planned.deck.sections] == [300, 600, 180, 60, None, 300]
    # No duration: the section without a budget gets 1 min for each of its 2 slides (text and image).
    assert section_seconds(planned) == [300, 600, 180, 60, 120, 300]
    assert planned.total_seconds == 1560
    assert [e.start_seconds for e in planned.agenda] == [0, 300, 900, 1080, 1140, 1260]
    assert messages(planned) == [
        "notes/pwc2020.md:30: section “Cautionary Tales/Call to action/Inspirational talks” (2 min) has no budget "
        "and there is no duration: planned at the default pace of 1 min per slide; "
        "give it a budget such as (~5 mins)", *PWC_LONG_SLIDES]


def test_pwc2020_slides_pacing_lines_and_agenda():
    # Header slides for every section (section_slides: always), to see how a header shares its section's time.
    planned = plan_deck(read_notes(NOTES / "pwc2020.md", "notes/pwc2020.md"), PlanOptions(section_slides="always"))
    by_title = {(s.kind, s.title): s for s in planned.slides}
    tools_header = by_title[("section", "Tools/libraries/techniques from talks")]
    tools = by_title[("content", "Tools/libraries/techniques from talks")]
    # The header announces the section (10 s); the one content slide has the rest.
    assert (tools_header.seconds, tools.seconds) == (10, 590)
    assert tools.pacing == "Section 2/6 · 10:00 budget · this slide 9:50 · ends at +15:00"
    assert tools_header.pacing == "Section 2/6 · 10:00 budget · this slide 0:10 · ends at +5:10"
    # A 1-minute section: the header takes at most a tenth.
    assert by_title[("section", "Magic")].seconds == 6
    assert by_title[("content", "Magic")].pacing == "Section 4/6 · 1:00 budget · this slide 0:54 · ends at +19:00"
    cautionary = by_title[("section", "Cautionary Tales/Call to action/Inspirational talks")]
    assert cautionary.pacing.startswith("Section 5/6 · 2:00 planned · ")
    assert cautionary.subtitle is None  # budgets go to the agenda only (show_budgets: agenda)
    title = planned.slides[0]
    assert (title.kind, title.seconds, title.pacing) == ("title", 0, "Talk · 26:00 planned · 6 sections")
    agenda = planned.slides[1]
    assert agenda.kind == "agenda" and agenda.seconds == 0
    assert [plain_text(item.runs) for item in agenda.blocks[0].items] == [
        "+0:00  Conference overview — 5 min",
        "+5:00  Tools/libraries/techniques from talks — 10 min",
        "+15:00  General web stuff — 3 min",
        "+18:00  Magic — 1 min",
        "+19:00  Cautionary Tales/Call to action/Inspirational talks — ~2 min",
        "+21:00  Sharing experiences as a theme — 5 min",
    ]
    # The start bold, the name, the length a run of its own (the agenda slide sets it in a column).
    assert [(run.text, run.bold) for run in agenda.blocks[0].items[0].runs] == [
        ("+0:00", True), ("  Conference overview", False), (" — 5 min", False)]


def test_continuation_pages_share_their_slides_time():
    planned = plan_deck(read_notes(NOTES / "pwc2020.md", "notes/pwc2020.md"), PlanOptions(section_slides="always"))
    pages = [s for s in planned.slides if s.title.startswith("Sharing experiences as a theme (")]
    assert [(p.page, p.pages) for p in pages] == [(1, 2), (2, 2)]
    header = next(s for s in planned.slides if s.kind == "section" and s.section_index == 5)
    assert header.seconds + sum(p.seconds for p in pages) == 300
    assert all(p.seconds >= 15 for p in pages)
    # The fuller page gets more of the time.
    words = [sum(len(plain_text(item.runs).split()) for block in p.blocks for item in block.items) for p in pages]
    assert words[0] != words[1]
    fuller, other = (0, 1) if words[0] > words[1] else (1, 0)
    assert pages[fuller].seconds > pages[other].seconds


def test_pwc2020_over_a_15_minute_talk():
    planned = plan_deck(read_notes(NOTES / "pwc2020.md", "notes/pwc2020.md"), PlanOptions(duration_seconds=900))
    check_adds_up(planned)
    assert section_seconds(planned) == [300, 600, 180, 60, 120, 300]
    assert messages(planned)[0] == ("notes/pwc2020.md:1: talk is over by 11 min: the plan takes 26 min "
                                    "(budgets 24 min) but the talk is 15 min")
    assert messages(planned)[1] == (
        "notes/pwc2020.md:30: section “Cautionary Tales/Call to action/Inspirational talks” (2 min) has no budget "
        "and there is no time left in the 15 min talk: planned at the default pace of 1 min per slide; "
        "give it a budget such as (~5 mins)")


def test_pwc2020_in_30_minutes_gives_the_unbudgeted_section_the_rest():
    planned = plan_deck(read_notes(NOTES / "pwc2020.md", "notes/pwc2020.md"), PlanOptions(duration_seconds=1800))
    check_adds_up(planned)
    assert section_seconds(planned) == [300, 600, 180, 60, 360, 300]
    assert planned.total_seconds == 1800
    assert messages(planned) == [*PWC_LONG_SLIDES[:2],
                                 f"notes/pwc2020.md:30: slide “Cautionary Tales/Call to action/Inspirational talks” "
                                 f"gets 3:16{LONG}"]


def test_other_spellings_and_a_duration_leave_the_unbudgeted_section_exactly_the_rest():
    planned = plan(SPELLINGS)
    check_adds_up(planned)
    sections = planned.deck.sections
    assert [(s.title, s.budget_seconds) for s in sections] == [
        ("Opening", 180), ("Architecture", 240), ("Lessons learned", 240), ("Demo", 90), ("Q&A prep", 300),
        ("Wrap-up", None)]
    assert planned.deck.duration_seconds == 1800
    assert section_seconds(planned) == [180, 240, 240, 90, 300, 1800 - 1050]
    assert planned.total_seconds == 1800
    # The case: one unbudgeted slide takes all that is left. It is named, not its slide again.
    assert messages(planned) == [
        "talk.md:19: section “Wrap-up” has no budget and takes 12:30 min of the 12:30 min the budgets leave "
        "(12:30 per slide); give it a budget such as (~5 mins), or budget the other sections to fill the talk",
        f"talk.md:9: slide “Architecture” gets 4:00{LONG}", f"talk.md:12: slide “Lessons learned” gets 4:00{LONG}",
        f"talk.md:17: slide “Q&A prep” gets 5:00{LONG}"]


def test_unbudgeted_sections_share_the_rest_by_content():
    text = ("# Talk\n\n## Short (5 min)\n\n- one\n\n## Small\n\n- one point\n\n## Big\n\n"
            + "".join(f"- point number {n} with a few more words in it\n" for n in range(8)))
    planned = plan(text, duration=1200)
    check_adds_up(planned)
    short, small, big = section_seconds(planned)
    assert short == 300
    assert small + big == 900
    assert big > 3 * small


def test_budgets_leaving_time_unused():
    planned = plan("# Talk\n\n- A (5 min)\n  - a\n- B (10 min)\n  - b\n", duration=1800)
    check_adds_up(planned)
    assert planned.total_seconds == 900
    assert messages(planned) == ["talk.md:1: budgets add up to 15 min, leaving 15 min of the 30 min talk unused",
                                 f"talk.md:3: slide “A” gets 5:00{LONG}", f"talk.md:5: slide “B” gets 10:00{LONG}"]


def test_budgets_over_the_duration():
    planned = plan("# Talk\n\n- A (10 min)\n  - a\n- B (9 min)\n  - b\n", duration=900)
    assert section_seconds(planned) == [600, 540]
    assert messages(planned) == ["talk.md:1: talk is over by 4 min: budgets add up to 19 min but the talk is 15 min",
                                 f"talk.md:3: slide “A” gets 10:00{LONG}", f"talk.md:5: slide “B” gets 9:00{LONG}"]


def test_short_slides_and_empty_sections_are_warned_about():
    text = "# Talk\n\n## Packed (30s)\n\n### One\n\n- a\n\n### Two\n\n- b\n\n### Three\n\n- c\n\n## Empty (2 min)\n"
    planned = plan(text)
    check_adds_up(planned)
    assert section_seconds(planned) == [30, 120]
    empty_header = next(s for s in planned.slides if s.kind == "section" and s.title == "Empty")
    assert empty_header.seconds == 120
    assert messages(planned) == [
        "talk.md:17: section “Empty” has no content: only its header slide is shown",
        "talk.md:5: slide “One” gets only 9 s (less than 15 s)",
        "talk.md:9: slide “Two” gets only 9 s (less than 15 s)",
        "talk.md:13: slide “Three” gets only 9 s (less than 15 s)",
    ]


def test_default_pace_counts_every_slide_shown():
    planned = plan_deck(read_notes(NOTES / "pyconweb2019.md", "notes/pyconweb2019.md"))
    check_adds_up(planned)
    shown = [s for s in planned.slides if s.kind in ("content", "image")]
    assert len(shown) > len({s.span for s in shown})  # some talks were split over several pages
    assert planned.total_seconds == 60 * len(shown)
    assert all(s.seconds >= 15 for s in shown)


def test_one_warning_names_every_section_at_the_default_pace():
    planned = plan("# Talk\n\n## A\n\n- a\n\n## B (2 min)\n\n- b\n\n## C\n\n### C1\n\n- c\n\n### C2\n\n- d\n")
    check_adds_up(planned)
    assert section_seconds(planned) == [60, 120, 120]
    assert messages(planned) == [
        "talk.md:3: 2 sections have no budget and there is no duration: planned at the default pace of "
        "1 min per slide: “A” (1 min), “C” (2 min); give them budgets such as (~5 mins)"]


@pytest.mark.parametrize("seed", range(30))
def test_apportion_adds_up_exactly_and_stays_proportional(seed):
    rng = random.Random(seed)
    weights = [rng.choice([0, rng.random() * 100]) for _ in range(rng.randint(1, 12))]
    total = rng.randint(0, 5000)
    shares = apportion(total, weights)
    assert sum(shares) == total
    scale = sum(weights) or len(weights)
    exact = [total * (w if sum(weights) else 1) / scale for w in weights]
    assert all(abs(share - value) < 1 for share, value in zip(shares, exact))


def test_apportion_edge_cases():
    assert apportion(10, []) == []
    assert apportion(10, [0, 0]) == [5, 5]
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert apportion(0, [3, 1]) == [0, 0]
