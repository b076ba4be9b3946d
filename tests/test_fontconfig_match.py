"""fontconfig's match in-process gives what the fc-match program prints, for every installed family."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from confdeck.plan import fontconfig
from confdeck.plan.fonts import LAST_RESORT, METRIC_COMPATIBLE

STYLES = ["", ":bold", ":italic", ":bold:italic"]


def fc_match_program(pattern: str) -> tuple[str, str]:
    out = subprocess.run([shutil.which("fc-match"), "--format=%{family[0]}\t%{file}", pattern],
                         capture_output=True, text=True, timeout=10, check=True).stdout
    name, _, file = out.partition("\t")
    return name, file


def test_in_process_match_equals_the_fc_match_program():
    if not shutil.which("fc-match") or not shutil.which("fc-list"):
        pytest.skip("fontconfig's programs are not installed")
    if fontconfig.match("Calibri") is None:
        pytest.skip("libfontconfig cannot be loaded")
    listed = subprocess.run(["fc-list", "--format=%{family[0]}\n"], capture_output=True, text=True,
                            timeout=30, check=True).stdout.splitlines()
    families = sorted({name for name in listed if name})[:40]
    families += list(METRIC_COMPATIBLE) + list(LAST_RESORT.values()) + ["No Such Font 123", "Courier New"]
    assert len(families) > 10
    for family in families:
        for style in STYLES:
            assert fontconfig.match(family + style) == fc_match_program(family + style), family + style
