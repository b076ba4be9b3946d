"""confdeck: conference notes to an editable PowerPoint deck and a self-contained reveal.js deck."""

__version__ = "0.1.0"


def _interrupted_while_starting(signum, frame) -> None:
    # Ctrl-C before main() runs (imports take a while on a busy machine) ends quietly, not with a
    # traceback from deep inside the import system. main() puts Python's own handler back.
    import os
    os.write(2, b"error: interrupted\n")
    os._exit(130)


def _quiet_ctrl_c_while_starting() -> None:
    """Only when this process is the confdeck command (its script, or python -m confdeck)."""
    import sys
    command = sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1] if sys.argv else ""
    if command not in ("confdeck", "confdeck.exe", "-m"):
        return  # imported as a library (tests, other programs): their Ctrl-C is theirs
    import _signal  # the C module: `signal` imports enum first, itself a Ctrl-C's worth of time
    try:
        _signal.signal(_signal.SIGINT, _interrupted_while_starting)
    except ValueError:  # not the main thread
        pass


_quiet_ctrl_c_while_starting()
