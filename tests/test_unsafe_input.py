"""Nothing unsafe gets into a deck: scripts, event handlers, styles, dangerous links, non-images, bad characters."""
from __future__ import annotations

import re
import socket
import zipfile

import pytest
from pptx import Presentation

from confdeck.links import safe_href
from conftest import pptx_slides
from safety_helpers import build, html_facts, hyperlink_targets, pptx_texts, xml_parts

SAFE_URL_PREFIXES = ("http://", "https://", "mailto:", "#", "data:image/png;base64,", "data:image/jpeg;base64,",
                     "data:image/gif;base64,")


def deck_html_facts(path):
    html = path.read_text(encoding="utf-8")
    return html, html_facts(html)


@pytest.fixture(scope="module")
def clean_baseline(tmp_path_factory):
    """The tags a deck has without any HTML in the notes (reveal.js's own <script> and <style>)."""
    from confdeck.cli import main
    folder = tmp_path_factory.mktemp("baseline")
    (folder / "notes.md").write_text("# Talk\n\n- Intro\n  - point\n", encoding="utf-8")
    assert main(["build", str(folder / "notes.md"), "-o", str(folder / "out")]) == 0
    facts = html_facts((folder / "out" / "notes.html").read_text(encoding="utf-8"))
    return {tag: facts.tags.count(tag) for tag in ("script", "style", "iframe", "object", "embed", "link", "meta")}


HTML_ATTACKS = """# Attack

- Inline <b>bold</b>, <sub>2</sub> and <script>alert("XSS-inline")</script> end
  - a <b>bold</b> word and <em>emphasis</em>
  - <img src="x" onerror="alert('XSS-img')"> image
  - <span style="position:fixed" onclick="alert('XSS-span')">styled</span>
  - <a href="javascript:alert('XSS-a')">raw a</a> and <a href="https://ok.example/">good a</a>
  - <iframe src="https://evil.example/XSS-frame"></iframe> after frame
  - <svg onload="alert('XSS-svg')"><script>alert("XSS-svg2")</script></svg> after svg
  - <img src=x onerror=alert("not-a-tag")> is not HTML to CommonMark, so it stays visible text

<div onmouseover="alert('XSS-div')"><script>alert("XSS-block")</script>
<style>body { display: none } /* XSS-style */</style>
<b>kept bold</b> <i>kept italic</i> H<sub>2</sub>O<br>
<!-- <script>alert("XSS-comment")</script> -->
<![CDATA[<script>alert("XSS-cdata")</script>]]>
<p title="x" style="color:red" onclick="alert('XSS-p')">para</p>
<form action="javascript:alert('XSS-form')"><input onfocus="alert('XSS-input')" autofocus></form>
<math><mtext><table><mglyph><style><img src=x onerror=alert("XSS-mxss")></style></mglyph></table></mtext></math>
</div>

- Second
  - plain
"""


