"""The talk clock (src/confdeck/talk_clock.js) in the speaker view, driven by Chromium with a controlled clock."""
from __future__ import annotations

import json
import re

import pytest

from conftest import run_confdeck
from test_speakers import TEAM

T0 = 1_780_000_000_000  # any fixed instant: the deck only counts from it
MIN = 60_000


def panel(speaker) -> dict:
    """What the speaker view's clock panel shows: texts and colour levels."""
    return speaker.evaluate("""() => {
        const box = document.querySelector('.cd-clock');
        const q = s => box.querySelector(s);
        const shown = s => q(s).style.display !== 'none';
        return {
            state: box.dataset.state,
            section: shown('.cd-section') ? q('.cd-section .cd-label').textContent : null,
            section_left: q('.cd-section-left').textContent,
            section_level: q('.cd-section').dataset.level,
            split: shown('.cd-split') ? q('.cd-split').textContent : null,
            way: q('.cd-split').dataset.way,
            speaker: shown('.cd-speaker') ? q('.cd-speaker-name').textContent : null,
            speaker_left: q('.cd-speaker-left').textContent,
            talk_left: q('.cd-talk-left').textContent,
            talk_level: q('.cd-talk').dataset.level,
        };
    }""")


@pytest.fixture
def team_deck(tmp_path):
    notes = tmp_path / "team.md"
    notes.write_text(TEAM, encoding="utf-8")

    def build(*extra: str):
        result = run_confdeck("build", str(notes), "-o", str(tmp_path / "out"), "--format", "html", *extra,
                              cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return tmp_path / "out" / "team.html"
    return build


def open_speaker_view(browser, deck):
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=T0)
    page.clock.pause_at(T0 + 1000)
    page.goto(deck.as_uri())
    page.clock.run_for(500)
    page.wait_for_function("Reveal.isReady()")
    with page.expect_popup() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    for _ in range(4):  # the notes plugin connects every 500 ms; the speaker view then beats every second
        page.clock.run_for(1000)
    speaker.wait_for_selector(".cd-clock")
    return context, page, speaker


def go(page, index: int) -> None:
    page.evaluate(f"Reveal.slide({index})")
    page.clock.run_for(250)  # one tick draws the panel


def test_countdown_split_speaker_pause_and_reset_in_the_speaker_view(browser, team_deck):
    deck = team_deck()
    context, page, speaker = open_speaker_view(browser, deck)
    try:
        before = panel(speaker)
        # Not started on the title slide: the first section and the whole talk are still ahead.
        assert before["state"] == "ready" and before["talk_left"] == "25:00"
        assert before["section"] == "Section 1/4 · Conference overview" and before["split"] == "Starts at 14:00"
        # Slides: 0 title, 1 agenda, 2 overview header, 3 overview, 4 tools header, 5 tools, 6 demo header …
        go(page, 1)  # leaving the title starts the clock
        page.clock.run_for(MIN - 250)
        go(page, 2)
        page.clock.run_for(2 * MIN - 250)
        shown = panel(speaker)
        assert shown["state"] == "running"
        assert (shown["talk_left"], shown["talk_level"]) == ("22:00", "ok")
        assert (shown["section_left"], shown["section_level"]) == ("3:00", "ok")
        # Arrived a minute late at the first section: planned 14:00, actual 14:01.
        assert (shown["split"], shown["way"]) == ("Started 14:01, planned 14:00: 1:00 behind", "behind")
        assert (shown["speaker"], shown["speaker_left"]) == ("Alice's part", "13:00")

        # Questions from the audience: T pauses (in the speaker view), time stands still, T resumes.
        speaker.keyboard.press("t")
        page.clock.run_for(5 * MIN)
        paused = panel(speaker)
        assert paused["state"] == "paused" and paused["talk_left"] == "22:00" and paused["section_left"] == "3:00"
        speaker.keyboard.press("t")
        page.clock.run_for(4 * MIN)
        over = panel(speaker)
        # 6 minutes in a 5-minute section: the section runs over and turns red; the talk is still fine.
        assert (over["section_left"], over["section_level"]) == ("-1:00", "over")
        assert (over["talk_left"], over["talk_level"]) == ("18:00", "ok")

        go(page, 4)  # Tools we saw, 7 minutes into the talk instead of 5
        tools = panel(speaker)
        assert tools["section"] == "Section 2/4 · Tools we saw" and tools["section_left"] == "10:00"
        assert (tools["split"], tools["way"]) == ("Started 14:07, planned 14:05: 2:00 behind", "behind")
        assert tools["speaker_left"] == "9:00"  # Alice's 15 minutes, 6 spent (the minute on the agenda is no one's)
        page.clock.run_for(8 * MIN - 250)
        go(page, 6)  # Demo is Bob's, and starts on time: the talk made up its two minutes
        demo = panel(speaker)
        assert (demo["speaker"], demo["speaker_left"]) == ("Bob's part", "10:00")
        assert (demo["split"], demo["way"]) == ("Started 14:15, planned 14:15: on time", "on-time")

        # The talk's thresholds: amber at 3 minutes left, deeper amber at 1, red when over.
        levels = {}
        for left in ("3:01", "3:00", "1:01", "1:00", "0:00", "-0:01"):
            target = 25 * MIN - (-1 if left.startswith("-") else 1) * (
                int(left.strip("-").split(":")[0]) * MIN + int(left.split(":")[1]) * 1000)
            elapsed = page.evaluate("Reveal.getPlugin('confdeck-talk-clock').status().elapsed")
            page.clock.run_for(target - elapsed)
            shown = panel(speaker)
            assert shown["talk_left"] == left
            levels[left] = shown["talk_level"]
        assert levels == {"3:01": "ok", "3:00": "warn3", "1:01": "warn3", "1:00": "warn1", "0:00": "warn1",
                          "-0:01": "over"}
        colours = speaker.evaluate("""() => ['warn3', 'warn1', 'over'].map(level => {
            const row = document.querySelector('.cd-talk');
            row.dataset.level = level;
            return getComputedStyle(row).backgroundColor;
        })""")
        assert colours == ["rgb(255, 224, 138)", "rgb(255, 179, 71)", "rgb(229, 57, 53)"]

        speaker.keyboard.press("r")  # reset: back to the plan, waiting for the next slide change
        page.clock.run_for(250)
        reset = panel(speaker)
        assert (reset["state"], reset["talk_left"], reset["section_left"]) == ("ready", "25:00", "5:00")
        # reveal.js's own pacing timer is still there beside ours.
        assert speaker.is_visible(".speaker-controls-time .pacing")
    finally:
        context.close()


