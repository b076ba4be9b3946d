"""Where decks are written: leftovers of a killed build cleaned, same-name decks refused, normal permissions."""
from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
from pathlib import Path

from pptx import Presentation

from safety_helpers import build

NOTES = "# Talk\n\n## Part (~2 min)\n\n- first point\n- second point\n"


def titles(path: Path) -> list[str]:
    return [slide.shapes.title.text for slide in Presentation(str(path)).slides if slide.shapes.title]


def test_leftovers_of_a_killed_build_are_removed_by_the_next_build(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    leftovers = [out / ".notes.pptx.k2j3h4g5.tmp", out / ".notes.html.a1b2c3d4.tmp"]
    for leftover in leftovers:
        leftover.write_bytes(b"half a deck" * 1000)
    unrelated = out / ".other.pptx.x1y2z3w4.tmp"       # another deck's: not this build's business
    unrelated.write_bytes(b"x")
    result = build(tmp_path, NOTES, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    assert not any(leftover.exists() for leftover in leftovers)
    assert unrelated.exists()
    assert sorted(p.name for p in out.iterdir()) == [".confdeck-notes.json", ".other.pptx.x1y2z3w4.tmp", "notes.html", "notes.pptx"]
    assert titles(result.pptx)[-1] == "Part"


def test_a_running_builds_temp_file_is_left_alone(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    busy = out / ".notes.pptx.r5u6n7n8.tmp"
    busy.write_bytes(b"being written")
    # Another process holds the lock a running build holds on its temp file.
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys; f = open(sys.argv[1], 'rb'); fcntl.flock(f, fcntl.LOCK_EX); "
        "print('locked', flush=True); sys.stdin.read()"), str(busy)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = build(tmp_path, NOTES, capsys=capsys, monkeypatch=monkeypatch)
        assert result.code == 0, result.err
        assert busy.read_bytes() == b"being written"
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    with open(busy, "rb") as handle:  # and once that process is gone, the lock is free again
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _run(args, cwd):
    return subprocess.run([sys.executable, "-m", "confdeck", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_two_notes_with_one_deck_name_in_one_command_are_an_error(tmp_path):
    for folder, title in (("a", "Alpha"), ("b", "Beta")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "talk.md").write_text(f"# {title}\n\n## Part (~1 min)\n\n- point\n", encoding="utf-8")
    result = _run(["build", "a/talk.md", "b/talk.md", "-o", "out"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["error: a/talk.md and b/talk.md would both be written as out/talk.pptx/.html;"
                                          " build them into different folders (-o) or rename one"]
    assert not (tmp_path / "out").exists()
    (tmp_path / "my talk.md").write_text("# Mine\n\n- point\n", encoding="utf-8")
    (tmp_path / "my_talk.md").write_text("# Yours\n\n- point\n", encoding="utf-8")
    result = _run(["build", "my talk.md", "my_talk.md", "-o", "out"], tmp_path)
    assert result.returncode == 2
    assert "error: my talk.md and my_talk.md would both be written as out/my_talk.pptx/.html" in result.stderr
    # Different names in one command: both decks, each with its own title.
    result = _run(["build", "a/talk.md", "my_talk.md", "-o", "out"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert titles(tmp_path / "out" / "talk.pptx")[0] == "Alpha"
    assert titles(tmp_path / "out" / "my_talk.pptx")[0] == "Yours"


def test_written_decks_never_get_setuid_or_the_link_targets_mode(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "tool"
    target.write_bytes(b"#!/bin/sh\n")
    os.chmod(target, 0o6755)
    (out / "notes.pptx").symlink_to(target)
    existing = out / "notes.html"
    existing.write_bytes(b"old deck")
    os.chmod(existing, 0o4750)
    result = build(tmp_path, NOTES, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    pptx_mode = os.lstat(result.pptx).st_mode
    assert stat.S_ISREG(pptx_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(pptx_mode) == 0o666 & ~umask
    assert stat.S_IMODE(os.stat(result.html).st_mode) == 0o640  # its own read/write bits kept, nothing else
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o6755 and target.read_bytes() == b"#!/bin/sh\n"
    assert titles(result.pptx)[-1] == "Part"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "confdeck", *args], cwd=cwd, capture_output=True, text=True)


def test_another_notes_file_of_the_same_name_does_not_replace_a_deck_in_a_later_build(tmp_path):
    """a/talk.md, then b/talk.md, into one folder: the second build names both and leaves a's decks."""
    for folder, title in (("a", "Deck of A"), ("b", "Deck of B")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "talk.md").write_text(f"# {title}\n\n## Part\n\n- point\n", encoding="utf-8")
    first = run(["build", "a/talk.md", "-o", "out"], tmp_path)
    assert first.returncode == 0, first.stderr
    before = {name: (tmp_path / "out" / name).read_bytes() for name in ("talk.pptx", "talk.html")}

    second = run(["build", "b/talk.md", "-o", "out"], tmp_path)
    assert second.returncode == 2
    assert second.stderr.splitlines()[-1] == (
        "error: b/talk.md: out/talk.pptx/.html hold the decks of a/talk.md, another notes file with the same "
        "name; build into a different folder (-o) or rename one of them")
    assert {name: (tmp_path / "out" / name).read_bytes() for name in before} == before
    assert "Deck of A" in (tmp_path / "out" / "talk.html").read_text(encoding="utf-8")

    assert run(["build", "a/talk.md", "-o", "out"], tmp_path).returncode == 0   # its own notes: rebuilt
    (tmp_path / "a" / "talk.md").rename(tmp_path / "a" / "old-talk.md")         # a's notes gone: the name is free
    third = run(["build", "b/talk.md", "-o", "out"], tmp_path)
    assert third.returncode == 0, third.stderr
    assert "Deck of B" in (tmp_path / "out" / "talk.html").read_text(encoding="utf-8")
