"""Rehearsals: recorded by the talk clock, saved through the preview (or downloaded), compared with the plan."""
from __future__ import annotations

import http.client
import json
import re
from pathlib import Path

import pytest

from conftest import NOTES, pptx_slides, run_confdeck
from test_preview import WAIT, preview, workspace  # noqa: F401  (fixtures)
from test_speakers import TEAM
from test_talk_clock import T0

from confdeck.rehearsals import budget_text, check_record, flag, rehearsals_path, suggest_budgets


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def speaker_view(page):
    with page.expect_popup() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    for _ in range(4):
        page.clock.run_for(1000)
    speaker.wait_for_selector(".cd-clock")
    return speaker


def rehearse(page, seconds_per_slide: dict[int, int]) -> None:
    """Walk through the deck, spending the given seconds on each slide (by index)."""
    for index in sorted(seconds_per_slide):
        page.evaluate(f"Reveal.slide({index})")
        page.clock.run_for(seconds_per_slide[index] * 1000)


def post(running, body: bytes, headers: dict[str, str]) -> int:
    port = running.server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        connection.request("POST", "/__confdeck/rehearsals", body=body,
                           headers={"Host": f"127.0.0.1:{port}", **headers})
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_rehearsal_goes_through_the_preview_into_the_rehearsals_file_and_back_into_plan(
        preview, workspace, browser):  # noqa: F811
    running = preview()
    before = files_under(workspace)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.clock.install(time=T0)
        page.clock.pause_at(T0 + 1000)
        page.goto(running.url)
        page.clock.run_for(500)
        page.wait_for_function("Reveal.isReady()")
        speaker = speaker_view(page)
        # pwc2020: 0 title, 1 agenda, 2 overview, 3 tools, 4 web … (sections of one slide have no header)
        rehearse(page, {1: 20, 2: 345, 3: 505, 4: 10})
        speaker.keyboard.press("t")      # a question: five minutes that are not the talk's
        page.clock.run_for(300_000)
        speaker.keyboard.press("t")
        rehearse(page, {4: 170})
        speaker.click(".cd-save")
        page.clock.run_for(100)
        speaker.wait_for_function("document.querySelector('.cd-saved').textContent.startsWith('Saved')",
                                  timeout=WAIT * 1000)
    finally:
        context.close()
    # Nothing but the rehearsals file is written, next to the notes, one JSON line.
    after = files_under(workspace)
    assert set(after) - set(before) == {"notes/pwc2020.rehearsals.jsonl"}
    assert all(after[name] == content for name, content in before.items())
    lines = after["notes/pwc2020.rehearsals.jsonl"].decode().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["total_seconds"] == 20 + 15 + 330 + 5 + 500 + 10 + 170  # the pause is left out
    assert [s["seconds"] for s in record["sections"][:3]] == [345, 505, 180]
    assert "rehearsal saved to notes/pwc2020.rehearsals.jsonl (17:30)" in running.out.getvalue()

    result = run_confdeck("plan", "notes/pwc2020.md", "--rehearsals", cwd=workspace)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Python Web Conference 2020: 1 rehearsal in notes/pwc2020.rehearsals.jsonl" in text
    # planned / last / median / off, and the flag: 5:45 for 5:00 is over by more than 30 s (and 10 %).
    assert re.search(r"1  Conference overview\s+5:00\s+5:45\s+5:45\s+\+0:45\s+over", text)
    assert re.search(r"2  Tools/libraries/techniques from talks\s+10:00\s+8:25\s+8:25\s+-1:35\s+under", text)
    assert re.search(r"3  General web stuff\s+3:00\s+3:00\s+3:00\s+0:00$", text, re.M)
    assert "warning: section “Conference overview” ran over its plan" in text
    suggested = re.findall(r"^  (.+) \(~([\d.]+ mins?|\d+s)\)$", text, re.M)
    assert len(suggested) == 6
    # No duration in pwc2020: the budgets add up to the planned 26 minutes.
    assert sum(float(amount.split()[0]) for _, amount in suggested) == 26


