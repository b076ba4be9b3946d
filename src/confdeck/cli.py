"""The command line: declares options, imports the command lazily, calls a plain function.

Nothing here imports python-pptx, Pillow or Jinja2, so `confdeck --help` stays fast.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from confdeck import __version__, _interrupted_while_starting
from confdeck.errors import (EXIT_CHECK_FAILED, EXIT_INTERNAL_ERROR, EXIT_OK, EXIT_USER_ERROR, ConfdeckError,
                             internal_error_text)
from confdeck.gc_pause import gc_paused


def _duration(text: str) -> int:
    from confdeck.read.budgets import parse_duration

    seconds = parse_duration(text)
    if not seconds:
        raise argparse.ArgumentTypeError(f"expected a duration such as 25m, 1h or 00:25:00, got {text!r}")
    return seconds


BUILD_FORMATS = ("pptx", "html", "pdf", "handout", "runsheet")


def _formats(text: str) -> tuple[str, ...]:
    """`pptx`, `pptx,html,pdf`, `all` (pptx and html) → the formats in the order given, each once."""
    formats: list[str] = []
    for name in (part.strip().lower() for part in text.split(",")):   # PPTX works as well as pptx
        chosen = ("pptx", "html") if name == "all" else (name,)
        if name not in BUILD_FORMATS and name != "all":
            close = _close(name, (*BUILD_FORMATS, "all"))
            raise argparse.ArgumentTypeError(
                f"unknown format {name!r} (expected {', '.join(BUILD_FORMATS)} or all, comma-separated)"
                + (f"; did you mean {close!r}?" if close else ""))
        formats += [fmt for fmt in chosen if fmt not in formats]
    return tuple(formats)


def _time_of_day(text: str) -> int:
    from confdeck.read.budgets import parse_time_of_day

    seconds = parse_time_of_day(text)
    if seconds is None:
        raise argparse.ArgumentTypeError(f"expected a time of day such as 14:00, got {text!r}")
    return seconds


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {text!r}")
    return int(text)


class ArgumentParser(argparse.ArgumentParser):
    """argparse that reports mistakes as `error: …` like every other confdeck message (exit 2)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USER_ERROR, f"error: {message}{did_you_mean(self, message)}\n")


def _close(word: str, candidates) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    """Every --option of the parser and of its commands, for suggestions."""
    names: set[str] = set()
    for action in parser._actions:
        names.update(name for name in action.option_strings if name.startswith("--"))
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                names |= _option_strings(command)
    return names


def did_you_mean(parser: argparse.ArgumentParser, message: str) -> str:
    """`; did you mean 'build'?` for a mistyped command, option or choice, or nothing."""
    import re

    choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if choice:
        options = re.findall(r"'([^']*)'|(\w[\w-]*)", choice.group(2))
        suggestion = _close(choice.group(1), [a or b for a, b in options])
    else:
        unknown = re.search(r"unrecognized arguments: (\S+)", message)
        word = unknown.group(1).split("=", 1)[0] if unknown else ""
        suggestion = _close(word, _option_strings(parser)) if word.startswith("-") else None
    return f"; did you mean {suggestion!r}?" if suggestion else ""


