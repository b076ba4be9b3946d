"""`confdeck preview`: serves the deck from memory, follows every save, and answers nobody else."""
from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import NOTES, ROOT, run_confdeck

from confdeck.preview import Preview, PreviewOptions, request_route

SHOWN = "notes/pwc2020.md"
WAIT = 20  # seconds: generous on a busy machine; these are waits for an event, not timings


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A copy of the notes and the logo they refer to; templates/ is looked up here."""
    (tmp_path / "notes").mkdir()
    shutil.copy(NOTES / "pwc2020.md", tmp_path / "notes" / "pwc2020.md")
    shutil.copytree(ROOT / "images", tmp_path / "images")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def preview(workspace):
    """Start an in-process preview on a free port; every one started is stopped at the end."""
    started: list[Preview] = []

    def start(notes: str = SHOWN, **options) -> Preview:
        running = Preview(PreviewOptions(notes=Path(notes), shown=notes, port=0, open_browser=False, **options),
                          out=io.StringIO(), err=io.StringIO())
        started.append(running)
        running.start()
        assert running.watching.wait(WAIT), "the watcher did not start"
        return running

    yield start
    for running in started:
        running.stop()


def request(running: Preview, path: str = "/", host: str | None = "default", method: str = "GET",
            extra_hosts: tuple[str, ...] = ()) -> tuple[int, str, http.client.HTTPMessage]:
    """Send the path exactly as given (no client-side normalising) with the Host header we choose."""
    port = running.server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for value in ((f"127.0.0.1:{port}",) if host == "default" else (host,) if host else ()) + extra_hosts:
            connection.putheader("Host", value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8"), response.headers
    finally:
        connection.close()


def fetch_bytes(running: Preview, path: str) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", running.server.server_address[1], timeout=WAIT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers["Content-Type"], response.read()
    finally:
        connection.close()


def build_warnings(workspace: Path) -> str:
    """What `confdeck build` prints on stderr for the same notes."""
    result = run_confdeck("build", SHOWN, "--format", "html", "-o", str(workspace / "built"), cwd=workspace,
                          env={"PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 0, result.stderr
    return result.stderr


def wait_for_build(running: Preview, number: int) -> None:
    deadline = time.monotonic() + WAIT
    while running.deck.build < number:
        assert time.monotonic() < deadline, f"no build {number}; log: {running.err.getvalue()}"
        time.sleep(0.02)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class _Slides(HTMLParser):
    """The text of each reveal.js <section>, and the error panel if there is one."""

    def __init__(self):
        super().__init__()
        self.slides: list[str] = []
        self.error = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.handle_data(" ")  # tags separate words
        if tag == "section":
            self.slides.append("")
            self._in = "slide"
        elif tag == "aside" and self._in == "slide":
            self._in = "notes"  # speaker notes are not slide text
        elif tag == "div" and self._in == "slide" and dict(attrs).get("class") == "cd-slide-number":
            self._in = "number"  # nor is the slide number in the corner
        elif dict(attrs).get("id") == "confdeck-error":
            self._in = "error"

    def handle_endtag(self, tag):
        self.handle_data(" ")
        if (tag == "aside" and self._in == "notes") or (tag == "div" and self._in == "number"):
            self._in = "slide"
        elif tag == "section" or (tag == "div" and self._in == "error"):
            self._in = None

    def handle_data(self, data):
        if self._in == "slide":
            self.slides[-1] += data
        elif self._in == "error":
            self.error += data


def slides_of(page: str) -> _Slides:
    parser = _Slides()
    parser.feed(page)
    return parser


def slide_with(page: str, words: str) -> str:
    matches = [" ".join(s.split()) for s in slides_of(page).slides if words in " ".join(s.split())]
    assert len(matches) == 1, f"{words!r} on {len(matches)} slides"
    return matches[0]


# -- serving and following saves -----------------------------------------------------------------

def test_serves_the_deck_from_memory_with_the_reload_script(preview, workspace):
    running = preview()
    status, page, headers = request(running)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert len(slides_of(page).slides) == 11
    assert slide_with(page, "Entirely virtual") == (
        "Conference overview Multi-track Tutorials on 1st day, day-long talks on day 2 & 3 Entirely virtual")
    assert '<script id="confdeck-live-reload" data-build="1">' in page
    assert page.index("confdeck-live-reload") > page.index("Reveal.initialize")
    assert not (workspace / "output").exists()  # preview writes no files
    assert running.out.getvalue().startswith(f"built {SHOWN}: 11 slides in ")
    # The same warnings `confdeck build` prints, once.
    assert running.err.getvalue() == build_warnings(workspace)
    assert (f"warning: {SHOWN}:35: image not found: ../day2/../day3/zen-of-python-teams/next_1_1.png"
            in running.err.getvalue().splitlines())


def test_a_save_is_served_after_one_rebuild(preview, workspace):
    running = preview()
    edit(workspace / SHOWN, "  - Entirely virtual", "  - Entirely virtual, on Zoom")
    wait_for_build(running, 2)
    status, page, _ = request(running)
    assert status == 200
    assert slide_with(page, "Entirely virtual").endswith("Entirely virtual, on Zoom")
    assert 'data-build="2"' in page
    log = running.out.getvalue().splitlines()
    assert re.fullmatch(rf"notes/pwc2020\.md changed: rebuilt {SHOWN}: 11 slides in \d+ ms", log[-1]), log


def test_a_page_requested_during_a_rebuild_waits_for_it(preview, workspace, monkeypatch):
    import confdeck.preview

    building, slow = threading.Event(), [False]
    render_deck = confdeck.preview.render_deck

    def slow_render_deck(*args, **kwargs):
        if slow[0]:
            building.set()
            time.sleep(1)
        return render_deck(*args, **kwargs)

    monkeypatch.setattr(confdeck.preview, "render_deck", slow_render_deck)
    running = preview()
    slow[0] = True
    edit(workspace / SHOWN, "  - Divio", "  - Divio, after the wait")
    assert building.wait(WAIT)
    status, page, _ = request(running)  # asked while the rebuild sleeps
    assert status == 200 and 'data-build="2"' in page
    assert slide_with(page, "Divio") == "Magic Anvil Divio, after the wait"


def test_a_save_by_rename_is_seen_like_editors_safe_writes(preview, workspace):
    running = preview()
    notes = workspace / SHOWN
    scratch = notes.with_name(".pwc2020.md.swp")
    scratch.write_text(notes.read_text(encoding="utf-8").replace("  - Divio", "  - Divio (renamed in)"),
                       encoding="utf-8")
    os.replace(scratch, notes)
    wait_for_build(running, 2)
    assert slide_with(request(running)[1], "Divio") == "Magic Anvil Divio (renamed in)"
    edit(notes, "  - Anvil", "  - Anvil again")  # still watched after the rename
    wait_for_build(running, 3)
    assert slide_with(request(running)[1], "Divio") == "Magic Anvil again Divio (renamed in)"


def test_a_burst_of_saves_is_one_rebuild(preview, workspace):
    from confdeck.preview import WATCH_STEP_MS

    running = preview()
    notes = workspace / SHOWN
    text = notes.read_text(encoding="utf-8")
    # A burst is saves closer together than the watcher's quiet time. On a busy machine this
    # test itself may be paused mid-burst for longer than that: those saves were not a burst,
    # so the burst is made again (its rebuilds counted), until one really is.
    for attempt in range(10):
        before = running.deck.build
        started = time.monotonic()
        for number in range(1, 6):
            notes.write_text(text.replace("  - Anvil", f"  - Anvil {attempt}.{number}"), encoding="utf-8")
        if time.monotonic() - started < WATCH_STEP_MS / 1000:
            break
        wait_for_build(running, before + 1)
        time.sleep(1)  # let every rebuild of the slow burst finish before trying again
    else:
        pytest.skip("the machine never let five saves happen within the quiet time")
    wait_for_build(running, before + 1)
    time.sleep(1)  # room for a second rebuild, which must not come
    assert running.deck.build == before + 1 and running.rebuilds == before + 1
    assert slide_with(request(running)[1], "Divio") == f"Magic Anvil {attempt}.5 Divio"


def test_an_image_and_a_template_in_use_are_watched(preview, workspace):
    template = workspace / "templates" / "acme"
    template.mkdir(parents=True)
    (template / "template.yaml").write_text("extends: default\n", encoding="utf-8")
    shutil.copy(ROOT / "templates" / "default" / "deck.css", template / "deck.css")
    running = preview(template="acme")
    page = request(running)[1]
    assert "--acme-marker" not in page
    logo = re.search(r'<img class="logo" src="(/__confdeck/pictures/[0-9a-f]{32})"', page).group(1)

    with (template / "deck.css").open("a", encoding="utf-8") as css:
        css.write("\n.reveal { --acme-marker: 1; }\n")
    wait_for_build(running, 2)
    assert ".reveal { --acme-marker: 1; }" in request(running)[1]

    from PIL import Image
    # Noise: too big to stay inline in the page, so it is served at its own address.
    # Saved aside and moved in at once, so no rebuild reads a half-written picture.
    Image.frombytes("RGB", (400, 200), os.urandom(400 * 200 * 3)).save(workspace / "images" / "new.png")
    os.replace(workspace / "images" / "new.png", workspace / "images" / "pwcsnake2020.png")
    wait_for_build(running, 3)
    new_logo = re.search(r'<img class="logo" src="(/__confdeck/pictures/[0-9a-f]{32})"',
                         request(running)[1]).group(1)
    assert new_logo != logo
    status, content_type, picture = fetch_bytes(running, new_logo)
    assert (status, content_type) == (200, "image/png")
    assert Image.open(io.BytesIO(picture)).size[0] / Image.open(io.BytesIO(picture)).size[1] == 2


def test_an_image_that_appears_later_is_picked_up(preview, workspace):
    running = preview()
    assert "Image not found: ../day2/../day3/zen-of-python-teams/next_1_1.png" in request(running)[1]
    # The OS opens notes/../day2/../day3/… only once day2 exists too; each new folder is a change.
    (workspace / "day2").mkdir()
    folder = workspace / "day3" / "zen-of-python-teams"
    folder.mkdir(parents=True)
    from PIL import Image
    picture = Image.new("RGB", (30, 30), "blue")
    deadline = time.monotonic() + WAIT
    picture.save(folder / "next_1_1.png")
    while "Image not found" in request(running)[1]:
        assert time.monotonic() < deadline, running.err.getvalue() + running.out.getvalue()
        time.sleep(0.05)
    assert slide_with(request(running)[1], "For Your Next 1:1") == "For Your Next 1:1"


# -- broken saves ----------------------------------------------------------------------------------

def test_a_broken_save_keeps_serving_shows_the_error_and_a_fix_recovers(preview, workspace):
    running = preview()
    notes = workspace / SHOWN
    good = notes.read_text(encoding="utf-8")
    notes.write_text("---\ntitle: [\"<script>alert(1)</script>\"]\n---\n" + good, encoding="utf-8")
    wait_for_build(running, 2)
    message = f"error: {SHOWN}:2: title: expected text, got list ['<script>alert(1)</script>']"
    assert message in running.err.getvalue().splitlines()
    status, page, _ = request(running)
    assert status == 200
    served = slides_of(page)
    assert "Entirely virtual" in " ".join(served.slides)  # the last good deck, under the panel
    assert " ".join(served.error.split()) == (
        f"confdeck preview: the last save did not build {message} The last good deck is shown underneath. "
        "Fix the file and save: the page updates on its own.")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page

    notes.write_text(good.replace("  - Divio", "  - Divio, fixed"), encoding="utf-8")
    wait_for_build(running, 3)
    page = request(running)[1]
    assert 'id="confdeck-error"' not in page
    assert slide_with(page, "Divio") == "Magic Anvil Divio, fixed"


def test_an_unknown_template_in_the_notes_is_shown_and_recovers(preview, workspace):
    running = preview()
    notes = workspace / SHOWN
    good = notes.read_text(encoding="utf-8")
    notes.write_text("---\ntemplate: nosuch\n---\n" + good, encoding="utf-8")
    wait_for_build(running, 2)
    page = request(running)[1]
    assert "no template &#x27;nosuch&#x27;; available: bold, default" in page
    assert "no template 'nosuch'; available: bold, default" in running.err.getvalue()
    notes.write_text(good, encoding="utf-8")
    wait_for_build(running, 3)
    assert 'id="confdeck-error"' not in request(running)[1]


def test_a_template_made_after_the_error_is_picked_up(preview, workspace):
    notes = workspace / SHOWN
    notes.write_text("---\ntemplate: acme\n---\n" + notes.read_text(encoding="utf-8"), encoding="utf-8")
    running = preview()
    status, page, _ = request(running)
    assert status == 500 and "no template &#x27;acme&#x27;" in page
    template = workspace / "templates" / "acme"  # no templates/ folder until now
    template.mkdir(parents=True)
    wait_for_build(running, 2)  # seen, still failing; what follows comes later, as from a person
    css = (ROOT / "templates" / "default" / "deck.css").read_text(encoding="utf-8")
    (template / "deck.css").write_text(css + "\n.reveal { --acme-marker: 1; }\n", encoding="utf-8")
    (template / "template.yaml").write_text("extends: default\n", encoding="utf-8")
    deadline = time.monotonic() + WAIT
    while request(running)[0] != 200:
        assert time.monotonic() < deadline, running.err.getvalue()
        time.sleep(0.05)
    page = request(running)[1]
    assert ".reveal { --acme-marker: 1; }" in page and 'id="confdeck-error"' not in page


def test_notes_broken_from_the_start_get_an_error_page_until_fixed(preview, workspace):
    notes = workspace / SHOWN
    good = notes.read_text(encoding="utf-8")
    notes.write_text("---\ntitle: [1, 2]\n---\n" + good, encoding="utf-8")
    running = preview()
    status, page, _ = request(running)
    assert status == 500
    assert " ".join(slides_of(page).error.split()) == (
        f"confdeck preview: the last save did not build error: {SHOWN}:2: title: expected text, "
        "got list [1, 2] Fix the file and save: the page updates on its own.")
    assert '<script id="confdeck-live-reload" data-build="1">' in page
    notes.write_text(good, encoding="utf-8")
    wait_for_build(running, 2)
    status, page, _ = request(running)
    assert status == 200 and len(slides_of(page).slides) == 11


def test_reload_events_carry_the_build_number_only(preview, workspace):
    running = preview()
    port = running.server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    connection.request("GET", "/__confdeck/events?build=1")
    response = connection.getresponse()
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    assert response.fp.readline() == b"retry: 1000\n" and response.fp.readline() == b"\n"
    edit(workspace / SHOWN, "  - Openapi", "  - OpenAPI 3.1")
    events = []
    while len(events) < 1:
        line = response.fp.readline().decode()
        if line.startswith("data: "):
            events.append(json.loads(line[len("data: "):]))
    connection.close()
    assert events == [{"build": 2, "ok": True}]


def test_an_update_sends_only_the_slides_a_save_changed(preview, workspace):
    running = preview()
    page = request(running)[1]
    # Big pictures and fonts are served by address; only small ones (reveal.js's icons) stay inline.
    assert max(len(uri) for uri in re.findall(r"data:[^\"')]+", page)) < 10_000
    edit(workspace / SHOWN, "  - Entirely virtual", "  - Entirely virtual, on Zoom")
    wait_for_build(running, 2)
    status, body, headers = request(running, "/__confdeck/update?build=1")
    assert status == 200 and headers["Content-Type"] == "application/json"
    change = json.loads(body)
    assert change["reload"] is False and change["build"] == 2 and change["before"] == 11
    sent = [(i, slide) for i, slide in enumerate(change["slides"]) if not isinstance(slide, int)]
    assert len(sent) == 1, sent
    changed, html = sent[0]
    assert slide_with(html, "Entirely virtual").endswith("Entirely virtual, on Zoom")
    kept = [slide for slide in change["slides"] if isinstance(slide, int)]
    assert kept == [i for i in range(11) if i != changed]  # every other slide: kept where it was
    assert change["styles"] == [None, None, None] and change["error"] is None
    assert change["title"] == "Python Web Conference 2020"
    # Nothing changed since build 2; build 0 was never served: only a reload can help that page.
    assert json.loads(request(running, "/__confdeck/update?build=2")[1])["slides"] == list(range(11))
    assert json.loads(request(running, "/__confdeck/update?build=0")[1]) == {"reload": True, "build": 2}

    # The talk's length is a reveal.js setting outside the slides: the page must reload.
    notes = workspace / SHOWN
    notes.write_text("---\nduration: 30m\n---\n" + notes.read_text(encoding="utf-8"), encoding="utf-8")
    wait_for_build(running, 3)
    assert json.loads(request(running, "/__confdeck/update?build=2")[1]) == {"reload": True, "build": 3}


def test_pictures_are_served_once_by_their_content(preview, workspace):
    running = preview()
    page = request(running)[1]
    addresses = set(re.findall(r"/__confdeck/pictures/[0-9a-f]{32}", page))
    assert len(addresses) == 5  # the logo and four web fonts of the theme
    logo = re.search(r'<img class="logo" src="(/__confdeck/pictures/[0-9a-f]{32})"', page).group(1)
    status, content_type, data = fetch_bytes(running, logo)
    assert (status, content_type) == (200, "image/png") and data.startswith(b"\x89PNG\r\n")
    headers = request(running, logo, method="HEAD")[2]
    assert headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert request(running)[2]["Cache-Control"] == "no-store"  # the page itself never
    assert request(running, "/__confdeck/pictures/" + "0" * 32)[:2] == (404, "not found\n")
    assert request_route("/__confdeck/pictures/" + "a" * 32) == "picture"
    assert request_route("/__confdeck/pictures/" + "a" * 31) is None
    assert request_route("/__confdeck/pictures/../" + "a" * 32) is None


# -- safety ----------------------------------------------------------------------------------------

TRAVERSALS = [
    "/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
    "/%252e%252e/%252e%252e/etc/passwd", "/%25252e%25252e/etc/passwd", "//etc/passwd", "/..\\..\\etc\\passwd",
    "/%5c..%5c..%5cetc%5cpasswd", "/index.html/../../notes/pwc2020.md", "/./index.html", "/notes/pwc2020.md",
    "/notes/", "/images/pwcsnake2020.png", "/pwc2020.md", "/__confdeck/", "/__confdeck/events/../../etc/passwd",
    "/%00", "/index.html%00.md", "http://127.0.0.1/etc/passwd", "*",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_outside_the_deck_get_404_and_nothing_else(preview, path):
    running = preview()
    status, body, _ = request(running, path)
    assert (status, body) == (404, "not found\n")


def test_request_routes():
    assert request_route("/") == request_route("/index.html") == request_route("/?receiver&x=1#/3") == "deck"
    assert request_route("/__confdeck/events?build=4") == "events"
    assert [request_route(path) for path in TRAVERSALS] == [None] * len(TRAVERSALS)


def test_host_header_must_name_this_server(preview):
    running = preview()
    port = running.server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert request(running, host=host)[0] == 200, host
    for host in ("evil.example", f"evil.example:{port}", f"rebind.attacker.test:{port}", f"127.0.0.1:{port + 1}",
                 "localhost", f"localhost.:{port}", f"10.1.2.3:{port}"):
        status, body, _ = request(running, host=host)
        assert (status, body) == (403, "request not addressed to this preview server\n"), host
    assert request(running, "/__confdeck/events?build=1", host=f"evil.example:{port}")[0] == 403
    assert request(running, "/../etc/passwd", host=f"evil.example:{port}")[0] == 403
    assert request(running, host=None)[:2] == (400, "exactly one Host header is required\n")
    assert request(running, extra_hosts=(f"evil.example:{port}",))[:2] == (
        400, "exactly one Host header is required\n")
    for host in (f"localhost:{port}x", f"127.0.0.1:{port}@evil.example"):
        assert request(running, host=host)[:2] == (400, "malformed Host header\n"), host


def test_security_headers_and_no_other_methods(preview):
    running = preview()
    status, body, headers = request(running, method="HEAD")
    assert status == 200 and body == ""
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert headers["Server"] == "confdeck-preview"
    assert request(running, method="POST")[0] == 501
    assert request(running, method="PUT")[0] == 501


def test_socket_is_bound_to_loopback_and_threads_end_on_stop(workspace):
    before = set(threading.enumerate())
    running = Preview(PreviewOptions(notes=Path(SHOWN), shown=SHOWN, port=0, open_browser=False),
                      out=io.StringIO(), err=io.StringIO())
    running.start()
    try:
        assert running.server.socket.getsockname()[0] == "127.0.0.1"
        assert running.url == f"http://127.0.0.1:{running.server.server_address[1]}/"
        assert request(running)[0] == 200
    finally:
        running.stop()
    deadline = time.monotonic() + WAIT
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert set(threading.enumerate()) - before == set()


# -- the command line ------------------------------------------------------------------------------

_COMMANDS: list[subprocess.Popen] = []   # every `confdeck preview` process the running test started


def _as_in_a_terminal() -> None:
    # A background job (`pytest &`, CI runners) starts with SIGINT ignored, and a child inherits that;
    # the server must get Ctrl-C as it does in a user's terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def end_process(process: subprocess.Popen) -> None:
    """Stop a server for good: Ctrl-C, then SIGTERM, then kill; fail if it still runs."""
    for stop in (lambda: process.send_signal(signal.SIGINT), process.terminate, process.kill):
        if process.poll() is not None:
            break
        stop()
        try:
            process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            continue
    for pipe in (process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()
    assert process.poll() is not None, f"preview server {process.pid} is still running"


@pytest.fixture(autouse=True)
def no_server_left_running():
    """Whatever a test did or however it failed, no preview process outlives it."""
    yield
    while _COMMANDS:
        end_process(_COMMANDS.pop())


def start_command(workspace: Path, *args: str, env: dict | None = None,
                  no_open: bool = True) -> tuple[subprocess.Popen, str]:
    """`confdeck preview` in its own process; returns it and the URL it printed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "PYTHONUNBUFFERED": "1", **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "confdeck", "preview", SHOWN, "--port", "0",
                                *(["--no-open"] if no_open else []), *args], cwd=workspace, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_as_in_a_terminal)
    _COMMANDS.append(process)
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("serving "):
            return process, line.split()[1]
    process.kill()
    raise AssertionError(f"no URL printed: {lines} {process.stderr.read()}")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_exits_0_without_a_traceback(workspace, stop):
    process, url = start_command(workspace)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
    connection = http.client.HTTPConnection(url.split("/")[2], timeout=WAIT)
    connection.request("GET", "/")
    assert connection.getresponse().status == 200
    connection.close()
    events = http.client.HTTPConnection(url.split("/")[2], timeout=WAIT)  # an open page's event stream
    events.request("GET", "/__confdeck/events?build=1")
    assert events.getresponse().status == 200
    process.send_signal(stop)
    out, err = process.communicate(timeout=WAIT)
    events.close()
    assert process.returncode == 0
    assert "Traceback" not in err and "Exception" not in err
    assert out.splitlines()[-1] == "stopped"
    assert err == build_warnings(workspace)