def test_posts_from_elsewhere_or_without_the_token_are_refused(preview, workspace):  # noqa: F811
    running = preview()
    port = running.server.server_address[1]
    record = json.dumps({"format": "confdeck-rehearsal", "version": 1, "total_seconds": 60,
                         "sections": [{"title": "Intro", "seconds": 60}],
                         "slides": [{"title": "Intro", "section": 0, "seconds": 60}]}).encode()
    good = {"Origin": f"http://127.0.0.1:{port}", "X-Confdeck-Token": running.deck.token,
            "Content-Type": "application/json"}
    before = files_under(workspace)
    assert post(running, record, {**good, "Origin": "http://evil.example"}) == 403
    assert post(running, record, {key: value for key, value in good.items() if key != "Origin"}) == 403
    assert post(running, record, {**good, "Sec-Fetch-Site": "cross-site"}) == 403
    assert post(running, record, {key: value for key, value in good.items() if key != "X-Confdeck-Token"}) == 403
    assert post(running, record, {**good, "X-Confdeck-Token": "guess"}) == 403
    assert post(running, record, {**good, "Content-Type": "text/plain"}) == 415
    assert post(running, b'{"format": "something else"}', good) == 400
    assert files_under(workspace) == before  # nothing written
    # The token is only in the page this server serves.
    page = (lambda c: (c.request("GET", "/", headers={"Host": f"127.0.0.1:{port}"}), c.getresponse().read())[1])(
        http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)).decode()
    assert f'data-token="{running.deck.token}"' in page
    assert post(running, record, good) == 200
    assert set(files_under(workspace)) - set(before) == {"notes/pwc2020.rehearsals.jsonl"}


def test_from_a_file_the_rehearsal_downloads_and_plan_reads_the_download(browser, tmp_path):
    out = tmp_path / "out"
    assert run_confdeck("build", str(NOTES / "pwc2020.md"), "-o", str(out), "--format", "html").returncode == 0
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.clock.install(time=T0)
        page.clock.pause_at(T0 + 1000)
        page.goto((out / "pwc2020.html").as_uri())
        page.clock.run_for(500)
        speaker = speaker_view(page)
        rehearse(page, {1: 10, 2: 290})
        with page.expect_download() as downloading:  # the deck's window downloads it
            speaker.click(".cd-save")
        download = downloading.value
        assert download.suggested_filename == "pwc2020.rehearsal.json"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
    finally:
        context.close()
    record = check_record(json.loads(saved.read_text()))
    assert record["total_seconds"] == 300 and record["sections"][0]["seconds"] == 290
    result = run_confdeck("plan", str(NOTES / "pwc2020.md"), "--rehearsals", str(saved))
    assert result.returncode == 0, result.stderr
    assert re.search(r"1  Conference overview\s+5:00\s+4:50\s+4:50\s+-0:10$", result.stdout, re.M)


def made_up_rehearsal(sections: list[tuple[str, int]], slides: list[tuple[str, int | None, int]]) -> str:
    return json.dumps({"format": "confdeck-rehearsal", "version": 1,
                       "total_seconds": sum(seconds for _, _, seconds in slides),
                       "sections": [{"title": t, "seconds": s} for t, s in sections],
                       "slides": [{"title": t, "section": i, "seconds": s} for t, i, s in slides]})


HEADINGS = """\
---
duration: 20 min
speakers: [Alice, Bob]
---
# Team talk

## Overview (~5 mins)

### What we saw

- Talks

## Tools — 10 mins @Alice

### uv

- Fast

## Demo @Bob

### Live

- Demo
"""


def test_write_budgets_changes_only_the_budgets(tmp_path):
    notes = tmp_path / "talk.md"
    notes.write_bytes(HEADINGS.replace("\n", "\r\n").encode())  # Windows line ends stay as they are
    runs = [made_up_rehearsal([("Overview", 480), ("Tools", 540), ("Demo", 180)],
                              [("Overview", None, 0), ("What we saw", 0, 480), ("uv", 1, 540), ("Live", 2, 180)]),
            made_up_rehearsal([("Overview", 420), ("Tools", 600), ("Demo", 240)],
                              [("What we saw", 0, 420), ("uv", 1, 600), ("Live", 2, 240)])]
    rehearsals_path(notes).write_text("\n".join(runs) + "\n", encoding="utf-8")
    original = notes.read_bytes()
    result = run_confdeck("plan", str(notes), "--rehearsals", "--write-budgets")
    assert result.returncode == 0, result.stderr
    # The change is shown before it is written.
    shown = result.stdout
    assert shown.index("-## Overview (~5 mins)") < shown.index("+## Overview (~7.5 mins)") < shown.index("wrote ")
    # Medians 7.5, 9.5 and 3.5 minutes (20.5) scaled to the 20-minute talk, in half-minutes.
    new = notes.read_bytes()
    assert new.split(b"\r\n")[6:19:6] == [b"## Overview (~7.5 mins)", b"## Tools \xe2\x80\x94 9 mins @Alice",
                                          b"## Demo (~3.5 mins) @Bob"]  # a new budget goes before the owner
    old_lines, new_lines = original.split(b"\r\n"), new.split(b"\r\n")
    assert len(old_lines) == len(new_lines)
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert changed == [6, 12, 18]  # the three section titles; every other byte as it was
    assert (tmp_path / "talk.md.bak").read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.md", "talk.md.bak", "talk.rehearsals.jsonl"]
    # Read back: the new budgets add up to the talk.
    plan = json.loads(run_confdeck("plan", str(notes), "--json").stdout)
    assert [s["budget_seconds"] for s in plan["sections"]] == [450, 540, 210]
    again = run_confdeck("plan", str(notes), "--rehearsals", "--write-budgets")
    assert "the budgets are already these; nothing written" in again.stdout


