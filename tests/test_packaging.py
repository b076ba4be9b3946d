"""A non-editable install (`pip install .`) still finds the built-in templates."""
from __future__ import annotations

import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import NOTES, ROOT


def test_wheel_ships_builtin_templates_and_builds_from_elsewhere(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(wheels.glob("confdeck-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "confdeck/builtin_templates/default/template.yaml" in names
    assert "confdeck/builtin_templates/default/deck.html.j2" in names
    for name in ("template.yaml", "master.pptx", "logo.png", "deck.css", "deck.html.j2"):
        assert f"confdeck/builtin_templates/nightowl/{name}" in names
    for look in ("midnight", "bold"):   # the built-in looks: settings, master and their CSS
        for name in ("template.yaml", "master.pptx", "deck.css"):
            assert f"confdeck/builtin_templates/{look}/{name}" in names
    assert "confdeck/preview_reload.js" in names  # the live-reload script `confdeck preview` serves
    assert {"confdeck/export/handout.js", "confdeck/export/handout.css"} <= set(names)  # --format handout
    assert "confdeck/talk_clock.js" in names  # the talk clock plugin every HTML deck inlines

    # Install it on its own and build away from the checkout. The dependencies come from the interpreter
    # running the tests (offline): a .pth file puts its site-packages after the new venv's own, so the
    # wheel's confdeck is found first and the checkout's editable install is not (its .pth is not read).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    venv_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip()
    (Path(venv_site) / "test-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], check=True,
                   capture_output=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run([str(python), "-m", "confdeck", "build", str(NOTES / "pwc2020.md"), "-o", "decks"],
                            cwd=elsewhere, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    where = subprocess.run([str(python), "-c", "import confdeck, sys; print(confdeck.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, env=env).stdout
    assert str(venv) in where  # really the installed copy, not the checkout
    assert (elsewhere / "decks" / "pwc2020.pptx").stat().st_size > 10_000
    assert "Python Web Conference 2020" in (elsewhere / "decks" / "pwc2020.html").read_text(encoding="utf-8")

    # The built-in company template, found inside the installed package.
    listed = subprocess.run([str(python), "-m", "confdeck", "template", "list"], cwd=elsewhere, capture_output=True,
                            text=True, env=env, timeout=300).stdout.splitlines()
    assert [line.split(":")[0] for line in listed] == [
        "bold      built-in  extends default, own master.pptx",
        "default   built-in  base template",
        "midnight  built-in  extends default, own master.pptx",
        "nightowl  built-in  extends default, own master.pptx"]
    result = subprocess.run([str(python), "-m", "confdeck", "build", str(NOTES / "pwc2020.md"), "-o", "night",
                             "--template", "nightowl"], cwd=elsewhere, capture_output=True, text=True, env=env,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "--cd-background: #0B1E33;" in (elsewhere / "night" / "pwc2020.html").read_text(encoding="utf-8")