def test_opens_the_browser_on_the_deck_unless_told_not_to(workspace):
    opened = workspace / "opened.txt"
    browser = workspace / "browser.py"  # stands in for the user's browser ($BROWSER, as webbrowser reads it)
    browser.write_text(f"import sys; open({str(opened)!r}, 'a').write(sys.argv[1] + '\\n')\n", encoding="utf-8")
    fake = {"BROWSER": f"{sys.executable} {browser} %s"}
    process, url = start_command(workspace, env=fake, no_open=False)
    deadline = time.monotonic() + 3 * WAIT  # the browser opens after the first build: slow on a busy machine
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=WAIT)
    assert opened.read_text(encoding="utf-8") == url + "\n"

    process, url = start_command(workspace, env=fake)  # --no-open
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=WAIT)
    assert opened.read_text(encoding="utf-8").count("\n") == 1


def test_other_host_warns_that_the_network_can_see_the_deck(workspace):
    process, url = start_command(workspace, "--host", "0.0.0.0")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=WAIT)
    assert process.returncode == 0
    assert re.fullmatch(r"http://0\.0\.0\.0:\d+/", url)
    assert ("warning: --host 0.0.0.0 makes the deck visible to other machines on the network; "
            "leave out --host to keep it on this computer") in err.splitlines()