def test_main_view_keys_and_the_bar_with_timer_both(browser, team_deck, tmp_path):
    (tmp_path / "templates" / "stage").mkdir(parents=True)
    (tmp_path / "templates" / "stage" / "template.yaml").write_text("timer: both\n", encoding="utf-8")
    deck = team_deck("--template", "stage")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.clock.install(time=T0)
        page.clock.pause_at(T0 + 1000)
        page.goto(deck.as_uri())
        page.clock.run_for(500)
        page.keyboard.press("t")  # T on the title slide starts the clock at once
        page.clock.run_for(90_000)
        assert page.text_content(".cd-bar .cd-talk-left") == "23:30"
        page.keyboard.press("t")
        page.clock.run_for(MIN)
        assert page.get_attribute(".cd-bar", "data-state") == "paused"
        assert page.text_content(".cd-bar .cd-talk-left") == "23:30"
        # T and R are in reveal.js's help overlay, next to its own keys.
        page.keyboard.press("Shift+?")
        help_text = page.text_content(".reveal .overlay-help, .reveal-viewport .overlay-help, body")
        assert "Pause or resume the talk clock" in help_text and "Reset the talk clock" in help_text
    finally:
        context.close()


def test_timer_off_leaves_the_plugin_out_and_speaker_is_the_default(team_deck, tmp_path):
    html = team_deck().read_text(encoding="utf-8")
    plan = json.loads(re.search(r'<script type="application/json" id="confdeck-talk-plan">(.*?)</script>',
                                html).group(1))
    assert plan["timer"] == "speaker" and plan["talkSeconds"] == 1500 and plan["startOfDay"] == 14 * 3600
    # Each section's header slide carries its part of the plan, so swapped-in slides bring their times.
    headers = re.findall(r'data-cd-section="(\d)" data-cd-section-title="([^"]*)" data-cd-speaker="([^"]*)" '
                         r'data-cd-section-seconds="(\d+)" data-cd-section-start="(\d+)"', html)
    assert headers == [("0", "Conference overview", "Alice", "300", "0"), ("1", "Tools we saw", "Alice", "600", "300"),
                       ("2", "Demo", "Bob", "300", "900"), ("3", "Questions", "Bob", "300", "1200")]
    assert 'data-cd-section="2"' in html and "ConfdeckTalkClock ]" in html
    (tmp_path / "templates" / "quiet").mkdir(parents=True)
    (tmp_path / "templates" / "quiet" / "template.yaml").write_text("timer: off\n", encoding="utf-8")
    html = team_deck("--template", "quiet").read_text(encoding="utf-8")
    assert "ConfdeckTalkClock" not in html and "confdeck-talk-plan" not in html
    (tmp_path / "templates" / "quiet" / "template.yaml").write_text("timer: always\n", encoding="utf-8")
    result = run_confdeck("build", str(tmp_path / "team.md"), "--template", "quiet", cwd=tmp_path)
    assert result.returncode == 2
    assert "template.yaml:1: timer: expected speaker, both or off, got 'always'" in result.stderr


def test_the_clock_survives_a_reload_and_takes_new_slide_times_from_a_preview_swap(browser, team_deck):
    deck = team_deck()
    context = browser.new_context()
    page = context.new_page()
    try:
        page.clock.install(time=T0)
        page.clock.pause_at(T0 + 1000)
        page.goto(deck.as_uri() + "#/3")  # Conference overview's slide
        page.clock.run_for(500)
        page.wait_for_function("Reveal.isReady()")
        status = "Reveal.getPlugin('confdeck-talk-clock').status()"
        assert page.evaluate(f"{status}.started") is False  # opening on a later slide does not start the talk
        page.keyboard.press("t")
        page.clock.run_for(2 * MIN)
        status = "Reveal.getPlugin('confdeck-talk-clock').status()"
        assert page.evaluate(f"{status}.section.left") == 3 * MIN
        # A reload (the preview reloads when the page around the slides changes) keeps the clock.
        page.reload()
        page.clock.run_for(500)
        page.wait_for_function("Reveal.isReady()")
        assert page.evaluate(f"{status}.elapsed") == 2 * MIN + 500
        # New slides swapped in place with other times: the clock counts down from those.
        page.evaluate("""() => {
            const header = document.querySelector('[data-cd-section-title="Conference overview"]');
            header.setAttribute('data-cd-section-seconds', '420');
            const slides = document.querySelector('.reveal .slides');
            slides.innerHTML = slides.innerHTML;  // what preview_reload.js does with a new build
        }""")
        page.clock.run_for(250)
        assert page.evaluate(f"{status}.section.left") == 7 * MIN - (2 * MIN + 750)
    finally:
        context.close()
