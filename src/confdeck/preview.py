"""`confdeck preview`: serve the HTML deck from memory, rebuild on every save, reload the open page.

Three kinds of thread share one LiveDeck: the watcher (watchfiles) rebuilds in-process,
the HTTP server's request threads serve the last build, and the main thread waits for Ctrl-C.
"""
from __future__ import annotations

import dataclasses
import functools
import ipaddress
import json
import hmac
import os
import secrets
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable, TextIO
from urllib.parse import parse_qs, unquote

from confdeck.build import BuildOptions, render_deck
from confdeck.errors import EXIT_OK, ConfdeckError, internal_error_text
from confdeck.model import Image, Span
from confdeck.preview_page import (
    EVENTS_PATH, PDF_PATH, REHEARSALS_PATH, SPEAKER_PATH, UPDATE_PATH, error_overlay, error_page,
    rehearsal_token_tag, served_deck, speaker_page,
)
from confdeck.preview_parts import KEPT_BUILDS, PICTURE_NAME, PICTURES_PATH, DeckParts, cut, update

ROUTES = {"/": "deck", "/index.html": "deck", EVENTS_PATH: "events", PDF_PATH: "pdf", UPDATE_PATH: "update",
          SPEAKER_PATH: "speaker"}
# A picture is named by its content: the browser may keep it as long as it likes.
PICTURE_CACHE = "private, max-age=31536000, immutable"
KEEPALIVE_SECONDS = 15      # an idle event stream writes a comment this often, so closed tabs are noticed
BUILD_WAIT_SECONDS = 30     # a page request waits this long for a rebuild in progress
# Quiet time after a change before rebuilding: a burst of saves is one rebuild. watchfiles wakes
# this often and yields once a wake-up finds nothing new, so a save waits 1-2 steps: 20 ms keeps
# save → visible near 100 ms, and an editor's save (write, rename, chmod) takes well under it.
WATCH_STEP_MS = 20
WATCH_TIMEOUT_MS = 250      # watchfiles reports "nothing yet" this often: the first one means it is watching
MAX_TEMPLATE_FOLDERS = 500  # a templates/ folder far bigger than any template is not walked further
STOP_SECONDS = 0.8          # Ctrl-C ends the process within a second, whatever clients are doing
SETTLE_TRIES = 4            # a failed read of notes still being written is tried again this often …
SETTLE_SECONDS = 0.1        # … this long apart
EDITOR_TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crswap")
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    # The speaker view frames the deck from our own origin; nobody else may.
    ("Content-Security-Policy", "frame-ancestors 'self'"),
)


@dataclass
class PreviewOptions:
    notes: Path
    shown: str                      # the notes path as the user typed it, for messages
    host: str = "127.0.0.1"
    port: int = 8000                # 0: any free port
    template: str | None = None
    duration_seconds: int | None = None
    start_of_day: int | None = None
    allow_html: bool = False
    open_browser: bool = True
    rehearse: bool = False          # --rehearse: the talk clock and its save button on the slides too


# -- requests ------------------------------------------------------------------------------------

