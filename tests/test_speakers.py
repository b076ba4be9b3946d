"""Talks given by several people, clock times and where budgets are shown."""
from __future__ import annotations

import json
import re

import pytest

from conftest import agenda_rows, html_agenda_rows, pptx_slides, run_confdeck
from confdeck.read.budgets import format_at, parse_time_of_day, split_owner

TEAM = """\
---
title: PyCon for the team
duration: 25 min
start: 14:00
speakers: [Alice, Bob]
---
# PyCon for the team

- Conference overview (~5 mins) @Alice
  - Three days, two tracks
- Tools we saw @alice (~10 mins)
  - uv and ruff
- Demo (~5 mins) @Bob
  - A live tour of the new build
- Questions
  - speaker: Bob
  - Anything you want to ask
"""


@pytest.mark.parametrize("title, expected", [
    ("Tools we saw (~10 mins) @Alice", ("Tools we saw", 600, "Alice")),
    ("Demo @Bob (~5 mins)", ("Demo", 300, "Bob")),
    ("Q&A — 4 mins @Ann-Marie", ("Q&A", 240, "Ann-Marie")),
    ("Write to talks@pycon.org (5m)", ("Write to talks@pycon.org", 300, None)),  # an address, not an owner
    ("@Bob", ("@Bob", None, None)),  # a title must remain
    ("Plain title", ("Plain title", None, None)),
])
def test_owner_and_budget_come_off_the_title(title, expected):
    assert split_owner(title) == expected


def test_times_are_clock_times_with_a_start_and_offsets_without():
    assert parse_time_of_day("14:00") == 14 * 3600 and parse_time_of_day("9.30") == 9 * 3600 + 1800
    assert parse_time_of_day("25:00") is None and parse_time_of_day("soon") is None
    assert format_at(300, None) == "+5:00"
    assert format_at(15 * 60, 14 * 3600) == "14:15"
    assert format_at(15 * 60 + 10, 14 * 3600) == "14:15:10"


@pytest.fixture
def team(tmp_path):
    notes = tmp_path / "team.md"
    notes.write_text(TEAM, encoding="utf-8")
    return notes