def make_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="confdeck",
        description="Turn conference notes into an editable PowerPoint deck and a self-contained reveal.js deck.")
    parser.add_argument("--version", action="version", version=f"confdeck {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when confdeck itself fails")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build output/NAME.pptx and output/NAME.html from notes")
    build.add_argument("notes", nargs="+", help="the notes file (Markdown); several build one after another")
    build.add_argument("-o", "--outdir", default="output", help="folder for the decks (default: output)")
    build.add_argument("--format", type=_formats, default=("pptx", "html"), metavar="FORMATS",
                       help="comma-separated, any case: pptx, html, pdf, handout, runsheet, or all (pptx,html; the default)")
    build.add_argument("--pdf-engine", choices=["chromium", "libreoffice"], default="chromium",
                       help="pdf: print the HTML deck with Chromium (default) or convert the .pptx with LibreOffice")
    build.add_argument("--paper", choices=["a4", "letter"],
                       help="handout and run sheet paper (default: from the locale)")
    build.add_argument("--template", help="template name (wins over `template:` in the notes)")
    build.add_argument("--duration", type=_duration, help="talk length, e.g. 25m (wins over `duration:`)")
    build.add_argument("--start", type=_time_of_day, metavar="HH:MM",
                       help="when the talk starts, e.g. 14:00: clock times in the agenda and notes (wins over `start:`)")
    build.add_argument("--allow-html", action="store_true", help="pass raw HTML in the notes through unfiltered")
    build.add_argument("--strict", action="store_true",
                       help="exit with status 1 and write nothing when there are warnings")
    build.add_argument("--auto-advance", action="store_true",
                       help="PowerPoint moves on by itself after each slide's planned time")
    build.add_argument("--timings", choices=["planned", "rehearsed"], default="planned",
                       help="rehearsed: the rehearsals' median times as PowerPoint slide timings and in the notes")
    build.set_defaults(run=run_build)

    plan = commands.add_parser("plan", help="show the timing plan: sections, budgets, start times, warnings")
    plan.add_argument("notes", help="the notes file (Markdown)")
    plan.add_argument("--duration", type=_duration, help="talk length, e.g. 25m (wins over `duration:`)")
    plan.add_argument("--start", type=_time_of_day, metavar="HH:MM",
                       help="when the talk starts, e.g. 14:00: clock times in the agenda and notes (wins over `start:`)")
    plan.add_argument("--template", help="template name, for its slide size (wins over `template:`)")
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.add_argument("--slides", action="store_true", help="list every slide with its planned time and start")
    plan.add_argument("--strict", action="store_true", help="exit with status 1 when the plan has warnings")
    plan.add_argument("--rehearsals", nargs="*", metavar="FILE",
                      help="compare with the rehearsals recorded (default: NOTES.rehearsals.jsonl next to the notes)")
    plan.add_argument("--write-budgets", action="store_true",
                      help="with --rehearsals: write the suggested budgets into the notes (a .bak is kept)")
    plan.set_defaults(run=run_plan)

    importer = commands.add_parser("import", help="turn a talk listing or a transcript into an editable outline")
    kinds = importer.add_subparsers(dest="kind", metavar="KIND", required=True)
    listing = kinds.add_parser("listing", help="a talk video listing → a Markdown outline, a slide per talk")
    listing.add_argument("listing", help="the listing file (plain text)")
    transcript = kinds.add_parser("transcript", help="a transcript → a skeleton outline with the text as notes")
    transcript.add_argument("transcript", help="the transcript file (plain text)")
    transcript.add_argument("--minutes", type=_minutes, default=2.0, metavar="N",
                            help="about how many minutes of speech per slide (default: 2)")
    shorter = transcript.add_mutually_exclusive_group()
    shorter.add_argument("--duration", type=_duration,
                         help="keep only the most telling parts for a talk this long, e.g. 10m (a slide per 2 min)")
    shorter.add_argument("--slides", type=_slide_count, metavar="N",
                         help="keep only the N most telling parts")
    for sub in (listing, transcript):
        sub.add_argument("-o", "--output", required=True, metavar="OUT.md", help="the outline file to write")
        sub.add_argument("--force", action="store_true", help="replace OUT.md if it exists")
    listing.set_defaults(run=run_import_listing)
    transcript.set_defaults(run=run_import_transcript)

    preview = commands.add_parser("preview", help="serve the HTML deck locally and reload it on every save")
    preview.add_argument("notes", help="the notes file (Markdown)")
    preview.add_argument("--port", type=_port, default=8000, help="port to serve on (default: 8000; 0: any free port)")
    preview.add_argument("--host", default="127.0.0.1",
                         help="address to serve on (default: 127.0.0.1, this computer only)")
    preview.add_argument("--template", help="template name (wins over `template:` in the notes)")
    preview.add_argument("--duration", type=_duration, help="talk length, e.g. 25m (wins over `duration:`)")
    preview.add_argument("--start", type=_time_of_day, metavar="HH:MM",
                       help="when the talk starts, e.g. 14:00: clock times in the agenda and notes (wins over `start:`)")
    preview.add_argument("--allow-html", action="store_true", help="pass raw HTML in the notes through unfiltered")
    preview.add_argument("--rehearse", action="store_true",
                         help="show the talk clock and its 'Save rehearsal' button on the slides too")
    preview.add_argument("--no-open", dest="open_browser", action="store_false", help="do not open a browser")
    preview.set_defaults(run=run_preview)

    template = commands.add_parser("template", help="list the templates, start a new one or check one")
    template_commands = template.add_subparsers(dest="template_command", metavar="ACTION")
    template_list = template_commands.add_parser("list", help="every template: name, where it lives, what it extends")
    template_list.set_defaults(run=run_template_list)
    new = template_commands.add_parser("new", help="scaffold ./templates/NAME/ with a commented template.yaml")
    new.add_argument("name", help="the new template's folder name")
    new.add_argument("--from", dest="base", default="default", help="the template it extends (default: default)")
    new.add_argument("--master", help="the company's PowerPoint master or template (.pptx, .potx, .potm), copied in "
                                      "as master.pptx")
    new.set_defaults(run=run_template_new)
    check = template_commands.add_parser(
        "check", help="what a template's master does to a deck: layouts, boxes, fonts, contrast, a contact sheet",
        description="Report which layout each slide kind uses and why, the body box and the areas it keeps "
                    "clear of, fonts found or substituted, colours that are hard to read and decorations the "
                    "HTML deck cannot draw; write one slide of each kind in both formats as PNG files to "
                    "templates/NAME/check/ (needs LibreOffice and Chromium). Exit status 1 when problems are found.")
    check.add_argument("name", help="the template to check")
    check.set_defaults(run=run_template_check)
    template.set_defaults(run=lambda args: (template.print_help(), EXIT_USER_ERROR)[1])

    completion = commands.add_parser("completion", help="print a shell completion script (bash or zsh)")
    completion.add_argument("shell", choices=["bash", "zsh"], help="the shell to complete in")
    completion.set_defaults(run=run_completion)
    return parser


