"""`confdeck --help` answers without loading the heavy libraries (startup time is most of it)."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

HEAVY = ("pptx", "PIL", "jinja2", "marko", "pyromark", "lxml", "yaml")


def test_help_imports_no_heavy_library():
    code = ("import sys\nfrom confdeck.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            f"print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "usage: confdeck" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "LOADED []"
