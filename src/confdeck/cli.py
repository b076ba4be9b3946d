"""The command line: declares options, imports the command lazily, calls a plain function.

Nothing here imports python-pptx, Pillow or Jinja2, so `confdeck --help` stays fast.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from confdeck import __version__
from confdeck.errors import EXIT_OK, EXIT_USER_ERROR, ConfdeckError


def _duration(text: str) -> int:
    from confdeck.read.budgets import parse_duration

    seconds = parse_duration(text)
    if seconds is None:
        raise argparse.ArgumentTypeError(f"expected a duration such as 25m, 1h or 00:25:00, got {text!r}")
    return seconds


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="confdeck",
        description="Turn conference notes into an editable PowerPoint deck and a self-contained reveal.js deck.")
    parser.add_argument("--version", action="version", version=f"confdeck {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when confdeck itself fails")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build output/NAME.pptx and output/NAME.html from notes")
    build.add_argument("notes", help="the notes file (Markdown)")
    build.add_argument("-o", "--outdir", default="output", help="folder for the decks (default: output)")
    build.add_argument("--format", choices=["pptx", "html", "all"], default="all")
    build.add_argument("--template", help="template name (wins over `template:` in the notes)")
    build.add_argument("--duration", type=_duration, help="talk length, e.g. 25m (wins over `duration:`)")
    build.add_argument("--allow-html", action="store_true", help="pass raw HTML in the notes through unfiltered")
    build.set_defaults(run=run_build)
    return parser


def print_diagnostics(diagnostics) -> None:
    for diagnostic in diagnostics:
        print(f"{diagnostic.level}: {diagnostic}", file=sys.stderr)


def run_build(args) -> int:
    from confdeck.build import BuildOptions, render_deck, write_outputs

    formats = ("pptx", "html") if args.format == "all" else (args.format,)
    options = BuildOptions(outdir=Path(args.outdir), formats=formats, template=args.template,
                           duration_seconds=args.duration, allow_html=args.allow_html)
    notes = Path(args.notes)
    result = render_deck(notes, options, shown=args.notes)
    print_diagnostics(result.diagnostics)
    count = len(result.planned.slides)
    for path in write_outputs(result, notes, options.outdir):
        print(f"wrote {path} ({count} slides)")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USER_ERROR
    try:
        return args.run(args)
    except ConfdeckError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in confdeck, not a user mistake
        if args.debug:
            raise
        print(f"error: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
              file=sys.stderr)
        return 1
