"""Pause Python's cyclic garbage collector around a phase that only builds objects.

Reading a 1000-slide outline allocates some 150,000 small objects (the parse
tree, then the deck model) that all stay alive until the phase ends. The cyclic
collector runs every 700 allocations and, as the heap grows, repeatedly walks
every live object: about 40 % of the read time measured on benchmarks/
bench1000.md, for no garbage found. The objects made here form no reference
cycles, so reference counting frees whatever is dropped with the collector off;
it runs again as usual once the phase is over. A whole build (build.render_deck)
runs paused too: it keeps nearly everything it makes until its decks are done;
and so does every command but `preview` (cli.main), imports included.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0               # phases in progress, in any thread (preview rebuilds in a thread of its own)
_was_enabled = False     # the collector's state before the first of them began


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; restore it when the last paused block ends."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
