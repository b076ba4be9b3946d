"""Processed pictures are kept across builds in one process: a save re-processes only what changed."""
from __future__ import annotations

import io
import os
import re
import base64
from pathlib import Path

import pytest
from PIL import Image as PILImage

from confdeck.build import BuildOptions, render_deck
from confdeck.render.images import PROCESSED

COLOURS = {"red.jpg": (200, 30, 30), "green.jpg": (30, 160, 60), "blue.png": (30, 60, 200)}


@pytest.fixture
def trip(tmp_path):
    PROCESSED.clear()
    for name, colour in COLOURS.items():
        PILImage.new("RGB", (640, 480), colour).save(tmp_path / name)
    notes = tmp_path / "trip.md"
    notes.write_text("# Trip\n\n" + "".join(f"## {name}\n\n![{name}]({name})\n\n" for name in COLOURS),
                     encoding="utf-8")
    yield notes
    PROCESSED.clear()


def html_build(notes: Path) -> str:
    return render_deck(notes, BuildOptions(formats=("html",)), notes.name).outputs["html"].decode("utf-8")


def shown_colours(html: str) -> list[tuple[int, int, int]]:
    """The centre pixel of every picture in the HTML deck, in slide order."""
    found = []
    for mime, data in re.findall(r'src="data:(image/\w+);base64,([^"]+)"', html):
        with PILImage.open(io.BytesIO(base64.b64decode(data))) as picture:
            found.append(picture.convert("RGB").getpixel((picture.width // 2, picture.height // 2)))
    return found


def close(a, b, tolerance=8):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def test_a_second_build_decodes_nothing_again(trip):
    first = html_build(trip)
    assert PROCESSED.decoded == 3 and PROCESSED.reused == 0
    second = html_build(trip)
    assert PROCESSED.decoded == 3, "an unchanged picture was decoded again"
    assert PROCESSED.reused == 3
    assert shown_colours(second) == shown_colours(first)
    assert all(close(got, want) for got, want in zip(shown_colours(second), COLOURS.values()))


def test_touching_one_picture_reprocesses_only_it(trip):
    html_build(trip)
    red = trip.parent / "red.jpg"
    PILImage.new("RGB", (640, 480), (250, 250, 0)).save(red)  # same name, new picture
    later = os.stat(red).st_mtime_ns + 2_000_000_000
    os.utime(red, ns=(later, later))
    html = html_build(trip)
    assert PROCESSED.decoded == 4 and PROCESSED.reused == 2
    colours = shown_colours(html)
    assert close(colours[0], (250, 250, 0)), "the saved picture is not the one shown"
    assert close(colours[1], COLOURS["green.jpg"]) and close(colours[2], COLOURS["blue.png"])


def test_a_touch_alone_reprocesses_that_file(trip):
    html_build(trip)
    blue = trip.parent / "blue.png"
    later = os.stat(blue).st_mtime_ns + 1_000_000_000
    os.utime(blue, ns=(later, later))
    html_build(trip)
    assert PROCESSED.decoded == 4 and PROCESSED.reused == 2


def test_another_slide_size_is_another_entry(trip):
    html_build(trip)
    (trip.parent / "templates" / "square").mkdir(parents=True)
    (trip.parent / "templates" / "square" / "template.yaml").write_text('slide_size: "4:3"\n', encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(trip.parent)
    try:
        render_deck(trip, BuildOptions(formats=("html",), template="square"), trip.name)
    finally:
        os.chdir(cwd)
    # The box a picture is fitted to is part of the key: a 4:3 deck processes each picture for its size.
    assert PROCESSED.decoded == 6


def test_a_refused_file_stays_refused_and_is_not_read_again(trip):
    (trip.parent / "red.jpg").write_bytes(b"not a picture at all")
    first = render_deck(trip, BuildOptions(formats=("html",)), trip.name)
    second = render_deck(trip, BuildOptions(formats=("html",)), trip.name)
    for result in (first, second):
        assert [d.message for d in result.diagnostics if d.message.startswith("image")] == \
            ["image skipped, not an image: red.jpg"]
    assert PROCESSED.decoded == 3 and PROCESSED.reused == 3


def test_the_cache_stays_within_its_byte_budget(trip, monkeypatch):
    monkeypatch.setattr(type(PROCESSED), "MAX_BYTES", 1)  # nothing fits: every build processes again
    html_build(trip)
    html_build(trip)
    assert PROCESSED.decoded == 6
