"""The same notes give the same .pptx and .html, byte for byte: a deck kept in git changes only when
its notes do. Zip times are fixed (SOURCE_DATE_EPOCH when set), footer field ids come from where
the field is, not from a random GUID."""
from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import zipfile

from pptx import Presentation

from conftest import NOTES
from confdeck.build import BuildOptions, render_deck

FIELD_ID = re.compile(rb'<a:fld id="(\{[0-9A-F-]{36}\})" type="slidenum"')


def _build(notes, **options):
    return render_deck(notes, BuildOptions(**options)).outputs


def test_two_builds_give_the_same_bytes(monkeypatch):
    # nightowl: a footer with the slide number (a field) and a logo on every slide.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _build(NOTES / "pwc2020.md", template="nightowl", auto_advance=True)
    second = _build(NOTES / "pwc2020.md", template="nightowl", auto_advance=True)
    assert first["pptx"] == second["pptx"]   # dated when the notes were saved, not when they were built
    assert first["html"] == second["html"]
    with zipfile.ZipFile(io.BytesIO(first["pptx"])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        slides = sorted((n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                        key=lambda n: int(re.findall(r"\d+", n)[0]))
        ids = [FIELD_ID.findall(archive.read(name)) for name in slides]
    # Every slide but the title slide has its number as a field; no two fields share an id.
    assert ids[0] == [] and all(len(found) == 1 for found in ids[1:])
    flat = [found[0] for found in ids[1:]]
    assert len(set(flat)) == len(flat)
    prs = Presentation(io.BytesIO(first["pptx"]))
    texts = [shape.text_frame.text for shape in prs.slides[2].shapes if shape.has_text_frame]
    assert any(text.startswith("Python Web Conference 2020 · Night Owl Consulting") for text in texts)


def test_source_date_epoch_dates_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")   # 2023-11-14 22:13:20 UTC
    notes = tmp_path / "talk.md"
    shutil.copy(NOTES / "pyconweb2019.md", notes)
    data = _build(notes, formats=("pptx",))["pptx"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    core = Presentation(io.BytesIO(data)).core_properties
    assert core.created.isoformat() == core.modified.isoformat() == "2023-11-14T22:13:20"
    assert data == _build(notes, formats=("pptx",))["pptx"]


def test_the_deck_is_dated_when_its_notes_were_saved(monkeypatch, tmp_path):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    notes = tmp_path / "talk.md"
    shutil.copy(NOTES / "pyconweb2019.md", notes)
    os.utime(notes, (1_750_000_000, 1_750_000_000))   # 2025-06-15 15:06:40 UTC
    prs = Presentation(io.BytesIO(_build(notes, formats=("pptx",))["pptx"]))
    assert prs.core_properties.created == prs.core_properties.modified == datetime.datetime(2025, 6, 15, 15, 6, 40)
    notes.write_text(notes.read_text(encoding="utf-8") + "\n- one more point\n", encoding="utf-8")
    edited = Presentation(io.BytesIO(_build(notes, formats=("pptx",))["pptx"]))
    assert edited.core_properties.modified > datetime.datetime(2026, 1, 1)   # saved again: dated again
