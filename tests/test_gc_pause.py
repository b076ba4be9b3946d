"""gc_paused: the collector is off inside a read and back in its old state afterwards, whatever happens."""
from __future__ import annotations

import gc
import threading

import pytest

from confdeck.errors import ConfdeckError
from confdeck.gc_pause import gc_paused
from confdeck.read.markdown import read_markdown


@pytest.fixture(autouse=True)
def restore_collector():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_off_inside_and_on_again_after():
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():       # nested: still off, and the inner end does not switch it on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_back_on_after_a_user_mistake_in_the_notes():
    gc.enable()
    with pytest.raises(ConfdeckError) as error:
        read_markdown("just a line of text\n", "talk.md")
    assert error.value.lines() == ["error: talk.md: no outline found "
                                   "(expected a top-level list of sections or ## headings)"]
    assert gc.isenabled()


def test_overlapping_reads_in_two_threads_leave_it_on():
    # Preview rebuilds in its own thread while another read may be running: the last one out restores it.
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def slow_phase():
        with gc_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=slow_phase)
    thread.start()
    inside.wait(5)
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()      # the other thread is still inside its phase
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_reading_still_gives_the_deck():
    gc.enable()
    deck = read_markdown("# Talk\n\n## Intro (~2 mins)\n\n- first *point*\n", "talk.md")
    assert [(s.title, s.budget_seconds) for s in deck.sections] == [("Intro", 120)]
    assert [r.text for r in deck.sections[0].slides[0].blocks[0].items[0].runs] == ["first ", "point"]
    assert gc.isenabled()


def test_reading_leaves_no_reference_cycles():
    # gc_paused relies on this: with the collector off, a cycle would keep the whole parse tree alive.
    parts = ["# Talk", ""]
    for number in range(1, 41):
        parts += [f"## Part {number} (~2 mins)", "", f"### Slide {number}", "",
                  f"- **bold** and *it* with `code`, ~~old~~ [a link](https://x.example/{number}) www.y.example",
                  "  - [ ] a task", "  - nested\ttab", "", "| a | b |", "|---|---|", "| 1 | 2 |", "",
                  "Note: say it <!-- aside -->", ""]
    text = "\n".join(parts)
    read_markdown(text, "talk.md")            # warm up: first use compiles patterns and caches
    gc.collect()
    gc.disable()
    deck = read_markdown(text, "talk.md")
    assert gc.collect() == 0
    gc.enable()
    assert [section.title for section in deck.sections][:2] == ["Part 1", "Part 2"]
    assert len(deck.sections) == 40


def test_a_command_runs_with_the_collector_paused_and_gives_it_back(monkeypatch):
    from confdeck import cli

    seen = []
    monkeypatch.setattr(cli, "run_plan", lambda args: seen.append((args.notes, gc.isenabled())) or 0)
    gc.enable()
    assert cli.main(["plan", "talk.md"]) == 0
    assert seen == [("talk.md", False)]
    assert gc.isenabled()


def test_preview_runs_with_the_collector_on(monkeypatch):
    # A preview server runs for hours: garbage cycles must be collected as usual.
    from confdeck import cli

    seen = []
    monkeypatch.setattr(cli, "run_preview", lambda args: seen.append(gc.isenabled()) or 0)
    gc.enable()
    assert cli.main(["preview", "talk.md"]) == 0
    assert seen == [True]