def test_plan_gives_each_speakers_total(team):
    result = run_confdeck("plan", str(team), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [s["speaker"] for s in report["sections"]] == ["Alice", "Alice", "Bob", "Bob"]
    assert [s["title"] for s in report["sections"]] == ["Conference overview", "Tools we saw", "Demo", "Questions"]
    # Questions has no budget: it gets what the 25 minutes leave (5 min), and it is Bob's.
    assert report["speakers"] == [{"name": "Alice", "planned_seconds": 900, "sections": 2},
                                  {"name": "Bob", "planned_seconds": 600, "sections": 2}]
    table = run_confdeck("plan", str(team)).stdout
    assert "Speakers: Alice 15:00 (2 sections), Bob 10:00 (2 sections)" in table
    assert re.search(r"3  Demo\s+5 min\s+5:00\s+2\s+14:15", table)


def test_agenda_hand_off_cues_and_clock_times_in_both_decks(team, tmp_path):
    out = tmp_path / "out"
    result = run_confdeck("build", str(team), "-o", str(out))
    assert result.returncode == 0, result.stderr
    # `@alice` is Alice: no warning about an unknown speaker (the plan's timing advice on its one-slide
    # sections, such as the 9:50 slide, is all there is).
    assert "speaker" not in result.stderr.lower()
    assert all("on one slide" in line or "has no budget and takes" in line for line in result.stderr.splitlines())
    slides = pptx_slides(out / "team.pptx")
    # Each agenda row: its clock time, the section and who gives it, its length on the right.
    rows = [("14:00", "Conference overview · Alice", "5 min"), ("14:05", "Tools we saw · Alice", "10 min"),
            ("14:15", "Demo · Bob", "5 min"), ("14:20", "Questions · Bob", "~5 min")]
    assert agenda_rows(slides[1]["slide"]) == rows
    titles = [slide["title"] for slide in slides]
    assert "Tools we saw" in titles and not any("@" in title for title in titles)
    # The section slides name the speaker; the budget stays in the presenter's notes (show_budgets: agenda).
    demo_header = next(slide for slide in slides if slide["title"] == "Demo" and not slide["links"]
                       and slide["paragraphs"] and slide["paragraphs"][0][0] == "Bob")
    assert "Section 3/4 · Bob · 5:00 budget" in demo_header["notes"]
    # Only the last slide of Alice's part carries the hand-off, at the clock time Demo starts.
    handoffs = [slide["title"] for slide in slides if "Next: Bob — Demo at 14:15" in slide["notes"]]
    assert handoffs == ["Tools we saw"]
    assert sum("Next:" in slide["notes"] for slide in slides) == 1  # Demo → Questions is Bob to Bob
    tools = [slide for slide in slides if slide["title"] == "Tools we saw"][-1]  # its content slide
    assert tools["notes"].split("\n")[:2] == [
        "Section 2/4 · Alice · 10:00 budget · this slide 9:50 · ends at 14:15", "Next: Bob — Demo at 14:15"]
    # The `speaker: Bob` line decides the owner and never reaches a slide.
    everything = " ".join(text for slide in slides for text, _ in slide["paragraphs"])
    assert "speaker:" not in everything and "Anything you want to ask" in everything
    html = (out / "team.html").read_text(encoding="utf-8")
    assert "<p>Next: Bob — Demo at 14:15</p>" in html
    assert html_agenda_rows(html) == rows


def test_without_start_times_are_offsets_and_start_on_the_command_line_wins(team, tmp_path):
    team.write_text(TEAM.replace("start: 14:00\n", ""), encoding="utf-8")
    report = run_confdeck("build", str(team), "-o", str(tmp_path / "a"), "--format", "html")
    html = (tmp_path / "a" / "team.html").read_text(encoding="utf-8")
    assert report.returncode == 0 and html_agenda_rows(html)[1][:2] == ("+5:00", "Tools we saw · Alice")
    assert "Next: Bob — Demo at +15:00" in html
    run_confdeck("build", str(team), "-o", str(tmp_path / "b"), "--format", "html", "--start", "9:30")
    html = (tmp_path / "b" / "team.html").read_text(encoding="utf-8")
    assert html_agenda_rows(html)[1][0] == "9:35" and "Next: Bob — Demo at 9:45" in html


@pytest.mark.parametrize("show, agenda_line, header_text", [
    ("none", ("14:05", "Tools we saw · Alice", ""), "Alice"),
    ("sections", ("14:05", "Tools we saw · Alice", "10 min"), "10 min · Alice"),
])
def test_show_budgets(team, tmp_path, show, agenda_line, header_text):
    team.write_text(TEAM.replace("start: 14:00\n", f"start: 14:00\nshow_budgets: {show}\n"), encoding="utf-8")
    out = tmp_path / "out"
    assert run_confdeck("build", str(team), "-o", str(out), "--format", "pptx").returncode == 0
    slides = pptx_slides(out / "team.pptx")
    assert agenda_rows(slides[1]["slide"])[1] == agenda_line
    header = slides[titles_index(slides, "Tools we saw")]
    assert [text for text, _ in header["paragraphs"]] == [header_text]


def titles_index(slides, title):
    return [slide["title"] for slide in slides].index(title)


@pytest.mark.parametrize("line, message", [
    ("start: soon", "team.md:2: start: expected a time of day such as 14:00, got 'soon'"),
    ("show_budgets: audience", "team.md:2: show_budgets: expected agenda, sections or none, got 'audience'"),
])
def test_bad_talk_keys_are_user_errors(team, line, message):
    team.write_text(TEAM.replace("start: 14:00", line), encoding="utf-8")
    result = run_confdeck("plan", str(team))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_an_owner_not_among_the_speakers_is_a_warning(team):
    team.write_text(TEAM.replace("@Bob", "@Rob"), encoding="utf-8")
    result = run_confdeck("plan", str(team))
    assert result.returncode == 0
    assert "section “Demo” is given by Rob, who is not in `speakers:` (Alice, Bob)" in result.stdout


def test_without_speakers_an_at_name_stays_in_the_title(tmp_path):
    notes = tmp_path / "thanks.md"
    notes.write_text("# Talk\n\n- Overview (~5 mins)\n  - Things\n- Thanks @pycon\n  - See you\n", encoding="utf-8")
    report = json.loads(run_confdeck("plan", str(notes), "--json").stdout)
    assert [(s["title"], s["speaker"]) for s in report["sections"]] == [("Overview", None), ("Thanks @pycon", None)]
    assert report["speakers"] == []
