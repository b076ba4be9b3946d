"""PDF export speed: `confdeck build --format pdf` beside Marp's PDF export, on pwc2020 and 1000 slides.

    python benchmarks/pdf_export.py              # 3 runs each, median
    python benchmarks/pdf_export.py --runs 1 --no-marp

Both start a headless Chromium, whose processes do most of the work, so the CPU time beside the
wall time is that of the whole process tree (sampled from /proc every 0.1 s, Linux only): on a
shared machine the wall time mostly measures the wait for a core.

Marp is run as `npx @marp-team/marp-cli --pdf` when npx finds it (`npm install
@marp-team/marp-cli` in any folder above the working one, or globally), with CHROME_PATH set to
the Chromium confdeck uses. It gets the same slides: each planned slide of the deck written
as a Marp slide (its title and its text as bullets), `---` between them. Both are timed as
whole processes from start to exit, the browser's start included.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from generate import write_deck  # noqa: E402

MARP = ["npx", "--no-install", "@marp-team/marp-cli"]


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, user + system seconds so far) of every process /proc shows."""
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS)
    return found


def _tree_cpu(root: int, seen: dict[int, float]) -> None:
    processes = _processes()
    for pid, (_, cpu) in processes.items():
        ancestor = pid
        while ancestor in processes and ancestor != root:
            ancestor = processes[ancestor][0]
        if ancestor == root:
            seen[pid] = max(seen.get(pid, 0.0), cpu)


def timed(command: list[str], cwd: Path, env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the whole process tree) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: dict[int, float] = {}
    sampling = Path("/proc/self/stat").exists()
    while process.poll() is None:
        if sampling:
            _tree_cpu(process.pid, seen)
        time.sleep(0.1)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{process.stderr.read()[-2000:]}")
    return wall, (sum(seen.values()) if sampling else float("nan"))


def median(command: list[str], cwd: Path, env: dict, runs: int) -> tuple[float, float]:
    results = [timed(command, cwd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def marp_markdown(notes: Path) -> tuple[str, int]:
    """The deck's planned slides as Marp Markdown (same titles and words), and how many there are."""
    from confdeck.build import BuildOptions, plan_notes
    from confdeck.model import plain_text

    planned, _, _ = plan_notes(notes, BuildOptions())
    slides = []
    for slide in planned.slides:
        lines = [f"# {slide.title or planned.deck.title}"]
        for block in slide.blocks:
            lines += [f"- {plain_text(runs)}" for runs in block.text_lines() if plain_text(runs).strip()]
        slides.append("\n".join(lines))
    return "---\nmarp: true\n---\n\n" + "\n\n---\n\n".join(slides) + "\n", len(planned.slides)


def marp_available(env: dict) -> bool:
    if shutil.which("npx") is None:
        return False
    try:
        return subprocess.run([*MARP, "--version"], env=env, capture_output=True, timeout=120).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-marp", action="store_true", help="time confdeck only")
    args = parser.parse_args()

    from confdeck.export.chromium import find_chromium

    chromium = find_chromium()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), CHROME_PATH=chromium)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    use_marp = not args.no_marp and marp_available(env)
    print(f"Chromium: {chromium}; median of {args.runs} runs; wall seconds, whole processes")
    if not use_marp and not args.no_marp:
        print("Marp not found (npm install @marp-team/marp-cli): confdeck only")
    print(f"{'deck':<8} {'slides':>6} {'confdeck wall':>13} {'cpu':>6} {'Marp wall':>10} {'cpu':>6}"
          f" {'ratio wall':>10} {'cpu':>5}")
    with tempfile.TemporaryDirectory(prefix="confdeck-pdf-bench-") as folder:
        work = Path(folder)
        for name, notes in (("pwc2020", ROOT / "notes" / "pwc2020.md"), ("1000", write_deck(work, 1000))):
            ours, ours_cpu = median([sys.executable, "-m", "confdeck", "build", str(notes), "-o", str(work / "out"),
                           "--format", "pdf"], ROOT, env, args.runs)
            marp_text, count = marp_markdown(notes)
            row = f"{name:<8} {count:>6} {ours:>12.2f}s {ours_cpu:>5.1f}s"
            if use_marp:
                source = work / f"{name}.marp.md"
                source.write_text(marp_text, encoding="utf-8")
                theirs, theirs_cpu = median([*MARP, "--pdf", "--allow-local-files", str(source), "-o",
                                 str(work / f"{name}.marp.pdf")], Path.cwd(), env, args.runs)
                row += (f" {theirs:>9.2f}s {theirs_cpu:>5.1f}s {ours / theirs:>10.2f}"
                        f" {ours_cpu / theirs_cpu:>5.2f}")
            print(row)
    if use_marp:
        print("ratio: confdeck's time / Marp's (below 1: confdeck is faster)")


if __name__ == "__main__":
    main()