def run_completion(args) -> int:
    import shtab

    parser = make_parser()
    _accept_debug_anywhere(parser)
    print(shtab.complete(parser, shell=args.shell))
    return EXIT_OK


def _slide_count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError(f"expected a number of slides from 1 to 1000, got {text!r}")
    return int(text)


def _minutes(text: str) -> float:
    try:
        minutes = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes such as 2 or 1.5, got {text!r}") from None
    if not 0 < minutes <= 600:
        raise argparse.ArgumentTypeError(f"expected a number of minutes between 0 and 600, got {text!r}")
    return minutes


def print_diagnostics(diagnostics) -> None:
    for diagnostic in diagnostics:
        print(f"{diagnostic.level}: {diagnostic}", file=sys.stderr)


def run_build(args) -> int:
    from confdeck.build import BuildOptions, check_distinct_outputs, render_deck, write_outputs

    options = BuildOptions(outdir=Path(args.outdir), formats=args.format, template=args.template,
                           duration_seconds=args.duration, allow_html=args.allow_html,
                           auto_advance=args.auto_advance, start_of_day=args.start, timings=args.timings,
                           pdf_engine=args.pdf_engine, paper=args.paper)
    check_distinct_outputs([Path(notes) for notes in args.notes], options.outdir, args.notes)
    for shown in args.notes:
        notes = Path(shown)
        result = render_deck(notes, options, shown=shown)
        print_diagnostics(result.diagnostics)
        warnings = [d for d in result.diagnostics if d.level != "info"]   # information never fails --strict
        if args.strict and warnings:
            count = len(warnings)
            print(f"error: --strict: {count} warning{'s' if count != 1 else ''}, nothing written", file=sys.stderr)
            return EXIT_CHECK_FAILED
        count = len(result.planned.slides)
        for path in write_outputs(result, notes, options.outdir, shown):
            print(f"wrote {path} ({count} slides)")
    return EXIT_OK


def run_plan(args) -> int:
    import json

    from confdeck.build import BuildOptions, plan_notes
    from confdeck.plan.report import format_plan, format_slides, plan_report

    options = BuildOptions(template=args.template, duration_seconds=args.duration, start_of_day=args.start)
    planned, _, _ = plan_notes(Path(args.notes), options, shown=args.notes)
    if args.rehearsals is not None:
        return _plan_rehearsals(args, planned)
    if args.write_budgets:
        raise ConfdeckError("--write-budgets needs --rehearsals (the budgets come from them)")
    report = plan_report(planned)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    elif args.slides:
        print(format_slides(report))
        if report["warnings"]:
            print("\n" + "\n".join(f"warning: {warning}" for warning in report["warnings"]))
    else:
        print(format_plan(report))
    if args.strict and report["warnings"]:
        count = len(report["warnings"])
        print(f"error: --strict: {count} warning{'s' if count != 1 else ''} in the plan", file=sys.stderr)
        return EXIT_CHECK_FAILED
    return EXIT_OK


