"""No inherited history (issue 16, point 12): a deck built in a company master says nothing of the master's
past. core.xml names the notes' title and author and the build's time (or SOURCE_DATE_EPOCH), nothing of the
master's authors, revision, keywords or comments; app.xml lists the deck's slides, not the master's sample
slides; no sample slide's title is left in any part of either deck."""
from __future__ import annotations

import datetime
import zipfile

import pytest
from lxml import etree
from pptx import Presentation

from conftest import load_tool
from safety_helpers import build

NOTES = ("---\ntitle: Fleet Telemetry at Scale\nauthor: Ada Lindqvist\n---\n# Fleet Telemetry at Scale\n\n"
         "## Sensors (~3 min)\n\n- what the trucks report\n- how often\n\n## Storage (~3 min)\n\n- columnar files\n"
         "\n## Alerts (~2 min)\n\n- thresholds\n")
CORE = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
APP = {"ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
       "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}



make_masters = load_tool("make_masters")
# Words only the master's past holds: its sample slides' titles, its people, its company, its year.
PAST = [*make_masters.SAMPLE_TITLES, "Zebra", "Pelican", "Marmoset", make_masters.OLD_AUTHOR,
        make_masters.OLD_EDITOR, "Oldfield", "2018"]


@pytest.fixture
def history_build(tmp_path, capsys, monkeypatch):
    def run(*args):
        master = make_masters.make_old_history(tmp_path / "templates" / "old")
        with zipfile.ZipFile(master) as archive:   # the pattern really carries that past
            assert b"Quarterly Zebra Review" in archive.read("docProps/app.xml")
            assert b"Harriet Oldfield" in archive.read("docProps/core.xml")
            assert b"Zebra board cut" in archive.read("ppt/presentation.xml")    # a custom show of the samples
            assert b"Pelican section" in archive.read("ppt/presentation.xml")    # and their section
            assert b"Barnaby Former" in archive.read("ppt/authors.xml")          # Office 365's edit history
        result = build(tmp_path, NOTES, "--template", "old", *args, capsys=capsys, monkeypatch=monkeypatch)
        assert result.code == 0, result.err
        return result
    return run


def test_core_properties_come_from_the_notes(history_build, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")   # 2026-01-01 00:00:00 UTC
    result = history_build()
    with zipfile.ZipFile(result.pptx) as archive:
        core = etree.fromstring(archive.read("docProps/core.xml"))
    fields = {element.tag.split("}")[1]: element.text for element in core}
    assert fields == {"title": "Fleet Telemetry at Scale", "creator": "Ada Lindqvist",
                      "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z"}
    properties = Presentation(str(result.pptx)).core_properties
    assert (properties.last_modified_by, properties.revision, properties.keywords, properties.comments) == \
        ("", 0, "", "")


def test_without_source_date_epoch_the_deck_is_dated_now(history_build, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    result = history_build()
    after = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    properties = Presentation(str(result.pptx)).core_properties
    assert before <= properties.created == properties.modified <= after


def test_app_properties_list_the_decks_own_slides(history_build):
    result = history_build()
    prs = Presentation(str(result.pptx))
    titles = [slide.shapes.title.text for slide in prs.slides]
    with zipfile.ZipFile(result.pptx) as archive:
        app = etree.fromstring(archive.read("docProps/app.xml"))
    assert app.findtext("ep:Slides", namespaces=APP) == str(len(prs.slides)) == str(len(titles))
    assert app.findtext("ep:Notes", namespaces=APP) == str(sum(slide.has_notes_slide for slide in prs.slides))
    pairs = app.findall("ep:HeadingPairs/vt:vector/vt:variant", APP)
    assert [p.findtext("vt:lpstr", namespaces=APP) or p.findtext("vt:i4", namespaces=APP) for p in pairs] == \
        ["Slide Titles", str(len(titles))]
    vector = app.find("ep:TitlesOfParts/vt:vector", APP)
    assert vector.get("size") == str(len(titles))
    assert [item.text for item in vector] == titles
    assert titles[:2] == ["Fleet Telemetry at Scale", "Agenda"]


def test_no_part_of_either_deck_keeps_the_masters_past(history_build, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    result = history_build()
    with zipfile.ZipFile(result.pptx) as archive:
        found = {(name, word) for name in archive.namelist() for word in PAST
                 if word.encode("utf-8") in archive.read(name)}
    assert found == set()
    html = result.html.read_text(encoding="utf-8")
    assert [word for word in PAST if word in html] == []
    assert "Sensors" in html and "what the trucks report" in html
