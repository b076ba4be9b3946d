"""tools/speaker_view_screenshot.py: the README's picture of the speaker view is made, small, from a real deck."""
from __future__ import annotations

import importlib.util

from PIL import Image

from conftest import ROOT


def test_the_screenshot_shows_the_talk_clock_and_stays_small(browser, tmp_path):
    spec = importlib.util.spec_from_file_location("shot", ROOT / "tools" / "speaker_view_screenshot.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out = tmp_path / "speaker-view.png"
    text = tool.capture(out, browser)
    # 2:10 into the second section, which started at 14:06 (5:40 on the first, 30 s on title and agenda).
    assert "Section 2/6 · Tools/libraries/techniques from talks" in text
    assert "Started 14:06, planned 14:05: 1:00 behind" in text
    assert "7:49" in text and "16:49" in text  # 10:00 - 2:11 in the section, 25:00 - 8:11 of the talk
    with Image.open(out) as image:
        assert image.mode == "P" and image.size[0] >= 800
    assert out.stat().st_size < 100_000
    with Image.open(ROOT / "images" / "speaker-view.png") as shipped:
        assert shipped.size == Image.open(out).size