def _plan_rehearsals(args, planned) -> int:
    import json

    from confdeck import rehearsals

    notes = Path(args.notes)
    files = [Path(name) for name in args.rehearsals] or [rehearsals.rehearsals_path(notes)]
    records = rehearsals.load_rehearsals(files)
    comparison = rehearsals.compare(planned, records)
    if args.json:
        print(json.dumps({"runs": comparison.runs, "last_total_seconds": comparison.last_total,
                          "median_total_seconds": comparison.median_total, "sections": comparison.sections,
                          "slides": comparison.slides, "suggested_budgets_seconds": comparison.suggested},
                         indent=2, ensure_ascii=False))
    else:
        print(rehearsals.format_comparison(comparison, ", ".join(str(f) for f in files), planned.deck.title))
    if not args.write_budgets:
        return EXIT_OK
    old, new, problems = rehearsals.budget_changes(notes, planned, comparison.suggested)
    print_diagnostics(problems)
    if old == new:
        print(f"{args.notes}: the budgets are already these; nothing written")
        return EXIT_OK
    print()
    print(rehearsals.show_change(old, new, args.notes), end="")
    backup = rehearsals.write_budgets(notes, new)
    print(f"wrote {args.notes} (the previous version is {backup})")
    return EXIT_OK


def run_import_listing(args) -> int:
    from confdeck.importing import import_listing

    result = import_listing(Path(args.listing), Path(args.output), args.force, shown=args.listing)
    print(f"wrote {args.output} ({result.summary}); build it with: confdeck build {args.output}")
    return EXIT_OK


def run_import_transcript(args) -> int:
    from confdeck.importing import import_transcript

    result = import_transcript(Path(args.transcript), Path(args.output), args.minutes, args.force,
                               shown=args.transcript, talk_seconds=args.duration, slides=args.slides)
    print(f"wrote {args.output} ({result.summary}); build it with: confdeck build {args.output}")
    return EXIT_OK


def run_preview(args) -> int:
    from confdeck.preview import PreviewOptions, run_preview as serve

    return serve(PreviewOptions(notes=Path(args.notes), shown=args.notes, host=args.host, port=args.port,
                                template=args.template, duration_seconds=args.duration, start_of_day=args.start,
                                allow_html=args.allow_html, open_browser=args.open_browser,
                                rehearse=args.rehearse))


def run_template_list(args) -> int:
    from confdeck.template_commands import format_template_list, list_templates

    for line in format_template_list(list_templates()):
        print(line)
    return EXIT_OK


def run_template_new(args) -> int:
    from confdeck.template_commands import new_template
    from confdeck.templates import shown_path

    master = Path(args.master) if args.master else None
    target, warnings = new_template(args.name, args.base, master, args.master)
    print_diagnostics(warnings)
    files = "template.yaml" + (", master.pptx" if master else "")
    print(f"created {shown_path(target)}/ ({files}); edit template.yaml, then build with --template {args.name}")
    return EXIT_OK


def run_template_check(args) -> int:
    from confdeck.template_check import check_template, format_report

    report = check_template(args.name)
    print(format_report(report))
    return EXIT_CHECK_FAILED if report.problems else EXIT_OK


def _accept_debug_anywhere(parser: argparse.ArgumentParser) -> None:
    """`confdeck build x.md --debug` works as well as `confdeck --debug build x.md`."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                _accept_debug_anywhere(command)  # nested commands such as `import listing`
                if "--debug" not in command._option_string_actions:
                    command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                                         help="show a traceback when confdeck itself fails")


def main(argv: list[str] | None = None) -> int:
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        # From here on Ctrl-C is KeyboardInterrupt, caught below: the parser is made inside the try.
        if signal.getsignal(signal.SIGINT) is _interrupted_while_starting:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        parser = make_parser()
        _accept_debug_anywhere(parser)
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return EXIT_USER_ERROR
        if args.run is run_preview:   # a server, running for hours: the cyclic collector stays on
            return args.run(args)
        # One command, then the process ends: the collector would walk every object the imports
        # and the build make, again and again, and find next to nothing to free (a third of the
        # import time of a build).
        with gc_paused():
            return args.run(args)
    except ConfdeckError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except SystemExit:
        raise
    except BrokenPipeError:
        # `confdeck plan NOTES | head`: the reader has all it wants. Python would still complain while
        # flushing stdout at exit, so stdout goes to devnull; 141 is what a shell reports for SIGPIPE.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except MemoryError:
        if debug:
            raise
        print("error: out of memory (expected notes and images of a sensible size)", file=sys.stderr)
        return EXIT_USER_ERROR
    except BaseException as exc:  # a bug in confdeck, not a user mistake: never a traceback without --debug
        if debug:
            raise
        print(f"error: {internal_error_text(exc)} (a bug in confdeck; "
              "run with --debug for a traceback and report it)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
