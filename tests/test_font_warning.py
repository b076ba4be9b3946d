"""A template font that is not installed (and has no metric-compatible twin) is named once, with
the template line and the font measured instead: pages may then differ on other machines."""
from __future__ import annotations

import pytest

from conftest import need_program, run_confdeck

from confdeck.plan.fonts import stand_in


def make_template(folder, fonts: str):
    (folder / "templates" / "acme").mkdir(parents=True)
    (folder / "templates" / "acme" / "template.yaml").write_text(
        f'name: acme\nextends: default\ncolors:\n  accent: "#112233"\nfonts:\n{fonts}', encoding="utf-8")
    (folder / "talk.md").write_text("# Talk\n\n## Part\n\n### Slide\n\n* one point\n", encoding="utf-8")


def font_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "is not installed" in line]


def test_a_missing_template_font_is_named_once_with_its_line(tmp_path):
    need_program("fc-match", "fontconfig")
    used = stand_in("Aptos")
    if used is None:
        pytest.skip("Aptos is installed here: nothing to warn about")
    make_template(tmp_path, "  body: Aptos\n  heading: Aptos\n  code: Courier New\n")
    result = run_confdeck("build", "talk.md", "-o", "out", "--template", "acme", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert font_warnings(result.stderr) == [
        f'warning: templates/acme/template.yaml:6: font "Aptos" is not installed; measuring with "{used}" '
        f"— pages may differ on other machines"]
    assert used != "Aptos"


def test_a_font_with_an_installed_twin_needs_no_warning(tmp_path):
    need_program("fc-match", "fontconfig")
    if stand_in("Calibri") is not None or stand_in("Courier New", monospace=True) is not None:
        pytest.skip("Carlito or Liberation Mono missing (fonts-crosextra-carlito, fonts-liberation2)")
    make_template(tmp_path, "  body: Calibri\n  heading: Calibri\n  code: Courier New\n")
    result = run_confdeck("build", "talk.md", "-o", "out", "--template", "acme", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert font_warnings(result.stderr) == []