def test_missing_notes_and_busy_port_are_user_errors(workspace, confdeck):
    result = confdeck("preview", "notes/nope.md", "--no-open", cwd=workspace,
                      env={"PYTHONPATH": str(ROOT / "src")})
    assert (result.returncode, result.stderr) == (2, "error: notes/nope.md: no such file\n")
    with __import__("socket").socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = confdeck("preview", SHOWN, "--no-open", "--port", str(port), cwd=workspace,
                          env={"PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == 2
    assert result.stderr == (f"error: cannot serve on 127.0.0.1:{port}: Address already in use; "
                             "choose another port with --port\n")


# -- in a real browser -----------------------------------------------------------------------------

def test_open_page_follows_saves_on_the_same_slide(preview, workspace, browser):
    running = preview()
    notes = workspace / SHOWN
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(running.url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    overview = page.evaluate("""() => Reveal.getSlides().findIndex(
        s => s.classList.contains('content-slide') && s.innerText.includes('Entirely virtual'))""")
    page.evaluate(f"Reveal.slide({overview})")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads

    edit(notes, "  - Entirely virtual", "  - Entirely virtual, on Zoom")
    page.wait_for_function("""() => window.Reveal && Reveal.isReady()
        && Reveal.getCurrentSlide().innerText.includes('Entirely virtual, on Zoom')""", timeout=WAIT * 1000)
    assert page.evaluate("Reveal.getIndices().h") == overview
    assert page.evaluate("window.sameDocument") is True  # swapped in place, not reloaded

    # A new section before this slide: the page follows the slide, not its old position. (The
    # talk's total time changes reveal.js settings, which a swap cannot apply: this may reload.)
    edit(notes, "- Conference overview (~5 mins)", "- Welcome (~1 mins)\n  - Hello\n- Conference overview (~5 mins)")
    # (one slide more: a section of one slide has no header slide of its own)
    page.wait_for_function("""() => Reveal.getTotalSlides() === 12 && Reveal.getIndices().h === %d""" % (overview + 1),
                           timeout=WAIT * 1000)
    assert "Entirely virtual, on Zoom" in page.evaluate("Reveal.getCurrentSlide().innerText")
    agenda = page.evaluate("""Array.from(Reveal.getSlides()[1].querySelectorAll('li'),
        li => [li.querySelector('.name').textContent, li.querySelector('.length').textContent])""")
    assert agenda[:2] == [["Welcome", "1 min"], ["Conference overview", "5 min"]]   # agenda rows: name, length

    # A broken save shows the error on the page; the fix takes it away again.
    page.evaluate("window.sameDocument = true")
    good = notes.read_text(encoding="utf-8")
    notes.write_text("---\ntitle: [1, 2]\n---\n" + good, encoding="utf-8")
    page.wait_for_selector("#confdeck-error", timeout=WAIT * 1000)
    assert f"error: {SHOWN}:2: title: expected text, got list [1, 2]" in page.inner_text("#confdeck-error")
    assert page.evaluate("Reveal.getIndices().h") == overview + 1
    notes.write_text(good.replace("  - Hello", "  - Hello again"), encoding="utf-8")
    page.wait_for_function("""() => !document.getElementById('confdeck-error')
        && document.body.innerText.includes('Hello again')""", timeout=WAIT * 1000)
    assert page.evaluate("Reveal.getIndices().h") == overview + 1
    assert page.evaluate("window.sameDocument") is True
    assert errors == []
    page.close()


def test_error_page_reloads_into_the_deck_once_fixed(preview, workspace, browser):
    notes = workspace / SHOWN
    good = notes.read_text(encoding="utf-8")
    notes.write_text("---\ntitle: [1, 2]\n---\n" + good, encoding="utf-8")
    running = preview()
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(running.url + "#/2")
    assert f"error: {SHOWN}:2: title: expected text, got list [1, 2]" in page.inner_text("#confdeck-error")
    notes.write_text(good, encoding="utf-8")
    page.wait_for_function("() => window.Reveal && Reveal.isReady() && Reveal.getTotalSlides() === 11",
                           timeout=WAIT * 1000)
    assert page.evaluate("Reveal.getIndices().h") == 2  # the slide in the address, kept by the reload
    assert "Entirely virtual" in page.evaluate("Reveal.getCurrentSlide().innerText")
    assert page.query_selector("#confdeck-error") is None
    assert errors == []
    page.close()


def test_speaker_view_opens_from_the_preview_and_follows_saves(preview, workspace, browser):
    running = preview()
    page = browser.new_page()
    page.goto(running.url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    with page.expect_popup() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    speaker_notes = "() => (document.querySelector('.speaker-controls-notes .value') || {}).textContent || ''"
    speaker.wait_for_function(f"() => ({speaker_notes})().includes('Categories:')", timeout=WAIT * 1000)

    notes = workspace / SHOWN
    edit(notes, "Categories:", "Categories, in order:")
    edit(notes, "  - Entirely virtual", "  - Entirely virtual, on Zoom")
    speaker.wait_for_function(f"() => ({speaker_notes})().includes('Categories, in order:')", timeout=WAIT * 1000)
    page.evaluate("Reveal.slide(2)")   # title, agenda, then "Conference overview" (no header: one slide)
    speaker.wait_for_function("""() => {
        const frame = document.querySelector('#current-slide iframe');
        return frame.contentWindow.Reveal.getCurrentSlide().innerText.includes('Entirely virtual, on Zoom'); }""",
                              timeout=WAIT * 1000)
    speaker.close()
    page.close()


def test_a_swap_keeps_the_slides_a_save_did_not_change(preview, workspace, browser):
    # An unchanged slide keeps its element, so its pictures are not decoded again on every save.
    running = preview()
    notes = workspace / SHOWN
    page = browser.new_page()
    page.goto(running.url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    page.evaluate("Reveal.getSlides().forEach((s, i) => { s.confdeckMark = i; })")
    titles = page.evaluate("Reveal.getSlides().map(s => s.innerText.split('\\n')[0])")
    logo = page.evaluate("Reveal.getSlides()[0].querySelector('img.logo') !== null")
    changed = page.evaluate("""() => Reveal.getSlides().findIndex(
        s => s.classList.contains('content-slide') && s.innerText.includes('Entirely virtual'))""")
    page.evaluate("window.sameDocument = true")
    edit(notes, "  - Entirely virtual", "  - Entirely virtual, on Zoom")
    page.wait_for_function("""() => Reveal.getSlides().some(s => s.innerText.includes('Entirely virtual, on Zoom'))""",
                           timeout=WAIT * 1000)
    assert page.evaluate("window.sameDocument") is True
    marks = page.evaluate("Reveal.getSlides().map(s => s.confdeckMark === undefined ? null : s.confdeckMark)")
    assert marks[changed] is None, "the changed slide was not replaced"
    assert [m for i, m in enumerate(marks) if i != changed] == [i for i in range(len(titles)) if i != changed]
    assert logo and page.evaluate("Reveal.getSlides()[0].querySelector('img.logo').complete")
    assert page.evaluate("Reveal.getSlides().map(s => s.innerText.split('\\n')[0])") == titles
    page.close()


try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser tests skip without Playwright
    PlaywrightTimeout = TimeoutError


def _speaker_status(speaker) -> str | None:
    """What the speaker view's connection line says ("(hidden)" once connected); None between pages."""
    try:
        return speaker.evaluate("""() => {
            const status = document.getElementById('connection-status');
            return status ? (status.style.display === 'none' ? '(hidden)' : status.innerText) : '(no status yet)'; }""")
    except Exception:  # the window is loading its next page
        return None


@pytest.mark.parametrize("delay_ms", [0, 10, 20, 30, 50, 80])
def test_speaker_view_opened_right_after_a_save_that_reloads_connects(preview, workspace, browser, delay_ms):
    # The talk's length is a reveal.js setting: an update in place cannot apply it, the page reloads.
    # Pressing S just then once left the speaker view on "Error connecting to main window", on
    # "Loading …", or blank (opened by the page as it went away, its scripts never ran).
    running = preview()
    notes = workspace / SHOWN
    page = browser.new_page()
    page.goto(running.url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    page.evaluate("window.sameDocument = true")
    good = notes.read_text(encoding="utf-8")
    notes.write_text("---\nduration: 30m\n---\n" + good.replace("Categories:", "Categories, reloaded:"),
                     encoding="utf-8")
    wait_for_build(running, 2)  # the page is told now and reloads within moments: S lands around that
    time.sleep(delay_ms / 1000)
    speaker = None
    for _ in range(3):
        try:
            with page.expect_popup(timeout=3000) as opened:
                page.keyboard.press("s")
            speaker = opened.value
            break
        except PlaywrightTimeout:
            # The key came while Chromium was switching pages: it reached neither page (the
            # browser drops input then, no script sees it). A presenter presses S again.
            continue
    assert speaker is not None, "S never opened the speaker view"
    page.wait_for_function("() => window.sameDocument === undefined && window.Reveal && Reveal.isReady()",
                           timeout=WAIT * 1000)  # the save reloaded the page under the speaker view
    # Watched until well past the plugin's 5 s connection timeout: never an error, connected in the end.
    seen = []
    notes_shown = "() => ((document.querySelector('.speaker-controls-notes .value') || {}).textContent || '')"
    deadline = time.monotonic() + 7
    while time.monotonic() < deadline:
        seen.append(_speaker_status(speaker))
        time.sleep(0.05)
    assert not any(text and "Error connecting" in text for text in seen), seen
    assert seen[-1] == "(hidden)", seen
    speaker.wait_for_function(f"() => ({notes_shown})().includes('Categories, reloaded:')", timeout=WAIT * 1000)
    # Its timer runs: it starts once the deck has answered the speaker view's call for the timings.
    speaker.wait_for_function("""() => document.querySelector('.speaker-controls-time .clock-value')
        .textContent !== '0:00 AM'""", timeout=WAIT * 1000)
    # Connected both ways: the main window's moves reach the speaker view.
    page.evaluate("""() => Reveal.slide(Reveal.getSlides().findIndex(
        s => s.classList.contains('content-slide') && s.innerText.includes('Entirely virtual')))""")
    speaker.wait_for_function("""() => {
        const frame = document.querySelector('#current-slide iframe');
        return frame && frame.contentWindow.Reveal && frame.contentWindow.Reveal.getCurrentSlide().innerText
            .includes('Entirely virtual'); }""", timeout=WAIT * 1000)
    speaker.close()
    page.close()


def test_the_speaker_page_is_reveals_speaker_view_that_connects_itself(preview):
    running = preview()
    status, page, headers = request(running, "/__confdeck/speaker")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<title>reveal.js - Speaker View</title>" in page
    assert '<div id="connection-status">Loading speaker view...</div>' in page
    assert page.index("confdeck-preview-waiting") > page.index("connection-status")
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert request_route("/__confdeck/speaker") == "speaker"


def _installed_command() -> Path:
    script = Path(sys.executable).with_name("confdeck")  # the installed command, pip's launcher
    if not script.exists():
        pytest.skip("confdeck is not installed in this environment (pip install -e .)")
    return script


@pytest.mark.parametrize("after", [0.02, 0.05, 0.1, 0.2, 0.4])
def test_an_early_ctrl_c_prints_no_traceback(workspace, after):
    # While Python imports confdeck (slow on a busy machine) or preview starts up.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen([str(_installed_command()), "preview", SHOWN, "--port", "0", "--no-open"],
                               cwd=workspace, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(after)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=WAIT)
    # Once the confdeck package is being imported, Ctrl-C is ours: no traceback, exit 130 (or 0 once
    # serving). Before that Python and pip's launcher script (its own `import re`) are still starting:
    # what they print is theirs, and it never shows a confdeck frame.
    package = str(ROOT / "src" / "confdeck")
    frames = re.findall(r'File "([^"]+)"', err)
    assert not any(frame.startswith(package) for frame in frames), err
    if not frames:
        assert "Traceback" not in err
        assert process.returncode in (0, 130, -signal.SIGINT), (process.returncode, err)
    if process.returncode == 130:
        assert err.strip().splitlines()[-1] == "error: interrupted"


# Test only, put on PYTHONPATH: tells the test (through a pipe) the moment pip's launcher imports
# confdeck.cli, i.e. once Python's own start-up, the launcher's `import re` and the first lines of
# the confdeck package are behind. From there on every Ctrl-C is confdeck's to handle.
ANNOUNCER = """
import os, sys

class _Announce:
    def find_spec(self, name, path=None, target=None):
        if name == "confdeck.cli":
            os.write(int(os.environ["CONFDECK_TEST_PIPE"]), b"x")
            sys.meta_path.remove(self)
        return None

sys.meta_path.insert(0, _Announce())
"""


@pytest.mark.parametrize("after_ms", [0, 5, 10, 20, 40, 80, 160, 320])
def test_a_ctrl_c_once_confdeck_runs_is_quiet_from_its_first_import_to_serving(workspace, tmp_path, after_ms):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(ANNOUNCER, encoding="utf-8")
    read_end, write_end = os.pipe()
    env = {**os.environ, "CONFDECK_TEST_PIPE": str(write_end),
           "PYTHONPATH": os.pathsep.join([str(hooks), str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    try:
        process = subprocess.Popen([str(_installed_command()), "preview", SHOWN, "--port", "0", "--no-open"],
                                   cwd=workspace, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, pass_fds=[write_end])
        _COMMANDS.append(process)
        os.close(write_end)
        write_end = -1
        assert os.read(read_end, 1) == b"x", "the launcher never imported confdeck.cli"
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    time.sleep(after_ms / 1000)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=WAIT)
    assert "Traceback" not in err, err
    # 130 while starting (as any command interrupted), 0 once serving; the README says both.
    assert process.returncode in (0, 130), (process.returncode, err)
    if process.returncode == 130:
        assert err.strip().splitlines()[-1] == "error: interrupted", err
    else:
        assert out.splitlines()[-1] == "stopped", out
