"""A template folder from someone else: its Jinja runs sandboxed, its files stay inside it, its mistakes say where."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from safety_helpers import build, html_facts

NOTES = "# Talk\n\n## Part (~2 min)\n\n- first point\n- second point\n"
SECRET = "SECRET-TOKEN-4242"


def make_template(folder: Path, name: str, files: dict[str, str | bytes], yaml: str = "") -> Path:
    directory = folder / "templates" / name
    directory.mkdir(parents=True)
    (directory / "template.yaml").write_text(f"name: {name}\n{yaml}", encoding="utf-8")
    for filename, content in files.items():
        path = directory / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return directory


def build_with(folder: Path, template: str, capsys, monkeypatch, *formats: str):
    args = ["--template", template]
    for fmt in formats:
        args += ["--format", fmt]
    return build(folder, NOTES, *args, capsys=capsys, monkeypatch=monkeypatch)


# -- no code runs ------------------------------------------------------------------------------

PAYLOADS = {
    # The payload: a helper function's globals reach the os module.
    "cycler": "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "joiner": "{{ joiner.__init__.__globals__['os'].system('touch MARKER') }}",
    "lipsum": "{{ lipsum.__globals__.os.popen('touch MARKER').read() }}",
    "namespace": "{{ namespace.__init__.__globals__.os.popen('touch MARKER').read() }}",
    # The classic escape through object.__subclasses__() to subprocess.Popen.
    "subclasses": "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if c.__name__ == 'Popen' %}"
                  "{{ c(['touch', 'MARKER']) }}{% endif %}{% endfor %}",
    # str.format reaches attributes the sandbox must also guard (Jinja's sandbox docs).
    "format": "{{ '{0.__init__.__globals__[os].system}'.format(cycler) }}",
    "self": "{{ self.__init__.__globals__.os.popen('touch MARKER').read() }}",
    # Unbounded work is refused as well.
    "range": "{% for i in range(10**9) %}x{% endfor %}",
    "repeat": "{{ 'x' * 10**10 }}",
    "power": "{{ 10 ** (10 ** 10) }}",
}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_template_cannot_run_code(tmp_path, capsys, monkeypatch, payload):
    make_template(tmp_path, "evil", {"deck.html.j2": payload + "\n"})
    result = build_with(tmp_path, "evil", capsys, monkeypatch)
    assert result.code == 2, result.err
    assert not (tmp_path / "MARKER").exists()
    (line,) = result.error_lines()
    assert line.startswith("error: templates/evil/deck.html.j2:1: template tried to "), line
    assert line.endswith(" (not allowed)"), line
    assert "Traceback" not in result.err
    assert not result.pptx.exists() and not result.html.exists()  # nothing half-built


def test_the_unsafe_attribute_is_named(tmp_path, capsys, monkeypatch):
    make_template(tmp_path, "evil", {"deck.html.j2": "<p>\n" + PAYLOADS["cycler"] + "\n"})
    result = build_with(tmp_path, "evil", capsys, monkeypatch)
    assert result.error_lines() == ["error: templates/evil/deck.html.j2:2: template tried to access attribute "
                                    "'__init__' of 'type' object (not allowed)"]


def test_the_helpers_templates_rely_on_still_work(tmp_path, capsys, monkeypatch):
    make_template(tmp_path, "ok", {
        "deck.html.j2": '{% extends "default/deck.html.j2" %}\n'
                        '{% block head %}<style>{{ asset_text("extra.css") }}</style>'
                        '<link rel="icon" href="{{ asset_uri("icon.png") }}">'
                        '<style>.x-font { font-family: {{ fonts.body | font_stack }} }</style>'
                        '<meta name="x-extra" content="{{ extra.motto }}">'
                        '{% include "part.j2" %}{% endblock %}\n'
                        '{% block slide_extra %}<i class="n">{{ slide.number }}:{{ loop.index }}</i>{% endblock %}\n',
        "part.j2": "<meta name=\"x-part\" content=\"{{ deck.title | upper }} {{ slides | length }}\">",
        "extra.css": ".marker-rule { color: red }",
        "icon.png": b"\x89PNG\r\n\x1a\nfake",
    }, yaml="extends: default\nextra:\n  motto: Be kind\n")
    result = build_with(tmp_path, "ok", capsys, monkeypatch, "html")
    assert result.code == 0, result.err
    html = result.html.read_text(encoding="utf-8")
    assert "<style>.marker-rule { color: red }</style>" in html
    assert 'href="data:image/png;base64,iVBORw0KGgpmYWtl"' in html
    assert '.x-font { font-family: "Calibri", "Carlito", ' in html
    assert '<meta name="x-extra" content="Be kind">' in html
    assert '<meta name="x-part" content="TALK ' in html
    assert '<i class="n">2:2</i>' in html  # the block sees the loop it is scoped in


# -- files stay inside the template folders -------------------------------------------------------

def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"body {{ content: '{SECRET}' }}\n", encoding="utf-8")
    return secret


LINKED = {
    "deck.css": ({}, "deck.css"),
    "deck.html.j2": ({}, "deck.html.j2"),
    "include": ({"deck.html.j2": '{% extends "default/deck.html.j2" %}{% block head %}{% include "inc.j2" %}'
                                 '{% endblock %}'}, "inc.j2"),
    "asset_text": ({"deck.html.j2": '{% extends "default/deck.html.j2" %}{% block head %}'
                                    '<style>{{ asset_text("linked.css") }}</style>{% endblock %}'}, "linked.css"),
    "asset_uri": ({"deck.html.j2": '{% extends "default/deck.html.j2" %}{% block head %}'
                                   '<link href="{{ asset_uri("font.woff2") }}">{% endblock %}'}, "font.woff2"),
}


@pytest.mark.parametrize("files, link", LINKED.values(), ids=LINKED.keys())
def test_a_link_out_of_the_template_folder_is_refused(tmp_path, capsys, monkeypatch, files, link):
    secret = _secret(tmp_path)
    directory = make_template(tmp_path, "linked", files)
    (directory / link).symlink_to(secret)
    result = build_with(tmp_path, "linked", capsys, monkeypatch)
    assert result.code == 2, result.err
    assert result.error_lines() == [f"error: templates/linked/{link}: refused: a link to a file outside the "
                                    f"template folders ({secret})"]
    assert not result.html.exists()


def test_a_logo_or_master_linked_from_outside_is_refused(tmp_path, capsys, monkeypatch):
    secret = _secret(tmp_path)
    directory = make_template(tmp_path, "logo", {}, yaml="logo: logo.png\n")
    (directory / "logo.png").symlink_to(secret)
    result = build_with(tmp_path, "logo", capsys, monkeypatch)
    assert result.code == 2
    assert result.error_lines() == ["error: templates/logo/template.yaml:2: logo.path: refused: logo.png links to "
                                    "a file outside the template folder"]
    directory = make_template(tmp_path, "master", {})
    (directory / "master.pptx").symlink_to(secret)
    result = build_with(tmp_path, "master", capsys, monkeypatch)
    assert result.code == 2
    assert result.error_lines() == [f"error: templates/master/master.pptx: refused: a link to a file outside the "
                                    f"template folders ({secret})"]


def test_a_link_inside_the_template_folder_is_fine(tmp_path, capsys, monkeypatch):
    directory = make_template(tmp_path, "inside", {"shared/look.css": ".inside-rule { color: blue }"})
    (directory / "deck.css").symlink_to(directory / "shared" / "look.css")
    result = build_with(tmp_path, "inside", capsys, monkeypatch, "html")
    assert result.code == 0, result.err
    assert ".inside-rule { color: blue }" in result.html.read_text(encoding="utf-8")


def test_style_and_script_end_tags_in_any_case_cannot_end_the_inlined_text(tmp_path, capsys, monkeypatch):
    baseline = build_with(tmp_path, "default", capsys, monkeypatch, "html")
    clean = html_facts(baseline.html.read_text(encoding="utf-8")).tags.count("script")
    css = "h1 { color: red }\n</STYLE><script>alert('XSS-css')</script>\n</StYlE ><ScRiPt>alert(2)</sCrIpT>\n"
    make_template(tmp_path, "styled", {
        "deck.css": css,
        "snippet.js": "console.log(1)</SCRIPT><img src=x onerror=alert('XSS-js')>",
        "deck.html.j2": '{% extends "default/deck.html.j2" %}{% block scripts %}'
                        '<script>{{ asset_text("snippet.js") }}</script>{% endblock %}',
    })
    result = build_with(tmp_path, "styled", capsys, monkeypatch, "html")
    assert result.code == 0, result.err
    html = result.html.read_text(encoding="utf-8")
    facts = html_facts(html)
    assert facts.tags.count("script") == clean + 1  # the template's own script element, nothing more
    assert facts.tags.count("img") == 0 and facts.handlers == []
    assert "<\\/STYLE><script>alert('XSS-css')<\\/script>" in html
    assert "console.log(1)<\\/SCRIPT><img" in html


# -- a template author's mistakes say where they are -----------------------------------------------

AUTHOR_ERRORS = {
    "syntax": ({"deck.html.j2": "<html>\n<body>\n{% for slide in slides %}\n</body>\n"},
               "templates/bad/deck.html.j2:3: template syntax error: Unexpected end of template. Jinja was "
               "looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed "
               "is 'for'."),
    "undefined": ({"deck.html.j2": "<html>\n<title>{{ deck.title }}</title>\n{{ no_such_thing }}\n"},
                  "templates/bad/deck.html.j2:3: template uses an undefined value: 'no_such_thing' is undefined"),
    "extends": ({"deck.html.j2": "{# a parent that does not exist #}\n{% extends 'corporate/deck.html.j2' %}\n"},
                "templates/bad/deck.html.j2:2: template not found: corporate/deck.html.j2"),
    "include": ({"deck.html.j2": '{% extends "default/deck.html.j2" %}\n{% block head %}\n'
                                 '{% include "missing.j2" %}\n{% endblock %}\n'},
                "templates/bad/deck.html.j2:3: template not found: missing.j2"),
    "j2 bytes": ({"deck.html.j2": "<html>\n<title>Caf\xe9</title>\n".encode("latin-1")},
                 "templates/bad/deck.html.j2:2: not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    "css bytes": ({"deck.css": "h1 { color: red }\nh2 { content: '\xe9' }\n".encode("latin-1")},
                  "templates/bad/deck.css:2: not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    "included bytes": ({"deck.html.j2": '{% extends "default/deck.html.j2" %}{% block head %}{% include "x.j2" %}'
                                        '{% endblock %}', "x.j2": b"\n\n\xff\n"},
                       "templates/bad/x.j2:3: not UTF-8 text (byte 0xff); save the file as UTF-8"),
}


@pytest.mark.parametrize("files, expected", AUTHOR_ERRORS.values(), ids=AUTHOR_ERRORS.keys())
def test_a_template_mistake_names_file_and_line(tmp_path, capsys, monkeypatch, files, expected):
    make_template(tmp_path, "bad", files)
    result = build_with(tmp_path, "bad", capsys, monkeypatch)
    assert result.code == 2, result.err
    assert result.error_lines() == [f"error: {expected}"]
    assert "Traceback" not in result.err


def test_a_deeply_nested_template_yaml_names_its_line(tmp_path, capsys, monkeypatch):
    depth = 5000
    make_template(tmp_path, "deep", {}, yaml="description: deep\nextra:\n  list: " + "[" * depth + "]" * depth + "\n")
    result = build_with(tmp_path, "deep", capsys, monkeypatch)
    assert result.code == 2, result.err
    assert result.error_lines() == ["error: templates/deep/template.yaml:4: nested more than 100 levels deep "
                                    "(expected a few levels of settings)"]


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares a size (the picture data itself is missing: only the header is ever read)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
        + chunk(b"IEND", b"")


@pytest.mark.parametrize("width, height", [(10_000, 9_500), (13_000, 13_000), (20_000, 20_000)])
def test_a_huge_logo_is_refused_with_its_name(tmp_path, capsys, monkeypatch, width, height):
    make_template(tmp_path, "biglogo", {"logo.png": png_header(width, height)}, yaml="logo: logo.png\n")
    result = build_with(tmp_path, "biglogo", capsys, monkeypatch)
    assert result.code == 2, result.err
    assert result.err.splitlines() == ["error: templates/biglogo/logo.png: logo has more than 50,000,000 pixels "
                                       "(too large to decode safely); a logo needs a few hundred pixels a side"]
