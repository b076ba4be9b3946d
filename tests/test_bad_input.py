"""Every bad input gets a clear `error: file:line: …` and exit 2, or a correct deck: never a traceback or a hang."""
from __future__ import annotations

import time

import pytest

from conftest import run_confdeck
from safety_helpers import build, pptx_texts, xml_parts

OUTLINE = "(expected a top-level list of sections or ## headings)"


def nested_list(depth: int) -> str:
    return "# Deep\n\n" + "".join("  " * level + f"- level {level}\n" for level in range(depth))


def alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\ntitle: *i\n---\n# Talk\n\n- Intro\n"


BAD_NOTES = [
    ("empty file", b"", f"error: notes.md: the notes file is empty {OUTLINE}"),
    ("only blank lines", b"\n\n   \n", f"error: notes.md: the notes file is empty {OUTLINE}"),
    ("front matter only", b"---\ntitle: Talk\n---\n",
     f"error: notes.md:4: nothing after the front matter {OUTLINE}"),
    ("binary PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     "error: notes.md: not a text file: this looks like a PNG image (expected Markdown notes)"),
    ("binary PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
     "error: notes.md: not a text file: this looks like a PDF document (expected Markdown notes)"),
    ("a pptx given as notes", b"PK\x03\x04\x14\x00\x06\x00",
     "error: notes.md: not a text file: this looks like a ZIP archive (or .pptx/.docx) (expected Markdown notes)"),
    ("NUL bytes", b"# Talk\n\n- one\x00two\n",
     "error: notes.md:3: not a text file: binary data, a NUL byte at offset 13 "
     "(expected Markdown notes saved as UTF-8)"),
    ("Latin-1", "# Café\n\n- crème\n".encode("latin-1"),
     "error: notes.md:1: not UTF-8 text: byte 0xe9 at offset 5, looks like Latin-1, ISO-8859-1 "
     "(expected UTF-8; save the notes as UTF-8)"),
    ("Windows-1252", "# Talk\n\n- \u201cquoted\u201d\n".encode("cp1252"),
     "error: notes.md:3: not UTF-8 text: byte 0x93 at offset 10, looks like Windows-1252 "
     "(expected UTF-8; save the notes as UTF-8)"),
    ("UTF-16", "# Talk\n\n- one\n".encode("utf-16"),
     "error: notes.md:1: the notes are UTF-16 text (expected UTF-8; save them as UTF-8)"),
    ("3000-level nested list", nested_list(3000).encode(),
     "error: notes.md:103: lists or quotes nested more than 100 levels deep (expected at most 100 levels)"),
    ("5000 nested quotes", ("# Talk\n\n- Intro\n\n" + ">" * 5000 + " deep\n").encode(),
     "error: notes.md:5: lists or quotes nested more than 100 levels deep (expected at most 100 levels)"),
    ("5000 nested quotes with spaces", ("# Talk\n\n- Intro\n\n" + "> " * 5000 + "deep\n").encode(),
     "error: notes.md:5: lists or quotes nested more than 100 levels deep (expected at most 100 levels)"),
    ("bullets nested on one line", ("# Talk\n\n" + "- " * 3000 + "x\n").encode(),
     "error: notes.md:3: lists or quotes nested more than 100 levels deep (expected at most 100 levels)"),
    ("a single 10 MB line", ("# Talk\n\n- " + "word " * 2_000_000 + "\n").encode(),
     "error: notes.md:3: line is 10,000,002 characters long (expected at most 100,000 characters per line; "
     "is this pasted data?)"),
    ("emphasis nested 3000 deep", ("# Talk\n\n- " + "*a **a " * 3000 + "b" + " a** a*" * 3000 + "\n").encode(),
     "error: notes.md: emphasis, links, lists or quotes nested too deeply to read (expected at most 100 levels)"),
    ("YAML alias bomb", alias_bomb().encode(),
     "error: notes.md:2: front matter expands to more than 10,000 values through YAML aliases "
     "(expected a few keys; an alias bomb?)"),
    ("YAML python tag", b"---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n# Talk\n\n- Intro\n",
     "error: notes.md:2: front matter uses the YAML tag '!!python/object/apply:os.system', which confdeck never "
     "runs (expected plain values: text, numbers, dates, lists)"),
    ("YAML python name tag", b"---\ntitle: Talk\nx: !!python/name:os.system\n---\n# Talk\n\n- Intro\n",
     "error: notes.md:3: front matter uses the YAML tag '!!python/name:os.system', which confdeck never "
     "runs (expected plain values: text, numbers, dates, lists)"),
    ("YAML nested 5000 deep", ("---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n# Talk\n\n- Intro\n").encode(),
     "error: notes.md:2: front matter is nested too deeply (expected a few keys)"),
    ("front matter is a list", b"---\n- a\n- b\n---\n# Talk\n\n- Intro\n",
     "error: notes.md:2: front matter is a list, not a mapping (expected key: value lines)"),
    ("front matter is text", b"---\njust words\n---\n# Talk\n\n- Intro\n",
     "error: notes.md:2: front matter is a text, not a mapping (expected key: value lines)"),
    ("a table 3000 columns wide", ("# Talk\n\n- Intro\n\n|" + "a|" * 3000 + "\n|" + "-|" * 3000 + "\n").encode(),
     "error: notes.md:5: table has 3,000 columns (expected at most 40; split it into several tables)"),
    ("a table 20000 rows long", ("# Talk\n\n- Intro\n\n|a|b|\n|-|-|\n" + "|c|d|\n" * 20000).encode(),
     "error: notes.md:5: table has 20,001 rows of 2 cells (expected at most 2,000 cells; split it into several tables)"),
    ("title only", b"# Talk\n", f"error: notes.md: no outline found {OUTLINE}"),
]


@pytest.mark.parametrize("notes, message", [case[1:] for case in BAD_NOTES], ids=[case[0] for case in BAD_NOTES])
def test_bad_notes_get_one_clear_message(tmp_path, capsys, monkeypatch, notes, message):
    started = time.monotonic()
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2, result.err
    assert result.error_lines() == [message]
    assert "Traceback" not in result.err
    assert not result.outdir.exists()
    assert time.monotonic() - started < 30  # refused quickly, not after the parser crawled through it


def test_the_python_tag_is_never_run(tmp_path, capsys, monkeypatch):
    notes = b"---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n# Talk\n\n- Intro\n"
    build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert not (tmp_path / "pwned").exists()


def test_missing_notes_file(tmp_path, capsys, monkeypatch):
    (tmp_path / "notes").mkdir()
    result = build(tmp_path, None, capsys=capsys, monkeypatch=monkeypatch, name="notes/x.md")
    assert (result.code, result.error_lines()) == (2, ["error: notes/x.md: no such file"])


def test_notes_path_is_a_folder(tmp_path, capsys, monkeypatch):
    (tmp_path / "talk.md").mkdir()
    result = build(tmp_path, None, capsys=capsys, monkeypatch=monkeypatch, name="talk.md")
    assert (result.code, result.error_lines()) == (2, ["error: talk.md: is a folder, not a notes file"])


def test_notes_name_too_long_for_the_file_system(tmp_path, capsys, monkeypatch):
    name = "n" * 300 + ".md"
    result = build(tmp_path, None, capsys=capsys, monkeypatch=monkeypatch, name=name)
    assert (result.code, result.error_lines()) == (2, [f"error: {name}: cannot read the notes: File name too long"])


def test_several_front_matter_problems_are_listed_together(tmp_path, capsys, monkeypatch):
    notes = "---\ntitle: [a, b]\nauthor: 12\n---\n# Talk\n\n- Intro\n"
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2
    assert result.error_lines() == ["error: notes.md:2: title: expected text, got list ['a', 'b']",
                                    "error: notes.md:3: author: expected text, got int 12"]


def test_nesting_within_the_limit_still_builds(tmp_path, capsys, monkeypatch):
    result = build(tmp_path, nested_list(60), capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    xml_parts(result.pptx)
    texts = "\n".join(pptx_texts(result.pptx))
    assert "level 59" in texts


def test_lone_surrogates_and_controls_from_yaml_escapes_are_cleaned(tmp_path, capsys, monkeypatch):
    notes = '---\ntitle: "Bad \\ud800 title \\x01\\uffff"\nauthor: "Ann \\x1b[31m"\n---\n# Talk\n\n- Intro\n'
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    assert "warning: notes.md:5: removed control characters or invalid Unicode from the text" in result.warning_lines()
    xml_parts(result.pptx)
    from pptx import Presentation
    properties = Presentation(str(result.pptx)).core_properties
    assert (properties.title, properties.author) == ("Bad \ufffd title ", "Ann [31m")


# -- the command line itself ------------------------------------------------------------------------------

def test_argparse_mistakes_are_error_lines_with_exit_2():
    result = run_confdeck("build", "x.md", "--format", "pptx,docx")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == ("error: argument --format: unknown format 'docx' (expected pptx, "
                                              "html, pdf, handout, runsheet or all, comma-separated)")
    assert "Traceback" not in result.stderr


def test_bad_notes_through_the_real_command_line(tmp_path):
    notes = tmp_path / "deep.md"
    notes.write_text(nested_list(3000), encoding="utf-8")
    result = run_confdeck("build", str(notes), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr == (f"error: {notes}:103: lists or quotes nested more than 100 levels deep "
                             "(expected at most 100 levels)\n")


def test_an_internal_error_gives_no_traceback_unless_debug(tmp_path, capsys, monkeypatch):
    import confdeck.build

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(confdeck.build, "render_deck", broken)
    result = build(tmp_path, "# Talk\n\n- Intro\n", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 3
    assert result.err == ("error: internal error: ZeroDivisionError: division by zero (a bug in confdeck; "
                          "run with --debug for a traceback and report it)\n")
    from confdeck.cli import main
    with pytest.raises(ZeroDivisionError):
        main(["build", "notes.md", "-o", "out", "--debug"])
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "build", "notes.md", "-o", "out"])


def test_a_recursion_error_anywhere_in_reading_is_a_message(tmp_path, capsys, monkeypatch):
    import confdeck.read.markdown as markdown

    def too_deep(self):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown.MarkdownReader, "read", too_deep)
    result = build(tmp_path, "# Talk\n\n- Intro\n", capsys=capsys, monkeypatch=monkeypatch)
    assert (result.code, result.error_lines()) == (2, [
        "error: notes.md: emphasis, links, lists or quotes nested too deeply to read (expected at most 100 levels)"])


def test_a_parser_that_crawls_is_stopped_with_a_message(tmp_path, capsys, monkeypatch):
    import confdeck.read.markdown as markdown

    monkeypatch.setattr(markdown, "PARSE_SECONDS", 1)
    monkeypatch.setattr(markdown.MarkdownReader, "read", lambda self: time.sleep(5))
    started = time.monotonic()
    result = build(tmp_path, "# Talk\n\n- Intro\n", capsys=capsys, monkeypatch=monkeypatch)
    assert time.monotonic() - started < 4
    assert (result.code, result.error_lines()) == (2, [
        "error: notes.md: the notes took more than 1 s to read: very long runs of unmatched brackets "
        "or emphasis marks?"])


def test_unclosed_front_matter_is_an_error_at_its_opening_line(tmp_path, capsys, monkeypatch):
    notes = "---\ntitle: Trip report\nduration: 20m\n\n# Trip report\n\n- Day one\n  - Keynote\n"
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2
    assert result.error_lines() == ["error: notes.md:1: front matter opened here is never closed "
                                    "(expected a line --- after its key: value lines)"]
    assert not result.outdir.exists()


def test_a_leading_rule_before_plain_text_is_read_as_a_rule(tmp_path, capsys, monkeypatch):
    # Clearly not front matter (no key: value line follows): the --- stays a thematic break.
    notes = "---\n# Trip report\n\n- Day one\n  - Keynote: great\n"
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    texts = "\n".join(pptx_texts(result.pptx))
    assert "Trip report" in texts and "Keynote: great" in texts
    # Said once, where it was read, since it may be front matter missing its keys.
    assert [line for line in result.err.splitlines() if "---" in line] == [
        "warning: notes.md:1: the --- on the first line is read as a horizontal rule, not as front matter: "
        "front matter is key: value lines between two --- lines"]


def test_closed_front_matter_and_a_later_rule_get_no_rule_warning(tmp_path, capsys, monkeypatch):
    notes = "---\ntitle: Trip report\n---\n# Trip report\n\n- Day one\n\n---\n\n- Day two\n"
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    assert "horizontal rule" not in result.err


def test_a_front_matter_indentation_mistake_is_named_in_plain_words_at_its_line(tmp_path, capsys, monkeypatch):
    notes = "---\ntitle: Trip\n  duration: 20m\n---\n# Trip\n\n- Day one\n"
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2
    assert result.error_lines() == ["error: notes.md:3: front matter: a colon inside a value (put the value in "
                                    "quotes, \"like: this\") or a key missing its colon on the line above"]