def test_raw_html_is_filtered_through_the_allowlist(tmp_path, capsys, monkeypatch, clean_baseline):
    result = build(tmp_path, HTML_ATTACKS, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    html, facts = deck_html_facts(result.html)
    assert "XSS-" not in html  # every payload carries this marker ("-" never occurs in base64)
    assert facts.handlers == []
    assert {tag: facts.tags.count(tag) for tag in clean_baseline} == clean_baseline
    assert all(url.startswith(SAFE_URL_PREFIXES) for url in facts.urls), facts.urls
    assert facts.styles == []
    assert facts.tags.count("img") == 0 and facts.tags.count("svg") == 0
    assert '&lt;img src=x onerror=alert(&#34;not-a-tag&#34;)&gt; is not HTML' in html
    # Formatting survives.
    assert "<b>kept bold</b>" in html and "<i>kept italic</i>" in html and "H<sub>2</sub>O<br>" in html
    assert "<li>a <b>bold</b> word and <em>emphasis</em></li>" in html
    # Titles are plain text, the script gone with its spaces (a page mark follows when the slide continues).
    assert re.search(r"<h2>Inline bold, 2 and end(?: \(\d/\d\))?</h2>", html)
    assert '<a href="https://ok.example/" rel="noopener noreferrer">good a</a>' in html
    assert "<li>raw a and <a href" in html  # the refused link is plain text


def test_raw_html_in_the_pptx_is_text_without_scripts(tmp_path, capsys, monkeypatch):
    result = build(tmp_path, HTML_ATTACKS, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    parts = xml_parts(result.pptx)
    assert not any(b"XSS-" in zipfile.ZipFile(result.pptx).read(name) for name in parts)
    # The body's lines in order over all slides: where a page ends depends on the font's metrics.
    lines = [text for slide in pptx_slides(result.pptx) for text, _level in slide["paragraphs"]]
    body = "\n".join(lines[lines.index("a bold word and emphasis"):])
    assert body.split("\n")[:7] == ["a bold word and emphasis", "image", "styled", "raw a and good a", "after frame", "after svg",
                                     '<img src=x onerror=alert("not-a-tag")> is not HTML to CommonMark, so it stays '
                                     'visible text']
    assert "kept bold kept italic H2O" in body
    assert hyperlink_targets(result.pptx) == ["https://ok.example/"]
    # Inline <b> became a bold run.
    slide = next(s for s in Presentation(str(result.pptx)).slides
                 if any(sh.has_text_frame and sh.text_frame.text.startswith("a bold") for sh in s.shapes))
    runs = [run for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    assert [run.font.bold for run in runs if run.text == "bold"] == [True]


def test_allow_html_passes_raw_html_through(tmp_path, capsys, monkeypatch):
    notes = ('# Talk\n\n- Intro\n\n<div class="box" style="color: red">Boxed <span style="color:blue">blue</span></div>\n\n'
             '- Second\n  - with <span style="color:green">inline</span>\n')
    result = build(tmp_path, notes, "--allow-html", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    html = result.html.read_text(encoding="utf-8")
    assert '<div class="box" style="color: red">Boxed <span style="color:blue">blue</span></div>' in html
    assert '<span style="color:green">inline</span>' in html
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    html = result.html.read_text(encoding="utf-8")
    assert 'style="color' not in html and "<span>blue</span>" in html and "<span>inline</span>" in html


BAD_LINKS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)",
    "java\tscript:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "javascript&colon;alert(1)",
    "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)",
    "vbscript:msgbox(1)", "VBScript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "\x01javascript:alert(1)",
    "\u00a0javascript:alert(1)", "jav&#x0A;ascript:alert(1)",
]
GOOD_LINKS = ["http://example.com/a?b=1&c=2", "https://example.com/", "HTTPS://EXAMPLE.COM/", "mailto:me@example.com",
              "slides/other.html", "../notes.md", "#section", "?page=2", "/absolute/path"]


@pytest.mark.parametrize("href", BAD_LINKS)
def test_safe_href_refuses_scripts_in_any_disguise(href):
    assert safe_href(href) is None


@pytest.mark.parametrize("href", GOOD_LINKS)
def test_safe_href_keeps_web_mail_and_relative_links(href):
    assert safe_href(href) == href.strip()


def _markdown_link_target(href: str) -> str:
    return "<" + href + ">" if any(c in href for c in " \t()<>") else href


def test_dangerous_links_become_plain_text_in_both_decks(tmp_path, capsys, monkeypatch):
    bullets = [f"  - [bad {i}]({_markdown_link_target(href)})" for i, href in enumerate(BAD_LINKS)]
    bullets += [f"  - <javascript:alert({i})>" for i in range(2)]
    bullets += [f'  - <a href="{href}">raw {i}</a>' for i, href in enumerate(BAD_LINKS) if '"' not in href]
    bullets += ["  - [good](https://example.com/ok) and <mailto:me@example.com>"]
    notes = "---\nduration: 5m\n---\n# Links\n\n- Links\n" + "\n".join(bullets) + "\n"
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    html, facts = deck_html_facts(result.html)
    assert all(url.startswith(SAFE_URL_PREFIXES) for url in facts.urls), facts.urls
    for word in ("javascript:", "vbscript:", "data:text/html", "file:"):
        assert f'href="{word}' not in html.lower()
    assert sorted(hyperlink_targets(result.pptx)) == ["https://example.com/ok", "mailto:me@example.com"]
    texts = "\n".join(pptx_texts(result.pptx))
    assert "bad 0" in texts and "raw 0" in texts  # the link text stays, as plain text


# -- images ------------------------------------------------------------------------------------------------

PRIVATE_KEY = ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
               "QyNTUxOQAAACBSECRETSECRETSECRETSECRETSECRETSECRETSECRETAAAAA\n-----END OPENSSH PRIVATE KEY-----\n")


def test_only_real_images_are_embedded(tmp_path, capsys, monkeypatch):
    from PIL import Image as PILImage

    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "id_ed25519.png").write_text(PRIVATE_KEY, encoding="ascii")
    PILImage.new("RGB", (30, 20), "green").save(tmp_path / "img" / "real.png")
    PILImage.new("RGB", (30, 20), "green").save(tmp_path / "img" / "photo.txt", "JPEG")  # content decides
    (tmp_path / "img" / "x.xbm").write_text("#define x_width 1\n#define x_height 1\nstatic char x_bits[] = {0x00};\n")
    (tmp_path / "img" / "fake.eps").write_text("%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")
    notes = ("---\nduration: 5m\n---\n# Images\n\n- Pictures\n\n![key](img/id_ed25519.png)\n\n![passwd](/etc/passwd)\n\n"
             "![shadow](../../../../../../etc/shadow)\n\n![real](img/real.png)\n\n![photo](img/photo.txt)\n\n"
             "![xbm](img/x.xbm)\n\n![eps](img/fake.eps)\n\n![folder](img)\n")
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    warnings = result.warning_lines()
    assert "warning: notes.md:8: image skipped, not an image: img/id_ed25519.png" in warnings
    assert "warning: notes.md:10: image skipped, not an image: /etc/passwd" in warnings
    assert "warning: notes.md:18: image skipped, not an image: img/x.xbm" in warnings
    assert "warning: notes.md:20: image skipped, not an image: img/fake.eps" in warnings
    assert "warning: notes.md:22: image not found: img" in warnings
    with zipfile.ZipFile(result.pptx) as archive:
        media = [name for name in archive.namelist() if name.startswith("ppt/media/")]
        assert len(media) == 2  # real.png and photo.txt (a JPEG)
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"PRIVATE KEY" not in everything and b"root:" not in everything
    html = result.html.read_text(encoding="utf-8")
    assert "PRIVATE KEY" not in html and "root:x:" not in html
    assert html.count('src="data:image/png;base64,') == 1 and html.count('src="data:image/jpeg;base64,') == 1


