"""reveal.js files from the pinned pyreveal wheel, found without importing its Python code."""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from confdeck.errors import ConfdeckError


@functools.cache
def reveal_dist() -> Path:
    spec = importlib.util.find_spec("pyreveal")
    if spec is None or not spec.submodule_search_locations:
        raise ConfdeckError("reveal.js not found: install the pinned package with `pip install pyreveal==1.0.0`")
    dist = Path(list(spec.submodule_search_locations)[0]) / "revealjs" / "dist"
    if not (dist / "reveal.js").is_file():
        raise ConfdeckError(f"reveal.js not found in {dist}")
    return dist


@functools.cache
def reveal_asset(relative: str) -> str:
    """The text of one reveal.js file, e.g. `reveal.css` or `plugin/notes.js` (cached per process)."""
    text = (reveal_dist() / relative).read_text(encoding="utf-8")
    # Inlined inside <script>/<style>: a literal closing tag would end the element early.
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


@functools.cache
def talk_clock_script() -> str:
    """Our own reveal.js plugin (src/confdeck/talk_clock.js), inlined like reveal.js itself."""
    text = (Path(__file__).parent.parent / "talk_clock.js").read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script")
