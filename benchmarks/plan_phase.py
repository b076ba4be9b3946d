"""How long the plan phase (clean_text, plan_slides, paginate, plan_timing) takes, in-process.

    python benchmarks/generate.py -o /tmp/bench 1000
    PYTHONPATH=src python benchmarks/plan_phase.py /tmp/bench/bench1000.md [--runs 5] [--template nightowl]

Reads the notes once per run (not timed) and plans them as a build would (the template's
geometry and fonts). The first run pays what a fresh process pays once (Pillow's import,
fontconfig, loading the font files, measuring every word for the first time); the best of
the other runs is the phase itself with warm word widths. Times are time.perf_counter()
per pass; on a shared machine take the best of several invocations.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from confdeck.build import BuildOptions  # noqa: E402
from confdeck.look import resolve_look  # noqa: E402
from confdeck.model import PlannedDeck  # noqa: E402
from confdeck.plan import PASSES, PlanOptions  # noqa: E402
from confdeck.read import read_notes  # noqa: E402
from confdeck.templates import load_template  # noqa: E402


def plan_once(notes: Path, options: BuildOptions) -> dict[str, float]:
    """Seconds per pass for one plan of freshly read notes."""
    deck = read_notes(notes)
    template = load_template(options.template or deck.template)
    look = resolve_look(template)
    template_options = PlanOptions(duration_seconds=deck.duration_seconds, agenda=template.config.get("agenda", True),
                                   geometry=look.geometry, fonts=look.fonts)
    planned = PlannedDeck(deck=deck, slides=[])
    times = {}
    for plan_pass in PASSES:
        start = time.perf_counter()
        planned = plan_pass(planned, template_options)
        times[plan_pass.__name__] = time.perf_counter() - start
    times["plan"] = sum(times.values())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="runs after the first (default 5)")
    parser.add_argument("--template")
    args = parser.parse_args()
    options = BuildOptions(template=args.template)
    first = plan_once(args.notes, options)
    rest = [plan_once(args.notes, options) for _ in range(args.runs)]
    best = {name: min(run[name] for run in rest) for name in first}
    for label, times in (("first run", first), (f"best of {args.runs}", best)):
        print(f"{label:>10}: " + "  ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in times.items()))


if __name__ == "__main__":
    main()