def test_remote_images_are_never_fetched(tmp_path, capsys, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("confdeck tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    notes = ("---\nduration: 5m\n---\n# Remote\n\n- Pictures\n\n![a](https://example.com/a.png)\n\n"
             "![b](//example.com/b.png)\n\n![c](ftp://example.com/c.png)\n\n![d](file:///etc/passwd)\n\n"
             "![e](data:image/png;base64,iVBORw0KGgo=)\n")
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    assert [line for line in result.warning_lines() if "image" in line] == [
        "warning: notes.md:8: remote image not fetched: https://example.com/a.png",
        "warning: notes.md:10: remote image not fetched: //example.com/b.png",
        "warning: notes.md:12: remote image not fetched: ftp://example.com/c.png",
        "warning: notes.md:14: image skipped, file: addresses are not read: file:///etc/passwd",
        "warning: notes.md:16: image skipped, data: addresses are not read: data:image/png;base64,iVBORw0KGgo=",
    ]
    texts = "\n".join(pptx_texts(result.pptx))
    assert texts.count("Remote image not fetched") == 3
    html, facts = deck_html_facts(result.html)
    assert not any(url.startswith(("http", "//", "ftp", "file")) for url in facts.urls if url)
    assert "Remote image not fetched" in html


# -- text ----------------------------------------------------------------------------------------------------

def test_control_characters_and_bad_unicode_are_cleaned_everywhere(tmp_path, capsys, monkeypatch):
    bad = "\x01\x08\x0b\x0c\x1b\x7f\x85\x9f\ufffe\uffff"
    notes = (f'---\ntitle: "T\\x01itle \\ud800 \\uffff"\nauthor: "Au\\x1bthor"\nsubtitle: "Sub\\x02"\n---\n'
             f"# Ignored{bad}\n\n## Section{bad} one\n\n### Bullets{bad}\n\n- bullet{bad} top\n  - bullet{bad} text with [li\x01nk](https://example.com/a\uffffb)\n"
             f"  - notes: speaker{bad} notes\n\n"
             f"| head{bad} | two |\n|---|---|\n| cell{bad} | x |\n\n"
             f"## Heading section{bad}\n\n### Slide{bad}\n\ntext &#1; &#xFFFF; &#xD800; end\n\n<!-- comment{bad} -->\n")
    result = build(tmp_path, notes, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    parts = xml_parts(result.pptx)  # every XML part parses
    raw = b"".join(zipfile.ZipFile(result.pptx).read(name) for name in parts)
    for char in bad:
        assert char.encode("utf-8") not in raw
    presentation = Presentation(str(result.pptx))
    assert presentation.core_properties.title == "Title \ufffd "
    assert presentation.core_properties.author == "Author"
    texts = "\n".join(pptx_texts(result.pptx))
    assert re.search(r"Section\s+one", texts) and "head" in texts and "cell" in texts and "Slide" in texts
    assert "https://example.com/ab" in hyperlink_targets(result.pptx)
    assert not any(ch in texts for ch in bad)
    html = result.html.read_text(encoding="utf-8")
    assert not any(ch in html for ch in bad)
    assert "removed control characters or invalid Unicode from the text" in result.err


# -- templates ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../default", "..", "/etc", "templates/../../x", "a/b", "..\\x", "~root", ".hidden"])
def test_template_names_cannot_climb_out(tmp_path, capsys, monkeypatch, name):
    result = build(tmp_path, "# Talk\n\n- Intro\n", "--template", name, capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2
    assert result.error_lines()[0].endswith(f"template name {name!r} is not a plain folder name")
    assert not result.outdir.exists()


def test_template_named_in_notes_cannot_climb_out(tmp_path, capsys, monkeypatch):
    result = build(tmp_path, "---\ntemplate: ../../etc\n---\n# Talk\n\n- Intro\n", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2
    assert result.error_lines()[0].endswith("template name '../../etc' is not a plain folder name")


def test_template_extends_cannot_climb_out(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "templates" / "acme"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text("name: acme\nextends: ../../outside\n", encoding="utf-8")
    result = build(tmp_path, "# Talk\n\n- Intro\n", "--template", "acme", capsys=capsys, monkeypatch=monkeypatch)
    assert result.code == 2
    assert "../../outside" in result.err and "Traceback" not in result.err
