"""A build that fails at any point leaves the previous decks byte for byte and no temporary files;
confdeck never writes to the notes, images or templates it reads."""
from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

import confdeck.build
from confdeck.build import output_name
from safety_helpers import build, pptx_texts

GOOD = "# Talk\n\n- Intro (~5 mins)\n  - first point\n- Outro (~2 mins)\n  - last point\n"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under the folder (hidden ones too) with a hash of its bytes."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def previous(tmp_path, capsys, monkeypatch):
    """A folder with a good build already in out/."""
    result = build(tmp_path, GOOD, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    assert sorted(p.name for p in result.outdir.iterdir()) == [".confdeck-notes.json", "notes.html", "notes.pptx"]
    return snapshot(result.outdir)


def assert_untouched(tmp_path: Path, before: dict[str, str]) -> None:
    assert snapshot(tmp_path / "out") == before  # same files, same bytes, no .tmp left behind


def test_bad_notes_leave_the_previous_decks(tmp_path, capsys, monkeypatch, previous):
    result = build(tmp_path, "---\ntitle: [\n---\n# Talk\n\n- Intro\n", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2
    assert_untouched(tmp_path, previous)


def test_a_crash_while_rendering_the_second_format_leaves_both_decks(tmp_path, capsys, monkeypatch, previous):
    import confdeck.render.html

    def crash(*args, **kwargs):
        raise RuntimeError("renderer blew up")

    monkeypatch.setattr(confdeck.render.html, "render_html", crash)
    result = build(tmp_path, GOOD.replace("Intro", "Changed"), capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 3
    assert result.err.endswith("error: internal error: RuntimeError: renderer blew up (a bug in confdeck; "
                               "run with --debug for a traceback and report it)\n")
    assert_untouched(tmp_path, previous)


def test_a_full_disk_while_writing_the_second_deck_changes_neither(tmp_path, capsys, monkeypatch, previous):
    real_fsync, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = build(tmp_path, GOOD.replace("Intro", "Changed"), capsys=capsys, monkeypatch=monkeypatch)
    assert len(calls) == 2
    assert result.code == 2
    assert result.error_lines() == ["error: out: cannot write the decks: No space left on device (nothing was changed)"]
    assert_untouched(tmp_path, previous)


def test_an_interrupt_while_writing_leaves_no_temporary_files(tmp_path, capsys, monkeypatch, previous):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = build(tmp_path, GOOD.replace("Intro", "Changed"), capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 130
    assert_untouched(tmp_path, previous)


def test_a_successful_build_replaces_both_decks(tmp_path, capsys, monkeypatch, previous):
    result = build(tmp_path, GOOD.replace("Intro", "Changed"), capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0
    after = snapshot(tmp_path / "out")
    assert sorted(after) == [".confdeck-notes.json", "notes.html", "notes.pptx"]
    assert after["notes.pptx"] != previous["notes.pptx"] and after["notes.html"] != previous["notes.html"]
    assert "Changed" in pptx_texts(tmp_path / "out" / "notes.pptx")


def test_new_decks_are_readable_by_others_like_any_saved_file(tmp_path, capsys, monkeypatch):
    old = os.umask(0o022)
    try:
        result = build(tmp_path, GOOD, capsys=capsys, monkeypatch=monkeypatch)
    finally:
        os.umask(old)
    assert result.code == 0
    assert oct(result.pptx.stat().st_mode & 0o777) == oct(0o644)
    assert oct(result.html.stat().st_mode & 0o777) == oct(0o644)


@pytest.mark.parametrize("notes_name, stem", [
    ("talk.md", "talk"),
    ("My Talk (2024).md", "My_Talk__2024"),
    (".hidden.md", "hidden"),
    ("..md", "deck"),
    ("-rf.md", "rf"),
    ("x" * 300 + ".md", "x" * 100),
    ("ünïcode talk.md", "ünïcode_talk"),
])
def test_output_names_are_derived_safely(notes_name, stem):
    assert output_name(Path("notes") / notes_name) == stem


def test_outputs_go_only_into_the_output_folder(tmp_path, capsys, monkeypatch):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "My Talk.md").write_text(GOOD, encoding="utf-8")
    before = snapshot(tmp_path)
    result = build(tmp_path, None, capsys=capsys, monkeypatch=monkeypatch, name="notes/My Talk.md")
    assert result.code == 0, result.err
    after = snapshot(tmp_path)
    assert sorted(set(after) - set(before)) == ["out/.confdeck-notes.json", "out/My_Talk.html", "out/My_Talk.pptx"]
    assert {k: v for k, v in after.items() if k in before} == before


def test_notes_images_and_templates_are_never_written(tmp_path, capsys, monkeypatch):
    from PIL import Image as PILImage

    (tmp_path / "images").mkdir()
    PILImage.new("RGB", (40, 30), "red").save(tmp_path / "images" / "logo.png")
    template = tmp_path / "templates" / "acme"
    template.mkdir(parents=True)
    (template / "template.yaml").write_text("name: acme\nextends: default\n", encoding="utf-8")
    notes = "---\ntemplate: acme\n---\n# Talk\n\n![logo](images/logo.png)\n\n" + GOOD.split("\n", 2)[2]
    (tmp_path / "notes.md").write_text(notes, encoding="utf-8")
    before = snapshot(tmp_path)
    for path in tmp_path.rglob("*"):
        path.chmod(path.stat().st_mode & ~0o222)  # read-only: any write attempt would fail loudly
    try:
        result = build(tmp_path, None, "-o", str(tmp_path.parent / f"{tmp_path.name}-out"),
                       capsys=capsys, monkeypatch=monkeypatch)
    finally:
        for path in tmp_path.rglob("*"):
            path.chmod(path.stat().st_mode | 0o200)
    assert result.code == 0, result.err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("notes_name", ["talk.html", "talk.pptx"])
def test_a_deck_never_overwrites_the_notes(tmp_path, capsys, monkeypatch, notes_name):
    (tmp_path / notes_name).write_text(GOOD, encoding="utf-8")
    before = snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    from confdeck.cli import main
    capsys.readouterr()
    code = main(["build", notes_name, "-o", "."])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines()[-1] == (f"error: {notes_name}: would overwrite a file this build reads (expected an "
                                    "output folder apart from the notes, images and templates)")
    assert snapshot(tmp_path) == before


def test_an_image_is_never_overwritten_by_a_deck(tmp_path, capsys, monkeypatch):
    # An image called notes.html (content decides, not the name) next to notes.md, output into the same folder.
    from PIL import Image as PILImage

    PILImage.new("RGB", (40, 30), "blue").save(tmp_path / "notes.html", "PNG")
    (tmp_path / "notes.md").write_text("# Talk\n\n![pic](notes.html)\n\n" + GOOD.split("\n", 2)[2], encoding="utf-8")
    before = snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    from confdeck.cli import main
    capsys.readouterr()
    assert main(["build", "notes.md", "-o", "."]) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith("error: notes.html: would overwrite a file this build reads")
    assert snapshot(tmp_path) == before


def test_output_folder_that_is_a_file(tmp_path, capsys, monkeypatch):
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    result = build(tmp_path, GOOD, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2
    assert result.error_lines() == ["error: out: the output folder is a file (expected a folder for the decks)"]
    assert (tmp_path / "out").read_text(encoding="utf-8") == "not a folder"


def test_write_all_atomically_stages_everything_before_renaming(tmp_path, monkeypatch):
    first, second = tmp_path / "a.pptx", tmp_path / "a.html"
    first.write_bytes(b"old pptx")
    second.write_bytes(b"old html")
    staged = []
    real_stage = confdeck.build._stage

    def stage(target, data):
        if staged:
            raise OSError(errno.EIO, "Input/output error")
        staged.append(target)
        return real_stage(target, data)

    monkeypatch.setattr(confdeck.build, "_stage", stage)
    with pytest.raises(OSError):
        confdeck.build.write_all_atomically({first: b"new pptx", second: b"new html"})
    assert (first.read_bytes(), second.read_bytes()) == (b"old pptx", b"old html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "a.pptx"]
