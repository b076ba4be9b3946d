"""Seconds and peak memory of `confdeck build` on hostile or huge input (issue 21's bounds).

    python benchmarks/untrusted_input.py

Each case runs `python -m confdeck build` in a fresh process in a scratch folder and
reports its wall time, peak resident memory (from wait4) and exit status: the
50,000-word paragraph and the capped tables must build (or be refused) in seconds and
a few hundred MB; the master bombs must be refused in well under a second.
The tests check growth (tests/test_bounded_work.py), never these figures.
"""
from __future__ import annotations

import io
import os
import random
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"]


def paragraph(count: int) -> str:
    chosen = random.Random(7)
    words = [chosen.choice(WORDS) for _ in range(count)]
    lines = [" ".join(words[i:i + 15]) for i in range(0, count, 15)]
    return "# Long\n\n## One paragraph (~5 min)\n\n" + "\n".join(lines) + "\n"


def tables(count: int, rows: int = 499) -> str:
    parts = ["# Tables\n"]
    for number in range(count):
        parts.append(f"\n## Table {number} (~1 min)\n\n| key | name | value | note |\n|---|---|---|---|\n")
        parts += [f"| r{row} | {WORDS[row % 12]} | {row * 7} | {WORDS[row * 5 % 12]} x |\n" for row in range(rows)]
    return "".join(parts)


def links(count: int) -> str:
    lines = [" ".join(f"[l{i}](https://example.org/{i})" for i in range(start, min(count, start + 10)))
             for start in range(0, count, 10)]
    return "# Links\n\n## Many (~1 min)\n\n" + "\n".join(lines) + "\n"


def master_with(part: str, declared: int | None = None, zeros: int = 0) -> bytes:
    """python-pptx's default deck, one part declared (or made) huge."""
    from pptx import Presentation

    base = io.BytesIO()
    Presentation().save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, bytes(zeros) if name == part and zeros else source.read(name))
    data = bytearray(out.getvalue())
    if declared is not None:  # the zip's directory claims the part unpacks to `declared` bytes
        encoded = part.encode()
        for signature, size_at, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
            start = 0
            while (start := data.find(signature, start)) != -1:
                if data[start + name_at:start + name_at + len(encoded)] == encoded:
                    data[start + size_at:start + size_at + 4] = struct.pack("<I", declared)
                start += 4
    return bytes(data)


def run(folder: Path, notes: str, *args: str) -> tuple[float, float, int, str]:
    (folder / "notes.md").write_text(notes, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "confdeck", "build", "notes.md", "-o", "out", *args],
                               cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    errors = [line for line in process.stderr.read().decode().splitlines() if line.startswith("error")]
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), (errors or [""])[0][:110]


def main() -> None:
    cases = [
        ("paragraph, 25,000 words", paragraph(25_000), None),
        ("paragraph, 50,000 words", paragraph(50_000), None),
        ("5 tables at the 2,000-cell cap", tables(5), None),
        ("20 tables at the 2,000-cell cap", tables(20), None),
        ("5,000 links", links(5_000), None),
        ("100,000 links", links(100_000), None),
        ("master: theme declared 2.0 GB", "# T\n\n- x\n", master_with("ppt/theme/theme1.xml", declared=2_000_000_000)),
        ("master: 25 MB part of zeros", "# T\n\n- x\n", master_with("docProps/thumbnail.jpeg", zeros=25_000_000)),
    ]
    print(f"{'case':36} {'seconds':>8} {'peak MB':>8} {'exit':>5}  first error")
    for name, notes, master in cases:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            args: tuple[str, ...] = ()
            if master is not None:
                kit = folder / "templates" / "kit"
                kit.mkdir(parents=True)
                (kit / "template.yaml").write_text("name: kit\n", encoding="utf-8")
                (kit / "master.pptx").write_bytes(master)
                args = ("--template", "kit")
            seconds, megabytes, code, error = run(folder, notes, *args)
        print(f"{name:36} {seconds:8.2f} {megabytes:8.0f} {code:5}  {error}", flush=True)
    # The master check alone, in-process (the figures above include starting Python and importing).
    sys.path.insert(0, str(ROOT / "src"))
    from confdeck.errors import ConfdeckError
    from confdeck.powerpoint.package_guard import checked_master

    for name, master in (("theme declared 2.0 GB", cases[-2][2]), ("25 MB part of zeros", cases[-1][2])):
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "master.pptx"
            path.write_bytes(master)
            started = time.perf_counter()
            try:
                checked_master(path, "master.pptx")
            except ConfdeckError:
                pass
            print(f"master check alone, {name}: {(time.perf_counter() - started) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
