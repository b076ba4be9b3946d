"""The budget grammar in outline titles, and talk durations."""
from __future__ import annotations

import pytest

from confdeck.errors import ConfdeckError
from confdeck.read.budgets import format_clock, format_minutes, parse_duration, split_budget
from confdeck.read.markdown import read_markdown

BUDGETS = [
    # (title as written, title shown, budget in seconds)
    ("Conference overview (~5 mins)", "Conference overview", 300),
    ("Intro (5 min)", "Intro", 300),
    ("Tools/libraries/techniques from talks (~10 minutes)", "Tools/libraries/techniques from talks", 600),
    ("Magic (1 min)", "Magic", 60),
    ("Magic (~1 mins)", "Magic", 60),
    ("Lightning talk (90s)", "Lightning talk", 90),
    ("Workshop (1.5h)", "Workshop", 5400),
    ("Hackathon (1h 15m)", "Hackathon", 4500),
    ("Demo [3m]", "Demo", 180),
    ("Architecture — 4 mins", "Architecture", 240),
    ("Architecture – 4 mins", "Architecture", 240),
    ("Architecture—4 mins", "Architecture", 240),
    ("Lessons learned - 4 minutes", "Lessons learned", 240),
    ("Q&A (5')", "Q&A", 300),
    ("Q&A (5′)", "Q&A", 300),
    ("Break (~10 Minutes)", "Break", 600),
    ("Panel (1 hour and 15 minutes)", "Panel", 4500),
    ("Demo (2' 30\")", "Demo", 150),
    ("Keynote (45 min):", "Keynote", 2700),
    ("Sharing experiences as a theme ( ~5 mins )", "Sharing experiences as a theme", 300),
]

NOT_BUDGETS = [
    "deployments are rolled out incrementally (3% of servers at first, then automated monitoring)",
    "ballpark 100,000 (!!!!) automated tests",
    "ballpark 100,000 (!!!!)",
    "Django (v1.2)",
    "Python Web Conference (2020)",
    "Python 3.13 (beta)",
    "Top-5 mins",                 # a hyphen glued to the title is part of a word
    "From 0 – 60 s",              # a range, not a budget
    "Why (5 mangoes)",            # not a time unit
    "(5 min)",                    # nothing would be left of the title
    "Tools (5 min) and more",     # not at the end
    "Release 2.0 (12)",           # a number without a unit
]


@pytest.mark.parametrize("written, shown, seconds", BUDGETS)
def test_budget_is_read_and_removed_from_the_title(written, shown, seconds):
    assert split_budget(written) == (shown, seconds)


@pytest.mark.parametrize("title", NOT_BUDGETS)
def test_other_parentheses_are_not_budgets(title):
    assert split_budget(title) == (title, None)


DURATIONS = [
    ("25 min", 1500), ("25min", 1500), ("25 minutes", 1500), ("25m", 1500), ("1h", 3600), ("1 hour", 3600),
    ("90s", 90), ("90 seconds", 90), ("1h 15m", 4500), ("1h15m", 4500), ("1.5h", 5400), ("00:25:00", 1500),
    ("25:00", 1500), ("1:15:00", 4500), ("25", 1500), ("~25 min", 1500),
]


@pytest.mark.parametrize("text, seconds", DURATIONS)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "25 mangoes", "25 min!", "min", "1h and then some"])
def test_unreadable_durations(text):
    assert parse_duration(text) is None


def test_formats():
    assert format_minutes(600) == "10 min"
    assert format_minutes(90) == "1:30 min"
    assert format_clock(100) == "1:40"
    assert format_clock(900) == "15:00"
    assert format_clock(0) == "0:00"
    assert format_clock(4500) == "1:15:00"


def test_budgets_in_headings_and_lists_reach_the_model():
    headings = read_markdown("# Talk\n\n## Intro (~5 mins)\n\n- a\n\n## Outlook [3m]\n\n- b\n\n"
                             "## Python 3.13 (beta)\n\n- c\n", "talk.md")
    assert [(s.title, s.budget_seconds) for s in headings.sections] == [
        ("Intro", 300), ("Outlook", 180), ("Python 3.13 (beta)", None)]
    listed = read_markdown("# Talk\n\n- Overview — 4 mins\n  - a\n- Django (v1.2)\n  - b\n- Demo (1h 15m)\n  - c\n",
                           "talk.md")
    assert [(s.title, s.budget_seconds) for s in listed.sections] == [
        ("Overview", 240), ("Django (v1.2)", None), ("Demo", 4500)]
    assert [s.slides[0].title for s in listed.sections] == ["Overview", "Django (v1.2)", "Demo"]


@pytest.mark.parametrize("written, seconds", [
    ("25 min", 1500), ("1h", 3600), ("90s", 90), ("00:25:00", 1500), ("25:00", 1500), ("1:30:00", 5400),
    ("25", 1500), ('"25:00"', 1500),
])
def test_duration_in_front_matter(written, seconds):
    # YAML alone would read 25:00 as the base-60 number 1500 (then 1500 minutes).
    deck = read_markdown(f"---\nduration: {written}\n---\n# Talk\n\n- A\n  - a\n", "talk.md")
    assert deck.duration_seconds == seconds


@pytest.mark.parametrize("written", ["soon", "0", "0 min"])
def test_bad_duration_in_front_matter_is_a_user_error(written):
    with pytest.raises(ConfdeckError) as error:
        read_markdown(f"---\nduration: {written}\n---\n# Talk\n\n- A\n", "talk.md")
    assert error.value.lines() == [
        f"error: talk.md:2: duration: expected a duration such as 25 min, 1h or 00:25:00, got {written!r}"]