def test_build_with_rehearsed_timings(tmp_path):
    notes = tmp_path / "talk.md"
    notes.write_text(HEADINGS, encoding="utf-8")
    rehearsals_path(notes).write_text(made_up_rehearsal(
        [("Overview", 250), ("Tools", 600), ("Demo", 200)],
        [("Overview", 0, 10), ("What we saw", 0, 240), ("Tools", 1, 10), ("uv", 1, 590), ("Demo", 2, 5),
         ("Live", 2, 195)]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_confdeck("build", str(notes), "-o", str(out), "--timings", "rehearsed")
    assert result.returncode == 0, result.stderr
    slides = pptx_slides(out / "talk.pptx")
    what = next(slide for slide in slides if slide["title"] == "What we saw")
    assert what["notes"].split("\n")[0].endswith("· rehearsed 4:00 of 5:00")
    from pptx import Presentation
    from pptx.oxml.ns import qn
    deck = Presentation(str(out / "talk.pptx"))

    def advance_after(slide):
        transition = slide._element.find(qn("p:transition"))
        return transition.get("advTm") if transition is not None else None

    advance = [(s.shapes.title.text_frame.text if s.shapes.title is not None else "", advance_after(s))
               for s in deck.slides]
    assert ("What we saw", "240000") in advance and ("uv", "590000") in advance and ("Live", "195000") in advance
    assert advance[0][1] is None  # the title slide waits for the speaker
    html = (out / "talk.html").read_text(encoding="utf-8")
    assert "rehearsed 9:50 of" in html


def test_suggested_budgets_and_flags():
    assert sum(suggest_budgets([345, 505, 180, 60, 120, 300], 1560)) == 1560
    assert all(value % 30 == 0 for value in suggest_budgets([345, 505, 180], 1500))
    assert suggest_budgets([100, 100], 1501) == [751, 750]  # not whole half-minutes: whole seconds
    assert [budget_text(s) for s in (300, 330, 60, 95)] == ["5 mins", "5.5 mins", "1 min", "95s"]
    assert flag(300, 345) == "over" and flag(600, 505) == "under"
    assert flag(300, 325) is None  # 25 s and 8 %: within both
    assert flag(1200, 1300) == "over"  # 100 s, though under 10 % of 20 minutes
    assert flag(120, 100) == "under"  # 20 s, but 17 % of a 2-minute section
    assert flag(600, 570) is None and flag(600, 631) == "over"  # 30 s is within, 31 s is not


@pytest.mark.parametrize("data, problem", [
    ({"format": "x"}, "not a rehearsal"),
    ({"format": "confdeck-rehearsal", "version": 1, "total_seconds": -1, "sections": [], "slides": []},
     "total_seconds"),
    ({"format": "confdeck-rehearsal", "version": 1, "total_seconds": 5, "sections": [],
      "slides": [{"title": "a", "section": 3, "seconds": 5}]}, "slides[0].section"),
])
def test_a_bad_record_is_refused(data, problem):
    with pytest.raises(ValueError, match=re.escape(problem)):
        check_record(data)


def test_a_broken_rehearsals_file_is_a_user_error(tmp_path):
    notes = tmp_path / "team.md"
    notes.write_text(TEAM, encoding="utf-8")
    rehearsals_path(notes).write_text('{"format": "confdeck-rehearsal"}\nnot json\n', encoding="utf-8")
    result = run_confdeck("plan", str(notes), "--rehearsals")
    assert result.returncode == 2 and "team.rehearsals.jsonl:1: not a rehearsal" in result.stderr
    missing = run_confdeck("plan", str(notes), "--rehearsals", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "none.json: no rehearsals yet" in missing.stderr
    assert run_confdeck("plan", str(notes), "--write-budgets").returncode == 2


def test_preview_rehearse_shows_the_clock_and_its_save_button_on_the_slides(preview, browser):  # noqa: F811
    running = preview(rehearse=True)
    page = browser.new_page()
    try:
        page.goto(running.url)
        page.wait_for_selector(".cd-bar .cd-save")
        assert page.text_content(".cd-bar .cd-talk-left") == "26:00"  # pwc2020's plan, no duration
    finally:
        page.close()
    plain = preview()
    page = browser.new_page()
    try:
        page.goto(plain.url)
        page.wait_for_function("Reveal.isReady()")
        assert page.query_selector(".cd-bar") is None  # timer: speaker, the default
    finally:
        page.close()
