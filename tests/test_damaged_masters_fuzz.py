"""Randomly damaged masters (issue 16, point 11): whatever is wrong with the package, a build exits 0 or 2 with
`file: not a PowerPoint file (why)` (or `refused: why`), never 3.

The damage is random but seeded (the same every run). The masters are schema-invalid on purpose, so the
package audit every other test gets is replaced here by the property it can still check: a deck built from
a damaged master that has no schema faults itself has no faults either (confdeck adds none)."""
from __future__ import annotations

import random
import re

import pytest
from lxml import etree
from pptx import Presentation

from package_checks import audit_findings, package_findings
from test_damaged_masters import SHOWN, base_master, build_with, package, parts_of


@pytest.fixture(autouse=True)
def audit_every_built_deck():
    """(conftest's audit of every built deck, replaced: see the module's docstring)"""
    yield


def _mutate(parts: dict[str, bytes], rng: random.Random) -> dict[str, bytes]:
    parts = dict(parts)
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(sorted(parts))
        operation = rng.choice(["drop part", "drop content type", "drop element", "spoil attribute", "truncate"])
        if operation == "drop part":
            parts.pop(name)
        elif operation == "truncate":
            parts[name] = parts[name][:rng.randint(0, len(parts[name]))]
        else:
            if operation == "drop content type":
                name = "[Content_Types].xml"
            try:
                root = etree.fromstring(parts.get(name, b""))
            except etree.XMLSyntaxError:
                continue
            element = rng.choice(list(root.iter()))
            if operation == "spoil attribute" and element.attrib:
                key = rng.choice(sorted(element.attrib))
                element.set(key, rng.choice(["", "x", "-1", "999999999999", "rId99", "../../etc/passwd"]))
            elif element.getparent() is not None:
                element.getparent().remove(element)
            parts[name] = etree.tostring(root)
    return parts


def test_randomly_damaged_masters_exit_0_or_2_never_3(tmp_path, capsys, monkeypatch):
    from confdeck.powerpoint import package_guard

    base = parts_of(base_master())
    rng = random.Random(16)     # the same damage every run: a failure is reproducible
    outcomes = {0: 0, 2: 0}
    audited = 0
    for attempt in range(60):
        package_guard._checked.cache_clear()   # a new file each time, even within the clock's resolution
        master = package(_mutate(base, rng))
        result = build_with(tmp_path / str(attempt), master, capsys, monkeypatch)
        assert result.code in (0, 2), (attempt, result.err)
        outcomes[result.code] += 1
        if result.code == 2:
            (line,) = result.error_lines()
            assert re.match(rf"error: {SHOWN}: (not a PowerPoint file \(.+\)|refused: .+)$", line), line
        else:
            assert [s.shapes.title.text for s in Presentation(str(result.pptx)).slides][:2] == ["Talk", "Part"]
            if not audit_findings(master):
                assert package_findings(result.pptx.read_bytes()) == [], attempt
                audited += 1
    assert outcomes[0] >= 10 and outcomes[2] >= 10 and audited >= 3, (outcomes, audited)   # all kinds were met