def request_route(target: str) -> str | None:
    """The route a request target names ("deck", "events"), or None: anything else is a 404."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        return None
    decoded = path
    for _ in range(4):  # undo double and deeper percent-encoding before judging the path
        once = unquote(decoded)  # bad UTF-8 becomes U+FFFD: no route has it
        if once == decoded:
            break
        decoded = once
    else:
        return None
    if "\\" in decoded or "\x00" in decoded or "//" in decoded:
        return None
    if any(part in (".", "..") for part in decoded.split("/")):
        return None
    if decoded.startswith(PICTURES_PATH) and PICTURE_NAME.fullmatch(decoded[len(PICTURES_PATH):]):
        return "picture"
    return ROUTES.get(decoded)


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class HostCheck:
    """Answers only requests addressed to this server, so DNS rebinding cannot reach it."""

    def __init__(self, bind_host: str, port: int):
        self.port = port
        self.names = {"localhost", "127.0.0.1", "[::1]", url_host(bind_host).lower()}
        # Bound to every interface: other machines use this machine's IP or name. An IP literal
        # cannot be rebound by an attacker's DNS; other names must be this machine's own.
        self.any_ip = bind_host in ("", "0.0.0.0", "::")
        if self.any_ip:
            self.names |= {socket.gethostname().lower(), socket.getfqdn().lower()}

    def problem(self, values: list[str]) -> tuple[int, str] | None:
        """None when the Host header is ours, else (status, reason)."""
        if len(values) != 1 or not values[0].strip():
            return 400, "exactly one Host header is required"
        value = values[0].strip().lower()
        host, colon, port_text = value.rpartition(":")
        if not colon or host.endswith("::") or (host.startswith("[") != host.endswith("]")):
            host, port_text = value, ""  # no port (IPv6 literals keep their colons inside [])
        if port_text and not port_text.isdigit():
            return 400, "malformed Host header"
        port = int(port_text) if port_text else 80
        if port != self.port:
            return 403, "request not addressed to this preview server"
        if host in self.names or (self.any_ip and _is_ip_literal(host)):
            return None
        return 403, "request not addressed to this preview server"


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves the deck and the reload event stream; nothing else, no files, no listings."""
    server: "PreviewServer"
    server_version = "confdeck-preview"
    timeout = 10  # a silent client cannot hold a thread (and Ctrl-C) for long

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal is kept for the notes' own messages

    cache_control: str | None = None  # set for one response that may be cached

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS:
            if name == "Cache-Control" and self.cache_control:
                value = self.cache_control
            self.send_header(name, value)
        self.cache_control = None
        super().end_headers()

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_POST(self) -> None:
        """One thing may be posted: a rehearsal, from this server's own page, with the page's token."""
        problem = self.server.hosts.problem(self.headers.get_all("Host") or [])
        if problem:
            self._send(problem[0], "text/plain; charset=utf-8", f"{problem[1]}\n".encode(), True)
            return
        if self.path.split("?", 1)[0] != REHEARSALS_PATH:
            self._send(501, "text/plain; charset=utf-8", b"only rehearsals are posted here\n", True)
            return
        status, message = self._save_rehearsal()
        self._send(status, "text/plain; charset=utf-8", f"{message}\n".encode(), True)

    def _save_rehearsal(self) -> tuple[int, str]:
        from confdeck.rehearsals import MAX_RECORD_BYTES, append_rehearsal, check_record

        # A page elsewhere may post to us (a "simple" cross-origin request); the browser names it in Origin.
        origin = self.headers.get("Origin", "")
        if origin.lower() != f"http://{self.headers.get('Host', '').strip().lower()}":
            return 403, "cross-origin request refused"
        if self.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
            return 403, "cross-origin request refused"
        if not hmac.compare_digest(self.headers.get("X-Confdeck-Token", ""), self.server.deck.token):
            return 403, "missing or wrong token"
        if self.headers.get("Content-Type", "").split(";")[0].strip().lower() != "application/json":
            return 415, "expected application/json"
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return 411, "Content-Length required"
        if not 0 < length <= MAX_RECORD_BYTES:
            return 413, "rehearsal too large"
        try:
            record = check_record(json.loads(self.rfile.read(length)))
        except (ValueError, RecursionError) as exc:
            return 400, f"not a rehearsal: {exc}"
        target = self.server.rehearsals_file
        if target is None:
            return 404, "rehearsals are not kept for this deck"
        append_rehearsal(target, record)
        if self.server.on_rehearsal is not None:
            self.server.on_rehearsal(record)
        return 200, "saved"

    def _answer(self, send_body: bool) -> None:
        problem = self.server.hosts.problem(self.headers.get_all("Host") or [])
        if problem:
            self._send(problem[0], "text/plain; charset=utf-8", f"{problem[1]}\n".encode(), send_body)
            return
        route = request_route(self.path)
        if route == "deck":
            status, page = self.server.deck.page()
            self._send(status, "text/html; charset=utf-8", page, send_body)
        elif route == "events":
            self._events(send_body)
        elif route == "speaker":
            page = speaker_page()
            if page is None:
                self._send(404, "text/plain; charset=utf-8", b"not found\n", send_body)
            else:
                self._send(200, "text/html; charset=utf-8", page, send_body)
        elif route == "update":
            self._send(200, "application/json", self.server.deck.update(self._query_build()), send_body)
        elif route == "picture":
            picture = self.server.deck.picture(self.path.split("?", 1)[0].rsplit("/", 1)[1])
            if picture is None:  # from a build long gone
                self._send(404, "text/plain; charset=utf-8", b"not found\n", send_body)
                return
            self.cache_control = PICTURE_CACHE
            self._send(200, picture.mime, picture.data, send_body)
        elif route == "pdf":
            status, body = self.server.deck.pdf()
            if status != 200:
                self._send(status, "text/plain; charset=utf-8", body, send_body)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Disposition", f'attachment; filename="{self.server.deck.pdf_name}"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found\n", send_body)

    def _send(self, status: int, content_type: str, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _query_build(self, name: str = "build") -> int:
        query = parse_qs(self.path.partition("?")[2])
        try:
            return int(query.get(name, ["-1"])[0])
        except ValueError:
            return -1

    def _events(self, send_body: bool) -> None:
        """Server-Sent Events: the build number and whether it worked, never file contents."""
        seen = self._query_build()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        if not send_body:
            return
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while True:
                news = self.server.deck.wait_for_build(seen, KEEPALIVE_SECONDS)
                if news is None:
                    return  # stopping
                build, ok = news
                if build == seen:
                    self.wfile.write(b": keep-alive\n\n")
                    continue
                seen = build
                self.wfile.write(f"data: {json.dumps({'build': build, 'ok': ok})}\n\n".encode())
        except OSError:
            return  # the page went away (reload, closed tab)


class PreviewServer(ThreadingHTTPServer):
    # Handler threads are ours to end: close_connections() cuts their sockets and joins them with a
    # deadline, so a client trickling a request byte by byte cannot keep Ctrl-C waiting.
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # a burst of connections (reload, many tabs) waits in the kernel, not in SYN retries

    def __init__(self, host: str, port: int, deck: "LiveDeck"):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.deck = deck
        self.rehearsals_file: Path | None = None   # where a posted rehearsal is appended
        self.on_rehearsal: Callable[[dict], None] | None = None
        self.connections: dict[socket.socket, threading.Thread] = {}
        self.connections_lock = threading.Lock()
        super().__init__((host.strip("[]"), port), PreviewHandler)
        self.hosts = HostCheck(host.strip("[]"), self.server_address[1])

    def process_request(self, request, client_address) -> None:
        thread = threading.Thread(target=self.process_request_thread, args=(request, client_address),
                                  name="confdeck-preview-request", daemon=True)
        with self.connections_lock:
            self.connections[request] = thread
        thread.start()

    def shutdown_request(self, request) -> None:
        with self.connections_lock:
            self.connections.pop(request, None)
        super().shutdown_request(request)

    def close_connections(self, seconds: float) -> None:
        """End every open connection (their reads and writes fail at once) and wait for their threads."""
        with self.connections_lock:
            open_now = dict(self.connections)
        for connection in open_now:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        deadline = time.monotonic() + seconds
        for thread in open_now.values():
            thread.join(max(0.0, deadline - time.monotonic()))

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # a browser closing a connection early is not news
        super().handle_error(request, client_address)


# -- the live deck -------------------------------------------------------------------------------

class LiveDeck:
    """The latest build, shared by the watcher thread and the request threads."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.build = 0                  # finished builds, good or bad
        self.building = False
        self.html: bytes | None = None  # the last good deck
        self.parts: DeckParts | None = None  # the same, as served: cut into slides, pictures apart
        self.kept: dict[int, DeckParts] = {}  # by build number: what an open page may be showing
        self.error: list[str] | None = None  # the last build's error lines, if it failed
        self.planned = None             # the last good deck's plan (pages and sections of its PDF)
        self.stopping = False
        # Only the page this server serves knows the token: a rehearsal posted without it is refused.
        self.token = secrets.token_urlsafe(32)
        self.rehearse = False
        self.chromium: str | None = None  # the Chromium that prints the PDF; None: no "Download PDF"
        self.pdf_name = "deck.pdf"
        self._printing = threading.Lock()
        self._pdf: tuple[int, bytes] | None = None  # (build, PDF) of the last one printed

    def begin(self) -> None:
        with self.changed:
            self.building = True

    def finish(self, html: bytes | None, error: list[str] | None, planned=None) -> int:
        parts = cut(html) if html is not None else None  # outside the lock: requests need not wait on it
        with self.changed:
            if html is not None:
                self.html = html
                self.planned = planned
                self.parts = parts
            self.error = error
            self.build += 1
            if self.parts is not None:
                # A failed build serves the last good deck: the same parts, under its own number.
                self.kept[self.build] = self.parts
                while len(self.kept) > KEPT_BUILDS:
                    del self.kept[min(self.kept)]
            self.building = False
            self.changed.notify_all()
            return self.build

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def page(self) -> tuple[int, bytes]:
        """The page to serve; waits for a rebuild in progress so nobody gets a stale deck."""
        with self.changed:
            self.changed.wait_for(lambda: not self.building or self.stopping, BUILD_WAIT_SECONDS)
            parts, error, build = self.kept.get(self.build), self.error, self.build
        if parts is None:
            return 500, error_page(error or ["error: the deck has not been built yet"], build)
        return 200, served_deck(parts.page, build, error, rehearsal_token_tag(self.token, self.rehearse),
                                self.pdf_name if self.chromium else None)

    def update(self, shown: int) -> bytes:
        """JSON: what changes a page showing build `shown` into the latest build (preview_parts.update)."""
        with self.changed:
            self.changed.wait_for(lambda: not self.building or self.stopping, BUILD_WAIT_SECONDS)
            build, error = self.build, self.error
            old, new = self.kept.get(shown), self.kept.get(build)
        answer = update(old, new) if new is not None else {"reload": True}
        answer["build"] = build
        if not answer["reload"]:
            answer["error"] = error_overlay(error, True) if error else None
        return json.dumps(answer, ensure_ascii=False).encode("utf-8")

    def picture(self, name: str):
        with self.changed:
            kept = list(self.kept.values())
        for parts in reversed(kept):
            if name in parts.pictures:
                return parts.pictures[name]
        return None

    def pdf(self) -> tuple[int, bytes]:
        """The last good deck as a PDF, printed when first asked for after each build."""
        with self.changed:
            self.changed.wait_for(lambda: not self.building or self.stopping, BUILD_WAIT_SECONDS)
            html, planned, build = self.html, self.planned, self.build
        if self.chromium is None:
            return 404, b"not found\n"
        if html is None:
            return 500, b"error: the deck has not been built yet\n"
        with self._printing:  # one print at a time; a second request for the same build reuses it
            if self._pdf is None or self._pdf[0] != build:
                from confdeck.export.chromium import Printer
                from confdeck.export.pdf import chromium_pdf
                try:
                    with Printer(self.chromium) as printer:
                        self._pdf = (build, chromium_pdf(printer, html, planned))
                except ConfdeckError as exc:
                    return 500, ("\n".join(exc.lines()) + "\n").encode("utf-8")
            return 200, self._pdf[1]

    def wait_for_build(self, seen: int, timeout: float) -> tuple[int, bool] | None:
        """(build number, built fine) once it differs from `seen` or `timeout` passes; None when stopping."""
        with self.changed:
            self.changed.wait_for(lambda: self.build != seen or self.stopping, timeout)
            if self.stopping:
                return None
            return self.build, self.error is None


# -- what to watch -------------------------------------------------------------------------------

@dataclass(frozen=True)
class WatchSet:
    """Folders handed to watchfiles (not recursive) and which changes in them count."""
    dirs: frozenset[Path] = frozenset()
    files: frozenset[Path] = frozenset()   # the notes, its images, and missing folders on their way
    trees: tuple[Path, ...] = ()           # template folders: any change inside counts

    def counts(self, path: str) -> bool:
        changed = Path(path)
        name = changed.name
        if name.endswith(EDITOR_TEMP_SUFFIXES) or name.startswith(".#") or name == "4913":
            return False  # editors' scratch files (vim writes "4913" to test a folder)
        return changed in self.files or any(changed.is_relative_to(tree) for tree in self.trees)


def image_sources(node) -> list[str]:
    """Every local image path the deck refers to (logo, image slides, images inside blocks)."""
    found: list[str] = []

    def visit(value) -> None:
        if isinstance(value, Image):
            src = value.src
            if not ("://" in src or src.startswith(("//", "data:"))):
                found.append(src)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for item in dataclasses.fields(value):
                visit(getattr(value, item.name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    visit(node)
    return found


def _variants(path: Path) -> set[Path]:
    plain = Path(os.path.normpath(os.path.abspath(path)))
    return {plain, plain.resolve()}


def _missing_on_the_way(path: Path) -> list[Path]:
    """Folders the OS walks through to open `path` that do not exist yet.

    `notes/../day2/../day3/x.png` opens only once day2 exists too, so day2 is one of them.
    """
    missing = []
    parts = Path(os.getcwd(), path).parts  # not abspath(): it would fold the .. away
    for end in range(2, len(parts)):
        prefix = Path(os.path.normpath(os.path.join(*parts[:end])))
        if parts[end - 1] != ".." and not prefix.exists():
            missing.append(prefix)
    return missing


def make_watch_set(notes: Path, images: Iterable[str], template_dirs: Iterable[Path]) -> WatchSet:
    dirs: set[Path] = set()
    files: set[Path] = set()
    for wanted in [notes, *(notes.parent / src for src in images)]:
        # Creating a missing folder on the way is itself a change worth a rebuild.
        for path in [*_missing_on_the_way(wanted), *_variants(wanted)]:
            files.add(path)
            parent = path.parent
            while not parent.is_dir() and parent != parent.parent:
                parent = parent.parent
            dirs.add(parent)
    trees: list[Path] = []
    for root in template_dirs:
        if not root.is_dir():
            # A templates/ folder not made yet: making it counts, then its contents are watched.
            for path in _variants(root):
                files.add(path)
                parent = path.parent
                while not parent.is_dir() and parent != parent.parent:
                    parent = parent.parent
                dirs.add(parent)
            continue
        for tree in _variants(root):
            if any(tree.is_relative_to(t) for t in trees):
                continue
            trees.append(tree)
            for count, (folder, subfolders, _) in enumerate(os.walk(tree)):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                dirs.add(Path(folder))
                if count >= MAX_TEMPLATE_FOLDERS:
                    break
    return WatchSet(frozenset(dirs), frozenset(files), tuple(trees))


# -- the preview ---------------------------------------------------------------------------------

def _shown_path(path: str) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


@dataclass
class Preview:
    """One running preview: a server, a watcher and the live deck they share."""
    options: PreviewOptions
    out: TextIO | None = None   # progress; default sys.stdout at the time of writing
    err: TextIO | None = None   # errors and warnings; default sys.stderr
    deck: LiveDeck = field(default_factory=LiveDeck)
    server: PreviewServer | None = None
    watch_set: WatchSet = field(default_factory=WatchSet)
    rebuilds: int = 0
    watching: threading.Event = field(default_factory=threading.Event)  # set once watchfiles is watching
    _stop: threading.Event = field(default_factory=threading.Event)
    _built_states: dict = field(default_factory=dict)
    _threads: list[threading.Thread] = field(default_factory=list)
    _warnings: list[str] = field(default_factory=list)
    _images: list[str] = field(default_factory=list)          # of the last good build
    _templates_in_use: list[Path] = field(default_factory=list)

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://{url_host(self.options.host)}:{self.server.server_address[1]}/"

    def _say(self, text: str, error: bool = False) -> None:
        stream = (self.err or sys.stderr) if error else (self.out or sys.stdout)
        print(text, file=stream, flush=True)

    def start(self) -> None:
        """Check the notes, bind the socket, build once, then serve and watch in two threads."""
        notes = self.options.notes
        if not notes.exists():
            raise ConfdeckError("no such file", Span(self.options.shown))
        if notes.is_dir():
            raise ConfdeckError("is a folder, not a notes file", Span(self.options.shown))
        import watchfiles  # noqa: F401  (fail here, not silently in the watcher thread)

        self.watch_set = make_watch_set(notes, [], self._template_roots())
        self._find_chromium()
        try:
            self.server = PreviewServer(self.options.host, self.options.port, self.deck)
        except OSError as exc:
            raise ConfdeckError(f"cannot serve on {url_host(self.options.host)}:{self.options.port}: "
                                f"{exc.strerror or exc}; choose another port with --port") from None
        from confdeck.rehearsals import rehearsals_path
        self.server.rehearsals_file = rehearsals_path(notes)
        self.server.on_rehearsal = self._rehearsal_saved
        self.deck.rehearse = self.options.rehearse
        self.rebuild()
        serve = functools.partial(self.server.serve_forever, poll_interval=0.1)  # shutdown() waits one poll
        for name, target in (("confdeck-preview-server", serve), ("confdeck-preview-watch", self._watch)):
            thread = threading.Thread(target=target, name=name, daemon=True)
            # Listed before start(): a Ctrl-C inside start() must still find the thread to stop,
            # or a running serve_forever would keep the process alive.
            self._threads.append(thread)
            thread.start()

    def _find_chromium(self) -> None:
        """With a Chromium to print it, the page offers the deck as a PDF."""
        from confdeck.build import output_name
        from confdeck.export.chromium import find_chromium
        try:
            self.deck.chromium = find_chromium()
        except ConfdeckError:
            self.deck.chromium = None
        self.deck.pdf_name = f"{output_name(self.options.notes)}.pdf"

    def _rehearsal_saved(self, record: dict) -> None:
        from confdeck.read.budgets import format_clock
        from confdeck.rehearsals import rehearsals_path
        shown = rehearsals_path(Path(self.options.shown))
        self._say(f"rehearsal saved to {shown} ({format_clock(record['total_seconds'])}); "
                  f"compare it with the plan: confdeck plan {self.options.shown} --rehearsals")

    def stop(self) -> None:
        """Stop watching, end the event streams, close the socket and join every thread."""
        self._stop.set()
        self.deck.stop()
        deadline = time.monotonic() + STOP_SECONDS
        if self.server is not None:
            if any(t.name == "confdeck-preview-server" and t.ident is not None for t in self._threads):
                self.server.shutdown()
            self.server.close_connections(STOP_SECONDS / 2)
            self.server.server_close()
        for thread in self._threads:
            if thread.ident is not None:  # started
                # A rebuild in progress may outlast the deadline: the thread is a daemon and writes
                # nothing, so the process still ends.
                thread.join(max(0.0, deadline - time.monotonic()))
        self._threads.clear()

    def _template_roots(self) -> list[Path]:
        from confdeck.templates import template_roots
        return template_roots(notes_dir=self.options.notes.parent)

    def _template_dirs(self, name: str | None) -> list[Path]:
        from confdeck.templates import load_template
        try:
            return list(load_template(self.options.template or name, notes_dir=self.options.notes.parent).dirs)
        except ConfdeckError:
            return []

    def rebuild(self, changed: Iterable[str] = ()) -> bool:
        """Build the HTML deck in-process; on failure keep the last good deck and show the error."""
        options = BuildOptions(formats=("html",), template=self.options.template,
                               duration_seconds=self.options.duration_seconds,
                               start_of_day=self.options.start_of_day, allow_html=self.options.allow_html)
        self.deck.begin()
        started = time.perf_counter()
        before = file_states(self.watch_set)  # what this build reads, to spot saves made while it ran
        html, error, result = None, None, None
        try:
            result = self._render_settled(options)
            html = result.outputs["html"]
        except ConfdeckError as exc:
            error = exc.lines()
        except Exception as exc:  # a bug must not take the server down; the page shows it
            error = [f"error: {internal_error_text(exc)} (please report it)"]
        finally:
            if html is None and error is None:  # interrupted (Ctrl-C): unblock waiting requests
                self.deck.finish(None, ["error: build interrupted"])
        if result is not None:
            self._images = image_sources(result.planned.deck)
            self._templates_in_use = self._template_dirs(result.planned.deck.template)
        # Recomputed after a failed build too: a templates/ folder made since then is watched.
        self.watch_set = make_watch_set(self.options.notes, self._images,
                                        self._templates_in_use + self._template_roots())
        after = file_states(self.watch_set)
        self._built_states = {**after, **{path: state for path, state in before.items() if path in after}}
        milliseconds = (time.perf_counter() - started) * 1000
        # The terminal hears about a build before the page does: whoever sees build N announced
        # (a reloading page, a script polling the server) finds its messages already printed.
        self._report(error, result, changed, milliseconds)
        self.deck.finish(html, error, result.planned if html is not None else None)
        self.rebuilds += 1
        return error is None

    def _report(self, error: list[str] | None, result, changed: Iterable[str], milliseconds: float) -> None:
        what = ", ".join(sorted({_shown_path(p) for p in changed}))
        lead = f"{what} changed: " if what else ""
        if error:
            for line in error:
                self._say(line, error=True)
            self._say(f"{lead}build failed; the preview shows the error until the next good save", error=True)
            self._warnings = []
            return
        warnings = [f"{d.level}: {d}" for d in result.diagnostics]
        if warnings != self._warnings:
            for line in warnings:
                self._say(line, error=True)
            self._warnings = warnings
        verb = "rebuilt" if what else "built"
        self._say(f"{lead}{verb} {self.options.shown}: {len(result.planned.slides)} slides "
                  f"in {milliseconds:.0f} ms")

    def _render_settled(self, options: BuildOptions):
        """render_deck, tried again while the notes are still changing (an editor mid-write: empty or partial).

        A failure is reported only once the file has stood still for a moment: a real mistake
        stays, a half-written save is gone by the next read.
        """
        for attempt in range(SETTLE_TRIES):
            state = _state(self.options.notes)
            try:
                return render_deck(self.options.notes, options, shown=self.options.shown)
            except ConfdeckError:
                if attempt == SETTLE_TRIES - 1:
                    raise
                time.sleep(SETTLE_SECONDS)
                if _state(self.options.notes) == state and state is not None and state[1] > 0:
                    raise  # the file stood still and is not empty: a real mistake in it

    def _counts(self, change, path: str) -> bool:
        return self.watch_set.counts(path)

    def _watch(self) -> None:
        """Rebuild on every relevant change; restart watchfiles when the folders to watch change."""
        import watchfiles

        previous: WatchSet | None = None
        while not self._stop.is_set():
            watching = self.watch_set
            dirs = sorted(str(d) for d in watching.dirs if d.is_dir())
            if not dirs:
                self._stop.wait(0.5)
                continue
            first = True
            try:
                # Changes that arrive while a rebuild runs are gathered by watchfiles and come
                # back as one batch: a burst of saves costs at most one more rebuild.
                for changes in watchfiles.watch(*dirs, watch_filter=self._counts, stop_event=self._stop,
                                                step=WATCH_STEP_MS, rust_timeout=WATCH_TIMEOUT_MS,
                                                yield_on_timeout=True, recursive=False,
                                                raise_interrupt=False):
                    if first:
                        first = False
                        if not changes:  # saved while watchfiles was (re)starting?
                            states = file_states(watching)
                            changes = {(None, str(path)) for path, state in states.items()
                                       if self._built_states.get(path, state) != state}
                            if previous is not None:  # template folders that just appeared
                                changes |= {(None, str(d)) for d in watching.dirs - previous.dirs
                                            if any(d.is_relative_to(tree) for tree in watching.trees)}
                        self.watching.set()
                    if not changes:
                        continue
                    self.rebuild(changed=[path for _, path in changes])
                    if self.watch_set.dirs != watching.dirs:
                        previous = watching
                        break
            except (OSError, RuntimeError):
                self._stop.wait(0.5)  # a watched folder vanished; look again


def _state(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def file_states(watch_set: WatchSet) -> dict[Path, tuple[int, int] | None]:
    """Modification time and size of each watched file, to catch a save the watcher could not see."""
    states: dict[Path, tuple[int, int] | None] = {}
    for path in watch_set.files:
        try:
            stat = path.stat()
            states[path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            states[path] = None
    return states


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run_preview(options: PreviewOptions, open_browser: Callable[[str], object] | None = None) -> int:
    """Serve until Ctrl-C (or SIGTERM); both end with exit status 0 and no traceback."""
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_interrupt) if in_main else None
    preview = Preview(options)
    try:
        try:
            preview.start()
            if not is_loopback(options.host):
                print(f"warning: --host {options.host} makes the deck visible to other machines on the "
                      "network; leave out --host to keep it on this computer", file=sys.stderr, flush=True)
            print(f"serving {preview.url} (Ctrl-C to stop)", flush=True)
            if options.open_browser:
                if open_browser is None:
                    import webbrowser
                    open_browser = webbrowser.open
                open_browser(preview.url)
            while not preview._stop.wait(1):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            if in_main:  # a second Ctrl-C must not interrupt the clean-up
                signal.signal(signal.SIGINT, signal.SIG_IGN)
            preview.stop()
    finally:
        if in_main:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, previous)
    print("stopped", flush=True)
    return EXIT_OK
